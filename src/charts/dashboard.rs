//! Dashboards: cards of one query each, shown as a chart, a table or a pivot.

use serde::{Deserialize, Serialize};

use super::pivot::PivotSpec;
use super::spec::{ChartKind, ChartSpec, SortOrder};
use crate::i18n::Lang;

/// A dashboard: a title and its cards, in reading order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The dashboard's title.
    pub title: String,
    /// Its cards.
    pub cards: Vec<Card>,
}

/// How a card shows its result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CardView {
    /// The chart (the card's spec, or the proposed one).
    Chart,
    /// The result grid.
    Table,
    /// A pivot with these settings.
    Pivot(PivotSpec),
}

/// How many of the dashboard's two columns a card spans.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CardWidth {
    /// One column.
    #[default]
    One,
    /// Both columns.
    Two,
}

impl CardWidth {
    /// The number of columns spanned: 1 or 2.
    pub fn columns(self) -> u8 {
        match self {
            CardWidth::One => 1,
            CardWidth::Two => 2,
        }
    }
}

/// One query on a dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// A stable id, unique within the dashboard.
    pub id: String,
    /// The card's title.
    pub title: String,
    /// The query (its last result set is shown).
    pub sql: String,
    /// The chart; `None` uses the one proposed for the result.
    pub chart: Option<ChartSpec>,
    /// How the result is shown.
    pub view: CardView,
    /// Columns spanned.
    pub width: CardWidth,
    /// When the query last ran (as the UI writes it), if ever.
    pub last_run: Option<String>,
}

/// The course's own dashboard on the preloaded data: MAU by month, sessions
/// by channel, monthly channel revenue, cohort retention and NPS by month.
pub fn example_dashboard(lang: Lang) -> Dashboard {
    let card =
        |id: &str, (ko, en): (&'static str, &'static str), sql: &str, chart, view, width| Card {
            id: id.to_owned(),
            title: lang.pick(ko, en).to_owned(),
            sql: sql.to_owned(),
            chart,
            view,
            width,
            last_run: None,
        };
    Dashboard {
        title: lang.pick("코스 대시보드", "Course dashboard").to_owned(),
        cards: vec![
            card(
                "mau",
                ("월간 활성 사용자(MAU)", "Monthly active users (MAU)"),
                MAU_SQL,
                Some(ChartSpec::new(ChartKind::Line, 0, vec![1]).sorted(SortOrder::ByX)),
                CardView::Chart,
                CardWidth::One,
            ),
            card(
                "sessions-by-channel",
                ("채널별 세션 수", "Sessions by channel"),
                SESSIONS_BY_CHANNEL_SQL,
                Some(ChartSpec::new(ChartKind::Bar, 0, vec![1])),
                CardView::Chart,
                CardWidth::One,
            ),
            card(
                "channel-revenue",
                ("월별 채널 매출", "Monthly revenue by channel"),
                CHANNEL_REVENUE_SQL,
                Some(ChartSpec::new(ChartKind::StackedBar, 0, vec![2]).with_series(1)),
                CardView::Chart,
                CardWidth::Two,
            ),
            card(
                "cohort-retention",
                (
                    "코호트 리텐션 (첫 달 대비 %)",
                    "Cohort retention (% of month 1)",
                ),
                COHORT_SQL,
                Some(ChartSpec::new(ChartKind::Heatmap, 1, vec![2]).with_series(0)),
                CardView::Pivot(PivotSpec {
                    rows: 0,
                    cols: 1,
                    measure: 2,
                    percent_of_first: true,
                }),
                CardWidth::Two,
            ),
            card(
                "nps",
                ("월별 NPS", "NPS by month"),
                NPS_SQL,
                Some(ChartSpec::new(ChartKind::Line, 0, vec![1]).sorted(SortOrder::ByX)),
                CardView::Chart,
                CardWidth::Two,
            ),
        ],
    }
}

const MAU_SQL: &str = "SELECT LEFT(st.ts, 7) AS month, COUNT(DISTINCT usc.userid) AS mau
FROM raw_data.user_session_channel usc
JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid
GROUP BY 1
ORDER BY 1;";

const SESSIONS_BY_CHANNEL_SQL: &str =
    "SELECT c.channelname AS channel, COUNT(usc.sessionid) AS sessions
FROM raw_data.channel c
LEFT JOIN raw_data.user_session_channel usc ON c.channelname = usc.channel
GROUP BY 1
ORDER BY 2 DESC;";

const CHANNEL_REVENUE_SQL: &str = "SELECT LEFT(st.ts, 7) AS month, usc.channel,
       COALESCE(SUM(stx.amount), 0) AS gross_revenue,
       COALESCE(SUM(CASE WHEN stx.refunded THEN 0 ELSE stx.amount END), 0) AS net_revenue
FROM raw_data.user_session_channel usc
JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid
LEFT JOIN raw_data.session_transaction stx ON usc.sessionid = stx.sessionid
GROUP BY 1, 2
ORDER BY 1, 2;";

const COHORT_SQL: &str = "WITH user_month AS (
  SELECT DISTINCT usc.userid, DATE_TRUNC('month', st.ts) AS month
  FROM raw_data.user_session_channel usc
  JOIN raw_data.session_timestamp st ON usc.sessionid = st.sessionid
), cohort AS (
  SELECT userid, MIN(month) AS cohort_month FROM user_month GROUP BY userid
)
SELECT TO_CHAR(c.cohort_month, 'YYYY-MM') AS cohort,
       DATEDIFF(month, c.cohort_month, um.month) + 1 AS month_number,
       COUNT(*) AS users
FROM cohort c
JOIN user_month um ON c.userid = um.userid AND um.month >= c.cohort_month
GROUP BY 1, 2
ORDER BY 1, 2;";

const NPS_SQL: &str = "SELECT LEFT(created, 7) AS month,
       ROUND(SUM(CASE WHEN score >= 9 THEN 1 WHEN score <= 6 THEN -1 ELSE 0 END)::float * 100 / COUNT(1), 2) AS nps
FROM raw_data.nps
GROUP BY 1
ORDER BY 1;";
