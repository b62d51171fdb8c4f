//! Tabhouse: a Redshift-style data warehouse in a browser tab, for learning
//! data engineering. The engine, datasets, lessons, grading and charts are
//! plain Rust, tested natively; the UI and the worker wrap them for the web.

pub mod charts;
pub mod cli;
pub mod completion;
pub mod datasets;
pub mod engine;
pub mod grading;
pub mod i18n;
pub mod lessons;
pub mod share;
pub mod sort;
pub mod ui;
pub mod worker;
