//! Redshift's functions and predicates, rewritten into expressions GlueSQL
//! evaluates: date parts and arithmetic (`DATE_TRUNC`, `TO_CHAR`, `DATEDIFF`,
//! `DATEADD`, `EXTRACT(DOW|EPOCH)`), string functions on any value
//! (`LEFT(ts, 7)`), NULL functions (`NVL`, `NVL2`, `DECODE`), `ROUND(x, n)`,
//! sample statistics, NULL-safe `LIKE`, `IS TRUE`/`IS UNKNOWN`, Redshift's
//! types in casts, and `INTERVAL '7 days'`.
//!
//! Runs before the binder, because Redshift writes date parts as bare words
//! (`DATEDIFF(month, a, b)`) that would otherwise read as column names.

use crate::engine::dialect::walk::{count_exprs, walk_mut};
use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, CastKind, CeilFloorKind, DataType, DateTimeField, DuplicateTreatment, Expr,
    Function, FunctionArg, FunctionArgExpr, FunctionArgumentList, FunctionArguments, Ident,
    Interval, ObjectName, UnaryOperator, Value, VisitMut, VisitorMut,
};

use super::rewrite::number;
use super::types::map_type;
use crate::engine::error::{EngineError, ErrorKind};

/// Rewrites every Redshift function and predicate in a statement.
pub fn apply<T: VisitMut>(node: &mut T) -> Result<(), EngineError> {
    let mut rewriter = FunctionRewriter;
    match walk_mut(node, &mut rewriter) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(error) => Err(error),
    }
}

struct FunctionRewriter;

/// The most expressions one rewritten call may grow into. Some rewrites
/// repeat their arguments (`LEAST` compares each with every other), so
/// nesting them grows the statement exponentially: it is refused once a
/// call passes this size, long before it could exhaust the worker's memory.
const MAX_EXPANSION: usize = 50_000;

impl VisitorMut for FunctionRewriter {
    type Break = EngineError;

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<EngineError> {
        match rewrite(expr) {
            Ok(Some(replacement)) => {
                if count_exprs(&replacement) > MAX_EXPANSION {
                    return ControlFlow::Break(EngineError::msg(
                        ErrorKind::Unsupported,
                        format!(
                            "식이 너무 복잡합니다: 풀어 쓰면 식이 {MAX_EXPANSION}개를 넘습니다. 함수 중첩을 줄이거나 CTE(WITH)로 나눠 쓰세요."
                        ),
                        format!(
                            "The expression is too complex: written out it exceeds {MAX_EXPANSION} expressions. Nest the functions less, or split the query with a CTE (WITH)."
                        ),
                    ));
                }
                *expr = replacement;
                ControlFlow::Continue(())
            }
            Ok(None) => ControlFlow::Continue(()),
            Err(error) => ControlFlow::Break(error),
        }
    }
}

/// The chrono format of GlueSQL's `TO_TIMESTAMP` for the timestamps we build.
const TIMESTAMP_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

fn rewrite(expr: &Expr) -> Result<Option<Expr>, EngineError> {
    Ok(Some(match expr {
        Expr::Function(function) => return rewrite_function(function),
        Expr::Extract { field, expr, .. } => match part_of_field(field)? {
            Part::Epoch => epoch_seconds(as_timestamp(expr)),
            part => date_part(&part, expr)?,
        },
        Expr::Substring {
            expr,
            substring_from,
            substring_for,
            ..
        } => {
            let mut args = vec![as_text(expr)];
            args.push(
                substring_from
                    .as_deref()
                    .cloned()
                    .unwrap_or_else(|| number("1")),
            );
            args.extend(substring_for.as_deref().cloned());
            call("SUBSTR", args)
        }
        Expr::Cast {
            kind,
            expr,
            data_type,
            format,
        } => {
            let mapped = map_type(data_type)?.storage;
            if let Some(scale) = numeric_scale(data_type) {
                // `x::NUMERIC(p,s)` keeps s decimals (NUMERIC alone is (18,0)).
                let decimal = Expr::Cast {
                    kind: kind.clone(),
                    expr: expr.clone(),
                    data_type: mapped,
                    format: format.clone(),
                };
                return Ok(Some(round(&decimal, &number(&scale.to_string()))?));
            }
            if mapped == DataType::Int64 && is_fractional_number(expr) {
                // `CAST(3.7 AS INT)` is 4: a numeric value rounds to an integer.
                return Ok(Some(cast(
                    call(
                        "ROUND",
                        vec![cast(expr.as_ref().clone(), DataType::Float64)],
                    ),
                    DataType::Int64,
                )));
            }
            if &mapped == data_type {
                return Ok(None);
            }
            Expr::Cast {
                kind: kind.clone(),
                expr: expr.clone(),
                data_type: mapped,
                format: format.clone(),
            }
        }
        Expr::BinaryOp {
            left,
            op: op @ (BinaryOperator::Plus | BinaryOperator::Minus),
            right,
        } if is_date(left) && is_date(right) && *op == BinaryOperator::Minus => {
            // date - date: the number of days between them.
            datediff(&Part::Day, right, left)?
        }
        Expr::BinaryOp {
            left,
            op: op @ (BinaryOperator::Plus | BinaryOperator::Minus),
            right,
        } if is_date(left) && is_integer_literal(right) => {
            // date ± n: n days later (earlier), still a date.
            let day = Expr::Interval(Interval {
                value: Box::new(string("1")),
                leading_field: Some(DateTimeField::Day),
                leading_precision: None,
                last_field: None,
                fractional_seconds_precision: None,
            });
            cast(
                binary(
                    as_timestamp(left),
                    op.clone(),
                    binary(int(right.as_ref().clone()), BinaryOperator::Multiply, day),
                ),
                DataType::Date,
            )
        }
        Expr::Between {
            expr: value,
            negated,
            low,
            high,
        } => {
            // As two comparisons, so a NULL bound gives SQL's answer (the
            // other bound may still decide) once AND is three-valued.
            let within = binary(
                binary(
                    value.as_ref().clone(),
                    BinaryOperator::GtEq,
                    low.as_ref().clone(),
                ),
                BinaryOperator::And,
                binary(
                    value.as_ref().clone(),
                    BinaryOperator::LtEq,
                    high.as_ref().clone(),
                ),
            );
            if *negated {
                not(Expr::Nested(Box::new(within)))
            } else {
                Expr::Nested(Box::new(within))
            }
        }
        Expr::Ceil { expr: inner, field } if !is_float_cast(inner) => Expr::Ceil {
            expr: Box::new(cast(inner.as_ref().clone(), DataType::Float64)),
            field: field.clone(),
        },
        Expr::Floor { expr: inner, field } if !is_float_cast(inner) => Expr::Floor {
            expr: Box::new(cast(inner.as_ref().clone(), DataType::Float64)),
            field: field.clone(),
        },
        Expr::Convert {
            expr,
            data_type: Some(data_type),
            charset: None,
            target_before_value,
            ..
        } => convert(expr, data_type, *target_before_value)?,
        Expr::Like {
            negated,
            expr,
            pattern,
            escape_char: None,
            any: false,
        } => null_safe(expr, pattern, |e, p| Expr::Like {
            negated: *negated,
            expr: e,
            pattern: p,
            escape_char: None,
            any: false,
        }),
        Expr::ILike {
            negated,
            expr,
            pattern,
            escape_char: None,
            any: false,
        } => null_safe(expr, pattern, |e, p| Expr::ILike {
            negated: *negated,
            expr: e,
            pattern: p,
            escape_char: None,
            any: false,
        }),
        Expr::IsTrue(e) => coalesce(*e.clone(), false),
        Expr::IsNotTrue(e) => not(coalesce(*e.clone(), false)),
        Expr::IsFalse(e) => coalesce(not(*e.clone()), false),
        Expr::IsNotFalse(e) => coalesce(*e.clone(), true),
        Expr::IsUnknown(e) => Expr::IsNull(e.clone()),
        Expr::IsNotUnknown(e) => Expr::IsNotNull(e.clone()),
        Expr::Interval(interval) => return interval_literal(interval),
        Expr::Identifier(ident) if matches!(ident.value.as_str(), "sysdate" | "getdate") => {
            call("NOW", Vec::new())
        }
        _ => return Ok(None),
    }))
}

fn rewrite_function(function: &Function) -> Result<Option<Expr>, EngineError> {
    let name = function.name.to_string().to_lowercase();
    if function.over.is_some() {
        return Ok(None);
    }
    let Some(args) = plain_args(&function.args) else {
        return Ok(None);
    };
    let distinct = matches!(
        &function.args,
        FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: Some(DuplicateTreatment::Distinct),
            ..
        })
    );
    let arity = |allowed: &[usize]| -> Result<(), EngineError> {
        if allowed.contains(&args.len()) {
            Ok(())
        } else {
            Err(wrong_arguments(&name, allowed))
        }
    };
    Ok(Some(match name.as_str() {
        "nvl" => {
            arity(&[2])?;
            call("COALESCE", args)
        }
        "nvl2" => {
            arity(&[3])?;
            Expr::Case {
                operand: None,
                conditions: vec![Expr::IsNotNull(Box::new(args[0].clone()))],
                results: vec![args[1].clone()],
                else_result: Some(Box::new(args[2].clone())),
            }
        }
        "decode" => decode(&args)?,
        "len" | "length" | "char_length" | "character_length" => {
            arity(&[1])?;
            // GlueSQL's LENGTH is unsigned; Redshift's is an INTEGER.
            cast(call("LENGTH", vec![as_text(&args[0])]), DataType::Int64)
        }
        "strpos" => {
            arity(&[2])?;
            Expr::Position {
                expr: Box::new(args[1].clone()),
                r#in: Box::new(as_text(&args[0])),
            }
        }
        "left" | "right" => {
            arity(&[2])?;
            call(
                &name.to_uppercase(),
                vec![as_text(&args[0]), args[1].clone()],
            )
        }
        "substring" | "substr" => {
            arity(&[2, 3])?;
            let mut rest = args[1..].to_vec();
            rest.insert(0, as_text(&args[0]));
            call("SUBSTR", rest)
        }
        "date_trunc" => {
            arity(&[2])?;
            date_trunc(&date_part_name(&args[0])?, &args[1])?
        }
        "least" | "greatest" => {
            if args.is_empty() {
                return Err(wrong_arguments(&name, &[2]));
            }
            extreme(&args, name == "least")
        }
        "bool_and" | "bool_or" => {
            arity(&[1])?;
            // 1 for true, 0 for false, NULL ignored: every one true is a
            // MIN of 1, any one true a MAX of 1 (NULL when all are NULL).
            let bit = Expr::Case {
                operand: None,
                conditions: vec![
                    args[0].clone(),
                    Expr::UnaryOp {
                        op: UnaryOperator::Not,
                        expr: Box::new(Expr::Nested(Box::new(args[0].clone()))),
                    },
                ],
                results: vec![number("1"), number("0")],
                else_result: None,
            };
            let combined = aggregate(if name == "bool_and" { "MIN" } else { "MAX" }, &bit, false);
            Expr::Nested(Box::new(binary(combined, BinaryOperator::Eq, number("1"))))
        }
        "log" if args.len() == 1 => call("LOG10", args),
        "random" => {
            arity(&[0])?;
            call("RAND", Vec::new())
        }
        "last_day" => {
            arity(&[1])?;
            last_day(&args[0])?
        }
        "add_months" => {
            arity(&[2])?;
            add_months(&args[0], &args[1])?
        }
        "date_part" | "pgdate_part" => {
            // Redshift's DATE_PART returns DOUBLE PRECISION (EXTRACT an integer).
            arity(&[2])?;
            cast(
                date_part(&date_part_name(&args[0])?, &args[1])?,
                DataType::Float64,
            )
        }
        "ceiling" => {
            arity(&[1])?;
            Expr::Ceil {
                expr: Box::new(cast(args[0].clone(), DataType::Float64)),
                field: CeilFloorKind::DateTimeField(DateTimeField::NoDateTime),
            }
        }
        "split_part" => {
            arity(&[3])?;
            split_part(&args[0], &args[1], &args[2])?
        }
        "date" => {
            arity(&[1])?;
            cast(args[0].clone(), DataType::Date)
        }
        "trunc" if args.len() == 1 && is_datetime_call(&args[0]) => {
            cast(args[0].clone(), DataType::Date)
        }
        "datediff" => {
            arity(&[3])?;
            datediff(&date_part_name(&args[0])?, &args[1], &args[2])?
        }
        "dateadd" => {
            arity(&[3])?;
            dateadd(&date_part_name(&args[0])?, &args[1], &args[2])?
        }
        "getdate" | "sysdate" => {
            arity(&[0])?;
            call("NOW", Vec::new())
        }
        "to_char" => {
            arity(&[2])?;
            to_char(&args[0], &args[1])?
        }
        "to_date" | "to_timestamp" if args.len() == 2 => {
            let pattern = string_literal(&args[1]).ok_or_else(|| literal_format(&name))?;
            let chrono = parse_pattern(&pattern)?;
            if name == "to_date" {
                call("TO_DATE", vec![as_text(&args[0]), string(&chrono)])
            } else {
                call("TO_TIMESTAMP", vec![as_text(&args[0]), string(&chrono)])
            }
        }
        "round" if args.len() == 2 => round(&args[0], &args[1])?,
        "stddev" | "stddev_samp" | "variance" | "var_samp" => {
            arity(&[1])?;
            sample_statistic(&name, &args[0], distinct)
        }
        "stddev_pop" => {
            arity(&[1])?;
            aggregate("STDEV", &args[0], distinct)
        }
        "var_pop" => {
            arity(&[1])?;
            aggregate("VARIANCE", &args[0], distinct)
        }
        "json_extract_path_text" => {
            if args.len() < 2 {
                return Err(wrong_arguments(&name, &[2, 3, 4]));
            }
            json_path(&args)?
        }
        "median" | "listagg" | "percentile_cont" | "regexp_substr" | "regexp_replace"
        | "regexp_count" | "regexp_instr" => {
            return Err(EngineError::unsupported(
                (
                    &format!("{} 함수", name.to_uppercase()),
                    &format!("the function {}", name.to_uppercase()),
                ),
                "곧 지원됩니다.",
                "It is coming soon.",
            ))
        }
        _ => return Ok(None),
    }))
}

/// Redshift's `CONVERT(type, value)`. The PostgreSQL parser reads the two
/// the other way round (`CONVERT(value, type)`), so they are swapped back.
fn convert(expr: &Expr, data_type: &DataType, type_first: bool) -> Result<Expr, EngineError> {
    if type_first {
        return Ok(cast(expr.clone(), map_type(data_type)?.storage));
    }
    let refused = || {
        EngineError::msg(
            ErrorKind::Syntax,
            "CONVERT(타입, 값)을 읽지 못했습니다. CAST(값 AS 타입)으로 쓰세요.",
            "Could not read CONVERT(type, value); write CAST(value AS type).",
        )
    };
    let dialect = crate::engine::script::DIALECT;
    let target = sqlparser::parser::Parser::new(&dialect)
        .try_with_sql(&expr.to_string())
        .and_then(|mut p| p.parse_data_type())
        .map_err(|_| refused())?;
    let value = sqlparser::parser::Parser::new(&dialect)
        .try_with_sql(&data_type.to_string())
        .and_then(|mut p| p.parse_expr())
        .map_err(|_| refused())?;
    Ok(cast(value, map_type(&target)?.storage))
}

/// The function's arguments as plain expressions, when they all are.
fn plain_args(args: &FunctionArguments) -> Option<Vec<Expr>> {
    match args {
        FunctionArguments::List(list) => list
            .args
            .iter()
            .map(|arg| match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e.clone()),
                _ => None,
            })
            .collect(),
        FunctionArguments::None => Some(Vec::new()),
        FunctionArguments::Subquery(_) => None,
    }
}

fn wrong_arguments(name: &str, allowed: &[usize]) -> EngineError {
    let counts = allowed
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    EngineError::msg(
        ErrorKind::Type,
        format!("{}에는 인자가 {counts}개 필요합니다.", name.to_uppercase()),
        format!("{} takes {counts} argument(s).", name.to_uppercase()),
    )
}

fn literal_format(name: &str) -> EngineError {
    EngineError::msg(
        ErrorKind::Unsupported,
        format!(
            "{}의 형식은 문자열 상수로 쓰세요 (예: 'YYYY-MM-DD').",
            name.to_uppercase()
        ),
        format!(
            "{}'s format must be a string literal (e.g. 'YYYY-MM-DD').",
            name.to_uppercase()
        ),
    )
}

/// `LEAST`/`GREATEST` as Redshift has them: NULLs are ignored, and the
/// result is NULL only when every argument is. The first argument not NULL
/// and no greater (smaller) than any other that is not NULL.
fn extreme(args: &[Expr], least: bool) -> Expr {
    let beats = if least {
        BinaryOperator::LtEq
    } else {
        BinaryOperator::GtEq
    };
    let conditions = args
        .iter()
        .enumerate()
        .map(|(i, arg)| {
            args.iter().enumerate().filter(|(j, _)| *j != i).fold(
                Expr::IsNotNull(Box::new(arg.clone())),
                |all, (_, other)| {
                    let wins = Expr::Nested(Box::new(binary(
                        Expr::IsNull(Box::new(other.clone())),
                        BinaryOperator::Or,
                        binary(arg.clone(), beats.clone(), other.clone()),
                    )));
                    binary(all, BinaryOperator::And, wins)
                },
            )
        })
        .collect();
    Expr::Case {
        operand: None,
        conditions,
        results: args.to_vec(),
        else_result: None,
    }
}

/// A call of the function `name` with these arguments.
pub fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName(vec![Ident::new(name)]),
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|e| FunctionArg::Unnamed(FunctionArgExpr::Expr(e)))
                .collect(),
            clauses: Vec::new(),
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: Vec::new(),
    })
}

fn aggregate(name: &str, arg: &Expr, distinct: bool) -> Expr {
    let mut expr = call(name, vec![arg.clone()]);
    if let Expr::Function(Function {
        args: FunctionArguments::List(list),
        ..
    }) = &mut expr
    {
        list.duplicate_treatment = distinct.then_some(DuplicateTreatment::Distinct);
    }
    expr
}

fn cast(expr: Expr, data_type: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(expr),
        data_type,
        format: None,
    }
}

fn as_text(expr: &Expr) -> Expr {
    match expr {
        Expr::Value(Value::SingleQuotedString(_)) => expr.clone(),
        _ => cast(expr.clone(), DataType::Text),
    }
}

fn as_timestamp(expr: &Expr) -> Expr {
    cast(
        expr.clone(),
        DataType::Timestamp(None, sqlparser::ast::TimezoneInfo::None),
    )
}

fn int(expr: Expr) -> Expr {
    cast(expr, DataType::Int64)
}

fn string(s: &str) -> Expr {
    Expr::Value(Value::SingleQuotedString(s.to_owned()))
}

fn string_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Value(Value::SingleQuotedString(s)) => Some(s.clone()),
        _ => None,
    }
}

fn binary(left: Expr, op: BinaryOperator, right: Expr) -> Expr {
    Expr::Nested(Box::new(Expr::BinaryOp {
        left: Box::new(left),
        op,
        right: Box::new(right),
    }))
}

fn not(expr: Expr) -> Expr {
    Expr::UnaryOp {
        op: UnaryOperator::Not,
        expr: Box::new(Expr::Nested(Box::new(expr))),
    }
}

fn coalesce(expr: Expr, default: bool) -> Expr {
    call("COALESCE", vec![expr, Expr::Value(Value::Boolean(default))])
}

/// `FORMAT(CAST(x AS TIMESTAMP), pattern)`: GlueSQL formats with chrono.
fn format(expr: &Expr, pattern: &str) -> Expr {
    call("FORMAT", vec![as_timestamp(expr), string(pattern)])
}

/// `x LIKE p` is NULL when either side is NULL (GlueSQL errors instead).
fn null_safe(expr: &Expr, pattern: &Expr, build: impl Fn(Box<Expr>, Box<Expr>) -> Expr) -> Expr {
    let either_null = Expr::BinaryOp {
        left: Box::new(Expr::IsNull(Box::new(expr.clone()))),
        op: BinaryOperator::Or,
        right: Box::new(Expr::IsNull(Box::new(pattern.clone()))),
    };
    Expr::Case {
        operand: None,
        conditions: vec![either_null],
        results: vec![Expr::Value(Value::Null)],
        else_result: Some(Box::new(build(
            Box::new(as_text(expr)),
            Box::new(pattern.clone()),
        ))),
    }
}

/// `DECODE(e, s1, r1, s2, r2, ..., default)`: NULL matches NULL, as in Redshift.
fn decode(args: &[Expr]) -> Result<Expr, EngineError> {
    if args.len() < 3 {
        return Err(wrong_arguments("decode", &[3, 4, 5]));
    }
    let target = &args[0];
    let pairs = &args[1..];
    let mut conditions = Vec::new();
    let mut results = Vec::new();
    for pair in pairs.chunks(2) {
        if let [search, result] = pair {
            let both_null = Expr::BinaryOp {
                left: Box::new(Expr::IsNull(Box::new(target.clone()))),
                op: BinaryOperator::And,
                right: Box::new(Expr::IsNull(Box::new(search.clone()))),
            };
            conditions.push(Expr::BinaryOp {
                left: Box::new(binary(target.clone(), BinaryOperator::Eq, search.clone())),
                op: BinaryOperator::Or,
                right: Box::new(both_null),
            });
            results.push(result.clone());
        }
    }
    let default = (pairs.len() % 2 == 1).then(|| Box::new(pairs[pairs.len() - 1].clone()));
    Ok(Expr::Case {
        operand: None,
        conditions,
        results,
        else_result: default,
    })
}

/// A date part, normalised from Redshift's names and abbreviations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Dow,
    Doy,
    Hour,
    Minute,
    Second,
    Millisecond,
    Epoch,
}

fn parse_part(name: &str) -> Option<Part> {
    Some(match name.to_lowercase().as_str() {
        "year" | "years" | "y" | "yy" | "yyyy" | "yr" | "yrs" => Part::Year,
        "quarter" | "quarters" | "qtr" | "qtrs" | "q" => Part::Quarter,
        "month" | "months" | "mon" | "mons" | "mm" => Part::Month,
        "week" | "weeks" | "w" | "wk" | "wks" | "weekofyear" => Part::Week,
        "day" | "days" | "d" | "dd" | "dayofmonth" => Part::Day,
        "dow" | "dw" | "dayofweek" | "weekday" => Part::Dow,
        "doy" | "dy" | "dayofyear" => Part::Doy,
        "hour" | "hours" | "h" | "hh" | "hr" | "hrs" => Part::Hour,
        "minute" | "minutes" | "m" | "mi" | "min" | "mins" => Part::Minute,
        "second" | "seconds" | "s" | "sec" | "secs" => Part::Second,
        "millisecond" | "milliseconds" | "ms" | "msec" | "msecs" => Part::Millisecond,
        "epoch" => Part::Epoch,
        _ => return None,
    })
}

fn unknown_part(name: &str) -> EngineError {
    EngineError::msg(
        ErrorKind::Type,
        format!("날짜 부분 '{name}'을(를) 알 수 없습니다. year, month, day, hour, dow, epoch 등을 쓰세요."),
        format!("unknown date part '{name}': use year, month, day, hour, dow, epoch..."),
    )
}

fn date_part_name(expr: &Expr) -> Result<Part, EngineError> {
    let name = match expr {
        Expr::Identifier(ident) => ident.value.clone(),
        Expr::Value(Value::SingleQuotedString(s)) => s.clone(),
        other => {
            return Err(EngineError::msg(
                ErrorKind::Type,
                format!("날짜 부분은 month 또는 'month'처럼 쓰세요: {other}"),
                format!("write the date part as month or 'month': {other}"),
            ))
        }
    };
    parse_part(&name).ok_or_else(|| unknown_part(&name))
}

fn part_of_field(field: &DateTimeField) -> Result<Part, EngineError> {
    let name = match field {
        DateTimeField::Custom(ident) => ident.value.clone(),
        DateTimeField::Week(_) => "week".to_owned(),
        other => other.to_string(),
    };
    parse_part(&name).ok_or_else(|| unknown_part(&name))
}

fn is_datetime_call(expr: &Expr) -> bool {
    matches!(expr, Expr::Function(f) if matches!(f.name.to_string().to_lowercase().as_str(), "getdate" | "now" | "sysdate"))
        || matches!(
            expr,
            Expr::Cast {
                data_type: DataType::Timestamp(..),
                ..
            }
        )
}

/// GlueSQL's EXTRACT, NULL on NULL (GlueSQL's refuses a NULL).
fn extract(field: DateTimeField, expr: &Expr) -> Expr {
    let timestamp = as_timestamp(expr);
    Expr::Case {
        operand: None,
        conditions: vec![Expr::IsNull(Box::new(timestamp.clone()))],
        results: vec![Expr::Value(Value::Null)],
        else_result: Some(Box::new(Expr::Extract {
            field,
            syntax: sqlparser::ast::ExtractSyntax::From,
            expr: Box::new(timestamp),
        })),
    }
}

fn parse_timestamp(text: Expr, pattern: &str) -> Expr {
    call("TO_TIMESTAMP", vec![text, string(pattern)])
}

/// `DATE_TRUNC(part, x)`: a TIMESTAMP at the start of the part.
fn date_trunc(part: &Part, expr: &Expr) -> Result<Expr, EngineError> {
    let pattern = match part {
        Part::Year => "%Y-01-01 00:00:00",
        Part::Month => "%Y-%m-01 00:00:00",
        Part::Day => "%Y-%m-%d 00:00:00",
        Part::Hour => "%Y-%m-%d %H:00:00",
        Part::Minute => "%Y-%m-%d %H:%M:00",
        Part::Second => "%Y-%m-%d %H:%M:%S",
        Part::Week => {
            return Ok(parse_timestamp(
                format(expr, "%G-W%V-1 00:00:00"),
                "%G-W%V-%u %H:%M:%S",
            ))
        }
        Part::Quarter => {
            let first_month = binary(
                binary(
                    binary(month_number(expr), BinaryOperator::Minus, number("1")),
                    BinaryOperator::Divide,
                    number("3"),
                ),
                BinaryOperator::Multiply,
                number("3"),
            );
            let month = call(
                "LPAD",
                vec![
                    cast(
                        binary(first_month, BinaryOperator::Plus, number("1")),
                        DataType::Text,
                    ),
                    number("2"),
                    string("0"),
                ],
            );
            let text = call(
                "CONCAT",
                vec![format(expr, "%Y-"), month, string("-01 00:00:00")],
            );
            return Ok(parse_timestamp(text, TIMESTAMP_FORMAT));
        }
        other => {
            return Err(EngineError::msg(
                ErrorKind::Unsupported,
                format!("DATE_TRUNC은(는) {other:?} 단위를 지원하지 않습니다."),
                format!("DATE_TRUNC does not support {other:?}."),
            ))
        }
    };
    Ok(parse_timestamp(format(expr, pattern), TIMESTAMP_FORMAT))
}

fn month_number(expr: &Expr) -> Expr {
    int(format(expr, "%m"))
}

/// `DATE_PART(part, x)` / `EXTRACT(part FROM x)`.
fn date_part(part: &Part, expr: &Expr) -> Result<Expr, EngineError> {
    Ok(match part {
        Part::Year => extract(DateTimeField::Year, expr),
        Part::Month => extract(DateTimeField::Month, expr),
        Part::Day => extract(DateTimeField::Day, expr),
        Part::Hour => extract(DateTimeField::Hour, expr),
        Part::Minute => extract(DateTimeField::Minute, expr),
        Part::Second => extract(DateTimeField::Second, expr),
        Part::Dow => int(format(expr, "%w")),
        Part::Doy => int(format(expr, "%j")),
        Part::Week => int(format(expr, "%V")),
        Part::Quarter => binary(
            binary(month_number(expr), BinaryOperator::Plus, number("2")),
            BinaryOperator::Divide,
            number("3"),
        ),
        Part::Millisecond => int(format(expr, "%3f")),
        Part::Epoch => cast(format(expr, "%s%.3f"), DataType::Float64),
    })
}

/// `LAST_DAY(x)`, a DATE. GlueSQL's LAST_DAY adds a month, then takes the
/// day of the month back off, which lands on January 29 for January 31: it
/// gets the first of the month instead.
fn last_day(expr: &Expr) -> Result<Expr, EngineError> {
    Ok(call("LAST_DAY", vec![date_trunc(&Part::Month, expr)?]))
}

/// `ADD_MONTHS(x, n)`, a TIMESTAMP: like `DATEADD(month, n, x)` (GlueSQL's
/// ADD_MONTH keeps the day, or the month's last when it is shorter), except
/// that the last day of a month gives the last day of the resulting month
/// (2024-02-29 plus one month is 2024-03-31). Kept shallow: a deep
/// expression costs stack in every pass over it.
fn add_months(expr: &Expr, n: &Expr) -> Result<Expr, EngineError> {
    let timestamp = as_timestamp(expr);
    let day = format(&timestamp, "%Y-%m-%d");
    let month_end = |x: &Expr| {
        let first = call("CONCAT", vec![format(x, "%Y-%m"), string("-01")]);
        call("LAST_DAY", vec![cast(first, DataType::Date)])
    };
    let shifted = call("ADD_MONTH", vec![day.clone(), int(n.clone())]);
    let date = Expr::Case {
        operand: None,
        conditions: vec![binary(
            day,
            BinaryOperator::Eq,
            cast(month_end(&timestamp), DataType::Text),
        )],
        results: vec![month_end(&shifted)],
        else_result: Some(Box::new(shifted)),
    };
    Ok(at_time_of(date, &timestamp))
}

/// The TIMESTAMP of a DATE expression at the time of day of `timestamp`.
fn at_time_of(date: Expr, timestamp: &Expr) -> Expr {
    let text = call(
        "CONCAT",
        vec![
            cast(date, DataType::Text),
            string(" "),
            format(timestamp, "%H:%M:%S%.f"),
        ],
    );
    parse_timestamp(text, "%Y-%m-%d %H:%M:%S%.f")
}

fn epoch_seconds(expr: Expr) -> Expr {
    int(call("FORMAT", vec![expr, string("%s")]))
}

/// `NUMERIC(p,s)` / `DECIMAL(p,s)`: the scale values keep (0 for NUMERIC alone).
fn numeric_scale(data_type: &DataType) -> Option<u64> {
    use sqlparser::ast::ExactNumberInfo as Info;
    match data_type {
        DataType::Decimal(info) | DataType::Numeric(info) | DataType::Dec(info) => {
            Some(match info {
                Info::PrecisionAndScale(_, scale) => *scale,
                Info::Precision(_) | Info::None => 0,
            })
        }
        _ => None,
    }
}

/// An expression that is a DATE by its form: a cast to DATE, `DATE(x)`,
/// `TO_DATE(...)` or `CURRENT_DATE`.
fn is_date(expr: &Expr) -> bool {
    match expr {
        Expr::Cast {
            data_type: DataType::Date,
            ..
        } => true,
        Expr::Function(f) => matches!(
            f.name.to_string().to_lowercase().as_str(),
            "date" | "to_date" | "current_date"
        ),
        Expr::Identifier(i) => i.value.eq_ignore_ascii_case("current_date"),
        Expr::Nested(inner) => is_date(inner),
        _ => false,
    }
}

fn is_integer_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Value(Value::Number(n, _)) => !n.to_string().contains(['.', 'e', 'E']),
        Expr::Nested(inner) => is_integer_literal(inner),
        Expr::Cast {
            data_type: DataType::Int64,
            expr,
            ..
        } => is_integer_literal(expr),
        _ => false,
    }
}

/// CEIL and FLOOR take floats in GlueSQL; integers and decimals are cast.
fn is_float_cast(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Cast {
            data_type: DataType::Float64,
            ..
        }
    )
}

fn is_fractional_number(expr: &Expr) -> bool {
    match expr {
        Expr::Value(Value::Number(n, _)) => n.to_string().contains(['.', 'e', 'E']),
        Expr::UnaryOp { expr, .. } | Expr::Nested(expr) => is_fractional_number(expr),
        _ => false,
    }
}

/// `SPLIT_PART(text, delimiter, n)` for a constant n: the n-th piece, or
/// an empty string when there are fewer pieces.
fn split_part(text: &Expr, delimiter: &Expr, n: &Expr) -> Result<Expr, EngineError> {
    let n: usize = match n {
        Expr::Value(Value::Number(number, _)) => number.to_string().parse().unwrap_or(0),
        _ => 0,
    };
    if !(1..=8).contains(&n) {
        return Err(EngineError::msg(
            ErrorKind::Unsupported,
            "SPLIT_PART의 세 번째 인자는 1에서 8 사이의 상수여야 합니다.",
            "the third argument of SPLIT_PART must be a constant from 1 to 8",
        ));
    }
    let null = Expr::Value(Value::Null);
    let found = |rest: &Expr| call("FIND_IDX", vec![rest.clone(), delimiter.clone()]);
    let positive = |e: Expr| binary(e, BinaryOperator::Gt, number("0"));
    let case = |condition: Expr, then: Expr, otherwise: Expr| Expr::Case {
        operand: None,
        conditions: vec![condition],
        results: vec![then],
        else_result: Some(Box::new(otherwise)),
    };
    // rest: the text after the (k-1)-th delimiter, NULL when there is none.
    let mut rest = as_text(text);
    for _ in 1..n {
        let after = call(
            "SUBSTR",
            vec![
                rest.clone(),
                binary(
                    found(&rest),
                    BinaryOperator::Plus,
                    call("LENGTH", vec![delimiter.clone()]),
                ),
            ],
        );
        rest = case(positive(found(&rest)), after, null.clone());
    }
    let piece = case(
        positive(found(&rest)),
        call(
            "SUBSTR",
            vec![
                rest.clone(),
                number("1"),
                binary(found(&rest), BinaryOperator::Minus, number("1")),
            ],
        ),
        rest.clone(),
    );
    Ok(case(
        Expr::IsNull(Box::new(text.clone())),
        null,
        case(Expr::IsNull(Box::new(rest)), string(""), piece),
    ))
}

/// `DATEDIFF(part, a, b)`: how many part boundaries lie between a and b.
fn datediff(part: &Part, a: &Expr, b: &Expr) -> Result<Expr, EngineError> {
    let seconds = |unit: &Part, size: &str| -> Result<Expr, EngineError> {
        Ok(binary(
            binary(
                epoch_seconds(date_trunc(unit, b)?),
                BinaryOperator::Minus,
                epoch_seconds(date_trunc(unit, a)?),
            ),
            BinaryOperator::Divide,
            number(size),
        ))
    };
    let year = |x: &Expr| extract(DateTimeField::Year, x);
    Ok(match part {
        Part::Day | Part::Dow | Part::Doy => seconds(&Part::Day, "86400")?,
        Part::Week => seconds(&Part::Week, "604800")?,
        Part::Hour => seconds(&Part::Hour, "3600")?,
        Part::Minute => seconds(&Part::Minute, "60")?,
        Part::Second => seconds(&Part::Second, "1")?,
        Part::Month => {
            let months = |x: &Expr| {
                binary(
                    binary(year(x), BinaryOperator::Multiply, number("12")),
                    BinaryOperator::Plus,
                    month_number(x),
                )
            };
            binary(months(b), BinaryOperator::Minus, months(a))
        }
        Part::Quarter => {
            let quarters = |x: &Expr| -> Result<Expr, EngineError> {
                Ok(binary(
                    binary(year(x), BinaryOperator::Multiply, number("4")),
                    BinaryOperator::Plus,
                    date_part(&Part::Quarter, x)?,
                ))
            };
            binary(quarters(b)?, BinaryOperator::Minus, quarters(a)?)
        }
        Part::Year => binary(year(b), BinaryOperator::Minus, year(a)),
        Part::Millisecond | Part::Epoch => {
            return Err(EngineError::msg(
                ErrorKind::Unsupported,
                "DATEDIFF은(는) 이 단위를 지원하지 않습니다. second를 쓰세요.",
                "DATEDIFF does not support this part; use second.",
            ))
        }
    })
}

/// `DATEADD(part, n, x)`: x plus n parts, as a TIMESTAMP.
fn dateadd(part: &Part, n: &Expr, expr: &Expr) -> Result<Expr, EngineError> {
    let months = match part {
        Part::Year => Some("12"),
        Part::Quarter => Some("3"),
        Part::Month => Some("1"),
        _ => None,
    };
    if let Some(size) = months {
        // ADD_MONTH keeps the day, or the month's last day when it is shorter
        // (2019-01-31 + 1 month = 2019-02-28), as Redshift does.
        let timestamp = as_timestamp(expr);
        let date = call(
            "ADD_MONTH",
            vec![
                format(&timestamp, "%Y-%m-%d"),
                binary(int(n.clone()), BinaryOperator::Multiply, number(size)),
            ],
        );
        return Ok(at_time_of(date, &timestamp));
    }
    let (unit, factor) = match part {
        Part::Year | Part::Quarter | Part::Month => (DateTimeField::Month, 1),
        Part::Week => (DateTimeField::Day, 7),
        Part::Day | Part::Dow | Part::Doy => (DateTimeField::Day, 1),
        Part::Hour => (DateTimeField::Hour, 1),
        Part::Minute => (DateTimeField::Minute, 1),
        Part::Second => (DateTimeField::Second, 1),
        Part::Millisecond | Part::Epoch => {
            return Err(EngineError::msg(
                ErrorKind::Unsupported,
                "DATEADD은(는) 이 단위를 지원하지 않습니다.",
                "DATEADD does not support this part.",
            ))
        }
    };
    let one = Expr::Interval(Interval {
        value: Box::new(string(&factor.to_string())),
        leading_field: Some(unit),
        leading_precision: None,
        last_field: None,
        fractional_seconds_precision: None,
    });
    Ok(binary(
        as_timestamp(expr),
        BinaryOperator::Plus,
        binary(int(n.clone()), BinaryOperator::Multiply, one),
    ))
}

/// `INTERVAL '7 days'` becomes `INTERVAL '7' DAY`, which GlueSQL reads.
fn interval_literal(interval: &Interval) -> Result<Option<Expr>, EngineError> {
    if interval.leading_field.is_some() {
        return Ok(None);
    }
    let Some(text) = string_literal(&interval.value) else {
        return Ok(None);
    };
    let mut words = text.split_whitespace();
    let (Some(amount), Some(unit), None) = (words.next(), words.next(), words.next()) else {
        return Ok(None);
    };
    let Ok(amount) = amount.parse::<i64>() else {
        return Ok(None);
    };
    let part = parse_part(unit).ok_or_else(|| unknown_part(unit))?;
    let (field, amount) = match part {
        Part::Year => (DateTimeField::Year, amount),
        Part::Quarter => (DateTimeField::Month, amount * 3),
        Part::Month => (DateTimeField::Month, amount),
        Part::Week => (DateTimeField::Day, amount * 7),
        Part::Day => (DateTimeField::Day, amount),
        Part::Hour => (DateTimeField::Hour, amount),
        Part::Minute => (DateTimeField::Minute, amount),
        Part::Second => (DateTimeField::Second, amount),
        _ => return Err(unknown_part(unit)),
    };
    Ok(Some(Expr::Interval(Interval {
        value: Box::new(string(&amount.to_string())),
        leading_field: Some(field),
        leading_precision: None,
        last_field: None,
        fractional_seconds_precision: None,
    })))
}

/// `ROUND(x, n)` to n decimal places (GlueSQL's ROUND takes one float argument).
fn round(value: &Expr, places: &Expr) -> Result<Expr, EngineError> {
    let places: i32 = match places {
        Expr::Value(Value::Number(n, _)) => n.to_string().parse().ok(),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match expr.as_ref() {
            Expr::Value(Value::Number(n, _)) => n.to_string().parse::<i32>().ok().map(|n| -n),
            _ => None,
        },
        _ => None,
    }
    .filter(|n| n.abs() <= 18)
    .ok_or_else(|| {
        EngineError::msg(
            ErrorKind::Unsupported,
            "ROUND(x, n)의 n은 -18..18 사이의 정수 상수로 쓰세요.",
            "ROUND(x, n) needs n as an integer literal between -18 and 18.",
        )
    })?;
    let scale = cast(string(&format!("1e{}", places.abs())), DataType::Float64);
    let value = cast(value.clone(), DataType::Float64);
    Ok(if places >= 0 {
        binary(
            call(
                "ROUND",
                vec![binary(value, BinaryOperator::Multiply, scale.clone())],
            ),
            BinaryOperator::Divide,
            scale,
        )
    } else {
        binary(
            call(
                "ROUND",
                vec![binary(value, BinaryOperator::Divide, scale.clone())],
            ),
            BinaryOperator::Multiply,
            scale,
        )
    })
}

/// Redshift's STDDEV and VARIANCE are sample statistics; GlueSQL's are population ones.
fn sample_statistic(name: &str, arg: &Expr, distinct: bool) -> Expr {
    let n = aggregate("COUNT", arg, distinct);
    let population = cast(aggregate("VARIANCE", arg, distinct), DataType::Float64);
    let sample = binary(
        binary(population, BinaryOperator::Multiply, n.clone()),
        BinaryOperator::Divide,
        call(
            "NULLIF",
            vec![binary(n, BinaryOperator::Minus, number("1")), number("0")],
        ),
    );
    if name.starts_with("stddev") {
        call("SQRT", vec![sample])
    } else {
        sample
    }
}

/// `JSON_EXTRACT_PATH_TEXT(json, 'a', 'b')`: the text at that path, or NULL.
fn json_path(args: &[Expr]) -> Result<Expr, EngineError> {
    let mut path = Vec::new();
    for key in &args[1..] {
        let key = string_literal(key).ok_or_else(|| literal_format("json_extract_path_text"))?;
        if key.contains('.') {
            return Err(EngineError::unsupported(
                ("점(.)이 들어간 JSON 키", "a JSON key with a dot"),
                "점이 없는 키를 쓰세요.",
                "Use keys without dots.",
            ));
        }
        path.push(key);
    }
    let map = cast(
        as_text(&args[0]),
        DataType::Custom(ObjectName(vec![Ident::new("MAP")]), Vec::new()),
    );
    Ok(cast(
        call("UNWRAP", vec![map, string(&path.join("."))]),
        DataType::Text,
    ))
}

/// One piece of a `TO_CHAR` result: chrono-formatted text, or an expression.
enum Piece {
    Chrono(String),
    Expr(Box<Expr>),
}

fn expr_piece(expr: Expr) -> Piece {
    Piece::Expr(Box::new(expr))
}

/// `TO_CHAR(ts, 'YYYY-MM')`: Redshift's datetime format, built from chrono pieces.
fn to_char(value: &Expr, pattern: &Expr) -> Result<Expr, EngineError> {
    let pattern = string_literal(pattern).ok_or_else(|| literal_format("to_char"))?;
    let pieces = translate_pattern(&pattern, Some(value))?;
    let mut parts: Vec<Expr> = pieces
        .into_iter()
        .map(|piece| match piece {
            Piece::Chrono(p) => format(value, &p),
            Piece::Expr(e) => *e,
        })
        .collect();
    Ok(match parts.len() {
        0 => string(""),
        1 => parts.remove(0),
        _ => call("CONCAT", parts),
    })
}

/// A Redshift pattern as one chrono pattern, for parsing (`TO_DATE`, `TO_TIMESTAMP`).
fn parse_pattern(pattern: &str) -> Result<String, EngineError> {
    let pieces = translate_pattern(pattern, None)?;
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Chrono(p) => out.push_str(&p),
            Piece::Expr(_) => {
                return Err(EngineError::msg(
                    ErrorKind::Unsupported,
                    format!("형식 '{pattern}'은(는) 날짜를 읽는 데 쓸 수 없습니다."),
                    format!("the format '{pattern}' cannot be used to read dates"),
                ))
            }
        }
    }
    Ok(out)
}

/// Translates Redshift datetime format elements. With a value, elements that
/// chrono cannot print (padded names, `D`, `Q`) become expressions.
fn translate_pattern(pattern: &str, value: Option<&Expr>) -> Result<Vec<Piece>, EngineError> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |piece: Piece| match (pieces.last_mut(), piece) {
        (Some(Piece::Chrono(last)), Piece::Chrono(next)) => last.push_str(&next),
        (_, piece) => pieces.push(piece),
    };
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        if chars[i] == '"' {
            let end = chars[i + 1..]
                .iter()
                .position(|&c| c == '"')
                .map(|p| i + 1 + p);
            let literal: String = chars[i + 1..end.unwrap_or(chars.len())].iter().collect();
            push(Piece::Chrono(literal.replace('%', "%%")));
            i = end.map(|e| e + 1).unwrap_or(chars.len());
            continue;
        }
        let named = |case: fn(Expr) -> Expr, chrono: &str| -> Option<Piece> {
            value.map(|v| {
                expr_piece(call(
                    "RPAD",
                    vec![case(format(v, chrono)), number("9"), string(" ")],
                ))
            })
        };
        let upper = |e: Expr| call("UPPER", vec![e]);
        let lower = |e: Expr| call("LOWER", vec![e]);
        let same = |e: Expr| e;
        let (piece, len): (Option<Piece>, usize) = if rest.starts_with("YYYY") {
            (Some(Piece::Chrono("%Y".into())), 4)
        } else if rest.starts_with("YY") {
            (Some(Piece::Chrono("%y".into())), 2)
        } else if rest.starts_with("MONTH") {
            (named(upper, "%B"), 5)
        } else if rest.starts_with("Month") {
            (named(same, "%B"), 5)
        } else if rest.starts_with("month") {
            (named(lower, "%B"), 5)
        } else if rest.starts_with("MON") {
            (value.map(|v| expr_piece(upper(format(v, "%b")))), 3)
        } else if rest.starts_with("Mon") {
            (Some(Piece::Chrono("%b".into())), 3)
        } else if rest.starts_with("mon") {
            (value.map(|v| expr_piece(lower(format(v, "%b")))), 3)
        } else if rest.starts_with("MM") {
            (Some(Piece::Chrono("%m".into())), 2)
        } else if rest.starts_with("DAY") {
            (named(upper, "%A"), 3)
        } else if rest.starts_with("Day") {
            (named(same, "%A"), 3)
        } else if rest.starts_with("day") {
            (named(lower, "%A"), 3)
        } else if rest.starts_with("DY") {
            (value.map(|v| expr_piece(upper(format(v, "%a")))), 2)
        } else if rest.starts_with("Dy") {
            (Some(Piece::Chrono("%a".into())), 2)
        } else if rest.starts_with("dy") {
            (value.map(|v| expr_piece(lower(format(v, "%a")))), 2)
        } else if rest.starts_with("DDD") {
            (Some(Piece::Chrono("%j".into())), 3)
        } else if rest.starts_with("DD") {
            (Some(Piece::Chrono("%d".into())), 2)
        } else if rest.starts_with('D') {
            let dow = value.map(|v| {
                expr_piece(cast(
                    binary(int(format(v, "%w")), BinaryOperator::Plus, number("1")),
                    DataType::Text,
                ))
            });
            (dow, 1)
        } else if rest.starts_with("HH24") {
            (Some(Piece::Chrono("%H".into())), 4)
        } else if rest.starts_with("HH12") {
            (Some(Piece::Chrono("%I".into())), 4)
        } else if rest.starts_with("HH") {
            (Some(Piece::Chrono("%I".into())), 2)
        } else if rest.starts_with("MI") {
            (Some(Piece::Chrono("%M".into())), 2)
        } else if rest.starts_with("SS") {
            (Some(Piece::Chrono("%S".into())), 2)
        } else if rest.starts_with("MS") {
            (Some(Piece::Chrono("%3f".into())), 2)
        } else if rest.starts_with("US") {
            (Some(Piece::Chrono("%6f".into())), 2)
        } else if rest.starts_with("AM") || rest.starts_with("PM") {
            (Some(Piece::Chrono("%p".into())), 2)
        } else if rest.starts_with("am") || rest.starts_with("pm") {
            (value.map(|v| expr_piece(lower(format(v, "%p")))), 2)
        } else if rest.starts_with("IW") {
            (Some(Piece::Chrono("%V".into())), 2)
        } else if rest.starts_with('Q') {
            let quarter = value
                .map(|v| date_part(&Part::Quarter, v).map(|q| expr_piece(cast(q, DataType::Text))))
                .transpose()?;
            (quarter, 1)
        } else if chars[i] == '%' {
            (Some(Piece::Chrono("%%".into())), 1)
        } else {
            (Some(Piece::Chrono(chars[i].to_string())), 1)
        };
        match piece {
            Some(piece) => push(piece),
            None => {
                return Err(EngineError::msg(
                    ErrorKind::Unsupported,
                    format!("형식 '{pattern}'은(는) 날짜를 읽는 데 쓸 수 없습니다."),
                    format!("the format '{pattern}' cannot be used to read dates"),
                ))
            }
        }
        i += len;
    }
    Ok(pieces)
}
