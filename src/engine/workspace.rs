//! The learner's own work as bytes: every writable schema and its tables
//! (not `raw_data`, `prod`, the catalog or temporary tables), versioned, so
//! the page can keep it in IndexedDB and restore it after a reload.

use gluesql_core::data::{Schema, Value};
use serde::{Deserialize, Serialize};

use super::catalog::{is_visible_schema, INTERNAL_SCHEMA};
use super::dialect::names::TEMP_SCHEMA;
use super::error::{EngineError, ErrorKind};
use super::storage::{Table, TableInfo};
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

impl Engine {
    /// Serialises the learner's schemas and tables.
    pub fn save_workspace(&self) -> Result<Vec<u8>, EngineError> {
        let storage = self.storage();
        let schemas = storage
            .schemas()
            .map(|(name, _)| name.clone())
            .filter(|name| is_learners(name))
            .collect();
        let tables = storage
            .tables()
            .filter(|t| {
                t.schema
                    .table_name
                    .split_once('.')
                    .is_some_and(|(schema, _)| is_learners(schema))
            })
            .map(|t| TableImage {
                schema: t.schema.clone(),
                info: t.info.clone(),
                rows: t.rows.values().cloned().collect(),
            })
            .collect();
        let image = Image {
            version: WORKSPACE_VERSION,
            schemas,
            tables,
        };
        let mut bytes = MAGIC.to_vec();
        let body = postcard::to_allocvec(&image).map_err(|e| damaged(&e.to_string()))?;
        bytes.extend(body);
        Ok(bytes)
    }

    /// Replaces the learner's schemas with a saved image; on any error the
    /// database is left as it was.
    pub fn restore_workspace(&mut self, bytes: &[u8]) -> Result<(), EngineError> {
        let body = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| damaged("not a Tabhouse workspace"))?;
        let image: Image = postcard::from_bytes(body).map_err(|e| damaged(&e.to_string()))?;
        if image.version != WORKSPACE_VERSION {
            return Err(EngineError::msg(
                ErrorKind::Load,
                format!(
                    "저장된 작업 공간의 형식(버전 {})이 지금 버전({WORKSPACE_VERSION})과 달라 불러오지 못했습니다.",
                    image.version
                ),
                format!(
                    "The saved workspace has format version {}, this version reads {WORKSPACE_VERSION}.",
                    image.version
                ),
            ));
        }
        let storage = self.storage_mut();
        let learners: Vec<String> = storage
            .schemas()
            .map(|(name, _)| name.clone())
            .filter(|name| is_learners(name))
            .collect();
        for schema in learners {
            storage.drop_schema(&schema);
        }
        for schema in image.schemas {
            storage.create_schema(&schema, true);
        }
        for table in image.tables {
            let mut restored = Table::new(table.schema);
            restored.info = table.info;
            restored.append(table.rows);
            storage.put_table(restored);
        }
        Ok(())
    }
}

fn damaged(detail: &str) -> EngineError {
    EngineError::msg(
        ErrorKind::Load,
        format!("저장된 작업 공간이 손상되어 불러오지 못했습니다 ({detail})."),
        format!("The saved workspace is damaged and was not loaded ({detail})."),
    )
}
