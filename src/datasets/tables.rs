//! Assembles the preloaded tables, lazily and in load order, sharing the
//! session log and the NPS responses between the tables built from them.

use super::calendar::{at_ms, log_dates};
use super::nps::{self, Response};
use super::sessions::{self, hex_id, SessionLog};
use super::targets::{Targets, CHANNEL_NAMES};
use super::teaching;
use super::transactions;
use super::{Cell, ColumnSpec, TableData};

/// The preloaded tables in load order.
pub(crate) const TABLE_NAMES: [&str; 10] = [
    "raw_data.user_session_channel",
    "raw_data.session_timestamp",
    "raw_data.session_transaction",
    "raw_data.channel",
    "raw_data.nps",
    "prod.nps",
    "raw_data.count_test",
    "raw_data.boolean_test",
    "raw_data.vital",
    "raw_data.alert",
];

/// The preloaded tables of one seed, generated one at a time in
/// [`table_names`](super::table_names) order. State shared by several tables
/// (the session log, the NPS responses) is generated once, when first needed.
pub struct Tables {
    seed: u64,
    targets: Targets,
    next: usize,
    log: Option<SessionLog>,
    nps: Option<Vec<Response>>,
}

impl Tables {
    pub(crate) fn new(seed: u64) -> Self {
        Tables {
            seed,
            targets: Targets::for_seed(seed),
            next: 0,
            log: None,
            nps: None,
        }
    }

    /// Builds the table named `schema.table`, or `None` for an unknown name.
    pub fn table(&mut self, name: &str) -> Option<TableData> {
        let table = match name {
            "raw_data.user_session_channel" => user_session_channel(self.log()),
            "raw_data.session_timestamp" => session_timestamp(self.log()),
            "raw_data.session_transaction" => {
                let (seed, targets) = (self.seed, &self.targets);
                let log = self
                    .log
                    .get_or_insert_with(|| sessions::generate(seed, targets));
                session_transaction(log, &transactions::generate(seed, targets, log))
            }
            "raw_data.channel" => teaching::channel(),
            "raw_data.nps" => nps_table(self.responses(), "raw_data", "created", false),
            "prod.nps" => nps_table(self.responses(), "prod", "created_at", true),
            "raw_data.count_test" => teaching::count_test(),
            "raw_data.boolean_test" => teaching::boolean_test(),
            "raw_data.vital" => teaching::vital(),
            "raw_data.alert" => teaching::alert(),
            _ => return None,
        };
        Some(table)
    }

    fn log(&mut self) -> &SessionLog {
        let (seed, targets) = (self.seed, &self.targets);
        self.log
            .get_or_insert_with(|| sessions::generate(seed, targets))
    }

    fn responses(&mut self) -> &[Response] {
        let (seed, targets) = (self.seed, &self.targets);
        self.nps.get_or_insert_with(|| nps::generate(seed, targets))
    }
}

impl Iterator for Tables {
    type Item = TableData;

    fn next(&mut self) -> Option<TableData> {
        let name = TABLE_NAMES.get(self.next)?;
        self.next += 1;
        self.table(name)
    }
}

fn column(name: &'static str, sql_type: &'static str, primary_key: bool) -> ColumnSpec {
    ColumnSpec {
        name,
        sql_type,
        primary_key,
    }
}

fn user_session_channel(log: &SessionLog) -> TableData {
    TableData {
        schema: "raw_data",
        name: "user_session_channel",
        columns: vec![
            column("userid", "INT", false),
            column("sessionid", "VARCHAR(32)", true),
            column("channel", "VARCHAR(32)", false),
        ],
        rows: log
            .sessions
            .iter()
            .map(|s| {
                vec![
                    Cell::Int(i64::from(log.population.users[s.user as usize].id)),
                    Cell::Text(hex_id(&s.id)),
                    Cell::Text(CHANNEL_NAMES[usize::from(s.channel)].to_string()),
                ]
            })
            .collect(),
    }
}

fn session_timestamp(log: &SessionLog) -> TableData {
    let dates = log_dates();
    TableData {
        schema: "raw_data",
        name: "session_timestamp",
        columns: vec![
            column("sessionid", "VARCHAR(32)", true),
            column("ts", "TIMESTAMP", false),
        ],
        rows: log
            .sessions
            .iter()
            .map(|s| {
                vec![
                    Cell::Text(hex_id(&s.id)),
                    Cell::Timestamp(at_ms(dates[usize::from(s.day)], s.ms)),
                ]
            })
            .collect(),
    }
}

fn session_transaction(log: &SessionLog, rows: &[transactions::Transaction]) -> TableData {
    TableData {
        schema: "raw_data",
        name: "session_transaction",
        columns: vec![
            column("sessionid", "VARCHAR(32)", true),
            column("refunded", "BOOLEAN", false),
            column("amount", "INT", false),
        ],
        rows: rows
            .iter()
            .map(|t| {
                vec![
                    Cell::Text(hex_id(&log.sessions[t.session].id)),
                    Cell::Bool(t.refunded),
                    Cell::Int(i64::from(t.amount)),
                ]
            })
            .collect(),
    }
}

fn nps_table(
    responses: &[Response],
    schema: &'static str,
    created: &'static str,
    id_is_key: bool,
) -> TableData {
    TableData {
        schema,
        name: "nps",
        columns: vec![
            column("id", "INT", id_is_key),
            column(created, "TIMESTAMP", false),
            column("score", "SMALLINT", false),
        ],
        rows: responses
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    Cell::Int(i as i64 + 1),
                    Cell::Timestamp(r.created),
                    Cell::Int(r.score),
                ]
            })
            .collect(),
    }
}
