//! The message protocol between the page and the engine worker, and the
//! worker's request handler (plain Rust, so it is tested natively).

pub mod lessons;

use serde::{Deserialize, Serialize};

use crate::datasets::{self, COURSE_SEED};
use crate::engine::{outcome::RunOutput, Engine};
use lessons::{LessonRequest, LessonResponse, LessonService};

/// A request from the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Run a script; the reply carries the same id.
    Run {
        /// Chosen by the page to match the reply.
        id: u64,
        /// The SQL script.
        script: String,
    },
    /// Regenerate the course tables and compare their hashes with the
    /// recorded ones (same bytes in wasm as natively).
    VerifyData,
    /// Export the course tables and the learner's own as a ZIP of CSV files
    /// with `schema.sql` and `load.sql`.
    Export,
    /// Read the course or check an answer.
    Lessons(LessonRequest),
}

/// A message from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// A table is being generated and loaded.
    Loading {
        /// `schema.table`.
        table: String,
        /// 1-based position.
        index: usize,
        /// How many tables there are.
        total: usize,
    },
    /// The engine is loaded and accepts requests.
    Ready {
        /// Milliseconds the datasets took to generate and load.
        load_ms: f64,
    },
    /// Loading failed; queries still run on an empty warehouse.
    LoadFailed(String),
    /// The outcome of a `Run`.
    Ran {
        /// The request's id.
        id: u64,
        /// What the script did.
        output: RunOutput,
    },
    /// The outcome of `Export`: the ZIP archive.
    Exported {
        /// The archive's bytes (a `Uint8Array` on the JavaScript side).
        #[serde(with = "serde_bytes")]
        zip: Vec<u8>,
        /// How many files it holds.
        files: usize,
    },
    /// The outcome of `VerifyData`: tables whose hash differs.
    DataVerified {
        /// How many tables were checked.
        checked: usize,
        /// Names of tables whose bytes differ from the native build's.
        mismatched: Vec<String>,
    },
    /// The answer to a `Lessons` request.
    Lessons(LessonResponse),
}

/// The worker's state: the engine it owns, and the lessons and grader.
pub struct Handler {
    engine: Engine,
    lessons: LessonService,
}

impl Handler {
    /// A handler with the course datasets loaded; `progress` hears each step.
    pub fn start(mut progress: impl FnMut(Response)) -> Self {
        let mut engine = Engine::new();
        let started = web_time::Instant::now();
        let loaded = datasets::load_seed(&mut engine, COURSE_SEED, |table, index, total| {
            progress(Response::Loading {
                table: table.to_owned(),
                index,
                total,
            })
        });
        progress(match loaded {
            Ok(()) => Response::Ready {
                load_ms: started.elapsed().as_secs_f64() * 1000.0,
            },
            Err(error) => Response::LoadFailed(error.render("en")),
        });
        Self {
            engine,
            lessons: LessonService::default(),
        }
    }

    /// Answers one request.
    pub fn handle(&mut self, request: Request) -> Response {
        match request {
            Request::Run { id, script } => Response::Ran {
                id,
                output: self.engine.run(&script),
            },
            Request::Export => {
                let schemas: Vec<String> = self
                    .engine
                    .storage()
                    .schemas()
                    .map(|(name, _)| name.clone())
                    .filter(|name| {
                        crate::engine::catalog::is_visible_schema(name) && name != "pg_temp"
                    })
                    .collect();
                let schemas: Vec<&str> = schemas.iter().map(String::as_str).collect();
                let files = datasets::export::export(self.engine.storage(), &schemas);
                Response::Exported {
                    zip: datasets::export::zip(&files),
                    files: files.len(),
                }
            }
            Request::Lessons(request) => {
                Response::Lessons(self.lessons.handle(request, &self.engine))
            }
            Request::VerifyData => {
                let tables = datasets::generate_tables(COURSE_SEED);
                let checked = tables.len();
                let mismatched = tables
                    .iter()
                    .filter_map(|table| {
                        let name = format!("{}.{}", table.schema, table.name);
                        let recorded = datasets::COURSE_TABLE_HASHES
                            .iter()
                            .find(|(n, _)| *n == name)
                            .map(|(_, h)| *h);
                        (recorded != Some(datasets::table_hash(table))).then_some(name)
                    })
                    .collect();
                Response::DataVerified {
                    checked,
                    mismatched,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_with_progress_then_answers() {
        let mut seen = Vec::new();
        let mut handler = Handler::start(|r| seen.push(r));
        assert!(matches!(
            seen.first(),
            Some(Response::Loading { index: 1, .. })
        ));
        assert!(matches!(seen.last(), Some(Response::Ready { .. })));
        let Response::Ran { output, .. } = handler.handle(Request::Run {
            id: 1,
            script: "SELECT COUNT(*) FROM raw_data.session_timestamp".into(),
        }) else {
            panic!("a run answers Ran");
        };
        assert_eq!(
            output.last_rows().map(|r| r.rows[0][0].to_text()),
            Some("101520".into())
        );
        assert_eq!(
            handler.handle(Request::VerifyData),
            Response::DataVerified {
                checked: 10,
                mismatched: Vec::new()
            }
        );
    }
}
