//! Redshift column types mapped onto GlueSQL's, keeping what the learner wrote.

use gluesql_core::ast::DataType as GlueType;
use sqlparser::ast::{DataType, ExactNumberInfo, TimezoneInfo};

use crate::engine::error::{EngineError, ErrorKind};

/// A declared column type: the GlueSQL type it is stored as, and its name as written.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedType {
    /// The SQL type GlueSQL translates.
    pub storage: DataType,
    /// The type as Redshift reports it (`VARCHAR(32)`, `INT8`, `DOUBLE PRECISION`).
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

/// The type's name as Redshift prints it, upper case.
fn declared_name(data_type: &DataType) -> String {
    match data_type {
        DataType::Timestamp(_, TimezoneInfo::WithTimeZone) => "TIMESTAMPTZ".to_owned(),
        DataType::Timestamp(_, TimezoneInfo::WithoutTimeZone) => {
            "TIMESTAMP WITHOUT TIME ZONE".to_owned()
        }
        other => other.to_string().to_uppercase(),
    }
}

/// The Redshift name of a GlueSQL storage type, for columns with no declaration.
pub fn glue_type_name(data_type: &GlueType) -> &'static str {
    match data_type {
        GlueType::Boolean => "BOOLEAN",
        GlueType::Int8 | GlueType::Int16 => "SMALLINT",
        GlueType::Int32 => "INTEGER",
        GlueType::Int | GlueType::Int128 => "BIGINT",
        GlueType::Uint8 | GlueType::Uint16 | GlueType::Uint32 => "INTEGER",
        GlueType::Uint64 | GlueType::Uint128 => "BIGINT",
        GlueType::Float32 => "REAL",
        GlueType::Float => "DOUBLE PRECISION",
        GlueType::Decimal => "NUMERIC",
        GlueType::Date => "DATE",
        GlueType::Timestamp => "TIMESTAMP",
        GlueType::Time => "TIME",
        GlueType::Interval => "INTERVAL",
        _ => "VARCHAR",
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
        assert_eq!(declared("varchar(32)").1, "VARCHAR(32)");
        assert_eq!(declared("INT8"), ("INT64".into(), "INT8".into()));
        assert_eq!(declared("double precision").0, "FLOAT64");
        assert_eq!(
            declared("DECIMAL(10,2)"),
            ("DECIMAL".into(), "DECIMAL(10,2)".into())
        );
        assert_eq!(declared("timestamptz").1, "TIMESTAMPTZ");
        assert_eq!(declared("character varying(20)").0, "TEXT");
    }
}
