//! The native command line: run SQL against the same engine the browser uses.

pub mod format;

use std::io::Read;

use crate::datasets::{check_figures, course_engine};
use crate::lessons::bundle;
use format::Format;

/// What the command line was asked to do.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// `sql [--format F] [-e SQL]`: run SQL (from `-e` or stdin), print results.
    Sql {
        /// Output format.
        format: Format,
        /// The script, or None to read stdin.
        script: Option<String>,
    },
    /// `check-datasets`: every DATASETS.md figure, computed with SQL.
    CheckDatasets,
    /// `export --out DIR`: the course tables as CSV, with DDL and COPY commands.
    Export {
        /// The directory to write into (created if missing).
        out: String,
    },
    /// `lessons-bundle --out FILE`: the lessons under `lessons/`, parsed,
    /// as the bundle the page fetches.
    LessonsBundle {
        /// The file to write (its folder is created if missing).
        out: String,
    },
    /// `help`.
    Help,
}

/// Usage text.
pub const USAGE: &str = "\
tabhouse: a Redshift-style warehouse for learning data engineering

USAGE:
    tabhouse sql [--format csv|table|json] [-e SQL]   run SQL on the course data (stdin when -e is absent)
    tabhouse check-datasets                          check every figure of DATASETS.md with SQL
    tabhouse export --out DIR                        the course tables as CSV + schema.sql + load.sql
    tabhouse lessons-bundle --out FILE               the lessons, parsed, as the page's course bundle
    tabhouse help                                    this text
";

/// Parses the arguments after the program name.
pub fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("sql") => {
            let mut format = Format::Csv;
            let mut script = None;
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--format" | "-f" => {
                        let value = args.next().ok_or("--format needs a value")?;
                        format = value.parse()?;
                    }
                    "-e" | "--execute" => {
                        script = Some(args.next().ok_or("-e needs SQL")?.clone());
                    }
                    other => return Err(format!("unknown argument: {other}")),
                }
            }
            Ok(Command::Sql { format, script })
        }
        Some("check-datasets") => Ok(Command::CheckDatasets),
        Some("export") => match (args.next().map(String::as_str), args.next()) {
            (Some("--out" | "-o"), Some(out)) => Ok(Command::Export { out: out.clone() }),
            _ => Err("export needs --out DIR".to_owned()),
        },
        Some("lessons-bundle") => match (args.next().map(String::as_str), args.next()) {
            (Some("--out" | "-o"), Some(out)) => Ok(Command::LessonsBundle { out: out.clone() }),
            _ => Err("lessons-bundle needs --out FILE".to_owned()),
        },
        None | Some("help" | "--help" | "-h") => Ok(Command::Help),
        Some(other) => Err(format!("unknown command: {other}")),
    }
}

/// Runs a command, writing results to `out` and errors to `err`; returns the exit code.
pub fn run(command: Command, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> i32 {
    match command {
        Command::Export { out: dir } => {
            let engine = match course_engine() {
                Ok(engine) => engine,
                Err(error) => {
                    let _ = writeln!(err, "ERROR: {}", error.render("en"));
                    return 1;
                }
            };
            let files = crate::datasets::export::export(engine.storage(), &["raw_data"]);
            let written = std::fs::create_dir_all(&dir).and_then(|()| {
                for file in &files {
                    std::fs::write(std::path::Path::new(&dir).join(&file.name), &file.bytes)?;
                }
                Ok(())
            });
            match written {
                Ok(()) => {
                    let _ = writeln!(out, "wrote {} files to {dir}", files.len());
                    0
                }
                Err(error) => {
                    let _ = writeln!(err, "ERROR: cannot write to {dir}: {error}");
                    1
                }
            }
        }
        Command::LessonsBundle { out: file } => {
            let bundle = crate::lessons::course().and_then(|course| bundle::encode(&course));
            let bytes = match bundle {
                Ok(bytes) => bytes,
                Err(error) => {
                    let _ = writeln!(err, "ERROR: lessons/{error}");
                    return 1;
                }
            };
            let path = std::path::Path::new(&file);
            let written = match path.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
                _ => Ok(()),
            }
            .and_then(|()| std::fs::write(path, &bytes));
            match written {
                Ok(()) => {
                    let _ = writeln!(out, "wrote {file} ({} bytes)", bytes.len());
                    0
                }
                Err(error) => {
                    let _ = writeln!(err, "ERROR: cannot write {file}: {error}");
                    1
                }
            }
        }
        Command::CheckDatasets => {
            let mut engine = match course_engine() {
                Ok(engine) => engine,
                Err(error) => {
                    let _ = writeln!(err, "ERROR: {}", error.render("en"));
                    return 1;
                }
            };
            let mut failed = 0;
            for check in check_figures(&mut engine) {
                if check.ok {
                    let _ = writeln!(out, "OK    {}", check.figure);
                } else {
                    failed += 1;
                    let _ = writeln!(out, "DIFF  {}: {}", check.figure, check.detail);
                }
            }
            i32::from(failed > 0)
        }
        Command::Help => {
            let _ = out.write_all(USAGE.as_bytes());
            0
        }
        Command::Sql { format, script } => {
            let script = match script {
                Some(script) => script,
                None => {
                    let mut text = String::new();
                    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
                        let _ = writeln!(err, "cannot read stdin: {e}");
                        return 2;
                    }
                    text
                }
            };
            let mut engine = match course_engine() {
                Ok(engine) => engine,
                Err(error) => {
                    let _ = writeln!(err, "ERROR: {}", error.render("en"));
                    return 1;
                }
            };
            let output = engine.run(&script);
            let _ = out.write_all(format::render(&output.statements, format).as_bytes());
            match output.error {
                Some(error) => {
                    let _ = writeln!(err, "ERROR: {}", error.render("en"));
                    1
                }
                None => 0,
            }
        }
    }
}
