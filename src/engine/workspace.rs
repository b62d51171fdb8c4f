//! The learner's own work as bytes: every writable schema and its tables
//! (not `raw_data`, `prod`, the catalog or temporary tables), versioned, so
//! the page can keep it in IndexedDB and restore it after a reload or after
//! stopping a busy worker. An image holds committed work only: a stopped or
//! reloaded session loses its open transaction, as a Redshift session does.

use std::sync::Arc;

use gluesql_core::data::{Schema, Value};
use serde::{Deserialize, Serialize};

use super::catalog::{is_visible_schema, INTERNAL_SCHEMA};
use super::dialect::names::TEMP_SCHEMA;
use super::error::{EngineError, ErrorKind};
use super::storage::{Snapshot, Storage, Table, TableInfo};
use super::{Engine, BUILTIN_SCHEMAS};

/// Bumped whenever the image format changes; older images are refused.
pub const WORKSPACE_VERSION: u32 = 1;

/// Marks the start of an image, so random bytes are recognised as such.
const MAGIC: &[u8; 4] = b"THWS";

#[derive(Serialize, Deserialize)]
struct Image {
    version: u32,
    schemas: Vec<String>,
    tables: Vec<TableImage>,
}

#[derive(Serialize, Deserialize)]
struct TableImage {
    schema: Schema,
    info: TableInfo,
    rows: Vec<Vec<Value>>,
}

fn is_learners(schema: &str) -> bool {
    is_visible_schema(schema)
        && schema != TEMP_SCHEMA
        && schema != INTERNAL_SCHEMA
        && !BUILTIN_SCHEMAS
            .iter()
            .any(|(name, writable)| *name == schema && !writable)
}

/// The learner's schemas, in name order.
fn learner_schemas(storage: &Storage) -> impl Iterator<Item = &String> {
    storage
        .schemas()
        .map(|(name, _)| name)
        .filter(|name| is_learners(name))
}

/// The learner's tables, in name order.
fn learner_tables(storage: &Storage) -> impl Iterator<Item = &Arc<Table>> {
    storage.tables().filter(|t| {
        t.schema
            .table_name
            .split_once('.')
            .is_some_and(|(schema, _)| is_learners(schema))
    })
}

impl Engine {
    /// Serialises the learner's committed schemas and tables.
    pub fn save_workspace(&self) -> Result<Vec<u8>, EngineError> {
        let storage = self.committed();
        let image = Image {
            version: WORKSPACE_VERSION,
            schemas: learner_schemas(storage).cloned().collect(),
            tables: learner_tables(storage)
                .map(|t| TableImage {
                    schema: t.schema.clone(),
                    info: t.info.clone(),
                    rows: t.rows.values().cloned().collect(),
                })
                .collect(),
        };
        let mut bytes = MAGIC.to_vec();
        let body = postcard::to_allocvec(&image).map_err(|e| damaged(&e.to_string()))?;
        bytes.extend(body);
        Ok(bytes)
    }

    /// Replaces the learner's schemas with a saved image and returns how
    /// many tables it held; on any error the database is left as it was.
    pub fn restore_workspace(&mut self, bytes: &[u8]) -> Result<usize, EngineError> {
        let body = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| damaged("not a Tabhouse workspace"))?;
        // The version comes first, so an image of another format is named as such.
        let (version, _) =
            postcard::take_from_bytes::<u32>(body).map_err(|e| damaged(&e.to_string()))?;
        if version != WORKSPACE_VERSION {
            return Err(EngineError::msg(
                ErrorKind::Load,
                format!(
                    "저장된 작업 공간의 형식(버전 {version})이 지금 버전({WORKSPACE_VERSION})과 달라 불러오지 못했습니다."
                ),
                format!(
                    "The saved workspace has format version {version}, this version reads {WORKSPACE_VERSION}."
                ),
            ));
        }
        let image: Image = postcard::from_bytes(body).map_err(|e| damaged(&e.to_string()))?;
        let storage = self.storage_mut();
        let learners: Vec<String> = learner_schemas(storage).cloned().collect();
        for schema in learners {
            storage.drop_schema(&schema);
        }
        for schema in image.schemas {
            storage.create_schema(&schema, true);
        }
        let count = image.tables.len();
        for table in image.tables {
            let mut restored = Table::new(table.schema);
            restored.info = table.info;
            restored.append(table.rows);
            storage.put_table(restored);
        }
        Ok(count)
    }
}

/// Notices when the learner's committed work changes, so a new image is
/// made only then. It keeps the state of the last image: while it holds a
/// table, any write makes a new copy of that table (copy-on-write), so
/// comparing table identities is exact and costs a pointer per table.
pub struct WorkspaceWatch {
    saved: Snapshot,
}

impl WorkspaceWatch {
    /// Watches from the engine's committed state now.
    pub fn new(engine: &Engine) -> Self {
        Self {
            saved: engine.committed().snapshot(),
        }
    }

    /// Whether the learner's committed work differs from the watched state.
    fn changed(&self, engine: &Engine) -> bool {
        let (before, now) = (self.saved.storage(), engine.committed());
        !(learner_schemas(before).eq(learner_schemas(now))
            && learner_tables(before)
                .map(Arc::as_ptr)
                .eq(learner_tables(now).map(Arc::as_ptr)))
    }

    /// A new image when the work changed since the last one, else None.
    /// Only an image made moves the watch on, so a failure is tried again.
    pub fn image_if_changed(&mut self, engine: &Engine) -> Option<Result<Vec<u8>, EngineError>> {
        if !self.changed(engine) {
            return None;
        }
        let image = engine.save_workspace();
        if image.is_ok() {
            self.saved = engine.committed().snapshot();
        }
        Some(image)
    }
}

fn damaged(detail: &str) -> EngineError {
    EngineError::msg(
        ErrorKind::Load,
        format!("저장된 작업 공간이 손상되어 불러오지 못했습니다 ({detail})."),
        format!("The saved workspace is damaged and was not loaded ({detail})."),
    )
}
