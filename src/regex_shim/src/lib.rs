//! The `regex` crate's API, served by `regex-lite`.
//!
//! GlueSQL compiles `LIKE`, `ILIKE` and `~` patterns with `regex`, whose
//! Unicode tables and optimised engines were a fifth of the engine's wasm.
//! The root `Cargo.toml` patches `regex` with this crate, so those patterns
//! run on `regex-lite`: the same syntax, matching by Unicode scalar values,
//! with ASCII-only classes (`\w`, `\d`, case folding) and no `\p{..}`.
pub use regex_lite::*;
