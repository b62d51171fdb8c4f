//! The message protocol between the page and the engine worker, and the
//! worker's request handler (plain Rust, so it is tested natively).

#[cfg(target_arch = "wasm32")]
pub mod host;
pub mod lessons;

use serde::{Deserialize, Serialize};

use crate::datasets::{self, COURSE_SEED};
use crate::engine::catalog::{self, CatalogTree};
use crate::engine::error::{EngineError, Message};
use crate::engine::import::{self, ImportPlan};
use crate::engine::outcome::{RunOutput, StatementResult};
use crate::engine::workspace::WorkspaceWatch;
use crate::engine::Engine;
use lessons::{LessonRequest, LessonResponse, LessonService};

/// A request from the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Run a script: a `Statement` after each statement, then `Ran`.
    Run {
        /// Chosen by the page to match the replies.
        id: u64,
        /// The SQL script.
        script: String,
    },
    /// Replace the learner's schemas with a saved workspace image:
    /// `Restored` or `RestoreFailed`.
    Restore {
        /// An image from `Statement`, `Imported` (or `Engine::save_workspace`).
        #[serde(with = "serde_bytes")]
        workspace: Vec<u8>,
    },
    /// The schemas, tables and columns: `Catalog`.
    Catalog,
    /// Read a CSV file and plan its table: `ImportPreview` or `ImportFailed`.
    ImportPreview {
        /// The file's name (the table is named after it).
        file: String,
        /// The file's bytes.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Import a CSV file into `adhoc`: `Imported` or `ImportFailed`.
    Import {
        /// The file's name.
        file: String,
        /// The file's bytes (the same as for the preview).
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        /// The table name the learner chose (without `adhoc.`); None for
        /// the one the preview suggested.
        table: Option<String>,
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
    /// One statement of a `Run` completed.
    Statement {
        /// The request's id.
        id: u64,
        /// What the statement did.
        result: StatementResult,
        /// The learner's workspace image, when this statement changed the
        /// committed schemas or tables (None for queries, failed or undone
        /// statements, and statements inside an open transaction).
        #[serde(with = "serde_bytes")]
        workspace: Option<Vec<u8>>,
    },
    /// The outcome of a `Run`, after its `Statement`s.
    Ran {
        /// The request's id.
        id: u64,
        /// What the script did.
        output: RunOutput,
    },
    /// The workspace image was restored.
    Restored {
        /// How many of the learner's tables it held.
        tables: usize,
    },
    /// The image was refused (damaged or of another version); the engine
    /// keeps what it had (the course datasets right after start).
    RestoreFailed {
        /// Why, in Korean.
        ko: String,
        /// Why, in English.
        en: String,
    },
    /// The answer to `Catalog`.
    Catalog(CatalogTree),
    /// The plan of an `ImportPreview`.
    ImportPreview(ImportPlan),
    /// An `Import` loaded its table.
    Imported {
        /// The new table, `adhoc.name`.
        table: String,
        /// How many rows it holds.
        rows: usize,
        /// The learner's workspace image with the new table.
        #[serde(with = "serde_bytes")]
        workspace: Option<Vec<u8>>,
    },
    /// An `ImportPreview` or `Import` was refused; nothing was imported.
    ImportFailed {
        /// Why, in Korean.
        ko: String,
        /// Why, in English.
        en: String,
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

/// The worker's state: the engine it owns, and what the page last got
/// of the learner's workspace.
pub struct Handler {
    engine: Engine,
    watch: WorkspaceWatch,
    lessons: LessonService,
    /// While the course is being fetched: the lesson requests since, in order.
    waiting: Option<Vec<LessonRequest>>,
}

/// What the worker's host must do after [`Handler::handle`].
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Nothing.
    Nothing,
    /// Fetch the course bundle (`lessons::bundle::FILE`) and hand it to
    /// [`Handler::course_fetched`]; requests wait until then.
    Course,
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
        Self::with_engine(engine)
    }

    fn with_engine(engine: Engine) -> Self {
        let watch = WorkspaceWatch::new(&engine);
        Self {
            engine,
            watch,
            lessons: LessonService::default(),
            waiting: None,
        }
    }

    /// Answers one request, posting each response as it is ready (a `Run`
    /// posts one per statement, then its outcome). The first lesson request
    /// asks for the course bundle; lesson requests wait for it, in order,
    /// while the others are answered at once (checks run in the grader's own
    /// engine, so a run in between changes nothing they see).
    pub fn handle(&mut self, request: Request, post: &mut dyn FnMut(Response)) -> Need {
        match request {
            Request::Lessons(request) if !self.lessons.loaded() => {
                let first = self.waiting.is_none();
                self.waiting.get_or_insert_with(Vec::new).push(request);
                if first {
                    Need::Course
                } else {
                    Need::Nothing
                }
            }
            request => {
                self.answer(request, post);
                Need::Nothing
            }
        }
    }

    /// The course bundle, or why it could not be fetched: loads it, then
    /// answers the requests that waited. When there is no course, lesson
    /// requests get the reason and the next one asks for the bundle again.
    pub fn course_fetched(
        &mut self,
        fetched: Result<Vec<u8>, String>,
        post: &mut dyn FnMut(Response),
    ) {
        let failure = match fetched {
            Ok(bundle) => self.lessons.load(&bundle).err(),
            Err(error) => Some(Message::new(
                format!("레슨을 내려받지 못했습니다: {error}"),
                format!("The lessons could not be downloaded: {error}"),
            )),
        };
        for request in self.waiting.take().unwrap_or_default() {
            post(Response::Lessons(match &failure {
                Some(why) => LessonService::unavailable(request, why.clone()),
                None => self.lessons.handle(request, &self.engine),
            }));
        }
    }

    fn answer(&mut self, request: Request, post: &mut dyn FnMut(Response)) {
        match request {
            Request::Run { id, script } => {
                let watch = &mut self.watch;
                let output = self.engine.run_each(&script, |result, engine| {
                    post(Response::Statement {
                        id,
                        result: result.clone(),
                        workspace: image_if_changed(watch, engine),
                    })
                });
                post(Response::Ran { id, output });
            }
            Request::Restore { workspace } => {
                post(match self.engine.restore_workspace(&workspace) {
                    Ok(tables) => Response::Restored { tables },
                    Err(error) => Response::RestoreFailed {
                        ko: error.message.ko.clone(),
                        en: error.message.en.clone(),
                    },
                });
                self.watch = WorkspaceWatch::new(&self.engine);
            }
            Request::Catalog => post(Response::Catalog(catalog::tree(self.engine.storage()))),
            Request::ImportPreview { file, bytes } => post(
                match import::plan(&file, &bytes, None, self.engine.storage()) {
                    Ok(plan) => Response::ImportPreview(plan),
                    Err(error) => import_failed(&error),
                },
            ),
            Request::Import { file, bytes, table } => {
                post(match self.engine.import(&file, &bytes, table.as_deref()) {
                    Ok(imported) => Response::Imported {
                        table: imported.table,
                        rows: imported.rows,
                        workspace: image_if_changed(&mut self.watch, &self.engine),
                    },
                    Err(error) => import_failed(&error),
                })
            }
            Request::Export => post(self.export()),
            Request::VerifyData => post(verify_data()),
            Request::Lessons(request) => post(Response::Lessons(
                self.lessons.handle(request, &self.engine),
            )),
        }
    }

    fn export(&self) -> Response {
        let schemas: Vec<String> = self
            .engine
            .storage()
            .schemas()
            .map(|(name, _)| name.clone())
            .filter(|name| catalog::is_visible_schema(name) && name != "pg_temp")
            .collect();
        let schemas: Vec<&str> = schemas.iter().map(String::as_str).collect();
        let files = datasets::export::export(self.engine.storage(), &schemas);
        Response::Exported {
            zip: datasets::export::zip(&files),
            files: files.len(),
        }
    }
}

/// The workspace image when the learner's committed work changed since the
/// page last got one. An image that cannot be written (not expected: the
/// values are plain data) leaves the page with its last one until the next
/// statement tries again.
fn image_if_changed(watch: &mut WorkspaceWatch, engine: &Engine) -> Option<Vec<u8>> {
    watch.image_if_changed(engine).and_then(Result::ok)
}

fn import_failed(error: &EngineError) -> Response {
    Response::ImportFailed {
        ko: error.message.ko.clone(),
        en: error.message.en.clone(),
    }
}

fn verify_data() -> Response {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::outcome::Output;

    fn answers(handler: &mut Handler, request: Request) -> Vec<Response> {
        let mut posted = Vec::new();
        let need = handler.handle(request, &mut |response| posted.push(response));
        assert_eq!(need, Need::Nothing);
        posted
    }

    fn run(handler: &mut Handler, script: &str) -> Vec<Response> {
        answers(
            handler,
            Request::Run {
                id: 7,
                script: script.to_owned(),
            },
        )
    }

    /// The response when there is exactly one.
    fn only(mut responses: Vec<Response>) -> Option<Response> {
        (responses.len() == 1).then(|| responses.remove(0))
    }

    fn empty() -> Handler {
        Handler::with_engine(Engine::new())
    }

    /// The last workspace image among the responses.
    fn last_image(responses: &[Response]) -> Option<Vec<u8>> {
        responses.iter().rev().find_map(|r| match r {
            Response::Statement {
                workspace: Some(image),
                ..
            }
            | Response::Imported {
                workspace: Some(image),
                ..
            } => Some(image.clone()),
            _ => None,
        })
    }

    fn count(handler: &mut Handler, table: &str) -> Option<String> {
        let responses = run(handler, &format!("SELECT COUNT(*) FROM {table}"));
        let Some(Response::Ran { output, .. }) = responses.last() else {
            return None;
        };
        output.last_rows().map(|r| r.rows[0][0].to_text())
    }

    #[test]
    fn the_first_lesson_request_fetches_the_course_and_lesson_requests_wait_for_it() {
        let mut handler = empty();
        let mut posted = Vec::new();
        let mut post = |response| posted.push(response);
        let outline = Request::Lessons(LessonRequest::Outline);
        let lesson = Request::Lessons(LessonRequest::Lesson {
            id: "week3/01-joins".into(),
        });
        assert_eq!(handler.handle(outline.clone(), &mut post), Need::Course);
        assert_eq!(handler.handle(lesson.clone(), &mut post), Need::Nothing);
        assert_eq!(handler.handle(Request::Catalog, &mut post), Need::Nothing);
        assert!(
            matches!(&posted[..], [Response::Catalog(_)]),
            "only the lesson requests wait"
        );

        posted.clear();
        handler.course_fetched(Err("offline".into()), &mut |r| posted.push(r));
        assert!(matches!(
            &posted[..],
            [
                Response::Lessons(LessonResponse::Failed(why)),
                Response::Lessons(LessonResponse::Failed(_)),
            ] if why.en.contains("offline")
        ));

        posted.clear();
        assert_eq!(
            handler.handle(outline.clone(), &mut |r| posted.push(r)),
            Need::Course,
            "after a failure, the next lesson request fetches again"
        );
        let course = crate::lessons::course().unwrap();
        let bundle = crate::lessons::bundle::encode(&course).unwrap();
        handler.course_fetched(Ok(bundle), &mut |r| posted.push(r));
        assert!(matches!(
            &posted[..],
            [Response::Lessons(LessonResponse::Outline(outline))] if outline.weeks.len() == 6
        ));
        assert_eq!(answers(&mut handler, outline).len(), 1, "loaded once");
    }

    #[test]
    fn a_damaged_course_bundle_fails_the_waiting_lesson_requests() {
        let mut handler = empty();
        let need = handler.handle(Request::Lessons(LessonRequest::Outline), &mut |_| {});
        assert_eq!(need, Need::Course);
        let mut posted = Vec::new();
        handler.course_fetched(Ok(b"<html>404</html>".to_vec()), &mut |r| posted.push(r));
        assert!(matches!(
            &posted[..],
            [Response::Lessons(LessonResponse::Failed(why))] if why.en.contains("could not be read")
        ));
    }

    #[test]
    fn loads_with_progress_then_answers() {
        let mut seen = Vec::new();
        let mut handler = Handler::start(|r| seen.push(r));
        assert!(matches!(
            seen.first(),
            Some(Response::Loading { index: 1, .. })
        ));
        assert!(matches!(seen.last(), Some(Response::Ready { .. })));
        assert_eq!(
            count(&mut handler, "raw_data.session_timestamp"),
            Some("101520".into())
        );
        assert_eq!(
            answers(&mut handler, Request::VerifyData),
            [Response::DataVerified {
                checked: 10,
                mismatched: Vec::new()
            }]
        );
        // The datasets are not the learner's: a restore keeps them.
        let image = Engine::new().save_workspace().expect("saved");
        assert_eq!(
            answers(&mut handler, Request::Restore { workspace: image }),
            [Response::Restored { tables: 0 }]
        );
        assert_eq!(
            count(&mut handler, "raw_data.session_timestamp"),
            Some("101520".into())
        );
    }

    #[test]
    fn a_run_posts_each_statement_with_an_image_when_the_work_changed() {
        let mut handler = empty();
        let script = "SELECT 1; CREATE TABLE adhoc.t (a INT); INSERT INTO adhoc.t VALUES (1);\
                      SELECT * FROM adhoc.t; SHOW TABLES; EXPLAIN INSERT INTO adhoc.t VALUES (9);\
                      BEGIN; INSERT INTO adhoc.t VALUES (2); COMMIT; BEGIN; DELETE FROM adhoc.t; ROLLBACK;\
                      CREATE TEMP TABLE scratch AS SELECT 1 AS x; CREATE SCHEMA mine;\
                      INSERT INTO adhoc.t VALUES ('not a number'); SELECT 2";
        let responses = run(&mut handler, script);
        let images: Vec<(usize, bool)> = responses
            .iter()
            .filter_map(|r| match r {
                Response::Statement {
                    id: 7,
                    result,
                    workspace,
                } => Some((result.number, workspace.is_some())),
                _ => None,
            })
            .collect();
        let changed: Vec<usize> = images.iter().filter(|(_, i)| *i).map(|(n, _)| *n).collect();
        assert_eq!(
            images.len(),
            14,
            "every completed statement, not the failed one"
        );
        assert_eq!(
            changed,
            [2, 3, 9, 14],
            "CREATE, INSERT, COMMIT, CREATE SCHEMA"
        );
        let Some(Response::Ran { id: 7, output }) = responses.last() else {
            panic!("a run ends with Ran");
        };
        assert_eq!(output.statements.len(), 14);
        assert_eq!(output.error.as_ref().and_then(|e| e.statement), Some(15));
    }

    #[test]
    fn a_restarted_worker_restores_the_state_before_the_stopped_statement() {
        let mut handler = empty();
        let first = run(
            &mut handler,
            "CREATE TABLE adhoc.t (a INT); INSERT INTO adhoc.t VALUES (1), (2); CREATE TEMP TABLE scratch (b INT)",
        );
        let image = last_image(&first).expect("an image");
        // Inside a transaction nothing is committed: the image stays as it was.
        let second = run(&mut handler, "BEGIN; INSERT INTO adhoc.t VALUES (3)");
        assert_eq!(last_image(&second), None);

        let mut restarted = empty();
        assert_eq!(
            answers(&mut restarted, Request::Restore { workspace: image }),
            [Response::Restored { tables: 1 }]
        );
        assert_eq!(count(&mut restarted, "adhoc.t"), Some("2".into()));
        assert_eq!(
            count(&mut restarted, "scratch"),
            None,
            "temporary tables end with the session"
        );
        // The restored state is the watched one: a query posts no image.
        assert_eq!(
            last_image(&run(&mut restarted, "SELECT * FROM adhoc.t")),
            None
        );
    }

    #[test]
    fn damaged_or_outdated_images_are_refused_and_the_engine_stays_usable() {
        let mut handler = empty();
        let image = last_image(&run(
            &mut handler,
            "CREATE TABLE adhoc.t (a INT); INSERT INTO adhoc.t VALUES (1)",
        ))
        .expect("an image");
        let mut older = image.clone();
        // The version follows the 4-byte magic, as a varint: 1 becomes 0.
        assert_eq!(older[4], 1);
        older[4] = 0;
        let random: Vec<u8> = (0..200u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let cases = [
            (image[..image.len() / 2].to_vec(), "damaged"),
            (image[..5].to_vec(), "damaged"),
            (random, "not a Tabhouse workspace"),
            (Vec::new(), "not a Tabhouse workspace"),
            (older, "format version 0"),
        ];
        let mut fresh = empty();
        for (bytes, why) in cases {
            let responses = answers(&mut fresh, Request::Restore { workspace: bytes });
            let [Response::RestoreFailed { ko, en }] = responses.as_slice() else {
                panic!("refused: {responses:?}");
            };
            assert!(en.contains(why), "{en}");
            assert!(!ko.is_empty());
        }
        assert_eq!(count(&mut fresh, "adhoc.t"), None);
        let responses = run(
            &mut fresh,
            "CREATE TABLE adhoc.t (a INT); SELECT COUNT(*) FROM adhoc.t",
        );
        assert!(
            matches!(responses.last(), Some(Response::Ran { output, .. }) if output.error.is_none())
        );
    }

    #[test]
    fn the_catalog_lists_visible_schemas_tables_and_columns() {
        let mut handler = empty();
        run(
            &mut handler,
            "CREATE TABLE adhoc.people (id INT8, name VARCHAR(32)); INSERT INTO adhoc.people VALUES (1, 'a');\
             CREATE TEMP TABLE scratch AS SELECT 1 AS x",
        );
        let Some(Response::Catalog(tree)) = only(answers(&mut handler, Request::Catalog)) else {
            panic!("a catalog");
        };
        let names: Vec<(&str, bool)> = tree
            .schemas
            .iter()
            .map(|s| (s.name.as_str(), s.writable))
            .collect();
        assert_eq!(
            names,
            [
                ("adhoc", true),
                ("analytics", true),
                ("pg_temp", true),
                ("prod", false),
                ("public", true),
                ("raw_data", false)
            ]
        );
        let adhoc = &tree.schemas[0];
        assert_eq!(adhoc.tables.len(), 1);
        let people = &adhoc.tables[0];
        assert_eq!(
            (people.name.as_str(), people.rows, people.temporary),
            ("people", 1, false)
        );
        let columns: Vec<(&str, &str)> = people
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.type_name.as_str()))
            .collect();
        assert_eq!(
            columns,
            [("id", "bigint"), ("name", "character varying(32)")]
        );
        assert!(tree.schemas[2].tables[0].temporary);
    }

    #[test]
    fn a_csv_is_previewed_then_imported() {
        let mut handler = empty();
        let bytes = b"id;city\r\n1;Seoul\r\n2;Busan\r\n".to_vec();
        let Some(Response::ImportPreview(plan)) = only(answers(
            &mut handler,
            Request::ImportPreview {
                file: "cities.csv".into(),
                bytes: bytes.clone(),
            },
        )) else {
            panic!("a preview");
        };
        assert_eq!(
            (plan.table.as_str(), plan.rows, plan.delimiter),
            ("adhoc.cities", 2, ';')
        );
        let responses = answers(
            &mut handler,
            Request::Import {
                file: "cities.csv".into(),
                bytes,
                table: Some("towns".into()),
            },
        );
        let [Response::Imported {
            table,
            rows: 2,
            workspace: Some(image),
        }] = responses.as_slice()
        else {
            panic!("imported: {responses:?}");
        };
        assert_eq!(table, "adhoc.towns");
        let mut restarted = empty();
        answers(
            &mut restarted,
            Request::Restore {
                workspace: image.clone(),
            },
        );
        assert_eq!(count(&mut restarted, "adhoc.towns"), Some("2".into()));

        let refused = answers(
            &mut handler,
            Request::Import {
                file: "bad.csv".into(),
                bytes: b"a,b\n1\n".to_vec(),
                table: None,
            },
        );
        let [Response::ImportFailed { en, .. }] = refused.as_slice() else {
            panic!("refused: {refused:?}");
        };
        assert!(en.contains("Line 2 has 1 fields"), "{en}");
        assert!(matches!(
            answers(
                &mut handler,
                Request::ImportPreview {
                    file: "e.csv".into(),
                    bytes: Vec::new()
                }
            )
            .as_slice(),
            [Response::ImportFailed { .. }]
        ));
    }

    #[test]
    fn optional_bytes_round_trip_through_serde() {
        let response = Response::Statement {
            id: 1,
            result: crate::engine::outcome::StatementResult {
                number: 1,
                line: 1,
                sql: "SELECT 1".into(),
                output: Output::Command("X".into()),
                elapsed_ms: 0.0,
                notices: Vec::new(),
                plan: Vec::new(),
            },
            workspace: Some(vec![1, 2, 3]),
        };
        let json = serde_json::to_string(&response).expect("serialised");
        assert!(json.contains("\"workspace\":[1,2,3]"), "{json}");
        let back: Response = serde_json::from_str(&json).expect("read back");
        assert_eq!(back, response);
    }
}
