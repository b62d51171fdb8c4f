//! Recomputes every figure of DATASETS.md from the generated rows, in plain
//! Rust, and checks it against the spec; plus plausibility, determinism and
//! hidden-seed checks.

// The figures are month x channel and weekday x hour matrices; indexing them
// by month and channel reads like the spec.
#![allow(clippy::needless_range_loop)]

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDateTime, Timelike};

use super::{
    generate_sources, generate_table, generate_tables, source_hash, table_hash, table_names, Cell,
    TableData, COURSE_SEED, COURSE_SOURCE_HASHES, COURSE_TABLE_HASHES,
};

const CHANNELS: [&str; 6] = [
    "Facebook",
    "Google",
    "Instagram",
    "Naver",
    "Organic",
    "Youtube",
];

/// One joined session row.
struct Row {
    user: i64,
    channel: usize,
    ts: NaiveDateTime,
}

/// The generated tables of one seed, indexed for the checks.
struct Data {
    tables: Vec<TableData>,
    sessions: Vec<Row>,
    session_ids: HashMap<String, usize>,
    /// `(session index, refunded, amount)`.
    transactions: Vec<(usize, bool, i64)>,
}

fn int(c: &Cell) -> i64 {
    match c {
        Cell::Int(v) => *v,
        other => panic!("expected INT, got {other:?}"),
    }
}

fn text(c: &Cell) -> &str {
    match c {
        Cell::Text(s) => s,
        other => panic!("expected text, got {other:?}"),
    }
}

fn ts(c: &Cell) -> NaiveDateTime {
    match c {
        Cell::Timestamp(t) => *t,
        other => panic!("expected TIMESTAMP, got {other:?}"),
    }
}

impl Data {
    fn new(seed: u64) -> Data {
        let tables = generate_tables(seed);
        let table = |name: &str| {
            tables
                .iter()
                .find(|t| format!("{}.{}", t.schema, t.name) == name)
                .unwrap_or_else(|| panic!("table {name}"))
        };
        let times: HashMap<&str, NaiveDateTime> = table("raw_data.session_timestamp")
            .rows
            .iter()
            .map(|r| (text(&r[0]), ts(&r[1])))
            .collect();
        let uc = table("raw_data.user_session_channel");
        let mut sessions = Vec::new();
        let mut session_ids = HashMap::new();
        for r in &uc.rows {
            let id = text(&r[1]);
            let channel = CHANNELS
                .iter()
                .position(|&c| c == text(&r[2]))
                .expect("known channel");
            session_ids.insert(id.to_string(), sessions.len());
            sessions.push(Row {
                user: int(&r[0]),
                channel,
                ts: times[id],
            });
        }
        let transactions = table("raw_data.session_transaction")
            .rows
            .iter()
            .map(|r| {
                let refunded = matches!(r[1], Cell::Bool(true));
                let session = *session_ids
                    .get(text(&r[0]))
                    .expect("each transaction is a session of user_session_channel");
                (session, refunded, int(&r[2]))
            })
            .collect();
        Data {
            tables: tables.clone(),
            sessions,
            session_ids,
            transactions,
        }
    }

    fn table(&self, name: &str) -> &TableData {
        self.tables
            .iter()
            .find(|t| format!("{}.{}", t.schema, t.name) == name)
            .unwrap_or_else(|| panic!("table {name}"))
    }

    /// Month index (0 = May 2019) of a session.
    fn month(&self, i: usize) -> usize {
        self.sessions[i].ts.month() as usize - 5
    }

    fn sessions_per_month(&self) -> [usize; 7] {
        let mut out = [0; 7];
        for i in 0..self.sessions.len() {
            out[self.month(i)] += 1;
        }
        out
    }

    fn mau(&self) -> [usize; 7] {
        let mut sets: Vec<HashSet<i64>> = vec![HashSet::new(); 7];
        for (i, s) in self.sessions.iter().enumerate() {
            sets[self.month(i)].insert(s.user);
        }
        let mut out = [0; 7];
        for m in 0..7 {
            out[m] = sets[m].len();
        }
        out
    }

    fn per_user(&self) -> HashMap<i64, Vec<usize>> {
        let mut out: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, s) in self.sessions.iter().enumerate() {
            out.entry(s.user).or_default().push(i);
        }
        out
    }

    /// `(userid, gross)` sorted by gross descending, then userid.
    fn revenue_ranking(&self) -> Vec<(i64, i64)> {
        let mut gross: HashMap<i64, i64> = HashMap::new();
        for &(s, _, amount) in &self.transactions {
            *gross.entry(self.sessions[s].user).or_default() += amount;
        }
        let mut ranking: Vec<(i64, i64)> = gross.into_iter().collect();
        ranking.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranking
    }

    /// `[month][channel]` = (unique users, paying users, gross, net).
    fn channel_summary(&self) -> [[(usize, usize, i64, i64); 6]; 7] {
        let mut users: Vec<HashSet<i64>> = vec![HashSet::new(); 42];
        let mut payers: Vec<HashSet<i64>> = vec![HashSet::new(); 42];
        let mut gross = [0i64; 42];
        let mut net = [0i64; 42];
        for (i, s) in self.sessions.iter().enumerate() {
            users[self.month(i) * 6 + s.channel].insert(s.user);
        }
        for &(i, refunded, amount) in &self.transactions {
            let c = self.month(i) * 6 + self.sessions[i].channel;
            if amount > 0 {
                payers[c].insert(self.sessions[i].user);
            }
            gross[c] += amount;
            if !refunded {
                net[c] += amount;
            }
        }
        let mut out = [[(0, 0, 0, 0); 6]; 7];
        for m in 0..7 {
            for ch in 0..6 {
                let c = m * 6 + ch;
                out[m][ch] = (users[c].len(), payers[c].len(), gross[c], net[c]);
            }
        }
        out
    }

    /// `[month]` NPS in hundredths, from `raw_data.nps`.
    fn nps(&self, name: &str) -> Vec<f64> {
        let mut counts = [(0i64, 0i64, 0i64); 12];
        for r in &self.table(name).rows {
            let t = ts(&r[1]);
            assert_eq!(t.year(), 2019);
            let score = int(&r[2]);
            assert!((0..=10).contains(&score));
            let c = &mut counts[t.month0() as usize];
            c.0 += 1;
            if score >= 9 {
                c.1 += 1;
            } else if score <= 6 {
                c.2 += 1;
            }
        }
        counts
            .iter()
            .map(|&(n, p, d)| ((p - d) as f64 * 100.0 / n as f64 * 100.0).round() / 100.0)
            .collect()
    }
}

fn course() -> &'static Data {
    static DATA: std::sync::OnceLock<Data> = std::sync::OnceLock::new();
    DATA.get_or_init(|| Data::new(COURSE_SEED))
}

#[test]
fn row_counts_and_keys() {
    let d = course();
    assert_eq!(d.table("raw_data.user_session_channel").rows.len(), 101_520);
    assert_eq!(d.table("raw_data.session_timestamp").rows.len(), 101_520);
    assert_eq!(
        d.session_ids.len(),
        101_520,
        "sessionid is unique in user_session_channel"
    );
    let ts_ids: HashSet<&str> = d
        .table("raw_data.session_timestamp")
        .rows
        .iter()
        .map(|r| text(&r[0]))
        .collect();
    assert_eq!(ts_ids.len(), 101_520);
    assert!(ts_ids.iter().all(|id| d.session_ids.contains_key(*id)));
    for id in d.session_ids.keys() {
        assert_eq!(id.len(), 32);
        assert!(id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    }
    assert_eq!(d.transactions.len(), 996);
    let tx_ids: HashSet<usize> = d.transactions.iter().map(|t| t.0).collect();
    assert_eq!(
        tx_ids.len(),
        996,
        "distinct sessions in session_transaction"
    );
    let channel: Vec<&str> = d
        .table("raw_data.channel")
        .rows
        .iter()
        .map(|r| text(&r[0]))
        .collect();
    assert_eq!(
        channel,
        [
            "Facebook",
            "Google",
            "Instagram",
            "Naver",
            "Organic",
            "Youtube",
            "TIKTOK"
        ]
    );
}

#[test]
fn users_and_time_range() {
    let d = course();
    let users: HashSet<i64> = d.sessions.iter().map(|s| s.user).collect();
    assert_eq!(users.len(), 949);
    let min = *users.iter().min().unwrap();
    let max = *users.iter().max().unwrap();
    assert!(
        min >= 1 && (2_600..=2_800).contains(&max),
        "userids {min}..{max}"
    );
    let first = d.sessions.iter().map(|s| s.ts).min().unwrap();
    let last = d.sessions.iter().map(|s| s.ts).max().unwrap();
    assert_eq!(first.to_string(), "2019-05-01 00:13:11.783");
    assert_eq!(last.to_string(), "2019-11-30 23:58:23");
    let whole = d.sessions.iter().filter(|s| s.ts.nanosecond() == 0).count();
    assert!(
        whole > 1_000 && whole < 50_000,
        "some whole seconds: {whole}"
    );
}

#[test]
fn monthly_sessions_and_mau() {
    let d = course();
    assert_eq!(
        d.sessions_per_month(),
        [6261, 10520, 14840, 17151, 15790, 18899, 18059]
    );
    assert_eq!(d.mau(), [281, 459, 623, 662, 639, 763, 721]);
}

#[test]
fn channels() {
    let d = course();
    let mut sessions = [0usize; 6];
    let mut users: Vec<HashSet<i64>> = vec![HashSet::new(); 6];
    for s in &d.sessions {
        sessions[s.channel] += 1;
        users[s.channel].insert(s.user);
    }
    assert_eq!(sessions, [16791, 16982, 16831, 16921, 16904, 17091]);
    let tiktok = d
        .table("raw_data.user_session_channel")
        .rows
        .iter()
        .filter(|r| text(&r[2]) == "TIKTOK")
        .count();
    assert_eq!(tiktok, 0, "TIKTOK has no sessions");
    let users: Vec<usize> = users.iter().map(|u| u.len()).collect();
    assert_eq!(users, [889, 893, 895, 882, 895, 889]);
}

#[test]
fn hours_and_weekdays() {
    let d = course();
    let mut hours = [0usize; 24];
    let mut dows = [0usize; 7];
    let mut pairs = [[0usize; 24]; 7];
    for s in &d.sessions {
        let h = s.ts.hour() as usize;
        let dow = s.ts.weekday().num_days_from_sunday() as usize;
        hours[h] += 1;
        dows[dow] += 1;
        pairs[dow][h] += 1;
    }
    assert_eq!(
        hours,
        [
            1870, 1328, 1125, 815, 703, 611, 491, 236, 149, 340, 870, 1411, 3852, 9035, 13417,
            15339, 14140, 10698, 7469, 5278, 3956, 3238, 2801, 2348
        ]
    );
    let busiest_hour = (0..24).max_by_key(|&h| hours[h]).unwrap();
    assert_eq!((busiest_hour, hours[busiest_hour]), (15, 15_339));
    assert_eq!(dows[5], 15_091);
    assert!(
        dows.iter().enumerate().all(|(i, &n)| i == 5 || n < 15_091),
        "{dows:?}"
    );
    assert_eq!(pairs[5][15], 2_290);
    for (dow, row) in pairs.iter().enumerate() {
        for (h, &n) in row.iter().enumerate() {
            assert!((dow, h) == (5, 15) || n < 2_290, "({dow}, {h}) has {n}");
        }
    }
}

#[test]
fn special_users() {
    let d = course();
    let per_user = d.per_user();
    let mut counts: Vec<(usize, i64)> = per_user.iter().map(|(&u, v)| (v.len(), u)).collect();
    counts.sort_by(|a, b| b.cmp(a));
    assert_eq!(counts[0], (528, 1615));
    assert!(counts[1].0 < 528);

    let mut daily = per_user[&251].clone();
    assert_eq!(daily.len(), 216);
    daily.sort_by_key(|&i| d.sessions[i].ts);
    let days: HashSet<_> = daily.iter().map(|&i| d.sessions[i].ts.date()).collect();
    assert!(days.len() >= 200, "about one a day: {} days", days.len());
    for &i in &daily {
        let t = d.sessions[i].ts.time();
        let minutes = t.hour() * 60 + t.minute();
        assert!(
            (11 * 60 + 50..14 * 60 + 30).contains(&minutes),
            "user 251 at {t}"
        );
    }
    assert_eq!(d.sessions[daily[0]].channel, 0, "first channel Facebook");
    assert_eq!(
        d.sessions[*daily.last().unwrap()].channel,
        1,
        "last channel Google"
    );
}

#[test]
fn cohorts() {
    let d = course();
    let per_user = d.per_user();
    let mut table = [[0usize; 7]; 7];
    for indices in per_user.values() {
        let months: HashSet<usize> = indices.iter().map(|&i| d.month(i)).collect();
        let cohort = *months.iter().min().unwrap();
        for &m in &months {
            table[cohort][m - cohort] += 1;
        }
    }
    let expected = [
        [281, 262, 237, 229, 224, 213, 206],
        [197, 175, 160, 150, 148, 145, 0],
        [211, 189, 175, 167, 155, 0, 0],
        [84, 73, 71, 69, 0, 0, 0],
        [17, 14, 13, 0, 0, 0, 0],
        [150, 124, 0, 0, 0, 0, 0],
        [9, 0, 0, 0, 0, 0, 0],
    ];
    assert_eq!(table, expected);
}

#[test]
fn transactions() {
    let d = course();
    let non_positive: Vec<_> = d.transactions.iter().filter(|t| t.2 <= 0).collect();
    assert_eq!(non_positive.len(), 10);
    assert!(non_positive.iter().all(|t| t.2 == 0 && !t.1));
    assert!(d.transactions.iter().all(|t| (0..=149).contains(&t.2)));
    let gross: i64 = d.transactions.iter().map(|t| t.2).sum();
    assert_eq!(gross, 72_823);
    let refunded: Vec<i64> = d.transactions.iter().filter(|t| t.1).map(|t| t.2).collect();
    assert_eq!(refunded.len(), 54);
    assert_eq!(refunded.iter().sum::<i64>(), 4_022);
    let net: i64 = d.transactions.iter().filter(|t| !t.1).map(|t| t.2).sum();
    assert_eq!(net, 68_801);
    let mut buckets = [0usize; 5];
    for t in &d.transactions {
        buckets[(t.2 / 30) as usize] += 1;
    }
    assert!(
        buckets.iter().all(|&b| (120..=280).contains(&b)),
        "roughly uniform: {buckets:?}"
    );
    let ranking = d.revenue_ranking();
    let expected = [
        (989, 743),
        (772, 556),
        (1615, 506),
        (654, 488),
        (1651, 463),
        (973, 438),
        (262, 422),
        (1099, 421),
        (2682, 414),
        (891, 412),
    ];
    assert_eq!(ranking[..10], expected);
    assert!(ranking[10].1 < 412);
}

#[test]
fn monthly_channel_summary() {
    let d = course();
    let expected: [[(usize, usize, i64, i64); 6]; 7] = [
        [
            (247, 14, 1199, 997),
            (253, 10, 580, 580),
            (234, 11, 959, 770),
            (237, 11, 867, 844),
            (238, 17, 1846, 1571),
            (244, 9, 529, 529),
        ],
        [
            (414, 22, 1578, 1578),
            (412, 13, 947, 947),
            (410, 21, 1462, 1418),
            (398, 15, 1090, 1090),
            (416, 14, 1129, 940),
            (400, 17, 1042, 1042),
        ],
        [
            (558, 32, 2222, 2144),
            (556, 21, 1558, 1385),
            (567, 24, 1896, 1766),
            (553, 19, 1547, 1547),
            (557, 22, 1600, 1600),
            (564, 36, 2210, 2037),
        ],
        [
            (611, 18, 1009, 1009),
            (610, 27, 2210, 1894),
            (621, 28, 2129, 2001),
            (626, 22, 1829, 1551),
            (608, 26, 1643, 1606),
            (614, 18, 987, 950),
        ],
        [
            (597, 27, 2270, 2270),
            (599, 25, 1872, 1691),
            (588, 20, 1260, 1122),
            (592, 21, 1996, 1996),
            (592, 22, 1267, 1267),
            (588, 15, 1301, 1301),
        ],
        [
            (698, 29, 1650, 1641),
            (699, 30, 2150, 2098),
            (707, 33, 2568, 2395),
            (713, 32, 2695, 2695),
            (709, 31, 2762, 2608),
            (705, 34, 2492, 2319),
        ],
        [
            (688, 25, 1678, 1678),
            (688, 26, 2286, 2235),
            (669, 25, 2116, 2116),
            (667, 26, 2234, 1987),
            (677, 34, 2626, 2255),
            (677, 45, 3532, 3331),
        ],
    ];
    let actual = d.channel_summary();
    let within = |a: i64, e: i64| (a - e).abs() * 100 <= e * 5;
    let mut worst = 0.0f64;
    for m in 0..7 {
        for ch in 0..6 {
            let (a, e) = (actual[m][ch], expected[m][ch]);
            worst = worst.max((a.0 as f64 - e.0 as f64).abs() / e.0 as f64);
            assert!(
                within(a.0 as i64, e.0 as i64),
                "users {m} {ch}: {a:?} vs {e:?}"
            );
            assert!(
                within(a.1 as i64, e.1 as i64),
                "payers {m} {ch}: {a:?} vs {e:?}"
            );
            assert!(within(a.2, e.2), "gross {m} {ch}: {a:?} vs {e:?}");
            assert!(within(a.3, e.3), "net {m} {ch}: {a:?} vs {e:?}");
        }
    }
    println!("largest unique-user deviation: {:.2}%", worst * 100.0);
    let gross: i64 = actual.iter().flatten().map(|c| c.2).sum();
    let net: i64 = actual.iter().flatten().map(|c| c.3).sum();
    assert_eq!((gross, net), (72_823, 68_801));
}

#[test]
fn nps() {
    let d = course();
    let expected = [
        2.36, 30.54, 52.91, 53.00, 54.52, 65.02, 64.51, 67.71, 37.95, 53.29, 61.29, 65.99,
    ];
    assert_eq!(d.nps("raw_data.nps"), expected);
    let raw = d.table("raw_data.nps");
    let prod = d.table("prod.nps");
    assert!(raw.rows.len() >= 150_000);
    assert_eq!(raw.rows, prod.rows);
    assert_eq!(prod.columns[1].name, "created_at");
    assert!(prod.columns[0].primary_key);
    let ids: HashSet<i64> = prod.rows.iter().map(|r| int(&r[0])).collect();
    assert_eq!(ids.len(), prod.rows.len());
}

#[test]
fn teaching_tables() {
    let d = course();
    let values: Vec<Option<i64>> = d
        .table("raw_data.count_test")
        .rows
        .iter()
        .map(|r| match r[0] {
            Cell::Null => None,
            Cell::Int(v) => Some(v),
            _ => panic!("INT"),
        })
        .collect();
    let distinct: HashSet<i64> = values.iter().flatten().copied().collect();
    let counts = (
        values.len(),
        values.len(),
        0,
        values.iter().flatten().count(),
        distinct.len(),
    );
    assert_eq!(counts, (7, 7, 0, 6, 4));
    let flags: Vec<Cell> = d
        .table("raw_data.boolean_test")
        .rows
        .iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(
        flags,
        [
            Cell::Bool(true),
            Cell::Bool(false),
            Cell::Bool(true),
            Cell::Null,
            Cell::Bool(false)
        ]
    );
    let vital: Vec<i64> = d
        .table("raw_data.vital")
        .rows
        .iter()
        .map(|r| int(&r[1]))
        .collect();
    let alert: Vec<Option<i64>> = d
        .table("raw_data.alert")
        .rows
        .iter()
        .map(|r| {
            if let Cell::Int(v) = r[1] {
                Some(v)
            } else {
                None
            }
        })
        .collect();
    let inner = vital
        .iter()
        .map(|v| alert.iter().filter(|a| **a == Some(*v)).count())
        .sum::<usize>();
    let left: usize = vital
        .iter()
        .map(|v| alert.iter().filter(|a| **a == Some(*v)).count().max(1))
        .sum();
    let unmatched_alerts = alert
        .iter()
        .filter(|a| a.is_none_or(|v| !vital.contains(&v)))
        .count();
    assert_eq!(
        (
            inner,
            left,
            left + unmatched_alerts,
            vital.len() * alert.len()
        ),
        (1, 4, 6, 12)
    );
}

#[test]
fn plausible_behaviour() {
    let d = course();
    for (user, indices) in d.per_user() {
        let days: HashSet<_> = indices.iter().map(|&i| d.sessions[i].ts.date()).collect();
        assert!(days.len() >= 2, "user {user} has all sessions on one day");
        let times: HashSet<_> = indices.iter().map(|&i| d.sessions[i].ts).collect();
        assert_eq!(
            times.len(),
            indices.len(),
            "user {user} has two sessions at one instant"
        );
        let channels: HashSet<_> = indices.iter().map(|&i| d.sessions[i].channel).collect();
        if indices.len() >= 20 {
            assert!(channels.len() >= 3, "user {user} uses varied channels");
        }
        if indices.len() >= 50 {
            let mut hours = [0usize; 24];
            for &i in &indices {
                hours[d.sessions[i].ts.hour() as usize] += 1;
            }
            let best = (0..24)
                .map(|start| (0..9).map(|k| hours[(start + k) % 24]).sum::<usize>())
                .max()
                .unwrap();
            assert!(
                best * 10 >= indices.len() * 8,
                "user {user} has habitual hours"
            );
        }
    }
}

#[test]
fn sources() {
    let files = generate_sources(COURSE_SEED);
    let names: Vec<&str> = files.iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "name_gender.csv",
            "countries.json",
            "seoul_weather.json",
            "stock_prices.csv"
        ]
    );
    let csv = String::from_utf8(files[0].bytes.clone()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("name,gender"));
    let rows: Vec<(&str, &str)> = lines.map(|l| l.split_once(',').unwrap()).collect();
    assert_eq!(rows.len(), 100);
    let distinct: HashSet<&str> = rows.iter().map(|r| r.0).collect();
    assert_eq!(distinct.len(), 100);
    for (name, _) in &rows {
        assert!(
            name.starts_with('A') && (4..=10).contains(&name.len()),
            "{name}"
        );
        assert!(name.chars().all(|c| c.is_ascii_alphabetic()));
    }
    let count = |g: &str| rows.iter().filter(|r| r.1 == g).count();
    assert_eq!((count("F"), count("M"), count("Unisex")), (65, 28, 7));

    let countries = String::from_utf8(files[1].bytes.clone()).unwrap();
    assert_eq!(countries.matches("\"official\"").count(), 250);
    assert!(countries.starts_with('[') && countries.trim_end().ends_with(']'));

    let weather = String::from_utf8(files[2].bytes.clone()).unwrap();
    assert_eq!(weather.matches("\"date\"").count(), 8);
    assert_eq!(weather.lines().count(), 8, "one JSON object per line");

    let stock = String::from_utf8(files[3].bytes.clone()).unwrap();
    let mut lines = stock.lines();
    assert_eq!(lines.next(), Some("date,open,high,low,close,volume"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 21);
    for row in rows {
        let f: Vec<&str> = row.split(',').collect();
        let day = chrono::NaiveDate::parse_from_str(f[0], "%Y-%m-%d").unwrap();
        assert!(
            day.weekday().num_days_from_monday() < 5,
            "{day} is a weekday"
        );
        let p: Vec<f64> = f[1..5].iter().map(|v| v.parse().unwrap()).collect();
        let (open, high, low, close) = (p[0], p[1], p[2], p[3]);
        assert!(high >= open.max(close) && low <= open.min(close), "{row}");
    }
}

#[test]
fn table_names_match_generation_order() {
    let generated: Vec<String> = course()
        .tables
        .iter()
        .map(|t| format!("{}.{}", t.schema, t.name))
        .collect();
    assert_eq!(generated, table_names());
    for t in &course().tables {
        assert!(!t.rows.is_empty());
        assert!(t.rows.iter().all(|r| r.len() == t.columns.len()));
    }
}

#[test]
fn single_tables_match_the_full_set() {
    for name in ["raw_data.session_transaction", "prod.nps", "raw_data.alert"] {
        let alone = generate_table(COURSE_SEED, name).expect("a known table");
        assert!(&alone == course().table(name), "{name}");
    }
    assert!(generate_table(COURSE_SEED, "raw_data.missing").is_none());
}

#[test]
fn deterministic_with_reference_hashes() {
    let again = generate_tables(COURSE_SEED);
    assert!(again == course().tables, "same seed, same tables");
    let tables: Vec<(String, u64)> = again
        .iter()
        .map(|t| (format!("{}.{}", t.schema, t.name), table_hash(t)))
        .collect();
    let sources: Vec<(String, u64)> = generate_sources(COURSE_SEED)
        .iter()
        .map(|f| (f.name.to_string(), source_hash(f)))
        .collect();
    assert_eq!(generate_sources(COURSE_SEED), generate_sources(COURSE_SEED));
    let expected = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
        list.iter().map(|&(n, h)| (n.to_string(), h)).collect()
    };
    assert_eq!(tables, expected(&COURSE_TABLE_HASHES));
    assert_eq!(sources, expected(&COURSE_SOURCE_HASHES));
}

#[test]
fn hidden_seed_differs() {
    let hidden = Data::new(7);
    let course = course();
    assert_ne!(hidden.sessions_per_month(), course.sessions_per_month());
    assert_ne!(hidden.mau(), course.mau());
    assert_ne!(
        hidden.revenue_ranking()[..10],
        course.revenue_ranking()[..10]
    );
    assert_ne!(hidden.nps("raw_data.nps"), course.nps("raw_data.nps"));
    for small in [
        "raw_data.channel",
        "raw_data.count_test",
        "raw_data.boolean_test",
        "raw_data.vital",
        "raw_data.alert",
    ] {
        assert_eq!(hidden.table(small), course.table(small));
    }
    for t in &hidden.tables {
        assert!(!t.rows.is_empty());
    }
}

/// Checks every exact figure of `seed`'s data against its own targets (the
/// course's for [`COURSE_SEED`], perturbed ones otherwise).
fn check_against_targets(seed: u64) {
    use super::targets::Targets;
    let t = Targets::for_seed(seed);
    let d = Data::new(seed);
    let months: Vec<usize> = t.month_sessions.iter().map(|&v| v as usize).collect();
    assert_eq!(d.sessions_per_month().to_vec(), months, "seed {seed}");
    let mau: Vec<usize> = (0..7).map(|m| t.mau(m) as usize).collect();
    assert_eq!(d.mau().to_vec(), mau, "seed {seed}");
    let mut channel_sessions = [0u32; 6];
    let mut channel_users: Vec<HashSet<i64>> = vec![HashSet::new(); 6];
    let mut hours = [0u32; 24];
    let mut dows = [0u32; 7];
    let mut pairs = [[0u32; 24]; 7];
    for s in &d.sessions {
        channel_sessions[s.channel] += 1;
        channel_users[s.channel].insert(s.user);
        let h = s.ts.hour() as usize;
        let dow = s.ts.weekday().num_days_from_sunday() as usize;
        hours[h] += 1;
        dows[dow] += 1;
        pairs[dow][h] += 1;
    }
    assert_eq!(channel_sessions, t.channel_sessions, "seed {seed}");
    let users: Vec<u32> = channel_users.iter().map(|u| u.len() as u32).collect();
    assert_eq!(users, t.channel_users, "seed {seed}");
    assert_eq!(hours, t.hours, "seed {seed}");
    assert_eq!(dows[5], t.friday_sessions, "seed {seed}");
    assert!(
        dows.iter()
            .enumerate()
            .all(|(i, &n)| i == 5 || n < t.friday_sessions),
        "seed {seed}: {dows:?}"
    );
    let peak = t.peak_hour();
    assert_eq!(pairs[5][peak], t.friday_peak_sessions, "seed {seed}");
    for (dow, row) in pairs.iter().enumerate() {
        for (h, &n) in row.iter().enumerate() {
            assert!(
                (dow, h) == (5, peak) || n < t.friday_peak_sessions,
                "seed {seed}: ({dow}, {h}) has {n}"
            );
        }
    }
    let per_user = d.per_user();
    let busiest = per_user.iter().map(|(&u, v)| (v.len(), u)).max().unwrap();
    assert_eq!(
        busiest,
        (t.max_user_sessions as usize, i64::from(t.max_user)),
        "seed {seed}"
    );
    assert_eq!(
        per_user[&i64::from(t.daily_user)].len(),
        t.daily_user_sessions as usize
    );
    let ranking = d.revenue_ranking();
    let top: Vec<(i64, i64)> = t
        .top_payers
        .iter()
        .map(|&(u, v)| (i64::from(u), i64::from(v)))
        .collect();
    assert_eq!(ranking[..10].to_vec(), top, "seed {seed}");
    assert!(ranking[10].1 < top[9].1);
    let summary = d.channel_summary();
    for m in 0..7 {
        for ch in 0..6 {
            let (a, e) = (summary[m][ch], t.summary[m][ch]);
            assert!(
                (a.0 as i64 - i64::from(e.users)).abs() * 20 <= i64::from(e.users),
                "seed {seed} users {m} {ch}"
            );
            assert_eq!(
                (a.1 as u32, a.2 as u32, a.3 as u32),
                (e.payers, e.gross, e.net),
                "seed {seed} cell {m} {ch}"
            );
        }
    }
    let zero = d.transactions.iter().filter(|x| x.2 == 0).count() as u32;
    let refunded = d.transactions.iter().filter(|x| x.1).count() as u32;
    assert_eq!(
        (zero, refunded),
        (t.zero_transactions, t.refunded_transactions),
        "seed {seed}"
    );
    let nps: Vec<f64> = t.nps.iter().map(|&v| f64::from(v) / 100.0).collect();
    assert_eq!(d.nps("raw_data.nps"), nps, "seed {seed}");
}

#[test]
fn course_meets_targets() {
    check_against_targets(COURSE_SEED);
}

#[test]
fn hidden_seeds_meet_their_targets() {
    for seed in [1, 7, 99, 2024] {
        check_against_targets(seed);
    }
}
