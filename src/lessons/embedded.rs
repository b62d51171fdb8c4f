//! The lesson files, embedded in the binary at build time (`include_dir`:
//! each file becomes an `include_bytes!`, so editing a lesson rebuilds).

use include_dir::{include_dir, Dir, DirEntry};

use super::{parse_course, Course, LessonError, LessonFile};

/// Everything under `lessons/`.
static LESSONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/lessons");

/// The embedded lesson files, paths relative to `lessons/` with `/`.
pub fn embedded_files() -> Vec<LessonFile<'static>> {
    let mut files = Vec::new();
    collect(&LESSONS, &mut files);
    files
}

/// Parses the embedded lessons (a few milliseconds: keep the result).
pub fn course() -> Result<Course, LessonError> {
    parse_course(&embedded_files())
}

fn collect(dir: &'static Dir<'static>, files: &mut Vec<LessonFile<'static>>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(dir) => collect(dir, files),
            DirEntry::File(file) => files.push(LessonFile {
                path: file
                    .path()
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
                bytes: file.contents(),
            }),
        }
    }
}
