//! Charts, pivots and dashboards through the public API: SVG that parses as
//! XML with every mark hoverable and every data text escaped, and the
//! course's own queries run on the course engine.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Instant;

use chrono::NaiveDate;
use tabhouse::charts::{
    chart_data, example_dashboard, grid_text, pivot, propose, render_svg, CardView, ChartKind,
    ChartSpec, SortOrder,
};
use tabhouse::datasets::course_engine;
use tabhouse::engine::outcome::{Cell, Column, ResultSet};
use tabhouse::i18n::Lang;

const MAU: &str = "SELECT LEFT(st.ts, 7) AS month, COUNT(DISTINCT usc.userid) AS mau FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid GROUP BY 1 ORDER BY 1";
const CHANNELS: &str = "SELECT channel, COUNT(*) AS sessions FROM raw_data.user_session_channel GROUP BY 1 ORDER BY 2 DESC";
const SUMMARY: &str = "SELECT TO_CHAR(st.ts, 'YYYY-MM') AS month, usc.channel, COUNT(DISTINCT usc.userid) AS unique_users FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid GROUP BY 1, 2 ORDER BY 1, 2";
/// The bench's "cohort, non-equi join" (tests/bench/engine.rs).
const COHORT: &str = "WITH user_month AS (SELECT DISTINCT usc.userid, DATE_TRUNC('month', st.ts) AS month FROM raw_data.user_session_channel usc JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid), cohort AS (SELECT userid, MIN(month) AS cohort_month FROM user_month GROUP BY userid) SELECT TO_CHAR(c.cohort_month, 'YYYY-MM') AS cohort, DATEDIFF(month, c.cohort_month, um.month) + 1 AS m, COUNT(*) AS users FROM cohort c JOIN user_month um ON c.userid = um.userid AND um.month >= c.cohort_month GROUP BY 1, 2 ORDER BY 1, 2";
const NPS: &str = "SELECT LEFT(created, 7) AS month, ROUND((COUNT(CASE WHEN score >= 9 THEN 1 END) - COUNT(CASE WHEN score <= 6 THEN 1 END))::float * 100 / COUNT(*), 2) AS nps FROM raw_data.nps GROUP BY 1 ORDER BY 1";

/// Each query's result (or error text) on one course engine, run once.
fn course_results() -> &'static HashMap<String, Result<ResultSet, String>> {
    static RESULTS: OnceLock<HashMap<String, Result<ResultSet, String>>> = OnceLock::new();
    RESULTS.get_or_init(|| {
        let mut engine = course_engine().expect("course data loads");
        let cards = example_dashboard(Lang::Ko).cards.into_iter().map(|c| c.sql);
        let sqls: Vec<String> = [MAU, CHANNELS, SUMMARY, COHORT, NPS]
            .into_iter()
            .map(str::to_owned)
            .chain(cards)
            .collect();
        sqls.into_iter()
            .map(|sql| {
                let output = engine.run(&sql);
                let result = match (&output.error, output.last_rows()) {
                    (None, Some(rows)) => Ok(rows.clone()),
                    (error, _) => Err(format!("{error:?}")),
                };
                (sql, result)
            })
            .collect()
    })
}

fn course(sql: &str) -> &'static ResultSet {
    match course_results().get(sql) {
        Some(Ok(result)) => result,
        other => panic!("{sql}: {other:?}"),
    }
}

/// A mark of a chart: its attributes and its tooltip.
#[derive(Debug)]
struct Mark {
    attrs: HashMap<String, String>,
    title: String,
}

/// What an SVG holds, read back with an XML parser.
#[derive(Debug, Default)]
struct Parsed {
    root_attrs: HashMap<String, String>,
    marks: Vec<Mark>,
    texts: Vec<String>,
}

/// Parses `svg` as XML (well-formed, one `<svg>` root with the SVG
/// namespace) and collects its marks and texts.
fn parse(svg: &str) -> Parsed {
    let mut reader = Reader::from_str(svg);
    let mut parsed = Parsed::default();
    let mut depth = 0usize;
    let mut roots = 0usize;
    let mut current = String::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                flush(&mut current, &mut parsed.texts);
                let name = e.name().as_ref().to_owned();
                let mut attrs = HashMap::new();
                for attr in e.attributes() {
                    let attr = attr.expect("a well-formed attribute");
                    let key = attr.key.as_ref().to_owned();
                    let value = attr
                        .normalized_value(XmlVersion::Implicit1_0)
                        .expect("escaped attribute")
                        .into_owned();
                    attrs.insert(key, value);
                }
                if depth == 0 {
                    roots += 1;
                    assert_eq!(name, "svg");
                    parsed.root_attrs = attrs;
                } else if attrs.get("class").map(String::as_str) == Some("mark") {
                    parsed.marks.push(Mark {
                        attrs,
                        title: String::new(),
                    });
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(ref e) => {
                depth -= 1;
                if e.name().as_ref() == "title" {
                    if let Some(mark) = parsed.marks.last_mut() {
                        mark.title = std::mem::take(&mut current);
                    }
                }
                flush(&mut current, &mut parsed.texts);
            }
            Event::Text(ref t) => current.push_str(&t.xml10_content()),
            Event::GeneralRef(ref r) => {
                let name = r.xml10_content();
                let text = resolve_predefined_entity(&name).expect("a predefined entity");
                current.push_str(text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((roots, depth), (1, 0), "one closed <svg> root");
    assert_eq!(
        parsed.root_attrs.get("xmlns").map(String::as_str),
        Some("http://www.w3.org/2000/svg")
    );
    parsed
}

/// Keeps the text read so far, if any.
fn flush(current: &mut String, texts: &mut Vec<String>) {
    if !current.trim().is_empty() {
        texts.push(current.clone());
    }
    current.clear();
}

fn svg(result: &ResultSet, spec: &ChartSpec, lang: Lang) -> String {
    render_svg(result, spec, lang, 640, 400).unwrap_or_else(|e| panic!("{e}"))
}

fn result(columns: &[(&str, &str)], rows: Vec<Vec<Cell>>) -> ResultSet {
    ResultSet {
        columns: columns
            .iter()
            .map(|(name, type_name)| Column {
                name: (*name).into(),
                type_name: (*type_name).into(),
            })
            .collect(),
        rows,
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}

#[test]
fn course_results_get_the_expected_charts() {
    let line = |x, y| ChartSpec::new(ChartKind::Line, x, vec![y]).sorted(SortOrder::ByX);
    assert_eq!(propose(course(MAU)), Some(line(0, 1)));
    assert_eq!(
        propose(course(CHANNELS)),
        Some(ChartSpec::new(ChartKind::Bar, 0, vec![1]))
    );
    let summary = course(SUMMARY);
    assert_eq!(summary.rows.len(), 42);
    assert_eq!(propose(summary), Some(line(0, 2).with_series(1)));
    let data = chart_data(summary, &line(0, 2).with_series(1), Lang::En).expect("chart data");
    assert_eq!(data.series.len(), 6);
    assert_eq!(
        propose(course(COHORT)),
        Some(ChartSpec::new(ChartKind::Heatmap, 1, vec![2]).with_series(0))
    );
    assert_eq!(propose(course(NPS)), Some(line(0, 1)));
}

#[test]
fn every_mark_shows_the_grid_text_of_its_values() {
    let mau = course(MAU);
    let parsed = parse(&svg(mau, &propose(mau).expect("a chart"), Lang::En));
    assert_eq!(parsed.marks.len(), 7);
    for (mark, row) in parsed.marks.iter().zip(&mau.rows) {
        let (x, y) = (grid_text(&row[0]), grid_text(&row[1]));
        assert_eq!(mark.attrs.get("data-x"), Some(&x));
        assert_eq!(mark.attrs.get("data-y"), Some(&y));
        assert_eq!(
            mark.attrs.get("data-series").map(String::as_str),
            Some("mau")
        );
        assert_eq!(mark.title, format!("month: {x}\nmau: {y}"));
    }
    let channels = course(CHANNELS);
    let parsed = parse(&svg(
        channels,
        &ChartSpec::new(ChartKind::Bar, 0, vec![1]),
        Lang::En,
    ));
    let first = &parsed.marks[0];
    assert_eq!(
        first.attrs.get("data-x").map(String::as_str),
        Some("Youtube")
    );
    assert_eq!(
        first.attrs.get("data-y").map(String::as_str),
        Some("17,091")
    );
    let summary = course(SUMMARY);
    let spec = ChartSpec::new(ChartKind::GroupedBar, 0, vec![2]).with_series(1);
    let parsed = parse(&svg(summary, &spec, Lang::En));
    assert_eq!(parsed.marks.len(), 42);
    assert!(parsed.marks[0]
        .title
        .starts_with("channel: Facebook\nmonth: 2019-05\nunique_users: "));
    assert!(parsed.texts.iter().any(|t| t == "Youtube"), "a legend");
}

#[test]
fn every_kind_renders_a_valid_svg() {
    let summary = course(SUMMARY);
    let cohort = course(COHORT);
    let channels = course(CHANNELS);
    let cases = [
        (
            summary,
            ChartSpec::new(ChartKind::Line, 0, vec![2]).with_series(1),
        ),
        (summary, ChartSpec::new(ChartKind::Bar, 1, vec![2])),
        (
            summary,
            ChartSpec::new(ChartKind::GroupedBar, 0, vec![2]).with_series(1),
        ),
        (
            summary,
            ChartSpec::new(ChartKind::StackedBar, 0, vec![2]).with_series(1),
        ),
        (
            cohort,
            ChartSpec::new(ChartKind::Heatmap, 1, vec![2]).with_series(0),
        ),
        (
            cohort,
            ChartSpec::new(ChartKind::Scatter, 1, vec![2]).with_series(0),
        ),
        (channels, ChartSpec::new(ChartKind::Pie, 0, vec![1])),
        (
            channels,
            ChartSpec::new(ChartKind::Donut, 0, vec![1]).sorted(SortOrder::ValueAsc),
        ),
    ];
    for (result, spec) in cases {
        for lang in [Lang::Ko, Lang::En] {
            let parsed = parse(&svg(result, &spec, lang));
            assert!(!parsed.marks.is_empty(), "{spec:?}");
            assert!(parsed.marks.iter().all(|m| !m.title.is_empty()
                && m.attrs.contains_key("data-x")
                && m.attrs.contains_key("data-y")
                && m.attrs.contains_key("data-series")));
        }
    }
    let heatmap = parse(&svg(cohort, &cases_heatmap(), Lang::En));
    assert_eq!(heatmap.marks.len(), 28);
    let pie = parse(&svg(
        channels,
        &ChartSpec::new(ChartKind::Pie, 0, vec![1]),
        Lang::En,
    ));
    assert_eq!(pie.marks.len(), 6);
    assert!(pie.marks[0].title.ends_with("(16.8%)"));
}

fn cases_heatmap() -> ChartSpec {
    ChartSpec::new(ChartKind::Heatmap, 1, vec![2]).with_series(0)
}

#[test]
fn text_from_the_data_is_escaped() {
    let evil = [
        "<script>alert(1)</script>",
        "bell\u{7} and nul\u{0}",
        "\"><img src=x onerror=alert(1)>",
        "a & b 'q'",
    ];
    let rows = evil
        .iter()
        .enumerate()
        .map(|(i, s)| vec![text(s), text(s), Cell::Int(i as i64 + 1)])
        .collect();
    let result = result(
        &[
            ("<b>name</b>", "VARCHAR"),
            ("\"series\"", "VARCHAR"),
            ("n&m", "BIGINT"),
        ],
        rows,
    );
    for spec in [
        ChartSpec::new(ChartKind::Bar, 0, vec![2]),
        ChartSpec::new(ChartKind::GroupedBar, 0, vec![2]).with_series(1),
        ChartSpec::new(ChartKind::Heatmap, 0, vec![2]).with_series(1),
        ChartSpec::new(ChartKind::Pie, 0, vec![2]),
    ] {
        let svg = svg(&result, &spec, Lang::Ko);
        assert!(!svg.contains("<script") && !svg.contains("<img") && !svg.contains("<b>"));
        let parsed = parse(&svg);
        let xs: Vec<&str> = parsed
            .marks
            .iter()
            .filter_map(|m| m.attrs.get("data-x"))
            .map(String::as_str)
            .collect();
        assert!(
            !svg.contains('\u{7}') && !svg.contains('\u{0}'),
            "no control characters"
        );
        for s in evil {
            let s = &*s.replace(['\u{7}', '\u{0}'], "\u{FFFD}");
            assert!(xs.contains(&s), "{spec:?}: {s} in {xs:?}");
            assert!(parsed.marks.iter().any(|m| m.title.contains(s)));
        }
        assert!(parsed
            .marks
            .iter()
            .all(|m| m.title.contains("<b>name</b>: ")));
        if spec.kind != ChartKind::Pie {
            assert!(
                parsed.texts.iter().any(|t| t == "<b>name</b>"),
                "the x title"
            );
        }
    }
}

#[test]
fn korean_labels_theme_colours_and_notes() {
    let rows = (1..=60)
        .map(|i| vec![text(&format!("채널{i}")), Cell::Int(i)])
        .chain([vec![text("빈 값"), Cell::Null]])
        .collect();
    let result = result(&[("채널", "VARCHAR"), ("세션", "BIGINT")], rows);
    let svg = svg(
        &result,
        &ChartSpec::new(ChartKind::Bar, 0, vec![1]),
        Lang::Ko,
    );
    let parsed = parse(&svg);
    let fonts = parsed
        .root_attrs
        .get("font-family")
        .cloned()
        .unwrap_or_default();
    assert!(
        fonts.contains("Noto Sans KR")
            && fonts.contains("Malgun Gothic")
            && fonts.ends_with("sans-serif")
    );
    assert_eq!(
        parsed.root_attrs.get("fill").map(String::as_str),
        Some("currentColor")
    );
    assert!(!svg.contains("#000000"));
    assert!(parsed.texts.iter().any(|t| t == "채널"), "the x title");
    assert!(
        parsed.texts.iter().any(|t| t == "기타"),
        "the Other category"
    );
    assert!(parsed
        .texts
        .iter()
        .any(|t| t == "NULL 값 1개는 건너뛰었습니다."));
    assert!(parsed
        .texts
        .iter()
        .any(|t| t.contains("'기타'로 묶었습니다")));
    assert_eq!(parsed.marks.len(), 50);
}

#[test]
fn nulls_break_a_line() {
    let mut mau = course(MAU).clone();
    mau.rows[3][1] = Cell::Null;
    let svg = svg(&mau, &ChartSpec::new(ChartKind::Line, 0, vec![1]), Lang::En);
    let parsed = parse(&svg);
    assert_eq!(parsed.marks.len(), 6);
    assert!(parsed.texts.iter().any(|t| t == "1 NULL value skipped."));
    let path = svg
        .split("class=\"line\" d=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default();
    assert_eq!(path.matches('M').count(), 2, "two pieces: {path}");
}

#[test]
fn ten_thousand_points_render_quickly() {
    let start = NaiveDate::from_ymd_opt(2019, 5, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a date");
    let rows = (0..10_000i64)
        .map(|i| {
            let ts = start + chrono::Duration::minutes(i * 30);
            vec![
                Cell::Timestamp(ts),
                Cell::Float((i % 97) as f64 * 1.5),
                Cell::Int(i % 1000),
            ]
        })
        .collect();
    let result = result(
        &[
            ("ts", "TIMESTAMP"),
            ("v", "DOUBLE PRECISION"),
            ("n", "BIGINT"),
        ],
        rows,
    );
    for spec in [
        ChartSpec::new(ChartKind::Line, 0, vec![1]),
        ChartSpec::new(ChartKind::Scatter, 2, vec![1]),
    ] {
        let started = Instant::now();
        let parsed = parse(&svg(&result, &spec, Lang::En));
        let elapsed = started.elapsed();
        assert_eq!(parsed.marks.len(), 10_000);
        assert!(elapsed.as_secs_f64() < 10.0, "{spec:?} took {elapsed:?}");
    }
}

#[test]
fn cohort_pivot_as_percent_of_month_one() {
    let table = pivot(course(COHORT), 0, 1, 2).expect("a pivot");
    assert_eq!(
        table.row_labels,
        ["2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10", "2019-11"]
    );
    assert_eq!(table.col_labels, ["1", "2", "3", "4", "5", "6", "7"]);
    let first_row: Vec<&str> = table.cells[0].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(first_row, ["281", "262", "237", "229", "224", "213", "206"]);
    let percent = table.percent_of_first_column();
    assert_eq!(percent.cells[0][1].text, "93.2%");
    assert_eq!(percent.cells[3][3].text, "82.1%");
    assert!(percent
        .cells
        .iter()
        .flatten()
        .all(|c| c.heat.is_none_or(|h| (0.0..=1.0).contains(&h))));
    let csv = percent.to_csv().expect("CSV");
    assert!(csv.starts_with("cohort,1,2,3,4,5,6,7\n2019-05,100.00,93.24,"));
}

#[test]
fn example_dashboard_cards_run_and_render() {
    for lang in [Lang::Ko, Lang::En] {
        let dashboard = example_dashboard(lang);
        assert_eq!(dashboard.cards.len(), 5);
        for card in &dashboard.cards {
            let result = course(&card.sql);
            let spec = card
                .chart
                .clone()
                .or_else(|| propose(result))
                .expect("a chart");
            let parsed = parse(&svg(result, &spec, lang));
            assert!(!parsed.marks.is_empty(), "{}", card.id);
            if let CardView::Pivot(settings) = &card.view {
                let table = settings.apply(result).expect("a pivot");
                assert_eq!(table.cells[0][0].text, "100.0%");
            }
        }
        let json = serde_json::to_string(&dashboard).expect("serialises");
        assert_eq!(
            serde_json::from_str::<tabhouse::charts::Dashboard>(&json).ok(),
            Some(dashboard)
        );
    }
    let titles = |lang| {
        example_dashboard(lang)
            .cards
            .into_iter()
            .map(|c| c.title)
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(Lang::Ko)[1], "채널별 세션 수");
    assert_eq!(titles(Lang::En)[1], "Sessions by channel");
    let channels = course(&example_dashboard(Lang::En).cards[1].sql);
    assert_eq!(
        channels.rows.last().map(|r| grid_text(&r[0])),
        Some("TIKTOK".into())
    );
}
