//! The course as one file, `course.bin`: parsed and rendered at build time
//! (`tabhouse lessons-bundle`), fetched by the worker the first time the
//! lessons are opened. The first page load carries neither the lesson texts
//! nor the Markdown and TOML parsers.
//!
//! Format: a magic line naming the version, then the [`Course`] in postcard.

use super::{Course, LessonError};

/// The bundle's file name, next to `index.html`.
pub const FILE: &str = "course.bin";

/// The first bytes of a bundle of this version.
const MAGIC: &[u8] = b"tabhouse course 1\n";

/// The bundle of `course`.
pub fn encode(course: &Course) -> Result<Vec<u8>, LessonError> {
    let body = postcard::to_allocvec(course)
        .map_err(|error| LessonError::new(FILE, format!("cannot encode: {error}")))?;
    Ok([MAGIC, &body].concat())
}

/// The course in a bundle, or why it cannot be read (another version, or
/// damaged).
pub fn decode(bytes: &[u8]) -> Result<Course, LessonError> {
    let body = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| LessonError::new(FILE, "not a course bundle of this version"))?;
    postcard::from_bytes(body).map_err(|error| LessonError::new(FILE, format!("damaged: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_round_trips() {
        let course = super::super::course().unwrap();
        let bytes = encode(&course).unwrap();
        assert_eq!(decode(&bytes).unwrap(), course);
    }

    #[test]
    fn another_version_or_damage_is_an_error() {
        let course = super::super::course().unwrap();
        let bytes = encode(&course).unwrap();
        let mut other = bytes.clone();
        other[MAGIC.len() - 2] = b'0';
        assert!(decode(&other).is_err());
        assert!(decode(&bytes[..bytes.len() / 2]).is_err());
        assert!(decode(b"").is_err());
    }
}
