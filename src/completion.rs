//! The words the editor completes: SQL keywords and the functions the
//! engine accepts, with their argument lists. Plain data with no
//! dependencies, so the page binary uses it without linking the engine.

/// What kind of function a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// One value per row.
    Scalar,
    /// One value per group (also usable as a window with `OVER`).
    Aggregate,
    /// Only with `OVER (...)`.
    Window,
}

/// A function the engine runs, as the editor offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SqlFunction {
    /// The name, upper case.
    pub name: &'static str,
    /// Scalar, aggregate or window.
    pub kind: FunctionKind,
    /// How it is called, e.g. `DATEDIFF(part, start, end)`.
    pub signature: &'static str,
}

const fn scalar(name: &'static str, signature: &'static str) -> SqlFunction {
    SqlFunction {
        name,
        kind: FunctionKind::Scalar,
        signature,
    }
}

const fn aggregate(name: &'static str, signature: &'static str) -> SqlFunction {
    SqlFunction {
        name,
        kind: FunctionKind::Aggregate,
        signature,
    }
}

const fn window(name: &'static str, signature: &'static str) -> SqlFunction {
    SqlFunction {
        name,
        kind: FunctionKind::Window,
        signature,
    }
}

/// Every function the engine accepts with Redshift's meaning (each one is
/// run by a test), in alphabetical order.
pub const FUNCTIONS: &[SqlFunction] = &[
    scalar("ABS", "ABS(number)"),
    scalar("ACOS", "ACOS(number)"),
    scalar("ADD_MONTHS", "ADD_MONTHS(date, months)"),
    scalar("ASIN", "ASIN(number)"),
    scalar("ATAN", "ATAN(number)"),
    aggregate("AVG", "AVG([DISTINCT] expression)"),
    aggregate("BOOL_AND", "BOOL_AND(condition)"),
    aggregate("BOOL_OR", "BOOL_OR(condition)"),
    scalar("CAST", "CAST(expression AS type)"),
    scalar("CEIL", "CEIL(number)"),
    scalar("CEILING", "CEILING(number)"),
    scalar("CHARACTER_LENGTH", "CHARACTER_LENGTH(text)"),
    scalar("CHAR_LENGTH", "CHAR_LENGTH(text)"),
    scalar("CHR", "CHR(code)"),
    scalar("COALESCE", "COALESCE(value, value, ...)"),
    scalar("CONCAT", "CONCAT(text, text)"),
    scalar("CONVERT", "CONVERT(type, expression)"),
    scalar("COS", "COS(radians)"),
    aggregate("COUNT", "COUNT(* | [DISTINCT] expression)"),
    window("CUME_DIST", "CUME_DIST() OVER (ORDER BY ...)"),
    scalar("CURRENT_DATE", "CURRENT_DATE"),
    scalar("DATE", "DATE(timestamp)"),
    scalar("DATEADD", "DATEADD(part, number, timestamp)"),
    scalar("DATEDIFF", "DATEDIFF(part, start, end)"),
    scalar("DATE_PART", "DATE_PART(part, timestamp)"),
    scalar("DATE_TRUNC", "DATE_TRUNC('part', timestamp)"),
    scalar("DECODE", "DECODE(expression, search, result, ..., default)"),
    scalar("DEGREES", "DEGREES(radians)"),
    window("DENSE_RANK", "DENSE_RANK() OVER (ORDER BY ...)"),
    scalar("EXP", "EXP(number)"),
    scalar("EXTRACT", "EXTRACT(part FROM timestamp)"),
    window(
        "FIRST_VALUE",
        "FIRST_VALUE(expression) OVER (ORDER BY ... ROWS ...)",
    ),
    scalar("FLOOR", "FLOOR(number)"),
    scalar("GETDATE", "GETDATE()"),
    scalar("GREATEST", "GREATEST(value, value, ...)"),
    scalar("INITCAP", "INITCAP(text)"),
    scalar(
        "JSON_EXTRACT_PATH_TEXT",
        "JSON_EXTRACT_PATH_TEXT(json, key, ...)",
    ),
    window("LAG", "LAG(expression [, offset]) OVER (ORDER BY ...)"),
    scalar("LAST_DAY", "LAST_DAY(date)"),
    window(
        "LAST_VALUE",
        "LAST_VALUE(expression) OVER (ORDER BY ... ROWS ...)",
    ),
    window("LEAD", "LEAD(expression [, offset]) OVER (ORDER BY ...)"),
    scalar("LEAST", "LEAST(value, value, ...)"),
    scalar("LEFT", "LEFT(text, n)"),
    scalar("LEN", "LEN(text)"),
    scalar("LENGTH", "LENGTH(text)"),
    aggregate(
        "LISTAGG",
        "LISTAGG(expression, 'delimiter') WITHIN GROUP (ORDER BY ...)",
    ),
    scalar("LN", "LN(number)"),
    scalar("LOG", "LOG(number)"),
    scalar("LOWER", "LOWER(text)"),
    scalar("LPAD", "LPAD(text, length [, fill])"),
    scalar("LTRIM", "LTRIM(text [, characters])"),
    aggregate("MAX", "MAX(expression)"),
    scalar("MD5", "MD5(text)"),
    aggregate("MEDIAN", "MEDIAN(expression)"),
    aggregate("MIN", "MIN(expression)"),
    scalar("MOD", "MOD(number, divisor)"),
    window(
        "NTH_VALUE",
        "NTH_VALUE(expression, n) OVER (ORDER BY ... ROWS ...)",
    ),
    window("NTILE", "NTILE(n) OVER (ORDER BY ...)"),
    scalar("NULLIF", "NULLIF(value, value)"),
    scalar("NVL", "NVL(value, default)"),
    scalar("NVL2", "NVL2(value, if_not_null, if_null)"),
    window("PERCENT_RANK", "PERCENT_RANK() OVER (ORDER BY ...)"),
    scalar("PI", "PI()"),
    scalar("POSITION", "POSITION(substring IN text)"),
    scalar("POWER", "POWER(number, exponent)"),
    scalar("RADIANS", "RADIANS(degrees)"),
    scalar("RANDOM", "RANDOM()"),
    window("RANK", "RANK() OVER (ORDER BY ...)"),
    scalar("REPEAT", "REPEAT(text, n)"),
    scalar("REPLACE", "REPLACE(text, from, to)"),
    scalar("REVERSE", "REVERSE(text)"),
    scalar("RIGHT", "RIGHT(text, n)"),
    scalar("ROUND", "ROUND(number [, places])"),
    window("ROW_NUMBER", "ROW_NUMBER() OVER (ORDER BY ...)"),
    scalar("RPAD", "RPAD(text, length [, fill])"),
    scalar("RTRIM", "RTRIM(text [, characters])"),
    scalar("SIGN", "SIGN(number)"),
    scalar("SIN", "SIN(radians)"),
    scalar("SPLIT_PART", "SPLIT_PART(text, delimiter, n)"),
    scalar("SQRT", "SQRT(number)"),
    aggregate("STDDEV", "STDDEV(expression)"),
    aggregate("STDDEV_POP", "STDDEV_POP(expression)"),
    aggregate("STDDEV_SAMP", "STDDEV_SAMP(expression)"),
    scalar("STRPOS", "STRPOS(text, substring)"),
    scalar("SUBSTR", "SUBSTR(text, start [, length])"),
    scalar("SUBSTRING", "SUBSTRING(text, start [, length])"),
    aggregate("SUM", "SUM([DISTINCT] expression)"),
    scalar("SYSDATE", "SYSDATE"),
    scalar("TAN", "TAN(radians)"),
    scalar("TO_CHAR", "TO_CHAR(timestamp, 'format')"),
    scalar("TO_DATE", "TO_DATE(text, 'format')"),
    scalar("TO_TIMESTAMP", "TO_TIMESTAMP(text, 'format')"),
    scalar("TRIM", "TRIM([BOTH 'x' FROM] text)"),
    scalar("TRUNC", "TRUNC(number | timestamp)"),
    scalar("UPPER", "UPPER(text)"),
    aggregate("VARIANCE", "VARIANCE(expression)"),
    aggregate("VAR_POP", "VAR_POP(expression)"),
    aggregate("VAR_SAMP", "VAR_SAMP(expression)"),
];

/// Keywords of the statements and clauses the engine runs, upper case.
pub const KEYWORDS: &[&str] = &[
    "ADD",
    "ALL",
    "ALTER",
    "AND",
    "AS",
    "ASC",
    "BEGIN",
    "BETWEEN",
    "BIGINT",
    "BOOLEAN",
    "BY",
    "CASCADE",
    "CASE",
    "CHAR",
    "COLUMN",
    "COMMIT",
    "COPY",
    "CREATE",
    "CROSS",
    "CSV",
    "CURRENT",
    "DATE",
    "DECIMAL",
    "DEFAULT",
    "DELETE",
    "DELIMITER",
    "DESC",
    "DISTINCT",
    "DOUBLE PRECISION",
    "DROP",
    "ELSE",
    "EMPTYASNULL",
    "END",
    "EXCEPT",
    "EXISTS",
    "EXPLAIN",
    "FALSE",
    "FIRST",
    "FOLLOWING",
    "FORMAT",
    "FROM",
    "FULL",
    "GROUP BY",
    "HAVING",
    "IAM_ROLE",
    "IF",
    "IGNOREHEADER",
    "ILIKE",
    "IN",
    "INNER",
    "INSERT",
    "INT",
    "INTEGER",
    "INTERSECT",
    "INTERVAL",
    "INTO",
    "IS",
    "JOIN",
    "JSON",
    "KEY",
    "LAST",
    "LEFT",
    "LIKE",
    "LIMIT",
    "MINUS",
    "NOT",
    "NULL",
    "NULLS",
    "NUMERIC",
    "OFFSET",
    "ON",
    "OR",
    "ORDER BY",
    "OUTER",
    "OVER",
    "PARTITION BY",
    "PRECEDING",
    "PRIMARY KEY",
    "RANGE",
    "REAL",
    "REMOVEQUOTES",
    "RENAME",
    "RIGHT",
    "ROLLBACK",
    "ROW",
    "ROWS",
    "SCHEMA",
    "SELECT",
    "SET",
    "SHOW TABLES",
    "SMALLINT",
    "TABLE",
    "TEMP",
    "THEN",
    "TIMESTAMP",
    "TO",
    "TOP",
    "TRUE",
    "TRUNCATE",
    "UNBOUNDED",
    "UNION",
    "UNIQUE",
    "UPDATE",
    "USING",
    "VALUES",
    "VARCHAR",
    "WHEN",
    "WHERE",
    "WITH",
    "WITHIN GROUP",
];

/// Keywords and function names starting with `prefix` (any case), keywords
/// first, each once, in alphabetical order within each group.
pub fn completions(prefix: &str) -> Vec<&'static str> {
    let prefix = prefix.to_uppercase();
    let mut words: Vec<&'static str> = KEYWORDS
        .iter()
        .copied()
        .filter(|k| k.starts_with(&prefix))
        .collect();
    for function in FUNCTIONS {
        if function.name.starts_with(&prefix) && !words.contains(&function.name) {
            words.push(function.name);
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;

    /// A call of each function, run on a small table.
    const EXAMPLES: &[(&str, &str)] = &[
        ("ABS", "ABS(n - 5)"),
        ("ACOS", "ACOS(x / 10)"),
        ("ADD_MONTHS", "ADD_MONTHS(d, 1)"),
        ("ASIN", "ASIN(x / 10)"),
        ("ATAN", "ATAN(x)"),
        ("AVG", "AVG(n)"),
        ("BOOL_AND", "BOOL_AND(n > 0)"),
        ("BOOL_OR", "BOOL_OR(s IS NULL)"),
        ("CAST", "CAST(n AS VARCHAR)"),
        ("CEIL", "CEIL(x)"),
        ("CEILING", "CEILING(x)"),
        ("CHARACTER_LENGTH", "CHARACTER_LENGTH(s)"),
        ("CHAR_LENGTH", "CHAR_LENGTH(s)"),
        ("CHR", "CHR(64 + n)"),
        ("COALESCE", "COALESCE(s, 'none')"),
        ("CONCAT", "CONCAT(s, '!')"),
        ("CONVERT", "CONVERT(FLOAT, n)"),
        ("COS", "COS(x)"),
        ("COUNT", "COUNT(DISTINCT n)"),
        ("CUME_DIST", "CUME_DIST() OVER (ORDER BY n)"),
        ("CURRENT_DATE", "CURRENT_DATE"),
        ("DATE", "DATE(t)"),
        ("DATEADD", "DATEADD(day, 7, t)"),
        ("DATEDIFF", "DATEDIFF(day, d, t)"),
        ("DATE_PART", "DATE_PART(month, t)"),
        ("DATE_TRUNC", "DATE_TRUNC('month', t)"),
        ("DECODE", "DECODE(n, 1, 'one', 'other')"),
        ("DEGREES", "DEGREES(x)"),
        ("DENSE_RANK", "DENSE_RANK() OVER (ORDER BY n)"),
        ("EXP", "EXP(x)"),
        ("EXTRACT", "EXTRACT(year FROM t)"),
        (
            "FIRST_VALUE",
            "FIRST_VALUE(n) OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
        ),
        ("FLOOR", "FLOOR(x)"),
        ("GETDATE", "GETDATE()"),
        ("GREATEST", "GREATEST(n, 2)"),
        ("INITCAP", "INITCAP(s)"),
        (
            "JSON_EXTRACT_PATH_TEXT",
            "JSON_EXTRACT_PATH_TEXT('{\"a\": 1}', 'a')",
        ),
        ("LAG", "LAG(n) OVER (ORDER BY n)"),
        ("LAST_DAY", "LAST_DAY(d)"),
        (
            "LAST_VALUE",
            "LAST_VALUE(n) OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
        ),
        ("LEAD", "LEAD(n, 1) OVER (ORDER BY n)"),
        ("LEAST", "LEAST(n, 2)"),
        ("LEFT", "LEFT(s, 2)"),
        ("LEN", "LEN(s)"),
        ("LENGTH", "LENGTH(s)"),
        ("LISTAGG", "LISTAGG(s, ',') WITHIN GROUP (ORDER BY s)"),
        ("LN", "LN(x)"),
        ("LOG", "LOG(x)"),
        ("LOWER", "LOWER(s)"),
        ("LPAD", "LPAD(s, 5, '*')"),
        ("LTRIM", "LTRIM(s)"),
        ("MAX", "MAX(n)"),
        ("MD5", "MD5(s)"),
        ("MEDIAN", "MEDIAN(n)"),
        ("MIN", "MIN(n)"),
        ("MOD", "MOD(n, 2)"),
        (
            "NTH_VALUE",
            "NTH_VALUE(n, 2) OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
        ),
        ("NTILE", "NTILE(2) OVER (ORDER BY n)"),
        ("NULLIF", "NULLIF(n, 1)"),
        ("NVL", "NVL(s, 'none')"),
        ("NVL2", "NVL2(s, 'some', 'none')"),
        ("PERCENT_RANK", "PERCENT_RANK() OVER (ORDER BY n)"),
        ("PI", "PI()"),
        ("POSITION", "POSITION('b' IN s)"),
        ("POWER", "POWER(n, 2)"),
        ("RADIANS", "RADIANS(x)"),
        ("RANDOM", "RANDOM()"),
        ("RANK", "RANK() OVER (ORDER BY n)"),
        ("REPEAT", "REPEAT(s, 2)"),
        ("REPLACE", "REPLACE(s, 'a', 'b')"),
        ("REVERSE", "REVERSE(s)"),
        ("RIGHT", "RIGHT(s, 2)"),
        ("ROUND", "ROUND(x, 1)"),
        ("ROW_NUMBER", "ROW_NUMBER() OVER (ORDER BY n)"),
        ("RPAD", "RPAD(s, 5, '*')"),
        ("RTRIM", "RTRIM(s)"),
        ("SIGN", "SIGN(n - 2)"),
        ("SIN", "SIN(x)"),
        ("SPLIT_PART", "SPLIT_PART(s, 'b', 1)"),
        ("SQRT", "SQRT(x)"),
        ("STDDEV", "STDDEV(n)"),
        ("STDDEV_POP", "STDDEV_POP(n)"),
        ("STDDEV_SAMP", "STDDEV_SAMP(n)"),
        ("STRPOS", "STRPOS(s, 'b')"),
        ("SUBSTR", "SUBSTR(s, 2, 1)"),
        ("SUBSTRING", "SUBSTRING(s, 2, 1)"),
        ("SUM", "SUM(n)"),
        ("SYSDATE", "SYSDATE"),
        ("TAN", "TAN(x)"),
        ("TO_CHAR", "TO_CHAR(t, 'YYYY-MM')"),
        ("TO_DATE", "TO_DATE('2024-01-31', 'YYYY-MM-DD')"),
        (
            "TO_TIMESTAMP",
            "TO_TIMESTAMP('2024-01-31 10:00:00', 'YYYY-MM-DD HH24:MI:SS')",
        ),
        ("TRIM", "TRIM(s)"),
        ("TRUNC", "TRUNC(GETDATE())"),
        ("UPPER", "UPPER(s)"),
        ("VARIANCE", "VARIANCE(n)"),
        ("VAR_POP", "VAR_POP(n)"),
        ("VAR_SAMP", "VAR_SAMP(n)"),
    ];

    #[test]
    fn every_function_runs() {
        let mut engine = Engine::new();
        let setup = engine.run(
            "CREATE TABLE adhoc.t (n INT, x DOUBLE PRECISION, s VARCHAR(10), d DATE, t TIMESTAMP);\
             INSERT INTO adhoc.t VALUES (1, 1.5, 'abc', '2024-01-31', '2024-03-01 10:00:00'),\
             (2, 2.25, NULL, '2024-02-29', '2024-03-02 11:30:00'), (3, 4.0, 'bcd', '2024-03-01', '2024-03-03 00:00:00')",
        );
        assert_eq!(setup.error, None);
        let named: Vec<&str> = EXAMPLES.iter().map(|(name, _)| *name).collect();
        let listed: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(named, listed, "one example per function, in the same order");
        let failures: Vec<String> = EXAMPLES
            .iter()
            .filter_map(|(name, call)| {
                let output = engine.run(&format!("SELECT {call} FROM adhoc.t"));
                output.error.map(|e| format!("{name}: {}", e.render("en")))
            })
            .collect();
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn the_lists_are_sorted_and_unique() {
        assert!(FUNCTIONS.windows(2).all(|w| w[0].name < w[1].name));
        assert!(KEYWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn completes_a_prefix_in_any_case() {
        assert_eq!(completions("dateD"), ["DATEDIFF"]);
        let words = completions("le");
        assert_eq!(words, ["LEFT", "LEAD", "LEAST", "LEN", "LENGTH"]);
        assert!(completions("zz").is_empty());
    }
}
