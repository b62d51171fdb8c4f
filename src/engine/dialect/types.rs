//! Redshift column types mapped onto GlueSQL's, keeping what the learner wrote.

use gluesql_core::ast::DataType as GlueType;
use sqlparser::ast::{CharacterLength, DataType, ExactNumberInfo, TimezoneInfo};

use crate::engine::error::{EngineError, ErrorKind};

/// A declared column type: the GlueSQL type it is stored as, and its name as written.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedType {
    /// The SQL type GlueSQL translates.
    pub storage: DataType,
    /// The type as Redshift's catalog reports it (`character varying(32)`,
    /// `bigint` for INT8, `numeric(10,2)`).
    pub declared: String,
}

/// Maps a declared type. Every integer is stored as 64-bit and every float as
/// double, so arithmetic never overflows or truncates where Redshift would not.
pub fn map_type(data_type: &DataType) -> Result<MappedType, EngineError> {
    use DataType as T;
    let storage = match data_type {
        T::SmallInt(_)
        | T::Int2(_)
        | T::Int(_)
        | T::Integer(_)
        | T::Int4(_)
        | T::BigInt(_)
        | T::Int8(_)
        | T::Int64 => T::Int64,
        T::Real | T::Float4 | T::Float(_) | T::Float8 | T::Double | T::DoublePrecision => {
            T::Float64
        }
        T::Decimal(_) | T::Numeric(_) | T::Dec(_) => T::Decimal(ExactNumberInfo::None),
        T::Boolean | T::Bool => T::Boolean,
        T::Char(_)
        | T::Character(_)
        | T::Varchar(_)
        | T::CharacterVarying(_)
        | T::CharVarying(_)
        | T::Nvarchar(_)
        | T::Text
        | T::String(_) => T::Text,
        T::Date => T::Date,
        T::Timestamp(_, _) | T::Datetime(_) => T::Timestamp(None, TimezoneInfo::None),
        T::Custom(name, _) if is_named(name, &["timestamptz"]) => {
            T::Timestamp(None, TimezoneInfo::None)
        }
        T::Custom(name, _) if is_named(name, &["bpchar", "nchar"]) => T::Text,
        T::Time(_, _) => T::Time(None, TimezoneInfo::None),
        T::Interval => T::Interval,
        other => {
            return Err(EngineError::msg(
                ErrorKind::Unsupported,
                format!("{other} 타입은 지원하지 않습니다. INT, BIGINT, DECIMAL(p,s), DOUBLE PRECISION, BOOLEAN, VARCHAR(n), DATE, TIMESTAMP 중에서 고르세요."),
                format!("The type {other} is not supported. Use INT, BIGINT, DECIMAL(p,s), DOUBLE PRECISION, BOOLEAN, VARCHAR(n), DATE or TIMESTAMP."),
            ))
        }
    };
    Ok(MappedType {
        storage,
        declared: declared_name(data_type),
    })
}

fn is_named(name: &sqlparser::ast::ObjectName, names: &[&str]) -> bool {
    name.0.len() == 1 && names.contains(&name.0[0].value.to_lowercase().as_str())
}

/// The type's name as Redshift's catalog prints it (`pg_table_def.type`):
/// synonyms resolved, lengths, precision and scale kept or defaulted.
fn declared_name(data_type: &DataType) -> String {
    use DataType as T;
    match data_type {
        T::SmallInt(_) | T::Int2(_) => "smallint".to_owned(),
        T::Int(_) | T::Integer(_) | T::Int4(_) => "integer".to_owned(),
        T::BigInt(_) | T::Int8(_) | T::Int64 => "bigint".to_owned(),
        T::Real | T::Float4 => "real".to_owned(),
        T::Float(Some(bits)) if *bits <= 24 => "real".to_owned(),
        T::Float(_) | T::Float8 | T::Double | T::DoublePrecision => "double precision".to_owned(),
        T::Decimal(info) | T::Numeric(info) | T::Dec(info) => match info {
            ExactNumberInfo::PrecisionAndScale(p, s) => format!("numeric({p},{s})"),
            ExactNumberInfo::Precision(p) => format!("numeric({p},0)"),
            ExactNumberInfo::None => "numeric(18,0)".to_owned(),
        },
        T::Boolean | T::Bool => "boolean".to_owned(),
        T::Char(length) | T::Character(length) => format!("character({})", length_of(length, 1)),
        T::Custom(name, args) if is_named(name, &["bpchar", "nchar"]) => {
            format!("character({})", args.first().map_or("1", String::as_str))
        }
        T::Varchar(length) | T::CharacterVarying(length) | T::CharVarying(length) => {
            format!("character varying({})", length_of(length, 256))
        }
        T::Nvarchar(length) => format!("character varying({})", length_of(length, 256)),
        T::Text | T::String(_) => "character varying(256)".to_owned(),
        T::Date => "date".to_owned(),
        T::Timestamp(_, TimezoneInfo::WithTimeZone | TimezoneInfo::Tz) => {
            "timestamp with time zone".to_owned()
        }
        T::Custom(name, _) if is_named(name, &["timestamptz"]) => {
            "timestamp with time zone".to_owned()
        }
        T::Timestamp(_, _) | T::Datetime(_) => "timestamp without time zone".to_owned(),
        T::Time(_, _) => "time without time zone".to_owned(),
        T::Interval => "interval".to_owned(),
        other => other.to_string().to_lowercase(),
    }
}

/// A character type's declared length, or Redshift's default.
fn length_of(length: &Option<CharacterLength>, default: u64) -> String {
    match length {
        Some(CharacterLength::IntegerLength { length, .. }) => length.to_string(),
        Some(CharacterLength::Max) => "65535".to_owned(),
        None => default.to_string(),
    }
}

/// The base name of a catalog type: `character varying(20)` → `character varying`.
pub fn base_name(declared: &str) -> &str {
    declared.split('(').next().unwrap_or(declared).trim_end()
}

/// The numbers in a catalog type's parentheses: `numeric(10,2)` → `[10, 2]`.
pub fn type_arguments(declared: &str) -> Vec<i64> {
    declared
        .split_once('(')
        .map(|(_, rest)| {
            rest.trim_end_matches(')')
                .split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The Redshift name of a GlueSQL storage type, for columns with no declaration.
pub fn glue_type_name(data_type: &GlueType) -> &'static str {
    match data_type {
        GlueType::Boolean => "boolean",
        GlueType::Int8 | GlueType::Int16 => "smallint",
        GlueType::Int32 => "integer",
        GlueType::Int | GlueType::Int128 => "bigint",
        GlueType::Uint8 | GlueType::Uint16 | GlueType::Uint32 => "integer",
        GlueType::Uint64 | GlueType::Uint128 => "bigint",
        GlueType::Float32 => "real",
        GlueType::Float => "double precision",
        GlueType::Decimal => "numeric",
        GlueType::Date => "date",
        GlueType::Timestamp => "timestamp without time zone",
        GlueType::Time => "time without time zone",
        GlueType::Interval => "interval",
        _ => "character varying",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::{dialect::PostgreSqlDialect, parser::Parser};

    fn declared(sql_type: &str) -> (String, String) {
        let data_type = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(sql_type)
            .unwrap()
            .parse_data_type()
            .unwrap();
        let mapped = map_type(&data_type).unwrap();
        (mapped.storage.to_string(), mapped.declared)
    }

    #[test]
    fn keeps_the_declared_name_and_stores_a_glue_type() {
        assert_eq!(declared("varchar(32)").1, "character varying(32)");
        assert_eq!(declared("INT8"), ("INT64".into(), "bigint".into()));
        assert_eq!(declared("double precision").0, "FLOAT64");
        assert_eq!(
            declared("DECIMAL(10,2)"),
            ("DECIMAL".into(), "numeric(10,2)".into())
        );
        assert_eq!(declared("timestamptz").1, "timestamp with time zone");
        assert_eq!(declared("character varying(20)").0, "TEXT");
        assert_eq!(declared("text").1, "character varying(256)");
    }
}
