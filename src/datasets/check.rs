//! Every figure of `DATASETS.md`, computed with SQL through the engine and
//! compared with the course's published value (`tabhouse check-datasets`).

use crate::engine::{outcome::Cell, Engine};

/// How one figure compared.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureCheck {
    /// What was checked.
    pub figure: &'static str,
    /// Whether it matched (exactly, or within tolerance for approximate figures).
    pub ok: bool,
    /// The difference, when it did not match.
    pub detail: String,
}

/// An exact figure: SQL whose result rows, as text joined by `|` and `;`,
/// must equal the expected text.
struct Exact {
    figure: &'static str,
    sql: &'static str,
    expected: &'static str,
}

const EXACT: &[Exact] = &[
    Exact {
        figure: "rows in user_session_channel",
        sql: "SELECT COUNT(*) FROM raw_data.user_session_channel",
        expected: "101520",
    },
    Exact {
        figure: "rows in session_timestamp",
        sql: "SELECT COUNT(*) FROM raw_data.session_timestamp",
        expected: "101520",
    },
    Exact {
        figure: "session_timestamp one-to-one with user_session_channel",
        sql: "SELECT COUNT(*) FROM raw_data.user_session_channel usc LEFT JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid WHERE st.sessionid IS NULL;\
              SELECT COUNT(*) AS n FROM raw_data.session_timestamp st LEFT JOIN raw_data.user_session_channel usc ON usc.sessionid = st.sessionid WHERE usc.sessionid IS NULL",
        expected: "0",
    },
    Exact {
        figure: "rows in session_transaction, distinct, all sessions of user_session_channel",
        sql: "SELECT COUNT(*), COUNT(DISTINCT str.sessionid), COUNT(usc.sessionid) FROM raw_data.session_transaction str LEFT JOIN raw_data.user_session_channel usc ON usc.sessionid = str.sessionid",
        expected: "996|996|996",
    },
    Exact {
        figure: "channels",
        sql: "SELECT channelname FROM raw_data.channel ORDER BY 1",
        expected: "Facebook;Google;Instagram;Naver;Organic;TIKTOK;Youtube",
    },
    Exact {
        figure: "distinct users",
        sql: "SELECT COUNT(DISTINCT userid) FROM raw_data.user_session_channel",
        expected: "949",
    },
    Exact {
        figure: "sessionid is 32 lowercase hex characters",
        sql: "SELECT COUNT(*) FROM raw_data.user_session_channel WHERE LEN(sessionid) <> 32 OR UPPER(sessionid) = sessionid AND sessionid NOT LIKE '%0%'",
        expected: "0",
    },
    Exact {
        figure: "ts range",
        sql: "SELECT MIN(ts), MAX(ts) FROM raw_data.session_timestamp",
        expected: "2019-05-01 00:13:11.783|2019-11-30 23:58:23",
    },
    Exact {
        figure: "sessions per month",
        sql: "SELECT LEFT(ts, 7) AS month, COUNT(*) FROM raw_data.session_timestamp GROUP BY 1 ORDER BY 1",
        expected: "2019-05|6261;2019-06|10520;2019-07|14840;2019-08|17151;2019-09|15790;2019-10|18899;2019-11|18059",
    },
    Exact {
        figure: "monthly active users",
        sql: "SELECT LEFT(st.ts, 7) AS month, COUNT(DISTINCT usc.userid) FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid GROUP BY 1 ORDER BY 1",
        expected: "2019-05|281;2019-06|459;2019-07|623;2019-08|662;2019-09|639;2019-10|763;2019-11|721",
    },
    Exact {
        figure: "sessions and users per channel",
        sql: "SELECT channel, COUNT(*), COUNT(DISTINCT userid) FROM raw_data.user_session_channel GROUP BY 1 ORDER BY 1",
        expected: "Facebook|16791|889;Google|16982|893;Instagram|16831|895;Naver|16921|882;Organic|16904|895;Youtube|17091|889",
    },
    Exact {
        figure: "sessions by hour of day",
        sql: "SELECT EXTRACT(HOUR FROM ts) AS hour, COUNT(*) FROM raw_data.session_timestamp GROUP BY 1 ORDER BY 1",
        expected: "0|1870;1|1328;2|1125;3|815;4|703;5|611;6|491;7|236;8|149;9|340;10|870;11|1411;12|3852;13|9035;14|13417;15|15339;16|14140;17|10698;18|7469;19|5278;20|3956;21|3238;22|2801;23|2348",
    },
    Exact {
        figure: "busiest day of week",
        sql: "SELECT EXTRACT(DOW FROM ts) AS dow, COUNT(*) AS n FROM raw_data.session_timestamp GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
        expected: "5|15091",
    },
    Exact {
        figure: "busiest (day of week, hour)",
        sql: "SELECT EXTRACT(DOW FROM ts) AS dow, EXTRACT(HOUR FROM ts) AS hour, COUNT(*) AS n FROM raw_data.session_timestamp GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1",
        expected: "5|15|2290",
    },
    Exact {
        figure: "user with most sessions",
        sql: "SELECT userid, COUNT(*) AS n FROM raw_data.user_session_channel GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
        expected: "1615|528",
    },
    Exact {
        figure: "user 251: sessions",
        sql: "SELECT COUNT(*) FROM raw_data.user_session_channel WHERE userid = 251",
        expected: "216",
    },
    Exact {
        figure: "user 251: first channel",
        sql: "SELECT usc.channel FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid WHERE usc.userid = 251 ORDER BY st.ts LIMIT 1",
        expected: "Facebook",
    },
    Exact {
        figure: "user 251: last channel",
        sql: "SELECT usc.channel FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid WHERE usc.userid = 251 ORDER BY st.ts DESC LIMIT 1",
        expected: "Google",
    },
    Exact {
        figure: "transactions with amount <= 0",
        sql: "SELECT COUNT(*), MAX(amount), COUNT(CASE WHEN refunded THEN 1 END) FROM raw_data.session_transaction WHERE amount <= 0",
        expected: "10|0|0",
    },
    Exact {
        figure: "amount range and gross total",
        sql: "SELECT MIN(amount), MAX(amount), SUM(amount) FROM raw_data.session_transaction",
        expected: "0|149|72823",
    },
    Exact {
        figure: "refunds and net revenue",
        sql: "SELECT COUNT(CASE WHEN refunded THEN 1 END), SUM(CASE WHEN refunded THEN amount ELSE 0 END), SUM(CASE WHEN refunded THEN 0 ELSE amount END) FROM raw_data.session_transaction",
        expected: "54|4022|68801",
    },
    Exact {
        figure: "top 10 users by gross revenue",
        sql: "SELECT usc.userid, SUM(str.amount) AS revenue FROM raw_data.session_transaction str JOIN raw_data.user_session_channel usc ON usc.sessionid = str.sessionid GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10",
        expected: "989|743;772|556;1615|506;654|488;1651|463;973|438;262|422;1099|421;2682|414;891|412",
    },
    Exact {
        figure: "monthly cohorts",
        sql: "CREATE TEMP TABLE check_first AS SELECT usc.userid, MIN(LEFT(st.ts, 7)) AS cohort FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid GROUP BY 1;\
              CREATE TEMP TABLE check_active AS SELECT usc.userid, LEFT(st.ts, 7) AS month FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid GROUP BY 1, 2;\
              SELECT f.cohort, a.month, COUNT(*) FROM check_first f JOIN check_active a ON f.userid = a.userid GROUP BY 1, 2 ORDER BY 1, 2",
        expected: "2019-05|2019-05|281;2019-05|2019-06|262;2019-05|2019-07|237;2019-05|2019-08|229;2019-05|2019-09|224;2019-05|2019-10|213;2019-05|2019-11|206;\
                   2019-06|2019-06|197;2019-06|2019-07|175;2019-06|2019-08|160;2019-06|2019-09|150;2019-06|2019-10|148;2019-06|2019-11|145;\
                   2019-07|2019-07|211;2019-07|2019-08|189;2019-07|2019-09|175;2019-07|2019-10|167;2019-07|2019-11|155;\
                   2019-08|2019-08|84;2019-08|2019-09|73;2019-08|2019-10|71;2019-08|2019-11|69;\
                   2019-09|2019-09|17;2019-09|2019-10|14;2019-09|2019-11|13;\
                   2019-10|2019-10|150;2019-10|2019-11|124;\
                   2019-11|2019-11|9",
    },
    Exact {
        figure: "monthly NPS 2019",
        sql: "SELECT LEFT(created, 7) AS month, ROUND((COUNT(CASE WHEN score >= 9 THEN 1 END) - COUNT(CASE WHEN score <= 6 THEN 1 END))::float * 100 / COUNT(*), 2) AS nps FROM raw_data.nps GROUP BY 1 ORDER BY 1",
        expected: "2019-01|2.36;2019-02|30.54;2019-03|52.91;2019-04|53;2019-05|54.52;2019-06|65.02;2019-07|64.51;2019-08|67.71;2019-09|37.95;2019-10|53.29;2019-11|61.29;2019-12|65.99",
    },
    Exact {
        figure: "NPS rows (at least 150,000), scores 0..10, all in 2019",
        sql: "SELECT COUNT(*) >= 150000, MIN(score), MAX(score), MIN(LEFT(created, 4)), MAX(LEFT(created, 4)) FROM raw_data.nps",
        expected: "true|0|10|2019|2019",
    },
    Exact {
        figure: "count_test: COUNT(1), COUNT(0), COUNT(NULL), COUNT(value), COUNT(DISTINCT value)",
        sql: "SELECT COUNT(1), COUNT(0), COUNT(NULL), COUNT(value), COUNT(DISTINCT value) FROM raw_data.count_test",
        expected: "7|7|0|6|4",
    },
    Exact {
        figure: "boolean_test: COUNT(CASE WHEN flag IS NOT FALSE THEN 1 END)",
        sql: "SELECT COUNT(CASE WHEN flag IS NOT FALSE THEN 1 END) FROM raw_data.boolean_test",
        expected: "3",
    },
    Exact {
        figure: "vital/alert: INNER and LEFT join",
        sql: "SELECT (SELECT COUNT(*) FROM raw_data.vital v JOIN raw_data.alert a ON v.vitalid = a.vitalid), (SELECT COUNT(*) FROM raw_data.vital v LEFT JOIN raw_data.alert a ON v.vitalid = a.vitalid)",
        expected: "1|4",
    },
];

/// The monthly channel summary of DATASETS.md (per month 05..11 and channel:
/// unique users, paying users, gross, net) comes from the generator's
/// targets; each cell must be within 5%, totals exact.
const SUMMARY_SQL: &str =
    "SELECT LEFT(st.ts, 7) AS month, usc.channel, COUNT(DISTINCT usc.userid), \
    COUNT(DISTINCT CASE WHEN str.amount > 0 THEN usc.userid END), COALESCE(SUM(str.amount), 0), \
    COALESCE(SUM(CASE WHEN str.refunded THEN 0 ELSE str.amount END), 0) \
    FROM raw_data.user_session_channel usc \
    JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid \
    LEFT JOIN raw_data.session_transaction str ON usc.sessionid = str.sessionid \
    GROUP BY 1, 2 ORDER BY 1, 2";

fn rows_text(engine: &mut Engine, sql: &str) -> Result<Vec<Vec<String>>, String> {
    let output = engine.run(sql);
    if let Some(error) = output.error {
        return Err(error.render("en"));
    }
    let rows = output.last_rows().ok_or("no result")?;
    Ok(rows
        .rows
        .iter()
        .map(|row| row.iter().map(Cell::to_text).collect())
        .collect())
}

fn joined(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|r| r.join("|"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Checks every figure against an engine loaded with the course data.
pub fn check_figures(engine: &mut Engine) -> Vec<FigureCheck> {
    let mut checks: Vec<FigureCheck> = EXACT
        .iter()
        .map(|exact| {
            let expected = exact.expected;
            match rows_text(engine, exact.sql) {
                Ok(rows) if joined(&rows) == expected => FigureCheck {
                    figure: exact.figure,
                    ok: true,
                    detail: String::new(),
                },
                Ok(rows) => FigureCheck {
                    figure: exact.figure,
                    ok: false,
                    detail: format!("expected {expected}, got {}", joined(&rows)),
                },
                Err(error) => FigureCheck {
                    figure: exact.figure,
                    ok: false,
                    detail: error,
                },
            }
        })
        .collect();
    engine.run("DROP TABLE IF EXISTS check_first; DROP TABLE IF EXISTS check_active");
    checks.push(check_prod_nps(engine));
    checks.push(check_summary(engine));
    checks
}

/// `prod.nps` holds the rows of `raw_data.nps` (same count, ids, scores, times).
fn check_prod_nps(engine: &mut Engine) -> FigureCheck {
    let figure = "prod.nps has the rows of raw_data.nps";
    let prod = rows_text(
        engine,
        "SELECT COUNT(*), SUM(id), SUM(score), MIN(created_at), MAX(created_at) FROM prod.nps",
    );
    let raw = rows_text(
        engine,
        "SELECT COUNT(*), SUM(id), SUM(score), MIN(created), MAX(created) FROM raw_data.nps",
    );
    match (prod, raw) {
        (Ok(prod), Ok(raw)) if prod == raw => FigureCheck {
            figure,
            ok: true,
            detail: String::new(),
        },
        (prod, raw) => FigureCheck {
            figure,
            ok: false,
            detail: format!("prod.nps {prod:?} vs raw_data.nps {raw:?}"),
        },
    }
}

fn check_summary(engine: &mut Engine) -> FigureCheck {
    let figure = "monthly channel summary (each cell within 5%, totals exact)";
    let fail = |detail: String| FigureCheck {
        figure,
        ok: false,
        detail,
    };
    let rows = match rows_text(engine, SUMMARY_SQL) {
        Ok(rows) => rows,
        Err(error) => return fail(error),
    };
    let summary = super::targets::course().summary;
    if rows.len() != 42 {
        return fail(format!(
            "expected 42 month x channel rows, got {}",
            rows.len()
        ));
    }
    let mut off = Vec::new();
    let mut totals = [0i64; 2];
    for (i, row) in rows.iter().enumerate() {
        let expected = &summary[i / 6][i % 6];
        let actual: Vec<i64> = row[2..].iter().map(|v| v.parse().unwrap_or(-1)).collect();
        let wanted = [
            expected.users,
            expected.payers,
            expected.gross,
            expected.net,
        ]
        .map(i64::from);
        for (a, e) in actual.iter().zip(wanted) {
            if (a - e).abs() as f64 > e as f64 * 0.05 {
                off.push(format!("{} {}: {a} vs {e}", row[0], row[1]));
            }
        }
        totals[0] += actual.get(2).copied().unwrap_or(0);
        totals[1] += actual.get(3).copied().unwrap_or(0);
    }
    if totals != [72823, 68801] {
        off.push(format!(
            "totals gross/net {}/{} vs 72823/68801",
            totals[0], totals[1]
        ));
    }
    if off.is_empty() {
        FigureCheck {
            figure,
            ok: true,
            detail: String::new(),
        }
    } else {
        fail(off.join("; "))
    }
}
