//! The lesson files on disk, read natively: by the tests, and by
//! `tabhouse lessons-bundle`, which writes the [`bundle`](super::bundle)
//! the page fetches.

use std::path::{Path, PathBuf};

use super::{parse_course, Course, LessonError, LessonFile};

/// The checkout's `lessons/` folder.
pub fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons")
}

/// Reads and parses the course under `lessons/`.
pub fn course() -> Result<Course, LessonError> {
    read_course(&source_dir())
}

/// Reads and parses the course under `dir`.
pub fn read_course(dir: &Path) -> Result<Course, LessonError> {
    let mut files = Vec::new();
    read_files(dir, dir, &mut files)?;
    let files: Vec<LessonFile> = files
        .iter()
        .map(|(path, bytes)| LessonFile {
            path: path.clone(),
            bytes,
        })
        .collect();
    parse_course(&files)
}

/// Every file under `dir`, paths relative to `root` with `/`.
fn read_files(
    dir: &Path,
    root: &Path,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), LessonError> {
    let unreadable = |path: &Path, error: std::io::Error| {
        LessonError::new(path.display().to_string(), format!("cannot read: {error}"))
    };
    let entries = std::fs::read_dir(dir).map_err(|e| unreadable(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| unreadable(dir, e))?.path();
        if path.is_dir() {
            read_files(&path, root, files)?;
        } else {
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(&path).map_err(|e| unreadable(&path, e))?;
            files.push((relative, bytes));
        }
    }
    Ok(())
}
