//! From files to a [`Course`]: files grouped into lesson folders
//! (`weekN/NN-slug/`), pages and `exercises.toml` parsed and merged.

use std::collections::BTreeMap;

use super::exercise::{build, parse_specs, parse_text_block, TextBlock};
use super::markdown::{parse_page, Piece};
use super::{Block, Course, Exercise, Lesson, LessonError, LessonText, Week};

/// A file under `lessons/`: its path relative to that folder (with `/`) and
/// its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonFile<'a> {
    /// E.g. `week3/02-channel-summary/ko.md`.
    pub path: String,
    /// The file's contents (UTF-8).
    pub bytes: &'a [u8],
}

/// The files of one lesson folder.
#[derive(Default)]
struct Folder<'a> {
    id: String,
    ko: Option<&'a str>,
    en: Option<&'a str>,
    exercises: Option<&'a str>,
}

/// Parses a course from its files. `README.md` at the top and dot-files are
/// skipped; any other file outside `weekN/NN-slug/{ko.md,en.md,exercises.toml}`
/// is an error.
pub fn parse_course(files: &[LessonFile]) -> Result<Course, LessonError> {
    let mut folders: BTreeMap<(u32, u32), Folder> = BTreeMap::new();
    for file in files {
        let parts: Vec<&str> = file.path.split('/').collect();
        if parts == ["README.md"] || parts.iter().any(|part| part.starts_with('.')) {
            continue;
        }
        let [week_dir, lesson_dir, name] = parts[..] else {
            return Err(LessonError::new(
                &file.path,
                "unexpected file: lessons live in weekN/NN-slug/",
            ));
        };
        let week = number_after(week_dir, "week")
            .ok_or_else(|| LessonError::new(week_dir, "a week folder is named weekN"))?;
        let id = format!("{week_dir}/{lesson_dir}");
        let order = lesson_number(lesson_dir).ok_or_else(|| {
            LessonError::new(
                &id,
                "a lesson folder is named NN-slug (digits, a dash, a-z0-9-)",
            )
        })?;
        let text = std::str::from_utf8(file.bytes)
            .map_err(|_| LessonError::new(&file.path, "not UTF-8"))?;
        let folder = folders.entry((week, order)).or_insert_with(|| Folder {
            id: id.clone(),
            ..Folder::default()
        });
        if folder.id != id {
            return Err(LessonError::new(
                &id,
                format!("lesson number {order} is also used by {}", folder.id),
            ));
        }
        let slot = match name {
            "ko.md" => &mut folder.ko,
            "en.md" => &mut folder.en,
            "exercises.toml" => &mut folder.exercises,
            _ => {
                return Err(LessonError::new(
                    &file.path,
                    "unexpected file: a lesson has ko.md, en.md and exercises.toml",
                ))
            }
        };
        *slot = Some(text);
    }
    let mut weeks: Vec<Week> = Vec::new();
    for ((week, order), folder) in folders {
        let lesson = lesson(week, order, folder)?;
        match weeks.last_mut() {
            Some(last) if last.number == week => last.lessons.push(lesson),
            _ => weeks.push(Week {
                number: week,
                lessons: vec![lesson],
            }),
        }
    }
    Ok(Course { weeks })
}

/// `N` of `{prefix}N`.
fn number_after(name: &str, prefix: &str) -> Option<u32> {
    let digits = name.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `NN` of `NN-slug`.
fn lesson_number(name: &str) -> Option<u32> {
    let (digits, slug) = name.split_once('-')?;
    let slug_ok = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !slug_ok {
        return None;
    }
    number_after(digits, "")
}

/// Builds one lesson from its folder.
fn lesson(week: u32, order: u32, folder: Folder) -> Result<Lesson, LessonError> {
    let id = folder.id;
    let (ko, ko_blocks) = page(&id, "ko.md", folder.ko)?;
    let (en, en_blocks) = page(&id, "en.md", folder.en)?;
    let ko_ids: Vec<&str> = ko_blocks.iter().map(|b| b.id.as_str()).collect();
    let en_ids: Vec<&str> = en_blocks.iter().map(|b| b.id.as_str()).collect();
    if ko_ids != en_ids {
        return Err(LessonError::new(
            format!("{id}/en.md"),
            format!("its exercises {en_ids:?} differ from ko.md's {ko_ids:?}"),
        ));
    }
    let exercises = exercises(&id, folder.exercises, ko_blocks, en_blocks)?;
    Ok(Lesson {
        id,
        week,
        order,
        ko,
        en,
        exercises,
    })
}

/// Parses a page into its text and its exercise blocks, in order.
fn page(
    id: &str,
    name: &str,
    text: Option<&str>,
) -> Result<(LessonText, Vec<TextBlock>), LessonError> {
    let file = format!("{id}/{name}");
    let text = text.ok_or_else(|| LessonError::new(&file, "missing"))?;
    let page = parse_page(text).map_err(|problem| LessonError::new(&file, problem))?;
    let mut blocks = Vec::with_capacity(page.pieces.len());
    let mut exercises: Vec<TextBlock> = Vec::new();
    for piece in page.pieces {
        blocks.push(match piece {
            Piece::Html(html) => Block::Html(html),
            Piece::Sql { sql, runnable } => Block::Sql { sql, runnable },
            Piece::Exercise { toml, line } => {
                let block = parse_text_block(&toml, line + 1)
                    .map_err(|problem| LessonError::new(&file, problem))?;
                if exercises.iter().any(|other| other.id == block.id) {
                    return Err(LessonError::new(
                        &file,
                        format!("exercise id `{}` is used twice", block.id),
                    ));
                }
                let id = block.id.clone();
                exercises.push(block);
                Block::Exercise(id)
            }
        });
    }
    let text = LessonText {
        title: page.title,
        summary: page.summary,
        blocks,
    };
    Ok((text, exercises))
}

/// Merges the pages' exercise blocks (same ids, same order) with the
/// entries of `exercises.toml`; every entry must be used.
fn exercises(
    id: &str,
    toml: Option<&str>,
    ko_blocks: Vec<TextBlock>,
    en_blocks: Vec<TextBlock>,
) -> Result<Vec<Exercise>, LessonError> {
    let file = format!("{id}/exercises.toml");
    let error = |problem: String| LessonError::new(&file, problem);
    let mut specs = parse_specs(toml.unwrap_or_default()).map_err(error)?;
    let mut exercises = Vec::with_capacity(ko_blocks.len());
    for (ko, en) in ko_blocks.into_iter().zip(en_blocks) {
        let position = specs
            .iter()
            .position(|spec| spec.id == ko.id)
            .ok_or_else(|| error(format!("no [[exercise]] entry for `{}`", ko.id)))?;
        let spec = specs.remove(position);
        exercises.push(build(spec, ko, en).map_err(error)?);
    }
    match specs.first() {
        Some(spec) => Err(error(format!(
            "entry `{}` has no exercise block in ko.md and en.md (or is listed twice)",
            spec.id
        ))),
        None => Ok(exercises),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KO: &str = "+++\ntitle = \"제목\"\nsummary = \"요약\"\n+++\n본문\n\n```exercise\nid = \"q\"\nprompt = \"고르세요\"\nchoices = [\"가\", \"나\"]\n```\n";
    const EN: &str = "+++\ntitle = \"Title\"\nsummary = \"Summary\"\n+++\nBody\n\n```exercise\nid = \"q\"\nprompt = \"Choose\"\nchoices = [\"a\", \"b\"]\n```\n";
    const SPECS: &str = "[[exercise]]\nid = \"q\"\nkind = \"choice\"\nanswer = [1]\n";

    fn file<'a>(path: &str, text: &'a str) -> LessonFile<'a> {
        LessonFile {
            path: path.into(),
            bytes: text.as_bytes(),
        }
    }

    fn lesson_files<'a>(
        folder: &str,
        ko: &'a str,
        en: &'a str,
        specs: &'a str,
    ) -> Vec<LessonFile<'a>> {
        vec![
            file(&format!("{folder}/ko.md"), ko),
            file(&format!("{folder}/en.md"), en),
            file(&format!("{folder}/exercises.toml"), specs),
        ]
    }

    #[test]
    fn a_course_is_ordered_by_week_and_lesson() {
        let mut files = lesson_files("week2/10-later", KO, EN, SPECS);
        files.extend(lesson_files("week2/02-sooner", KO, EN, SPECS));
        files.extend(lesson_files("week1/01-first", KO, EN, SPECS));
        files.push(file("README.md", "# format"));
        let course = parse_course(&files).unwrap();
        let ids: Vec<&str> = course.lessons().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["week1/01-first", "week2/02-sooner", "week2/10-later"]);
        let lesson = course.lesson("week2/02-sooner").unwrap();
        assert_eq!((lesson.week, lesson.order), (2, 2));
        assert_eq!(lesson.ko.title, "제목");
        assert_eq!(lesson.ko.blocks[1], Block::Exercise("q".into()));
        assert_eq!(lesson.exercises[0].en.choices, ["a", "b"]);
    }

    #[test]
    fn problems_name_their_file() {
        let en_other = EN.replace("id = \"q\"", "id = \"r\"");
        let error = parse_course(&lesson_files("week1/01-a", KO, &en_other, SPECS)).unwrap_err();
        assert_eq!(error.file, "week1/01-a/en.md");
        let error = parse_course(&lesson_files("week1/01-a", KO, EN, "")).unwrap_err();
        assert_eq!(error.file, "week1/01-a/exercises.toml");
        let extra = format!("{SPECS}\n[[exercise]]\nid = \"z\"\nkind = \"choice\"\nanswer = [0]\n");
        assert!(parse_course(&lesson_files("week1/01-a", KO, EN, &extra)).is_err());
        let error = parse_course(&[file("week1/01-a/ko.md", KO)]).unwrap_err();
        assert_eq!(error.file, "week1/01-a/en.md");
        assert!(parse_course(&[file("week1/01-a/notes.txt", "")]).is_err());
        assert!(parse_course(&[file("week1/intro/ko.md", KO)]).is_err());
        let mut twice = lesson_files("week1/01-a", KO, EN, SPECS);
        twice.extend(lesson_files("week1/01-b", KO, EN, SPECS));
        assert!(parse_course(&twice).is_err());
    }
}
