//! A lesson page (`ko.md`, `en.md`): TOML front matter, then Markdown
//! (CommonMark and tables) split into HTML segments, SQL blocks and exercise
//! blocks. Raw HTML is escaped, never rendered.

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::error::toml_problem;

/// A page's front matter.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    summary: String,
}

/// A page split into its parts, exercise blocks not yet parsed.
pub(super) struct Page {
    pub title: String,
    pub summary: String,
    pub pieces: Vec<Piece>,
}

/// A part of a page's body.
pub(super) enum Piece {
    /// Rendered, safe HTML.
    Html(String),
    /// A ```sql or ```sql norun block.
    Sql { sql: String, runnable: bool },
    /// The TOML inside an ```exercise block, and the line the block starts on.
    Exercise { toml: String, line: usize },
}

/// A fenced code block that is ours: SQL, or an exercise.
enum Fence {
    Sql { runnable: bool },
    Exercise,
}

/// Parses a page.
pub(super) fn parse_page(text: &str) -> Result<Page, String> {
    let (front, body, body_line) = split_front_matter(text)?;
    let front: FrontMatter = toml::from_str(front)
        .map_err(|e| format!("front matter: {}", toml_problem(&e, front, 2)))?;
    if front.title.trim().is_empty() || front.summary.trim().is_empty() {
        return Err("front matter: `title` and `summary` must not be empty".into());
    }
    let pieces = split_body(body, body_line)?;
    Ok(Page {
        title: front.title.trim().to_owned(),
        summary: front.summary.trim().to_owned(),
        pieces,
    })
}

/// Renders a Markdown text field (prompt, hint, explanation) to safe HTML.
pub(super) fn render(markdown: &str) -> Result<String, String> {
    let events = safe_events(markdown)?;
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    Ok(out.trim_end().to_owned())
}

/// Renders a short Markdown text (a choice) to safe inline HTML, no `<p>`.
pub(super) fn render_inline(markdown: &str) -> Result<String, String> {
    let events = safe_events(markdown)?.into_iter().filter(|event| {
        !matches!(
            event,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
        )
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    Ok(out.trim().to_owned())
}

/// Splits `+++` front matter from the body: (front matter, body, the body's
/// first line number).
fn split_front_matter(text: &str) -> Result<(&str, &str, usize), String> {
    let missing = || "the page must start with TOML front matter between `+++` lines".to_owned();
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or_else(missing)?;
    if first.trim_end() != "+++" {
        return Err(missing());
    }
    let front_start = first.len();
    let mut offset = front_start;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "+++" {
            let front = &text[front_start..offset];
            let body = &text[offset + line.len()..];
            return Ok((front, body, index + 3));
        }
        offset += line.len();
    }
    Err("the front matter has no closing `+++` line".into())
}

/// Splits the body into HTML segments, SQL blocks and exercise blocks.
fn split_body(body: &str, body_line: usize) -> Result<Vec<Piece>, String> {
    let line_of = |offset: usize| body_line + body[..offset].matches('\n').count();
    let mut pieces = Vec::new();
    let mut pending: Vec<Event> = Vec::new();
    let mut parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
    while let Some((event, range)) = parser.next() {
        let at = |problem: String| format!("line {}: {problem}", line_of(range.start));
        let fence = match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => fence(info).map_err(at)?,
            _ => None,
        };
        let Some(fence) = fence else {
            pending.push(safe_event(event).map_err(at)?);
            continue;
        };
        let mut code = String::new();
        for (inner, _) in parser.by_ref() {
            match inner {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        flush(&mut pending, &mut pieces);
        pieces.push(match fence {
            Fence::Sql { runnable } => Piece::Sql {
                sql: code.trim_end().to_owned(),
                runnable,
            },
            Fence::Exercise => Piece::Exercise {
                toml: code,
                line: line_of(range.start),
            },
        });
    }
    flush(&mut pending, &mut pieces);
    Ok(pieces)
}

/// Renders the pending events as one HTML segment, if any.
fn flush(pending: &mut Vec<Event>, pieces: &mut Vec<Piece>) {
    if pending.is_empty() {
        return;
    }
    let mut out = String::new();
    html::push_html(&mut out, pending.drain(..));
    pieces.push(Piece::Html(out));
}

/// What a code fence's info string (`sql`, `sql norun`, `exercise`) asks
/// for; `None` for any other language (rendered as code in the HTML).
fn fence(info: &str) -> Result<Option<Fence>, String> {
    let mut words = info.split_whitespace();
    let fence = match words.next() {
        Some("sql") => match words.next() {
            None => return Ok(Some(Fence::Sql { runnable: true })),
            Some("norun") => Fence::Sql { runnable: false },
            Some(other) => return Err(format!("unknown option `{other}` after ```sql")),
        },
        Some("exercise") => Fence::Exercise,
        _ => return Ok(None),
    };
    match words.next() {
        None => Ok(Some(fence)),
        Some(other) => Err(format!("unexpected `{other}` in a code fence")),
    }
}

/// The events of a Markdown text, made safe.
fn safe_events(markdown: &str) -> Result<Vec<Event<'_>>, String> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .map(safe_event)
        .collect()
}

/// Raw HTML becomes text (escaped when rendered); links and images with a
/// script or data URL are refused.
fn safe_event(event: Event<'_>) -> Result<Event<'_>, String> {
    Ok(match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. })
            if is_unsafe_url(dest_url) =>
        {
            return Err(format!("unsafe link target `{dest_url}`"));
        }
        other => other,
    })
}

/// Whether a URL would run script or embed data when followed.
fn is_unsafe_url(url: &CowStr) -> bool {
    let scheme = url.trim_start().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|prefix| scheme.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Page {
        let text = format!("+++\ntitle = \"T\"\nsummary = \"S\"\n+++\n{body}");
        match parse_page(&text) {
            Ok(page) => page,
            Err(problem) => panic!("{problem}"),
        }
    }

    #[test]
    fn front_matter_and_blocks() {
        let page = page("Intro *text*.\n\n```sql\nSELECT 1;\n```\n\n```sql norun\nTRUNCATE t;\n```\n\n```exercise\nid = \"x\"\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(page.title, "T");
        assert_eq!(page.summary, "S");
        assert_eq!(page.pieces.len(), 5);
        assert!(matches!(&page.pieces[0], Piece::Html(h) if h == "<p>Intro <em>text</em>.</p>\n"));
        assert!(
            matches!(&page.pieces[1], Piece::Sql { sql, runnable: true } if sql == "SELECT 1;")
        );
        assert!(matches!(
            &page.pieces[2],
            Piece::Sql {
                runnable: false,
                ..
            }
        ));
        assert!(
            matches!(&page.pieces[3], Piece::Exercise { toml, line: 15 } if toml == "id = \"x\"\n")
        );
        assert!(matches!(&page.pieces[4], Piece::Html(h) if h.contains("<table>")));
    }

    #[test]
    fn raw_html_is_escaped() {
        let page = page("<script>alert(1)</script>\n\nText with <b>bold</b>.\n");
        let Piece::Html(html) = &page.pieces[0] else {
            panic!("html expected")
        };
        assert!(!html.contains("<script>") && !html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;") && html.contains("&lt;b&gt;"));
        assert_eq!(
            render("a <i>b</i>").unwrap(),
            "<p>a &lt;i&gt;b&lt;/i&gt;</p>"
        );
    }

    #[test]
    fn other_code_blocks_stay_in_the_html() {
        let page = page("```python\nprint(1)\n```\n");
        assert!(matches!(&page.pieces[..], [Piece::Html(h)] if h.contains("language-python")));
    }

    #[test]
    fn inline_rendering_has_no_paragraph() {
        assert_eq!(
            render_inline("`COUNT(*)` counts").unwrap(),
            "<code>COUNT(*)</code> counts"
        );
    }

    #[test]
    fn problems_are_errors() {
        assert!(parse_page("no front matter").is_err());
        assert!(parse_page("+++\ntitle = \"T\"\nsummary = \"S\"\n").is_err());
        assert!(parse_page("+++\ntitle = \"T\"\n+++\n").is_err());
        assert!(parse_page("+++\ntitle = \"T\"\nsummary = \"S\"\nextra = 1\n+++\n").is_err());
        let bad_fence = "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\n```sql maybe\nSELECT 1\n```\n";
        assert!(parse_page(bad_fence).is_err());
        assert!(render("[x](javascript:alert(1))").is_err());
    }
}
