//! Charts as standalone SVG text. Every mark (point, bar, cell, slice) is an
//! element with `class="mark"`, `data-x`, `data-y`, `data-series` and a
//! `<title>` tooltip, all holding the grid's text of the values. Text and
//! axes use `currentColor`, so the page's theme applies; series take the
//! Okabe–Ito colour-blind-safe palette. quick-xml writes the elements, so
//! every text and attribute from the data is escaped.

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::borrow::Cow;
use std::f64::consts::PI;
use std::io;

use super::data::{chart_data, time_kind, ChartData, Point, Series, XAxis};
use super::error::ChartError;
use super::scale::{number_ticks, time_ticks, Tick};
use super::spec::{ChartKind, ChartSpec};
use crate::engine::outcome::ResultSet;
use crate::i18n::Lang;

/// Fonts for Latin and Korean text, then the generic family.
const FONT_FAMILY: &str =
    "'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans CJK KR', sans-serif";
const FONT_SIZE: f64 = 12.0;
const LINE: f64 = 16.0;
const MARGIN: f64 = 8.0;
/// Okabe–Ito, without black (it vanishes on a dark page).
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
];
const OTHER_COLOUR: &str = "#999999";
const HEAT_COLOUR: &str = "#0072B2";
/// Longest axis label, in characters, before it is cut with "…".
const LABEL_CHARS: usize = 18;
/// Above this many marks, marks carry no `<title>` (the data attributes
/// still hold their values, and the page's tooltip reads those): the SVG
/// stays half the size and a 10,000-point chart draws in time.
pub const TITLED_MARKS: usize = 1000;

/// The chart of `result` drawn as SVG text of `width` × `height` pixels.
pub fn render_svg(
    result: &ResultSet,
    spec: &ChartSpec,
    lang: Lang,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    chart_data(result, spec, lang)?.to_svg(lang, width, height)
}

impl ChartData {
    /// This chart drawn as SVG text of `width` × `height` pixels, notes in `lang`.
    pub fn to_svg(&self, lang: Lang, width: u32, height: u32) -> Result<String, ChartError> {
        let size = Size {
            width: f64::from(width.max(120)),
            height: f64::from(height.max(120)),
        };
        let marks: usize = self.series.iter().map(|s| s.points.len()).sum();
        let mut svg = Svg::new(marks <= TITLED_MARKS);
        let label = format!(
            "{}: {} / {}",
            self.kind.name(lang),
            self.y_name,
            self.x_name
        );
        svg.open(
            "svg",
            &[
                ("xmlns", "http://www.w3.org/2000/svg"),
                ("width", &f0(size.width)),
                ("height", &f0(size.height)),
                (
                    "viewBox",
                    &format!("0 0 {} {}", f0(size.width), f0(size.height)),
                ),
                ("class", "tabhouse-chart"),
                ("font-family", FONT_FAMILY),
                ("font-size", &f0(FONT_SIZE)),
                ("fill", "currentColor"),
                ("role", "img"),
                ("aria-label", &label),
            ],
        )?;
        let notes_top = size.height - MARGIN - self.notes.len() as f64 * LINE;
        let legend_bottom = match self.kind {
            ChartKind::Pie | ChartKind::Donut => self.pie_legend(&mut svg, size)?,
            ChartKind::Heatmap => MARGIN,
            _ if self.has_legend() => self.legend(&mut svg, size)?,
            _ => MARGIN,
        };
        let area = Area {
            top: legend_bottom + 6.0,
            bottom: notes_top,
            left: MARGIN,
            right: size.width - MARGIN,
        };
        match self.kind {
            ChartKind::Pie | ChartKind::Donut => self.pie(&mut svg, area)?,
            ChartKind::Heatmap => self.heatmap(&mut svg, area)?,
            _ => self.xy(&mut svg, area)?,
        }
        svg.open("g", &[("class", "notes"), ("font-size", "11")])?;
        for (i, note) in self.notes.iter().enumerate() {
            let y = notes_top + (i as f64 + 0.75) * LINE;
            svg.text(
                &[("x", &f1(MARGIN)), ("y", &f1(y)), ("class", "note")],
                note.text(lang.code()),
            )?;
        }
        svg.close("g")?;
        svg.close("svg")?;
        svg.finish()
    }

    /// The legend of the series across the top; returns its bottom.
    fn legend(&self, svg: &mut Svg, size: Size) -> Result<f64, ChartError> {
        let items: Vec<(String, &str)> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), series_colour(s, i)))
            .collect();
        legend(svg, size, &items)
    }

    /// The legend of a pie's slices with their shares; returns its bottom.
    fn pie_legend(&self, svg: &mut Svg, size: Size) -> Result<f64, ChartError> {
        let Some(series) = self.series.first() else {
            return Ok(MARGIN);
        };
        let total = pie_total(series);
        let labels = self.x_labels();
        let items: Vec<(String, &str)> = series
            .points
            .iter()
            .zip(&labels)
            .enumerate()
            .filter_map(|(i, (p, label))| {
                let share = p.y? / total * 100.0;
                Some((format!("{label} ({share:.1}%)"), slice_colour(self, i)))
            })
            .collect();
        legend(svg, size, &items)
    }

    /// Lines, scatter plots and bars: axes, grid and marks.
    fn xy(&self, svg: &mut Svg, area: Area) -> Result<(), ChartError> {
        let is_bar = matches!(
            self.kind,
            ChartKind::Bar | ChartKind::GroupedBar | ChartKind::StackedBar
        );
        let (min, max) = self.y_extent(is_bar);
        let plot_height = area.bottom - area.top - LINE - 40.0;
        let target = (plot_height / 50.0).clamp(2.0, 8.0) as usize;
        let (lo, hi, y_ticks) = number_ticks(min, max, target);
        let y_label_width = y_ticks
            .iter()
            .map(|t| text_width(&t.label))
            .fold(0.0, f64::max);
        let left = area.left + LINE + y_label_width + 8.0;
        let right = area.right - 12.0;
        let x_scale = XScale::new(&self.x_axis, left, right);
        let x_labels = x_scale.labels();
        let rotate = x_scale.crowded(&x_labels);
        let label_height = if rotate {
            (x_labels
                .iter()
                .map(|t| text_width(&t.label))
                .fold(0.0, f64::max)
                * 0.71
                + LINE)
                .min(120.0)
        } else {
            LINE + 4.0
        };
        let bottom = area.bottom - LINE - label_height;
        let top = area.top + 4.0;
        let y = Linear::new(lo, hi, bottom, top.min(bottom - 10.0));

        svg.open(
            "g",
            &[
                ("class", "grid"),
                ("stroke", "currentColor"),
                ("stroke-opacity", "0.12"),
            ],
        )?;
        for tick in &y_ticks {
            let py = f1(y.map(tick.pos));
            svg.empty(
                "line",
                &[
                    ("x1", &f1(left)),
                    ("x2", &f1(right)),
                    ("y1", &py),
                    ("y2", &py),
                ],
            )?;
        }
        svg.close("g")?;
        svg.open("g", &[("class", "axis y-axis"), ("text-anchor", "end")])?;
        for tick in &y_ticks {
            let py = f1(y.map(tick.pos) + 4.0);
            svg.text(&[("x", &f1(left - 6.0)), ("y", &py)], &tick.label)?;
        }
        svg.close("g")?;
        svg.empty(
            "line",
            &[
                ("class", "axis-line"),
                ("x1", &f1(left)),
                ("x2", &f1(right)),
                ("y1", &f1(y.map(lo.max(0.0).min(hi)))),
                ("y2", &f1(y.map(lo.max(0.0).min(hi)))),
                ("stroke", "currentColor"),
                ("stroke-opacity", "0.5"),
            ],
        )?;
        x_scale.draw_labels(svg, &x_labels, bottom, rotate)?;
        axis_titles(svg, self, left, right, top, bottom, area.bottom)?;

        svg.open("g", &[("class", "marks")])?;
        match self.kind {
            ChartKind::Line => self.lines(svg, &x_scale, &y)?,
            ChartKind::Scatter => self.points(svg, &x_scale, &y)?,
            ChartKind::StackedBar => self.stacked_bars(svg, &x_scale, &y)?,
            _ => self.grouped_bars(svg, &x_scale, &y)?,
        }
        svg.close("g")?;
        Ok(())
    }

    /// How many points the longest series has (a stack's categories).
    fn longest_series(&self) -> usize {
        self.series
            .iter()
            .map(|s| s.points.len())
            .max()
            .unwrap_or(0)
    }

    /// The y range the marks need (bars include 0; stacks add up).
    fn y_extent(&self, is_bar: bool) -> (f64, f64) {
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        if self.kind == ChartKind::StackedBar {
            for c in 0..self.longest_series() {
                let values = self.series.iter().filter_map(|s| s.points.get(c)?.y);
                let (up, down) = values.fold((0.0, 0.0), |(up, down), v| {
                    if v >= 0.0 {
                        (up + v, down)
                    } else {
                        (up, down + v)
                    }
                });
                min = min.min(down);
                max = max.max(up);
            }
        } else {
            for v in self
                .series
                .iter()
                .flat_map(|s| s.points.iter().filter_map(|p| p.y))
            {
                min = min.min(v);
                max = max.max(v);
            }
        }
        if min > max {
            return (0.0, 1.0);
        }
        if is_bar {
            (min.min(0.0), max.max(0.0))
        } else {
            (min, max)
        }
    }

    fn lines(&self, svg: &mut Svg, x: &XScale, y: &Linear) -> Result<(), ChartError> {
        for (i, series) in self.series.iter().enumerate() {
            let colour = series_colour(series, i);
            let mut path = String::new();
            let mut pen_down = false;
            for point in &series.points {
                match point.y {
                    Some(v) => {
                        path.push(if pen_down { 'L' } else { 'M' });
                        path.push_str(&f1(x.center(point.x)));
                        path.push(' ');
                        path.push_str(&f1(y.map(v)));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            svg.empty(
                "path",
                &[
                    ("class", "line"),
                    ("d", &path),
                    ("fill", "none"),
                    ("stroke", colour),
                    ("stroke-width", "2"),
                ],
            )?;
            let radius = if series.points.len() > 500 {
                "2"
            } else {
                "3.5"
            };
            for point in &series.points {
                let Some(v) = point.y else { continue };
                let (cx, cy) = (f1(x.center(point.x)), f1(y.map(v)));
                let attrs = [
                    ("cx", cx.as_str()),
                    ("cy", &cy),
                    ("r", radius),
                    ("fill", colour),
                ];
                svg.mark("circle", &attrs, self, series, point, None)?;
            }
        }
        Ok(())
    }

    fn points(&self, svg: &mut Svg, x: &XScale, y: &Linear) -> Result<(), ChartError> {
        for (i, series) in self.series.iter().enumerate() {
            let colour = series_colour(series, i);
            for point in &series.points {
                let Some(v) = point.y else { continue };
                let (cx, cy) = (f1(x.center(point.x)), f1(y.map(v)));
                let attrs = [
                    ("cx", cx.as_str()),
                    ("cy", &cy),
                    ("r", "3.5"),
                    ("fill", colour),
                    ("fill-opacity", "0.7"),
                ];
                svg.mark("circle", &attrs, self, series, point, None)?;
            }
        }
        Ok(())
    }

    fn grouped_bars(&self, svg: &mut Svg, x: &XScale, y: &Linear) -> Result<(), ChartError> {
        let count = self.series.len().max(1) as f64;
        let group = x.band() * 0.8;
        let width = group / count;
        let zero = y.map(0.0);
        for (i, series) in self.series.iter().enumerate() {
            let colour = series_colour(series, i);
            for point in &series.points {
                let Some(v) = point.y else { continue };
                let left = x.center(point.x) - group / 2.0 + width * i as f64;
                let top = y.map(v).min(zero);
                let height = (y.map(v) - zero).abs();
                bar(svg, self, series, point, colour, (left, top, width, height))?;
            }
        }
        Ok(())
    }

    fn stacked_bars(&self, svg: &mut Svg, x: &XScale, y: &Linear) -> Result<(), ChartError> {
        let categories = self.longest_series();
        let (mut up, mut down) = (vec![0.0; categories], vec![0.0; categories]);
        let width = x.band() * 0.7;
        for (i, series) in self.series.iter().enumerate() {
            let colour = series_colour(series, i);
            for (c, point) in series.points.iter().enumerate() {
                let (Some(v), Some(u), Some(d)) = (point.y, up.get_mut(c), down.get_mut(c)) else {
                    continue;
                };
                let base = if v >= 0.0 { u } else { d };
                let (from, to) = (*base, *base + v);
                *base = to;
                let top = y.map(from).min(y.map(to));
                let height = (y.map(to) - y.map(from)).abs();
                let left = x.center(point.x) - width / 2.0;
                bar(svg, self, series, point, colour, (left, top, width, height))?;
            }
        }
        Ok(())
    }

    fn heatmap(&self, svg: &mut Svg, area: Area) -> Result<(), ChartError> {
        let columns = match &self.x_axis {
            XAxis::Categories(labels) => labels.len().max(1),
            _ => 1,
        };
        let row_label_width = self
            .series
            .iter()
            .map(|s| text_width(&cut(&s.name)))
            .fold(0.0, f64::max);
        let left = area.left + LINE + row_label_width + 8.0;
        let right = area.right;
        let x_scale = XScale::new(&self.x_axis, left, right);
        let x_labels = x_scale.labels();
        let rotate = x_scale.crowded(&x_labels);
        let label_height = if rotate { 60.0 } else { LINE + 4.0 };
        let bottom = area.bottom - LINE - label_height;
        let top = area.top + 4.0;
        let rows = self.series.len().max(1);
        let cell_height = ((bottom - top) / rows as f64).max(1.0);
        let cell_width = (right - left) / columns as f64;
        let values = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|p| p.y));
        let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        svg.open("g", &[("class", "axis y-axis"), ("text-anchor", "end")])?;
        let every = (LINE / cell_height).ceil().max(1.0) as usize;
        for (r, series) in self.series.iter().enumerate().step_by(every) {
            let py = top + cell_height * (r as f64 + 0.5) + 4.0;
            svg.text(
                &[("x", &f1(left - 6.0)), ("y", &f1(py))],
                &cut(&series.name),
            )?;
        }
        svg.close("g")?;
        x_scale.draw_labels(svg, &x_labels, bottom, rotate)?;
        axis_titles(svg, self, left, right, top, bottom, area.bottom)?;
        svg.open("g", &[("class", "marks")])?;
        for (r, series) in self.series.iter().enumerate() {
            for point in &series.points {
                let Some(v) = point.y else { continue };
                let heat = if max > min {
                    (v - min) / (max - min)
                } else {
                    1.0
                };
                let (px, py) = (left + point.x * cell_width, top + r as f64 * cell_height);
                let attrs = [
                    ("x", f1(px + 1.0)),
                    ("y", f1(py + 1.0)),
                    ("width", f1((cell_width - 2.0).max(0.5))),
                    ("height", f1((cell_height - 2.0).max(0.5))),
                    ("fill", HEAT_COLOUR.to_owned()),
                    ("fill-opacity", format!("{:.2}", 0.08 + 0.92 * heat)),
                ];
                let attrs: Vec<(&str, &str)> =
                    attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
                svg.mark("rect", &attrs, self, series, point, None)?;
                let text = &point.y_text;
                if text_width(text) + 4.0 <= cell_width && cell_height >= 14.0 {
                    let fill = if heat > 0.5 {
                        "#ffffff"
                    } else {
                        "currentColor"
                    };
                    svg.text(
                        &[
                            ("x", &f1(px + cell_width / 2.0)),
                            ("y", &f1(py + cell_height / 2.0 + 4.0)),
                            ("text-anchor", "middle"),
                            ("fill", fill),
                            ("pointer-events", "none"),
                        ],
                        text,
                    )?;
                }
            }
        }
        svg.close("g")?;
        Ok(())
    }

    fn pie(&self, svg: &mut Svg, area: Area) -> Result<(), ChartError> {
        let Some(series) = self.series.first() else {
            return Ok(());
        };
        let total = pie_total(series);
        let (cx, cy) = (
            (area.left + area.right) / 2.0,
            (area.top + area.bottom) / 2.0,
        );
        let radius = ((area.right - area.left).min(area.bottom - area.top) / 2.0 - 4.0).max(10.0);
        let inner = if self.kind == ChartKind::Donut {
            radius * 0.55
        } else {
            0.0
        };
        svg.open("g", &[("class", "marks")])?;
        let mut angle = -PI / 2.0;
        for (i, point) in series.points.iter().enumerate() {
            let Some(v) = point.y.filter(|v| *v > 0.0) else {
                continue;
            };
            let sweep = v / total * 2.0 * PI;
            let path = slice_path((cx, cy), radius, inner, angle, angle + sweep);
            angle += sweep;
            let share = format!("{:.1}%", v / total * 100.0);
            let attrs = [
                ("d", path.as_str()),
                ("fill", slice_colour(self, i)),
                ("stroke", "#ffffff"),
                ("stroke-width", "1"),
            ];
            svg.mark("path", &attrs, self, series, point, Some(&share))?;
        }
        svg.close("g")?;
        Ok(())
    }
}

#[derive(Clone, Copy)]
struct Size {
    width: f64,
    height: f64,
}

#[derive(Clone, Copy)]
struct Area {
    top: f64,
    bottom: f64,
    left: f64,
    right: f64,
}

/// A linear map from data values to pixels.
struct Linear {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Linear {
    fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Self {
        Self { d0, d1, r0, r1 }
    }

    fn map(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// The x axis in pixels: bands for categories, a line for numbers and time.
enum XScale<'a> {
    Bands {
        labels: &'a [String],
        left: f64,
        band: f64,
    },
    Continuous {
        map: Linear,
        ticks: Vec<Tick>,
    },
}

impl<'a> XScale<'a> {
    fn new(axis: &'a XAxis, left: f64, right: f64) -> Self {
        let target = ((right - left) / 70.0).clamp(2.0, 12.0) as usize;
        match axis {
            XAxis::Categories(labels) => XScale::Bands {
                labels,
                left,
                band: (right - left) / labels.len().max(1) as f64,
            },
            XAxis::Number { min, max } => {
                let (lo, hi, ticks) = number_ticks(*min, *max, target);
                XScale::Continuous {
                    map: Linear::new(lo, hi, left, right),
                    ticks,
                }
            }
            XAxis::Time { unit, min, max } => {
                let pad = ((max - min) * 0.03).max(0.5);
                let (lo, hi) = (min - pad, max + pad);
                let ticks = time_ticks(lo, hi, time_kind(*unit), target);
                XScale::Continuous {
                    map: Linear::new(lo, hi, left, right),
                    ticks,
                }
            }
        }
    }

    fn band(&self) -> f64 {
        match self {
            XScale::Bands { band, .. } => *band,
            XScale::Continuous { .. } => 10.0,
        }
    }

    fn center(&self, x: f64) -> f64 {
        match self {
            XScale::Bands { left, band, .. } => left + band * (x + 0.5),
            XScale::Continuous { map, .. } => map.map(x),
        }
    }

    /// The labels to print, thinned when bands are too narrow for each.
    fn labels(&self) -> Vec<Tick> {
        match self {
            XScale::Bands { labels, band, .. } => {
                let every = (14.0 / band).ceil().max(1.0) as usize;
                let last = labels.len().saturating_sub(1);
                let mut shown: Vec<usize> = (0..labels.len()).step_by(every).collect();
                if shown.last().is_some_and(|&i| i != last) {
                    if shown.last().is_some_and(|&i| last - i < every) {
                        shown.pop();
                    }
                    shown.push(last);
                }
                shown
                    .into_iter()
                    .filter_map(|i| {
                        Some(Tick {
                            pos: i as f64,
                            label: cut(labels.get(i)?),
                        })
                    })
                    .collect()
            }
            XScale::Continuous { ticks, .. } => ticks.clone(),
        }
    }

    /// Whether horizontal labels would overlap (they are then turned 45°).
    fn crowded(&self, labels: &[Tick]) -> bool {
        let widest = labels
            .iter()
            .map(|t| text_width(&t.label))
            .fold(0.0, f64::max);
        let room = match (self, labels) {
            (XScale::Bands { band, .. }, [first, second, ..]) => band * (second.pos - first.pos),
            (XScale::Bands { band, .. }, _) => *band,
            (XScale::Continuous { map, .. }, [first, second, ..]) => {
                map.map(second.pos) - map.map(first.pos)
            }
            (XScale::Continuous { .. }, _) => f64::INFINITY,
        };
        widest + 6.0 > room
    }

    fn draw_labels(
        &self,
        svg: &mut Svg,
        labels: &[Tick],
        bottom: f64,
        rotate: bool,
    ) -> io::Result<()> {
        let anchor = if rotate { "end" } else { "middle" };
        svg.open("g", &[("class", "axis x-axis"), ("text-anchor", anchor)])?;
        for tick in labels {
            let x = self.center(tick.pos);
            if let XScale::Continuous { .. } = self {
                svg.empty(
                    "line",
                    &[
                        ("x1", &f1(x)),
                        ("x2", &f1(x)),
                        ("y1", &f1(bottom)),
                        ("y2", &f1(bottom + 4.0)),
                        ("stroke", "currentColor"),
                        ("stroke-opacity", "0.5"),
                    ],
                )?;
            }
            let y = bottom + LINE;
            if rotate {
                let turn = format!("rotate(-45 {} {})", f1(x), f1(y - 4.0));
                svg.text(
                    &[("x", &f1(x)), ("y", &f1(y)), ("transform", &turn)],
                    &tick.label,
                )?;
            } else {
                svg.text(&[("x", &f1(x)), ("y", &f1(y))], &tick.label)?;
            }
        }
        svg.close("g")
    }
}

/// The x title under the labels and the y title up the left side.
fn axis_titles(
    svg: &mut Svg,
    data: &ChartData,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    area_bottom: f64,
) -> io::Result<()> {
    let x = f1((left + right) / 2.0);
    let y = f1(area_bottom - 4.0);
    svg.text(
        &[
            ("class", "axis-title"),
            ("x", &x),
            ("y", &y),
            ("text-anchor", "middle"),
        ],
        &data.x_name,
    )?;
    let title = match (&data.series_name, data.kind) {
        (Some(series), ChartKind::Heatmap) => series.clone(),
        _ => data.y_name.clone(),
    };
    let (tx, ty) = (f1(MARGIN + 10.0), f1((top + bottom) / 2.0));
    let turn = format!("rotate(-90 {tx} {ty})");
    svg.text(
        &[
            ("class", "axis-title"),
            ("x", &tx),
            ("y", &ty),
            ("text-anchor", "middle"),
            ("transform", &turn),
        ],
        &title,
    )
}

/// One bar: a rectangle mark.
fn bar(
    svg: &mut Svg,
    data: &ChartData,
    series: &Series,
    point: &Point,
    colour: &str,
    (left, top, width, height): (f64, f64, f64, f64),
) -> io::Result<()> {
    let (x, y, w, h) = (f1(left), f1(top), f1(width.max(0.5)), f1(height.max(0.5)));
    let attrs = [
        ("x", x.as_str()),
        ("y", &y),
        ("width", &w),
        ("height", &h),
        ("fill", colour),
    ];
    svg.mark("rect", &attrs, data, series, point, None)
}

/// A legend of coloured swatches, wrapped across the width; returns its bottom.
fn legend(svg: &mut Svg, size: Size, items: &[(String, &str)]) -> Result<f64, ChartError> {
    svg.open("g", &[("class", "legend")])?;
    let (mut x, mut y) = (MARGIN, MARGIN);
    for (name, colour) in items {
        let name = cut(name);
        let width = 14.0 + text_width(&name) + 14.0;
        if x > MARGIN && x + width > size.width - MARGIN {
            x = MARGIN;
            y += LINE + 2.0;
        }
        svg.empty(
            "rect",
            &[
                ("x", &f1(x)),
                ("y", &f1(y + 3.0)),
                ("width", "10"),
                ("height", "10"),
                ("fill", colour),
            ],
        )?;
        svg.text(&[("x", &f1(x + 14.0)), ("y", &f1(y + 12.0))], &name)?;
        x += width;
    }
    svg.close("g")?;
    Ok(y + LINE + 2.0)
}

fn series_colour(series: &Series, index: usize) -> &'static str {
    if series.other {
        OTHER_COLOUR
    } else {
        PALETTE[index % PALETTE.len()]
    }
}

/// A slice's colour: by category, "Other" (folded last) in grey.
fn slice_colour(data: &ChartData, index: usize) -> &'static str {
    let last = match &data.x_axis {
        XAxis::Categories(labels) => labels.len().saturating_sub(1),
        _ => usize::MAX,
    };
    if data.other_category && index == last {
        OTHER_COLOUR
    } else {
        PALETTE[index % PALETTE.len()]
    }
}

/// The sum of a pie's positive values (1 when there are none).
fn pie_total(series: &Series) -> f64 {
    let total: f64 = series
        .points
        .iter()
        .filter_map(|p| p.y)
        .filter(|v| *v > 0.0)
        .sum();
    if total > 0.0 {
        total
    } else {
        1.0
    }
}

/// A pie or donut slice from angle `a0` to `a1` (radians, clockwise from
/// east), drawn as two arcs so a whole circle works too.
fn slice_path((cx, cy): (f64, f64), radius: f64, inner: f64, a0: f64, a1: f64) -> String {
    let at = |r: f64, a: f64| format!("{} {}", f1(cx + r * a.cos()), f1(cy + r * a.sin()));
    let mid = (a0 + a1) / 2.0;
    let (r, ri) = (f1(radius), f1(inner));
    let outer = format!(
        "M{} A{r} {r} 0 0 1 {} A{r} {r} 0 0 1 {}",
        at(radius, a0),
        at(radius, mid),
        at(radius, a1)
    );
    if inner > 0.0 {
        format!(
            "{outer} L{} A{ri} {ri} 0 0 0 {} A{ri} {ri} 0 0 0 {} Z",
            at(inner, a1),
            at(inner, mid),
            at(inner, a0)
        )
    } else {
        format!("{outer} L{} {} Z", f1(cx), f1(cy))
    }
}

/// The tooltip of a mark: the series (when a column splits them), x and
/// the value, each as the grid shows it.
fn tooltip(data: &ChartData, series: &Series, point: &Point, extra: Option<&str>) -> String {
    let mut text = String::new();
    if let Some(name) = &data.series_name {
        text.push_str(&format!("{name}: {}\n", series.name));
    }
    let measure = if data.series_name.is_some() {
        &data.y_name
    } else {
        &series.name
    };
    text.push_str(&format!(
        "{}: {}\n{measure}: {}",
        data.x_name, point.x_text, point.y_text
    ));
    if let Some(extra) = extra {
        text.push_str(&format!(" ({extra})"));
    }
    text
}

/// A label cut to [`LABEL_CHARS`] characters.
fn cut(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let mut cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

/// About how wide a text is at the chart's font size (Hangul and other
/// wide characters a full em, the rest 0.6 em).
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if u32::from(c) >= 0x1100 { 1.0 } else { 0.6 })
        .sum::<f64>()
        * FONT_SIZE
}

fn f0(v: f64) -> String {
    format!("{v:.0}")
}

fn f1(v: f64) -> String {
    format!("{v:.1}")
}

/// The text with the characters XML 1.0 cannot hold (control characters
/// but tab and line breaks, U+FFFE, U+FFFF) replaced by U+FFFD.
fn xml_chars(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        !(c < ' ' && !matches!(c, '\t' | '\n' | '\r') || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    };
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

/// Attribute values with [`xml_chars`] applied.
fn safe_attrs<'a>(attrs: &[(&'a str, &'a str)]) -> Vec<(&'a str, Cow<'a, str>)> {
    attrs.iter().map(|&(k, v)| (k, xml_chars(v))).collect()
}

/// quick-xml's writer, with the few shapes of element the charts use.
struct Svg {
    writer: Writer<Vec<u8>>,
    /// Whether marks carry a `<title>` tooltip.
    titles: bool,
}

impl Svg {
    fn new(titles: bool) -> Self {
        Self {
            writer: Writer::new(Vec::with_capacity(16 * 1024)),
            titles,
        }
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        let attrs = safe_attrs(attrs);
        let start =
            BytesStart::new(name).with_attributes(attrs.iter().map(|(k, v)| (*k, v.as_ref())));
        self.writer.write_event(Event::Start(start))
    }

    fn close(&mut self, name: &str) -> io::Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        let attrs = safe_attrs(attrs);
        self.writer
            .create_element(name)
            .with_attributes(attrs.iter().map(|(k, v)| (*k, v.as_ref())))
            .write_empty()?;
        Ok(())
    }

    fn text(&mut self, attrs: &[(&str, &str)], content: &str) -> io::Result<()> {
        let attrs = safe_attrs(attrs);
        self.writer
            .create_element("text")
            .with_attributes(attrs.iter().map(|(k, v)| (*k, v.as_ref())))
            .write_text_content(BytesText::new(&xml_chars(content)))?;
        Ok(())
    }

    /// A mark: the shape with `class="mark"`, the data attributes and a tooltip.
    fn mark(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        data: &ChartData,
        series: &Series,
        point: &Point,
        extra: Option<&str>,
    ) -> io::Result<()> {
        let attrs = safe_attrs(attrs);
        let (x, y, series_name) = (
            xml_chars(&point.x_text),
            xml_chars(&point.y_text),
            xml_chars(&series.name),
        );
        let element = self
            .writer
            .create_element(name)
            .with_attribute(("class", "mark"))
            .with_attributes(attrs.iter().map(|(k, v)| (*k, v.as_ref())))
            .with_attribute(("data-x", &*x))
            .with_attribute(("data-y", &*y))
            .with_attribute(("data-series", &*series_name));
        if self.titles {
            let title = tooltip(data, series, point, extra);
            element.write_inner_content(|w| {
                w.create_element("title")
                    .write_text_content(BytesText::new(&xml_chars(&title)))?;
                Ok::<_, io::Error>(())
            })?;
        } else {
            element.write_empty()?;
        }
        Ok(())
    }

    fn finish(self) -> Result<String, ChartError> {
        String::from_utf8(self.writer.into_inner()).map_err(|e| ChartError::Write(e.to_string()))
    }
}
