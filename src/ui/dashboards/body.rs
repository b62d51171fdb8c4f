//! A card's result as its view asks: the chart (SVG text from
//! `charts::render_svg`, the card's spec or the proposed one), the result
//! grid, or a pivot table with heat colours.

use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use super::super::grid::Grid;
use crate::charts::{propose, render_svg, CardView, CardWidth, ChartSpec, PivotSpec};
use crate::engine::error::Message;
use crate::engine::outcome::ResultSet;
use crate::i18n::Lang;

/// Chart width before the card is measured, in pixels (the SVG scales to
/// the card's width): one column, and both.
const NOMINAL_WIDTH: (u32, u32) = (560, 1120);
/// Chart widths drawn, at least and at most.
const WIDTH_RANGE: (u32, u32) = (280, 1600);

/// A result compared by identity (every run makes a new one), so props
/// and memos do not compare rows.
#[derive(Clone, Debug)]
pub struct ResultRef(pub Rc<ResultSet>);

impl PartialEq for ResultRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Properties of [`CardBody`].
#[derive(Properties, PartialEq)]
pub struct CardBodyProps {
    /// UI language.
    pub lang: Lang,
    /// How the result is shown.
    pub view: CardView,
    /// The card's chart; None uses the proposed one.
    pub chart: Option<ChartSpec>,
    /// The card's width (the chart is drawn to it).
    pub width: CardWidth,
    /// The result.
    pub result: ResultRef,
    /// Name of the grid's CSV file.
    pub name: AttrValue,
}

/// The result shown as the card's view.
#[function_component(CardBody)]
pub fn card_body(props: &CardBodyProps) -> Html {
    match &props.view {
        CardView::Chart => html! {
            <ChartBody lang={props.lang} chart={props.chart.clone()} width={props.width}
                result={props.result.clone()} name={props.name.clone()} />
        },
        CardView::Table => html! {
            <div class="dash-table"><Grid lang={props.lang} rows={super::super::grid::Rows(props.result.0.clone())} name={props.name.clone()} /></div>
        },
        CardView::Pivot(spec) => html! {
            <PivotBody lang={props.lang} spec={spec.clone()} result={props.result.clone()} />
        },
    }
}

/// Properties of [`ChartBody`].
#[derive(Properties, PartialEq)]
struct ChartBodyProps {
    lang: Lang,
    chart: Option<ChartSpec>,
    width: CardWidth,
    result: ResultRef,
    name: AttrValue,
}

/// The chart, drawn to the width its card has (measured once shown, and
/// again when the card is resized or the result changes, so labels keep
/// their size on a phone); when none can be drawn, why, and the grid.
#[function_component(ChartBody)]
fn chart_body(props: &ChartBodyProps) -> Html {
    let lang = props.lang;
    let container = use_node_ref();
    let measured = use_state(|| None::<u32>);
    {
        let container = container.clone();
        let measured = measured.clone();
        use_effect_with((props.width, props.result.clone()), move |_| {
            let width = container.cast::<Element>().map_or(0, |e| e.client_width());
            if let Ok(width @ 1..) = u32::try_from(width) {
                measured.set(Some(width));
            }
        });
    }
    let nominal = match props.width {
        CardWidth::One => NOMINAL_WIDTH.0,
        CardWidth::Two => NOMINAL_WIDTH.1,
    };
    let width = measured.unwrap_or(nominal);
    let deps = (props.result.clone(), props.chart.clone(), width, lang);
    let svg = use_memo(deps, |(result, chart, width, lang)| {
        chart_svg(&result.0, chart.as_ref(), *width, *lang)
    });
    match &*svg {
        Ok(svg) => html! {
            <div class="dash-chart" data-testid="card-chart" ref={container}>
                { Html::from_html_unchecked(svg.clone()) }
            </div>
        },
        Err(message) => html! {
            <div ref={container}>
                <p class="dash-note" data-testid="card-chart-note">{ message.text(lang.code()) }</p>
                <div class="dash-table">
                    <Grid lang={lang} rows={super::super::grid::Rows(props.result.0.clone())} name={props.name.clone()} />
                </div>
            </div>
        },
    }
}

/// The SVG text of the card's chart `width` pixels wide (escaped by the
/// chart writer), or why there is none.
fn chart_svg(
    result: &ResultSet,
    chart: Option<&ChartSpec>,
    width: u32,
    lang: Lang,
) -> Result<AttrValue, Message> {
    let spec = chart.cloned().or_else(|| propose(result)).ok_or_else(|| {
        Message::new(
            "이 결과에 맞는 차트가 없어 표로 보여 줍니다.",
            "No chart suits this result, so it is shown as a table.",
        )
    })?;
    let width = width.clamp(WIDTH_RANGE.0, WIDTH_RANGE.1);
    let height = (width * 3 / 5).clamp(240, 340);
    render_svg(result, &spec, lang, width, height)
        .map(AttrValue::from)
        .map_err(|e| e.message())
}

/// Properties of [`PivotBody`].
#[derive(Properties, PartialEq)]
struct PivotBodyProps {
    lang: Lang,
    spec: PivotSpec,
    result: ResultRef,
}

/// The pivot table, each cell coloured by its heat.
#[function_component(PivotBody)]
fn pivot_body(props: &PivotBodyProps) -> Html {
    let lang = props.lang;
    let deps = (props.result.clone(), props.spec.clone());
    let pivot = use_memo(deps, |(result, spec)| {
        spec.apply(&result.0).map_err(|e| e.message())
    });
    match &*pivot {
        Ok(pivot) => super::super::pivot_view::pivot_table(pivot, lang, "card-pivot"),
        Err(message) => html! {
            <p class="dash-note" data-testid="card-chart-note">{ message.text(lang.code()) }</p>
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::ChartKind;
    use crate::engine::outcome::{Cell, Column};

    fn labelled(label: &str) -> ResultSet {
        ResultSet {
            columns: vec![
                Column {
                    name: "label".to_owned(),
                    type_name: "VARCHAR".to_owned(),
                },
                Column {
                    name: "n".to_owned(),
                    type_name: "INTEGER".to_owned(),
                },
            ],
            rows: vec![vec![Cell::Text(label.to_owned()), Cell::Int(1)]],
        }
    }

    #[test]
    fn markup_in_values_is_escaped_in_the_chart() {
        let result = labelled("<script>alert(1)</script>\"><img src=x onerror=alert(2)>");
        let bar = ChartSpec::new(ChartKind::Bar, 0, vec![1]);
        for spec in [Some(&bar), None] {
            let svg =
                chart_svg(&result, spec, 560, Lang::En).unwrap_or_else(|e| panic!("{}", e.en));
            assert!(svg.starts_with("<svg"));
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("<img"), "{svg}");
            assert!(
                svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                "{svg}"
            );
        }
    }

    #[test]
    fn a_chart_that_cannot_be_drawn_says_why() {
        let result = labelled("a");
        let wrong = ChartSpec::new(ChartKind::Line, 0, vec![7]);
        let error = chart_svg(&result, Some(&wrong), 1120, Lang::Ko).expect_err("column 8");
        assert!(error.en.contains("column 8"), "{}", error.en);
        let text_only = ResultSet {
            rows: vec![vec![Cell::Text("a".to_owned())]],
            columns: result.columns[..1].to_vec(),
        };
        let error = chart_svg(&text_only, None, 560, Lang::Ko).expect_err("no chart");
        assert!(error.en.contains("table"));
    }
}
