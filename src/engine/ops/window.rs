//! Window functions (`f(...) OVER (PARTITION BY ... ORDER BY ... frame)`)
//! with PostgreSQL's semantics, which Redshift follows.
//!
//! Calls that share PARTITION BY and ORDER BY are computed together: the
//! rows are partitioned once per PARTITION BY and each partition is sorted
//! once per ORDER BY. Rows that tie on ORDER BY (peers) keep their input
//! order, so ROW_NUMBER and friends are deterministic.
//!
//! Frames: without a frame clause the frame is the whole partition when
//! there is no ORDER BY, else `RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT
//! ROW` (the current row's peers included). ROW_NUMBER, RANK, DENSE_RANK,
//! PERCENT_RANK, CUME_DIST, NTILE, LAG and LEAD ignore the frame; FIRST_VALUE,
//! LAST_VALUE, NTH_VALUE and aggregates use it. ROWS frames are fully
//! supported; RANGE frames with `n PRECEDING` / `n FOLLOWING` are refused
//! (Redshift has only ROWS frames with offsets).
//!
//! Aggregates over frames that start at UNBOUNDED PRECEDING run in one pass;
//! other frames use a segment tree of partial states, O(n log n) per
//! partition. MEDIAN and LISTAGG need the whole partition as frame (as in
//! Redshift), and DISTINCT aggregates a frame starting at UNBOUNDED PRECEDING.

use std::cell::OnceCell;

use gluesql_core::data::Value;

use super::aggregate::Accumulator;
use super::hash::{Columns, RowTable};
use super::{
    check_columns, compare_rows, sorted_positions, value_at, AggregateCall, AggregateKind, SortKey,
};
use crate::engine::error::{EngineError, ErrorKind};

/// A window function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WindowFunction {
    /// `ROW_NUMBER()`: 1, 2, 3, ... in ORDER BY order.
    RowNumber,
    /// `RANK()`: 1 + the number of rows before the current row's peers.
    Rank,
    /// `DENSE_RANK()`: 1 + the number of distinct peer groups before.
    DenseRank,
    /// `PERCENT_RANK()`: `(rank - 1) / (rows - 1)`, 0 for one row.
    PercentRank,
    /// `CUME_DIST()`: rows up to the current row's last peer / rows.
    CumeDist,
    /// `NTILE(n)`: the bucket 1..=n, earlier buckets one row larger.
    Ntile(i64),
    /// `LAG(arg, offset, default)`: the value `offset` rows earlier.
    Lag {
        /// Rows back (negative: forward).
        offset: i64,
        /// When there is no such row.
        default: Value,
    },
    /// `LEAD(arg, offset, default)`: the value `offset` rows later.
    Lead {
        /// Rows forward (negative: back).
        offset: i64,
        /// When there is no such row.
        default: Value,
    },
    /// `FIRST_VALUE(arg)`: the value at the frame's first row.
    FirstValue,
    /// `LAST_VALUE(arg)`: the value at the frame's last row.
    LastValue,
    /// `NTH_VALUE(arg, n)`: the value at the frame's n-th row (1-based).
    NthValue(i64),
    /// An aggregate over the frame (`SUM(x) OVER (...)`).
    Aggregate(AggregateKind),
}

impl WindowFunction {
    /// The SQL name, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Self::RowNumber => "ROW_NUMBER",
            Self::Rank => "RANK",
            Self::DenseRank => "DENSE_RANK",
            Self::PercentRank => "PERCENT_RANK",
            Self::CumeDist => "CUME_DIST",
            Self::Ntile(_) => "NTILE",
            Self::Lag { .. } => "LAG",
            Self::Lead { .. } => "LEAD",
            Self::FirstValue => "FIRST_VALUE",
            Self::LastValue => "LAST_VALUE",
            Self::NthValue(_) => "NTH_VALUE",
            Self::Aggregate(kind) => kind.name(),
        }
    }
}

/// ROWS (counted in rows) or RANGE (counted in ORDER BY values: peers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameUnits {
    /// `ROWS`.
    Rows,
    /// `RANGE`.
    Range,
}

/// One end of a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameBound {
    /// `UNBOUNDED PRECEDING`: the partition's first row.
    UnboundedPreceding,
    /// `n PRECEDING` (n must not be negative).
    Preceding(i64),
    /// `CURRENT ROW` (with RANGE: the first or last peer).
    CurrentRow,
    /// `n FOLLOWING` (n must not be negative).
    Following(i64),
    /// `UNBOUNDED FOLLOWING`: the partition's last row.
    UnboundedFollowing,
}

/// A frame clause. The short form `ROWS n PRECEDING` is
/// `ROWS BETWEEN n PRECEDING AND CURRENT ROW`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    /// ROWS or RANGE.
    pub units: FrameUnits,
    /// Where the frame starts.
    pub start: FrameBound,
    /// Where the frame ends.
    pub end: FrameBound,
}

impl Frame {
    /// `ROWS BETWEEN start AND end`.
    pub fn rows(start: FrameBound, end: FrameBound) -> Self {
        Self {
            units: FrameUnits::Rows,
            start,
            end,
        }
    }

    /// `RANGE BETWEEN start AND end`.
    pub fn range(start: FrameBound, end: FrameBound) -> Self {
        Self {
            units: FrameUnits::Range,
            start,
            end,
        }
    }
}

/// One window function call with its OVER clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowCall {
    /// The function.
    pub function: WindowFunction,
    /// Argument columns: none for the ranking functions, NTILE and
    /// `COUNT(*)`, one for the others.
    pub args: Vec<usize>,
    /// DISTINCT (aggregates only).
    pub distinct: bool,
    /// PARTITION BY columns.
    pub partition_by: Vec<usize>,
    /// ORDER BY keys.
    pub order_by: Vec<SortKey>,
    /// The frame clause, if written.
    pub frame: Option<Frame>,
    /// IGNORE NULLS (FIRST_VALUE, LAST_VALUE, NTH_VALUE, LAG, LEAD only).
    pub ignore_nulls: bool,
}

impl WindowCall {
    /// A call with no arguments or options over the given window.
    pub fn new(function: WindowFunction, partition_by: Vec<usize>, order_by: Vec<SortKey>) -> Self {
        Self {
            function,
            args: Vec::new(),
            distinct: false,
            partition_by,
            order_by,
            frame: None,
            ignore_nulls: false,
        }
    }
}

/// Computes window calls over `rows`: one output column per call, aligned
/// with the input rows (output `i` of a call belongs to input row `i`).
/// Errors for malformed calls come before any row is read, so they do not
/// depend on the data; a column index beyond a row is an `Execution` error.
pub fn compute_windows(
    rows: &[Vec<Value>],
    calls: &[WindowCall],
) -> Result<Vec<Vec<Value>>, EngineError> {
    let plans = calls.iter().map(Plan::new).collect::<Result<Vec<_>, _>>()?;
    check_columns(
        rows,
        plans.iter().flat_map(|plan| {
            let call = plan.call;
            let aggregate_columns = match &plan.task {
                Task::Aggregate(aggregate) => aggregate.columns(),
                _ => Vec::new(),
            };
            call.args
                .iter()
                .chain(&call.partition_by)
                .copied()
                .chain(call.order_by.iter().map(|key| key.column))
                .chain(aggregate_columns)
        }),
    )?;

    // The calls of each window (PARTITION BY, ORDER BY); same PARTITION BY adjacent.
    let mut windows: Vec<Window> = Vec::new();
    for (index, call) in calls.iter().enumerate() {
        match windows.iter_mut().find(|window| {
            window.partition_by == call.partition_by && window.order_by == call.order_by
        }) {
            Some(window) => window.members.push(index),
            None => windows.push(Window {
                partition_by: &call.partition_by,
                order_by: &call.order_by,
                members: vec![index],
            }),
        }
    }
    crate::sort::sort_by(&mut windows, |a, b| a.partition_by.cmp(b.partition_by));

    let mut outputs = vec![vec![Value::Null; rows.len()]; calls.len()];
    for same_partitions in windows.chunk_by(|a, b| a.partition_by == b.partition_by) {
        let partitions = partition(rows, same_partitions[0].partition_by);
        for window in same_partitions {
            for part in &partitions {
                let order: Vec<usize> = sorted_positions(
                    part.iter().map(|&row| rows[row].as_slice()),
                    window.order_by,
                )
                .into_iter()
                .map(|position| part[position])
                .collect();
                let partition = Partition {
                    rows,
                    order: &order,
                    keys: window.order_by,
                    peers: OnceCell::new(),
                };
                for &member in &window.members {
                    plans[member].evaluate(&partition, &mut outputs[member])?;
                }
            }
        }
    }
    Ok(outputs)
}

/// The calls that share one OVER (PARTITION BY ... ORDER BY ...).
struct Window<'c> {
    partition_by: &'c [usize],
    order_by: &'c [SortKey],
    /// Indexes into the calls.
    members: Vec<usize>,
}

/// Row indices per partition, partitions in order of first appearance.
fn partition(rows: &[Vec<Value>], columns: &[usize]) -> Vec<Vec<usize>> {
    if columns.is_empty() {
        return vec![(0..rows.len()).collect()];
    }
    let mut table = RowTable::new(Columns::These(columns));
    let mut partitions: Vec<Vec<usize>> = Vec::new();
    for (number, row) in rows.iter().enumerate() {
        let (part, new) = table.insert(row);
        if new {
            partitions.push(Vec::new());
        }
        if let Some(members) = partitions.get_mut(part) {
            members.push(number);
        }
    }
    partitions
}

/// The peer groups (rows equal on ORDER BY) of a sorted partition.
struct Peers {
    /// For each position, its peer group's number.
    group: Vec<usize>,
    /// For each group, its positions `start..end`.
    bounds: Vec<(usize, usize)>,
}

impl Peers {
    fn new(rows: &[Vec<Value>], order: &[usize], keys: &[SortKey]) -> Self {
        let mut group = Vec::with_capacity(order.len());
        let mut bounds: Vec<(usize, usize)> = Vec::new();
        for (position, &row) in order.iter().enumerate() {
            let peer_of_previous =
                position > 0 && compare_rows(&rows[order[position - 1]], &rows[row], keys).is_eq();
            match bounds.last_mut() {
                Some(last) if peer_of_previous => last.1 = position + 1,
                _ => bounds.push((position, position + 1)),
            }
            group.push(bounds.len() - 1);
        }
        Self { group, bounds }
    }

    /// RANK: 1 + the number of rows before the position's peers.
    fn rank(&self, position: usize) -> usize {
        self.of(position).0 + 1
    }

    /// DENSE_RANK: the position's peer group, counted from 1.
    fn dense_rank(&self, position: usize) -> usize {
        self.group.get(position).map_or(position, |group| group + 1)
    }

    /// The peer positions `start..end` of a position.
    fn of(&self, position: usize) -> (usize, usize) {
        self.group
            .get(position)
            .and_then(|&group| self.bounds.get(group))
            .copied()
            .unwrap_or((position, position + 1))
    }
}

/// One sorted partition.
struct Partition<'p> {
    rows: &'p [Vec<Value>],
    /// Row indices in ORDER BY order.
    order: &'p [usize],
    /// The ORDER BY keys.
    keys: &'p [SortKey],
    /// Found when first needed (ROW_NUMBER, LAG, ROWS frames never need them).
    peers: OnceCell<Peers>,
}

impl<'p> Partition<'p> {
    fn len(&self) -> usize {
        self.order.len()
    }

    fn peers(&self) -> &Peers {
        self.peers
            .get_or_init(|| Peers::new(self.rows, self.order, self.keys))
    }

    fn row(&self, position: usize) -> &'p [Value] {
        &self.rows[self.order[position]]
    }
}

/// A frame edge resolved to partition positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edge {
    /// The partition's first row (as a start) or its end (as an end).
    Partition,
    /// The current position plus an offset (clamped to the partition).
    Row(i128),
    /// The first (as a start) or last (as an end) peer of the current row.
    Peers,
}

/// A frame as positions: `start..end` for each row, possibly empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Extent {
    start: Edge,
    end: Edge,
}

impl Extent {
    const WHOLE: Extent = Extent {
        start: Edge::Partition,
        end: Edge::Partition,
    };

    /// The frame positions `start..end` (empty when `start >= end`).
    fn at(&self, position: usize, partition: &Partition) -> (usize, usize) {
        let len = partition.len();
        let clamp = |offset: i128| (position as i128 + offset).clamp(0, len as i128) as usize;
        let start = match self.start {
            Edge::Partition => 0,
            Edge::Row(offset) => clamp(offset),
            Edge::Peers => partition.peers().of(position).0,
        };
        let end = match self.end {
            Edge::Partition => len,
            Edge::Row(offset) => clamp(offset + 1),
            Edge::Peers => partition.peers().of(position).1,
        };
        (start, end)
    }
}

/// Which row of the frame FIRST_VALUE, LAST_VALUE and NTH_VALUE read.
#[derive(Clone, Copy, Debug)]
enum Pick {
    First,
    Last,
    /// 0-based from the frame's start.
    Nth(usize),
}

/// A validated call, ready to run on partitions.
struct Plan<'c> {
    call: &'c WindowCall,
    task: Task<'c>,
    extent: Extent,
}

enum Task<'c> {
    RowNumber,
    Rank,
    DenseRank,
    PercentRank,
    CumeDist,
    Ntile(usize),
    /// LAG and LEAD: `delta` rows forward (negative: back).
    Shift {
        column: usize,
        delta: i128,
        default: &'c Value,
    },
    Pick {
        column: usize,
        pick: Pick,
    },
    Aggregate(AggregateCall),
}

impl<'c> Plan<'c> {
    fn new(call: &'c WindowCall) -> Result<Self, EngineError> {
        let name = call.function.name();
        let value_function = matches!(
            call.function,
            WindowFunction::Lag { .. }
                | WindowFunction::Lead { .. }
                | WindowFunction::FirstValue
                | WindowFunction::LastValue
                | WindowFunction::NthValue(_)
        );
        if call.ignore_nulls && !value_function {
            return Err(EngineError::msg(
                ErrorKind::Syntax,
                format!("{name}에는 IGNORE NULLS를 쓸 수 없습니다 (FIRST_VALUE, LAST_VALUE, NTH_VALUE, LAG, LEAD만 됩니다)."),
                format!("IGNORE NULLS is not allowed with {name} (only with FIRST_VALUE, LAST_VALUE, NTH_VALUE, LAG and LEAD)"),
            ));
        }
        let is_aggregate = matches!(call.function, WindowFunction::Aggregate(_));
        if call.distinct && !is_aggregate {
            return Err(EngineError::msg(
                ErrorKind::Syntax,
                format!("{name}에는 DISTINCT를 쓸 수 없습니다."),
                format!("DISTINCT is not allowed with {name}"),
            ));
        }
        let takes_argument = value_function
            || (is_aggregate
                && call.function != WindowFunction::Aggregate(AggregateKind::CountStar));
        let expected = usize::from(takes_argument);
        // The argument column (0, and unused, for functions without one).
        let column = match call.args.as_slice() {
            [] if !takes_argument => 0,
            [column] if takes_argument => *column,
            args => {
                return Err(EngineError::msg(
                    ErrorKind::Execution,
                    format!(
                        "{name}의 인자는 {expected}개여야 하는데 {}개입니다.",
                        args.len()
                    ),
                    format!("{name} takes {expected} argument(s), got {}", args.len()),
                ))
            }
        };
        let extent = resolve_frame(call)?;
        let task = match &call.function {
            WindowFunction::RowNumber => Task::RowNumber,
            WindowFunction::Rank => Task::Rank,
            WindowFunction::DenseRank => Task::DenseRank,
            WindowFunction::PercentRank => Task::PercentRank,
            WindowFunction::CumeDist => Task::CumeDist,
            WindowFunction::Ntile(buckets) => Task::Ntile(positive(*buckets, "NTILE")?),
            WindowFunction::Lag { offset, default } => Task::Shift {
                column,
                delta: -i128::from(*offset),
                default,
            },
            WindowFunction::Lead { offset, default } => Task::Shift {
                column,
                delta: i128::from(*offset),
                default,
            },
            WindowFunction::FirstValue => Task::Pick {
                column,
                pick: Pick::First,
            },
            WindowFunction::LastValue => Task::Pick {
                column,
                pick: Pick::Last,
            },
            WindowFunction::NthValue(n) => Task::Pick {
                column,
                pick: Pick::Nth(positive(*n, "NTH_VALUE")? - 1),
            },
            WindowFunction::Aggregate(kind) => {
                check_aggregate_frame(kind, call.distinct, extent)?;
                let aggregate = AggregateCall {
                    kind: kind.clone(),
                    arg: takes_argument.then_some(column),
                    distinct: call.distinct,
                };
                // Checks the call now, before any row is read.
                Accumulator::new(&aggregate)?;
                Task::Aggregate(aggregate)
            }
        };
        Ok(Self { call, task, extent })
    }

    /// Writes this call's values for one partition into `output`.
    fn evaluate(&self, partition: &Partition, output: &mut [Value]) -> Result<(), EngineError> {
        let len = partition.len();
        let mut set = |position: usize, value: Value| {
            if let Some(slot) = output.get_mut(partition.order[position]) {
                *slot = value;
            }
        };
        match &self.task {
            Task::RowNumber => (0..len).for_each(|p| set(p, integer(p + 1))),
            Task::Rank => (0..len).for_each(|p| set(p, integer(partition.peers().rank(p)))),
            Task::DenseRank => {
                (0..len).for_each(|p| set(p, integer(partition.peers().dense_rank(p))));
            }
            Task::PercentRank => (0..len).for_each(|p| {
                let fraction = if len > 1 {
                    (partition.peers().rank(p) - 1) as f64 / (len - 1) as f64
                } else {
                    0.0
                };
                set(p, Value::F64(fraction));
            }),
            Task::CumeDist => (0..len).for_each(|p| {
                set(p, Value::F64(partition.peers().of(p).1 as f64 / len as f64));
            }),
            Task::Ntile(buckets) => {
                // PostgreSQL's split: the first `len % buckets` buckets get one extra row.
                let (size, extra) = (len / buckets, len % buckets);
                let large = extra * (size + 1);
                (0..len).for_each(|p| {
                    let bucket = if p < large {
                        p / (size + 1)
                    } else {
                        extra + (p - large) / size.max(1)
                    };
                    set(p, integer(bucket + 1));
                });
            }
            Task::Shift {
                column,
                delta,
                default,
            } => {
                let candidates = Candidates::new(partition, *column, self.call.ignore_nulls);
                for p in 0..len {
                    let value = if *delta == 0 {
                        Some(p)
                    } else {
                        candidates.shifted(p, *delta)
                    }
                    .map_or_else(
                        || (*default).clone(),
                        |target| value_at(partition.row(target), *column).clone(),
                    );
                    set(p, value);
                }
            }
            Task::Pick { column, pick } => {
                let candidates = Candidates::new(partition, *column, self.call.ignore_nulls);
                for p in 0..len {
                    let (start, end) = self.extent.at(p, partition);
                    let value = candidates
                        .pick(start, end, *pick)
                        .map_or(Value::Null, |target| {
                            value_at(partition.row(target), *column).clone()
                        });
                    set(p, value);
                }
            }
            Task::Aggregate(aggregate) => {
                for (p, value) in aggregate_window(aggregate, self.extent, partition)?
                    .into_iter()
                    .enumerate()
                {
                    set(p, value);
                }
            }
        }
        Ok(())
    }
}

fn integer(n: usize) -> Value {
    Value::I64(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `n` as a count, or PostgreSQL's error when it is not positive.
fn positive(n: i64, name: &str) -> Result<usize, EngineError> {
    if n <= 0 {
        return Err(EngineError::msg(
            ErrorKind::Execution,
            format!("{name}의 인자는 0보다 커야 합니다."),
            format!(
                "argument of {} must be greater than zero",
                name.to_lowercase()
            ),
        ));
    }
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// The frame as positions, after PostgreSQL's checks of the frame clause.
fn resolve_frame(call: &WindowCall) -> Result<Extent, EngineError> {
    let Some(frame) = call.frame else {
        return Ok(if call.order_by.is_empty() {
            Extent::WHOLE
        } else {
            Extent {
                start: Edge::Partition,
                end: Edge::Peers,
            }
        });
    };
    use FrameBound::*;
    let syntax = |ko: &str, en: &str| Err(EngineError::msg(ErrorKind::Syntax, ko, en));
    match (frame.start, frame.end) {
        (UnboundedFollowing, _) => {
            return syntax(
                "프레임 시작은 UNBOUNDED FOLLOWING일 수 없습니다.",
                "frame start cannot be UNBOUNDED FOLLOWING",
            )
        }
        (_, UnboundedPreceding) => {
            return syntax(
                "프레임 끝은 UNBOUNDED PRECEDING일 수 없습니다.",
                "frame end cannot be UNBOUNDED PRECEDING",
            )
        }
        (CurrentRow, Preceding(_)) => {
            return syntax(
                "CURRENT ROW에서 시작하는 프레임은 앞선 행에서 끝날 수 없습니다.",
                "frame starting from current row cannot have preceding rows",
            )
        }
        (Following(_), Preceding(_) | CurrentRow) => {
            return syntax(
                "뒤따르는 행에서 시작하는 프레임은 앞선 행이나 현재 행에서 끝날 수 없습니다.",
                "frame starting from following row cannot have preceding rows",
            )
        }
        _ => {}
    }
    let edge = |bound: FrameBound, which: &str| -> Result<Edge, EngineError> {
        let offset = match bound {
            UnboundedPreceding | UnboundedFollowing => return Ok(Edge::Partition),
            CurrentRow if frame.units == FrameUnits::Range => return Ok(Edge::Peers),
            CurrentRow => 0,
            Preceding(n) | Following(n) if n < 0 => {
                return Err(EngineError::msg(
                    ErrorKind::Execution,
                    format!("프레임 {which} 오프셋은 음수일 수 없습니다."),
                    format!("frame {which} offset must not be negative"),
                ))
            }
            Preceding(_) | Following(_) if frame.units == FrameUnits::Range => {
                return Err(EngineError::msg(
                    ErrorKind::Unsupported,
                    "n PRECEDING / n FOLLOWING이 있는 RANGE 프레임은 아직 지원하지 않습니다. \
                     행 개수 기준인 ROWS BETWEEN n PRECEDING AND n FOLLOWING으로 쓰세요.",
                    "RANGE frames with n PRECEDING or n FOLLOWING are not supported yet. \
                     Write ROWS BETWEEN n PRECEDING AND n FOLLOWING (counted in rows) instead.",
                ))
            }
            Preceding(n) => -i128::from(n),
            Following(n) => i128::from(n),
        };
        Ok(Edge::Row(offset))
    };
    Ok(Extent {
        start: edge(frame.start, "starting")?,
        end: edge(frame.end, "ending")?,
    })
}

/// MEDIAN and LISTAGG need the whole partition; DISTINCT a growing frame.
fn check_aggregate_frame(
    kind: &AggregateKind,
    distinct: bool,
    extent: Extent,
) -> Result<(), EngineError> {
    let name = kind.name();
    let whole_only = matches!(kind, AggregateKind::Median | AggregateKind::Listagg { .. });
    if whole_only && extent != Extent::WHOLE {
        return Err(EngineError::msg(
            ErrorKind::Unsupported,
            format!(
                "OVER (...)에 ORDER BY나 프레임이 있는 {name}은(는) 지원하지 않습니다 (Redshift와 같습니다). \
                 OVER (PARTITION BY ...)만 써서 파티션 전체를 집계하세요."
            ),
            format!(
                "{name} with ORDER BY or a frame in OVER (...) is not supported (as in Redshift). \
                 Use OVER (PARTITION BY ...) alone, so the whole partition is aggregated."
            ),
        ));
    }
    if distinct && extent.start != Edge::Partition {
        return Err(EngineError::msg(
            ErrorKind::Unsupported,
            format!(
                "UNBOUNDED PRECEDING에서 시작하지 않는 프레임의 {name}(DISTINCT ...)은(는) 아직 지원하지 않습니다. \
                 프레임을 UNBOUNDED PRECEDING에서 시작하거나 ORDER BY를 빼세요."
            ),
            format!(
                "{name}(DISTINCT ...) over a frame that does not start at UNBOUNDED PRECEDING is not supported yet. \
                 Start the frame at UNBOUNDED PRECEDING, or leave out ORDER BY."
            ),
        ));
    }
    Ok(())
}

/// The positions FIRST_VALUE, LAST_VALUE, NTH_VALUE, LAG and LEAD may read:
/// every row, or with IGNORE NULLS the rows whose argument is not NULL.
struct Candidates {
    /// Candidate positions in order.
    positions: Vec<usize>,
    /// For each position `p` (and `len`), the number of candidates before `p`.
    before: Vec<usize>,
}

impl Candidates {
    fn new(partition: &Partition, column: usize, ignore_nulls: bool) -> Self {
        let len = partition.len();
        let mut positions = Vec::with_capacity(len);
        let mut before = Vec::with_capacity(len + 1);
        for p in 0..len {
            before.push(positions.len());
            if !ignore_nulls || !value_at(partition.row(p), column).is_null() {
                positions.push(p);
            }
        }
        before.push(positions.len());
        Self { positions, before }
    }

    /// The candidate `delta` candidates after (or before) position `p`.
    fn shifted(&self, p: usize, delta: i128) -> Option<usize> {
        let ordinal = if delta < 0 {
            // Candidates strictly before p are 0..before[p].
            *self.before.get(p)? as i128 + delta
        } else {
            // Candidates strictly after p start at before[p + 1].
            *self.before.get(p + 1)? as i128 + delta - 1
        };
        self.positions.get(usize::try_from(ordinal).ok()?).copied()
    }

    /// The chosen candidate among positions `start..end`.
    fn pick(&self, start: usize, end: usize, pick: Pick) -> Option<usize> {
        let (first, last) = (*self.before.get(start)?, *self.before.get(end)?);
        if first >= last {
            return None;
        }
        let ordinal = match pick {
            Pick::First => first,
            Pick::Last => last - 1,
            Pick::Nth(n) => first.checked_add(n).filter(|&ordinal| ordinal < last)?,
        };
        self.positions.get(ordinal).copied()
    }
}

/// An aggregate over each row's frame, by position in the partition.
fn aggregate_window(
    call: &AggregateCall,
    extent: Extent,
    partition: &Partition,
) -> Result<Vec<Value>, EngineError> {
    let len = partition.len();
    let mut values = Vec::with_capacity(len);
    if extent.start == Edge::Partition {
        // The frame only grows: add rows as its end moves on.
        let mut accumulator = Accumulator::new(call)?;
        let mut value = accumulator.finish()?;
        let mut added = 0;
        for p in 0..len {
            let (_, end) = extent.at(p, partition);
            if end > added {
                for q in added..end {
                    accumulator.add(partition.row(q))?;
                }
                added = end;
                value = accumulator.finish()?;
            }
            values.push(value.clone());
        }
    } else {
        let tree = SegmentTree::new(call, partition)?;
        for p in 0..len {
            let (start, end) = extent.at(p, partition);
            values.push(tree.query(start, end)?.finish()?);
        }
    }
    Ok(values)
}

/// Partial aggregate states over a sorted partition: any frame's state is
/// the merge of O(log n) nodes.
struct SegmentTree<'a> {
    /// Leaves are `len..2 * len`; node `i` covers its children `2i`, `2i + 1`.
    nodes: Vec<Accumulator<'a>>,
    empty: Accumulator<'a>,
}

impl<'a> SegmentTree<'a> {
    fn new(call: &'a AggregateCall, partition: &Partition<'a>) -> Result<Self, EngineError> {
        let len = partition.len();
        let empty = Accumulator::new(call)?;
        let mut nodes = vec![empty.clone(); 2 * len];
        for p in 0..len {
            nodes[len + p].add(partition.row(p))?;
        }
        for node in (1..len).rev() {
            let mut merged = nodes[2 * node].clone();
            merged.merge(&nodes[2 * node + 1])?;
            nodes[node] = merged;
        }
        Ok(Self { nodes, empty })
    }

    /// The state over positions `start..end`, merged left to right.
    fn query(&self, start: usize, end: usize) -> Result<Accumulator<'a>, EngineError> {
        let len = self.nodes.len() / 2;
        let mut state = self.empty.clone();
        let mut right = Vec::new();
        let (mut low, mut high) = (start + len, end.min(len) + len);
        while low < high {
            if low % 2 == 1 {
                state.merge(&self.nodes[low])?;
                low += 1;
            }
            if high % 2 == 1 {
                high -= 1;
                right.push(high);
            }
            low /= 2;
            high /= 2;
        }
        for &node in right.iter().rev() {
            state.merge(&self.nodes[node])?;
        }
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ops::aggregate;
    use FrameBound::*;

    fn int(n: i64) -> Value {
        Value::I64(n)
    }

    fn text(s: &str) -> Value {
        Value::Str(s.to_owned())
    }

    fn ints(values: &[i64]) -> Vec<Value> {
        values.iter().copied().map(int).collect()
    }

    fn floats(values: &[f64]) -> Vec<Value> {
        values.iter().copied().map(Value::F64).collect()
    }

    fn with_args(
        function: WindowFunction,
        args: Vec<usize>,
        partition_by: Vec<usize>,
        order_by: Vec<SortKey>,
    ) -> WindowCall {
        WindowCall {
            args,
            ..WindowCall::new(function, partition_by, order_by)
        }
    }

    fn framed(call: WindowCall, frame: Frame) -> WindowCall {
        WindowCall {
            frame: Some(frame),
            ..call
        }
    }

    fn one(rows: &[Vec<Value>], call: WindowCall) -> Vec<Value> {
        compute_windows(rows, &[call]).unwrap().remove(0)
    }

    fn error(rows: &[Vec<Value>], call: WindowCall) -> EngineError {
        compute_windows(rows, &[call]).unwrap_err()
    }

    /// Columns: 0 = group, 1 = ordering key (with ties and a NULL), 2 = value (with NULLs).
    fn sample() -> Vec<Vec<Value>> {
        vec![
            vec![text("a"), int(3), int(30)],
            vec![text("b"), int(1), int(5)],
            vec![text("a"), int(1), Value::Null],
            vec![text("a"), Value::Null, int(7)],
            vec![text("a"), int(3), int(10)],
            vec![text("b"), int(2), Value::Null],
            vec![text("a"), int(2), int(20)],
        ]
    }

    fn by_group() -> Vec<usize> {
        vec![0]
    }

    fn by_key() -> Vec<SortKey> {
        vec![SortKey::ascending(1)]
    }

    #[test]
    fn row_number_breaks_ties_by_input_order_and_puts_nulls_last() {
        let rows = sample();
        let call = WindowCall::new(WindowFunction::RowNumber, by_group(), by_key());
        // Group a in order: key 1 (row 2), 2 (row 6), 3 (row 0), 3 (row 4), NULL (row 3).
        assert_eq!(one(&rows, call), ints(&[3, 1, 1, 5, 4, 2, 2]));
        let descending = WindowCall::new(
            WindowFunction::RowNumber,
            by_group(),
            vec![SortKey::descending(1)],
        );
        assert_eq!(one(&rows, descending), ints(&[2, 2, 5, 1, 3, 1, 4]));
        let whole = WindowCall::new(WindowFunction::RowNumber, vec![], vec![]);
        assert_eq!(one(&rows, whole), ints(&[1, 2, 3, 4, 5, 6, 7]));
    }

    #[test]
    fn first_and_last_channel_per_user() {
        // The course's example: ROW_NUMBER twice (ascending and descending ts), keep seq = 1.
        let rows = vec![
            vec![int(251), text("Google"), int(3)],
            vec![int(7), text("Naver"), int(1)],
            vec![int(251), text("Facebook"), int(1)],
            vec![int(251), text("Youtube"), int(2)],
        ];
        let first = WindowCall::new(
            WindowFunction::RowNumber,
            vec![0],
            vec![SortKey::ascending(2)],
        );
        let last = WindowCall::new(
            WindowFunction::RowNumber,
            vec![0],
            vec![SortKey::descending(2)],
        );
        let outputs = compute_windows(&rows, &[first, last]).unwrap();
        let pick = |output: &[Value]| -> Vec<(Value, Value)> {
            rows.iter()
                .zip(output)
                .filter(|(_, seq)| **seq == int(1))
                .map(|(row, _)| (row[0].clone(), row[1].clone()))
                .collect()
        };
        assert_eq!(
            pick(&outputs[0]),
            vec![(int(7), text("Naver")), (int(251), text("Facebook"))]
        );
        assert_eq!(
            pick(&outputs[1]),
            vec![(int(251), text("Google")), (int(7), text("Naver"))]
        );
    }

    #[test]
    fn ranks_with_ties() {
        let rows: Vec<Vec<Value>> = [10, 20, 10, 30, 20, 10]
            .iter()
            .map(|&v| vec![int(v)])
            .collect();
        let keys = vec![SortKey::ascending(0)];
        let run = |function| one(&rows, WindowCall::new(function, vec![], keys.clone()));
        assert_eq!(run(WindowFunction::Rank), ints(&[1, 4, 1, 6, 4, 1]));
        assert_eq!(run(WindowFunction::DenseRank), ints(&[1, 2, 1, 3, 2, 1]));
        assert_eq!(
            run(WindowFunction::PercentRank),
            floats(&[0.0, 0.6, 0.0, 1.0, 0.6, 0.0])
        );
        assert_eq!(
            run(WindowFunction::CumeDist),
            floats(&[0.5, 5.0 / 6.0, 0.5, 1.0, 5.0 / 6.0, 0.5])
        );
    }

    #[test]
    fn ranks_without_order_by_are_all_peers() {
        let rows = sample();
        let run = |function| one(&rows, WindowCall::new(function, by_group(), vec![]));
        assert_eq!(run(WindowFunction::Rank), ints(&[1; 7]));
        assert_eq!(run(WindowFunction::DenseRank), ints(&[1; 7]));
        assert_eq!(run(WindowFunction::PercentRank), floats(&[0.0; 7]));
        assert_eq!(run(WindowFunction::CumeDist), floats(&[1.0; 7]));
        let single = vec![vec![int(1)]];
        assert_eq!(
            one(
                &single,
                WindowCall::new(
                    WindowFunction::PercentRank,
                    vec![],
                    vec![SortKey::ascending(0)]
                )
            ),
            floats(&[0.0])
        );
    }

    #[test]
    fn ntile_splits_like_postgres() {
        let rows: Vec<Vec<Value>> = (0..10).map(|i| vec![int(i)]).collect();
        let ntile = |n| {
            one(
                &rows,
                WindowCall::new(
                    WindowFunction::Ntile(n),
                    vec![],
                    vec![SortKey::ascending(0)],
                ),
            )
        };
        assert_eq!(ntile(3), ints(&[1, 1, 1, 1, 2, 2, 2, 3, 3, 3]));
        assert_eq!(ntile(5), ints(&[1, 1, 2, 2, 3, 3, 4, 4, 5, 5]));
        assert_eq!(ntile(1), ints(&[1; 10]));
        assert_eq!(ntile(20), ints(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        assert_eq!(ntile(i64::MAX), ints(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        let error = error(
            &rows,
            WindowCall::new(WindowFunction::Ntile(0), vec![], vec![]),
        );
        assert_eq!(
            error.message.en,
            "argument of ntile must be greater than zero"
        );
    }

    fn lag(offset: i64, default: Value) -> WindowFunction {
        WindowFunction::Lag { offset, default }
    }

    fn lead(offset: i64, default: Value) -> WindowFunction {
        WindowFunction::Lead { offset, default }
    }

    #[test]
    fn lag_and_lead_within_partitions() {
        let rows = sample();
        let run = |function| one(&rows, with_args(function, vec![2], by_group(), by_key()));
        // Group a ordered: rows 2 (NULL), 6 (20), 0 (30), 4 (10), 3 (7); group b: rows 1 (5), 5 (NULL).
        let n = Value::Null;
        assert_eq!(
            run(lag(1, n.clone())),
            vec![
                int(20),
                n.clone(),
                n.clone(),
                int(10),
                int(30),
                int(5),
                n.clone()
            ]
        );
        assert_eq!(
            run(lead(1, n.clone())),
            vec![
                int(10),
                n.clone(),
                int(20),
                n.clone(),
                int(7),
                n.clone(),
                int(30)
            ]
        );
        assert_eq!(
            run(lag(2, int(-1))),
            vec![
                n.clone(),
                int(-1),
                int(-1),
                int(30),
                int(20),
                int(-1),
                int(-1)
            ]
        );
        assert_eq!(run(lead(-1, n.clone())), run(lag(1, n.clone())));
        assert_eq!(
            run(lag(0, n.clone())),
            rows.iter().map(|row| row[2].clone()).collect::<Vec<_>>()
        );
        assert_eq!(run(lead(i64::MAX, int(0))), ints(&[0; 7]));
        assert_eq!(run(lag(i64::MIN, int(0))), ints(&[0; 7]));
    }

    #[test]
    fn lag_and_lead_ignore_nulls() {
        let rows = sample();
        let run = |function| {
            one(
                &rows,
                WindowCall {
                    ignore_nulls: true,
                    ..with_args(function, vec![2], by_group(), by_key())
                },
            )
        };
        let n = Value::Null;
        // Group a non-NULL values in order: 20 (row 6), 30 (row 0), 10 (row 4), 7 (row 3).
        assert_eq!(
            run(lag(1, n.clone())),
            vec![
                int(20),
                n.clone(),
                n.clone(),
                int(10),
                int(30),
                int(5),
                n.clone()
            ]
        );
        assert_eq!(
            run(lead(1, n.clone())),
            vec![
                int(10),
                n.clone(),
                int(20),
                n.clone(),
                int(7),
                n.clone(),
                int(30)
            ]
        );
        assert_eq!(
            run(lead(2, n.clone())),
            vec![
                int(7),
                n.clone(),
                int(30),
                n.clone(),
                n.clone(),
                n.clone(),
                int(10)
            ]
        );
        assert_eq!(
            run(lag(2, n.clone())),
            vec![
                n.clone(),
                n.clone(),
                n.clone(),
                int(30),
                int(20),
                n.clone(),
                n.clone()
            ]
        );
    }

    #[test]
    fn first_last_nth_value_with_default_frames() {
        let rows = sample();
        let run = |function| one(&rows, with_args(function, vec![2], by_group(), by_key()));
        let n = Value::Null;
        assert_eq!(
            run(WindowFunction::FirstValue),
            vec![
                n.clone(),
                int(5),
                n.clone(),
                n.clone(),
                n.clone(),
                int(5),
                n.clone()
            ]
        );
        // The default frame ends at the last peer: rows 0 and 4 tie on key 3.
        assert_eq!(
            run(WindowFunction::LastValue),
            vec![
                int(10),
                int(5),
                n.clone(),
                int(7),
                int(10),
                n.clone(),
                int(20)
            ]
        );
        assert_eq!(
            run(WindowFunction::NthValue(2)),
            vec![
                int(20),
                n.clone(),
                n.clone(),
                int(20),
                int(20),
                n.clone(),
                int(20)
            ]
        );
        assert_eq!(run(WindowFunction::NthValue(9)), vec![n.clone(); 7]);
        let whole = |function| {
            one(
                &rows,
                framed(
                    with_args(function, vec![2], by_group(), by_key()),
                    Frame::rows(UnboundedPreceding, UnboundedFollowing),
                ),
            )
        };
        assert_eq!(
            whole(WindowFunction::LastValue),
            vec![int(7), n.clone(), int(7), int(7), int(7), n.clone(), int(7)]
        );
        let error = error(
            &rows,
            with_args(WindowFunction::NthValue(0), vec![2], vec![], vec![]),
        );
        assert_eq!(
            error.message.en,
            "argument of nth_value must be greater than zero"
        );
    }

    #[test]
    fn first_last_nth_value_ignore_nulls_and_empty_frames() {
        let rows = sample();
        let run = |function, frame| {
            one(
                &rows,
                WindowCall {
                    ignore_nulls: true,
                    frame: Some(frame),
                    ..with_args(function, vec![2], by_group(), by_key())
                },
            )
        };
        let n = Value::Null;
        let everything = Frame::rows(UnboundedPreceding, UnboundedFollowing);
        assert_eq!(
            run(WindowFunction::FirstValue, everything),
            vec![int(20), int(5), int(20), int(20), int(20), int(5), int(20)]
        );
        assert_eq!(
            run(WindowFunction::LastValue, everything),
            vec![int(7), int(5), int(7), int(7), int(7), int(5), int(7)]
        );
        assert_eq!(
            run(WindowFunction::NthValue(3), everything),
            vec![
                int(10),
                n.clone(),
                int(10),
                int(10),
                int(10),
                n.clone(),
                int(10)
            ]
        );
        let previous = Frame::rows(Preceding(1), Preceding(1));
        assert_eq!(
            run(WindowFunction::FirstValue, previous),
            vec![
                int(20),
                n.clone(),
                n.clone(),
                int(10),
                int(30),
                int(5),
                n.clone()
            ]
        );
        let following = Frame::rows(Following(1), UnboundedFollowing);
        assert_eq!(
            run(WindowFunction::LastValue, following),
            vec![
                int(7),
                n.clone(),
                int(7),
                n.clone(),
                int(7),
                n.clone(),
                int(7)
            ]
        );
    }

    fn aggregate_call(
        kind: AggregateKind,
        arg: Option<usize>,
        order_by: Vec<SortKey>,
        frame: Option<Frame>,
    ) -> WindowCall {
        WindowCall {
            frame,
            ..with_args(
                WindowFunction::Aggregate(kind),
                arg.into_iter().collect(),
                vec![],
                order_by,
            )
        }
    }

    #[test]
    fn sum_over_whole_partition_is_not_a_plain_aggregate() {
        let rows = sample();
        let call = WindowCall {
            args: vec![2],
            ..WindowCall::new(
                WindowFunction::Aggregate(AggregateKind::Sum),
                by_group(),
                vec![],
            )
        };
        assert_eq!(one(&rows, call), ints(&[67, 5, 67, 67, 67, 5, 67]));
        let count = WindowCall::new(
            WindowFunction::Aggregate(AggregateKind::CountStar),
            by_group(),
            vec![],
        );
        assert_eq!(one(&rows, count), ints(&[5, 2, 5, 5, 5, 2, 5]));
    }

    #[test]
    fn running_sum_default_range_includes_peers_but_rows_does_not() {
        let rows: Vec<Vec<Value>> = [(1, 10), (2, 20), (2, 30), (3, 40)]
            .iter()
            .map(|&(k, v)| vec![int(k), int(v)])
            .collect();
        let range = aggregate_call(
            AggregateKind::Sum,
            Some(1),
            vec![SortKey::ascending(0)],
            None,
        );
        assert_eq!(one(&rows, range), ints(&[10, 60, 60, 100]));
        let rows_frame = Frame::rows(UnboundedPreceding, CurrentRow);
        let rows_call = aggregate_call(
            AggregateKind::Sum,
            Some(1),
            vec![SortKey::ascending(0)],
            Some(rows_frame),
        );
        assert_eq!(one(&rows, rows_call), ints(&[10, 30, 60, 100]));
        let rest = Frame::range(CurrentRow, UnboundedFollowing);
        let rest_call = aggregate_call(
            AggregateKind::Sum,
            Some(1),
            vec![SortKey::ascending(0)],
            Some(rest),
        );
        assert_eq!(one(&rows, rest_call), ints(&[100, 90, 90, 40]));
        let peers = Frame::range(CurrentRow, CurrentRow);
        let peers_call = aggregate_call(
            AggregateKind::Count,
            Some(1),
            vec![SortKey::ascending(0)],
            Some(peers),
        );
        assert_eq!(one(&rows, peers_call), ints(&[1, 2, 2, 1]));
    }

    #[test]
    fn moving_aggregates_over_rows_frames() {
        let rows: Vec<Vec<Value>> = [5, 1, 4, 2, 3]
            .iter()
            .enumerate()
            .map(|(i, &v)| vec![int(i as i64), int(v)])
            .collect();
        let order = vec![SortKey::ascending(0)];
        let moving = |kind, frame| {
            one(
                &rows,
                aggregate_call(kind, Some(1), order.clone(), Some(frame)),
            )
        };
        let last_three = Frame::rows(Preceding(2), CurrentRow);
        assert_eq!(
            moving(AggregateKind::Sum, last_three),
            ints(&[5, 6, 10, 7, 9])
        );
        assert_eq!(
            moving(AggregateKind::Avg, last_three),
            ints(&[5, 3, 3, 2, 3])
        );
        assert_eq!(
            moving(AggregateKind::Min, last_three),
            ints(&[5, 1, 1, 1, 2])
        );
        assert_eq!(
            moving(AggregateKind::Max, last_three),
            ints(&[5, 5, 5, 4, 4])
        );
        assert_eq!(
            moving(AggregateKind::Count, last_three),
            ints(&[1, 2, 3, 3, 3])
        );
        let around = Frame::rows(Preceding(1), Following(1));
        assert_eq!(moving(AggregateKind::Sum, around), ints(&[6, 10, 7, 9, 5]));
        let before = Frame::rows(Preceding(2), Preceding(1));
        let n = Value::Null;
        assert_eq!(
            moving(AggregateKind::Sum, before),
            vec![n.clone(), int(5), int(6), int(5), int(6)]
        );
        assert_eq!(moving(AggregateKind::Count, before), ints(&[0, 1, 2, 2, 2]));
        let after = Frame::rows(CurrentRow, UnboundedFollowing);
        assert_eq!(moving(AggregateKind::Max, after), ints(&[5, 4, 4, 3, 3]));
        let reversed = Frame::rows(Following(2), Following(1));
        assert_eq!(moving(AggregateKind::Count, reversed), ints(&[0; 5]));
    }

    /// Every ROWS frame and aggregate, against aggregating each frame's rows directly.
    #[test]
    fn rows_frames_match_a_direct_computation() {
        let rows: Vec<Vec<Value>> = (0..40)
            .map(|i: i64| {
                let value = if i % 6 == 0 {
                    Value::Null
                } else if i % 4 == 0 {
                    Value::F64((i * 7 % 11) as f64 / 2.0)
                } else {
                    int(i * 13 % 17 - 5)
                };
                vec![int(i % 3), int(i * 7 % 10), value]
            })
            .collect();
        let bounds = [
            UnboundedPreceding,
            Preceding(3),
            Preceding(1),
            CurrentRow,
            Following(0),
            Following(2),
            UnboundedFollowing,
        ];
        let kinds = [
            AggregateKind::Count,
            AggregateKind::CountStar,
            AggregateKind::Sum,
            AggregateKind::Avg,
            AggregateKind::Min,
            AggregateKind::Max,
            AggregateKind::VarSamp,
            AggregateKind::StddevPop,
        ];
        // Partition p's rows ordered by (column 1, input order).
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| {
            compare_rows(
                &rows[a],
                &rows[b],
                &[SortKey::ascending(0), SortKey::ascending(1)],
            )
        });
        for start in bounds {
            for end in bounds {
                let frame = Frame::rows(start, end);
                if resolve_frame(&framed(
                    WindowCall::new(WindowFunction::RowNumber, vec![], vec![]),
                    frame,
                ))
                .is_err()
                {
                    continue;
                }
                for kind in &kinds {
                    let arg = (*kind != AggregateKind::CountStar).then_some(2);
                    let call = WindowCall {
                        partition_by: vec![0],
                        ..aggregate_call(
                            kind.clone(),
                            arg,
                            vec![SortKey::ascending(1)],
                            Some(frame),
                        )
                    };
                    let output = one(&rows, call);
                    for (row, value) in output.iter().enumerate() {
                        let part: Vec<usize> = order
                            .iter()
                            .copied()
                            .filter(|&r| rows[r][0] == rows[row][0])
                            .collect();
                        let p = part.iter().position(|&r| r == row).unwrap() as i64;
                        let len = part.len() as i64;
                        let edge = |bound, is_start: bool| match bound {
                            UnboundedPreceding => 0,
                            UnboundedFollowing => len,
                            CurrentRow => p + i64::from(!is_start),
                            Preceding(n) => p - n + i64::from(!is_start),
                            Following(n) => p + n + i64::from(!is_start),
                        };
                        let (s, e) = (
                            edge(start, true).clamp(0, len),
                            edge(end, false).clamp(0, len),
                        );
                        let frame_rows: Vec<Vec<Value>> = (s..e.max(s))
                            .map(|q| rows[part[q as usize]].clone())
                            .collect();
                        let expected =
                            aggregate(&frame_rows, &[], &[AggregateCall::new(kind.clone(), arg)])
                                .unwrap()[0][0]
                                .clone();
                        match (value, &expected) {
                            (Value::F64(a), Value::F64(b)) => {
                                assert!((a - b).abs() < 1e-9, "{kind:?} {frame:?} row {row}")
                            }
                            _ => assert_eq!(value, &expected, "{kind:?} {frame:?} row {row}"),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn whole_partition_median_listagg_and_distinct() {
        let rows = sample();
        let over_group = |kind, distinct| WindowCall {
            distinct,
            ..with_args(WindowFunction::Aggregate(kind), vec![2], by_group(), vec![])
        };
        let median = one(&rows, over_group(AggregateKind::Median, false));
        let dec = |s: &str| Value::Decimal(s.parse().unwrap());
        assert_eq!(
            median,
            vec![
                dec("15"),
                dec("5"),
                dec("15"),
                dec("15"),
                dec("15"),
                dec("5"),
                dec("15")
            ]
        );
        let listagg = AggregateKind::Listagg {
            delimiter: "/".into(),
            order_by: vec![SortKey::descending(2)],
        };
        let joined = one(&rows, over_group(listagg, false));
        assert_eq!(joined[0], text("30/20/10/7"));
        assert_eq!(joined[1], text("5"));
        let rows = vec![vec![int(1)], vec![int(1)], vec![int(2)], vec![Value::Null]];
        let distinct = with_args(
            WindowFunction::Aggregate(AggregateKind::Count),
            vec![0],
            vec![],
            vec![],
        );
        assert_eq!(
            one(
                &rows,
                WindowCall {
                    distinct: true,
                    ..distinct.clone()
                }
            ),
            ints(&[2; 4])
        );
        let running = WindowCall {
            distinct: true,
            order_by: vec![SortKey::ascending(0)],
            frame: Some(Frame::rows(UnboundedPreceding, CurrentRow)),
            ..distinct
        };
        assert_eq!(one(&rows, running), ints(&[1, 1, 2, 2]));
    }

    #[test]
    fn outputs_align_with_input_rows_across_windows() {
        let rows = sample();
        let calls = [
            WindowCall::new(WindowFunction::RowNumber, by_group(), by_key()),
            WindowCall::new(
                WindowFunction::RowNumber,
                vec![],
                vec![SortKey::descending(2)],
            ),
            WindowCall::new(WindowFunction::DenseRank, by_group(), by_key()),
            WindowCall::new(
                WindowFunction::RowNumber,
                by_group(),
                vec![SortKey::descending(1)],
            ),
        ];
        let outputs = compute_windows(&rows, &calls).unwrap();
        assert_eq!(outputs.len(), 4);
        assert_eq!(outputs[0], ints(&[3, 1, 1, 5, 4, 2, 2]));
        // Descending puts NULLs first: rows 2 and 5, then 30, 20, 10, 7, 5.
        assert_eq!(outputs[1], ints(&[3, 7, 1, 6, 5, 2, 4]));
        assert_eq!(outputs[2], ints(&[3, 1, 1, 4, 3, 2, 2]));
        assert_eq!(outputs[3], ints(&[2, 2, 5, 1, 3, 1, 4]));
    }

    #[test]
    fn empty_input() {
        let calls = [
            WindowCall::new(
                WindowFunction::RowNumber,
                vec![0],
                vec![SortKey::ascending(1)],
            ),
            with_args(
                WindowFunction::Aggregate(AggregateKind::Sum),
                vec![3],
                vec![],
                vec![],
            ),
        ];
        assert_eq!(
            compute_windows(&[], &calls).unwrap(),
            vec![Vec::<Value>::new(); 2]
        );
        assert!(compute_windows(&sample(), &[]).unwrap().is_empty());
    }

    #[test]
    fn malformed_frames_are_refused() {
        let rows = sample();
        let message = |frame| {
            error(
                &rows,
                framed(
                    with_args(
                        WindowFunction::Aggregate(AggregateKind::Sum),
                        vec![2],
                        vec![],
                        by_key(),
                    ),
                    frame,
                ),
            )
            .message
            .en
            .clone()
        };
        assert_eq!(
            message(Frame::rows(UnboundedFollowing, UnboundedFollowing)),
            "frame start cannot be UNBOUNDED FOLLOWING"
        );
        assert_eq!(
            message(Frame::rows(CurrentRow, UnboundedPreceding)),
            "frame end cannot be UNBOUNDED PRECEDING"
        );
        assert_eq!(
            message(Frame::rows(CurrentRow, Preceding(1))),
            "frame starting from current row cannot have preceding rows"
        );
        assert_eq!(
            message(Frame::rows(Following(1), CurrentRow)),
            "frame starting from following row cannot have preceding rows"
        );
        assert_eq!(
            message(Frame::rows(Preceding(-1), CurrentRow)),
            "frame starting offset must not be negative"
        );
        assert_eq!(
            message(Frame::rows(CurrentRow, Following(-2))),
            "frame ending offset must not be negative"
        );
        let range = error(
            &rows,
            framed(
                WindowCall::new(WindowFunction::FirstValue, vec![], by_key()),
                Frame::range(Preceding(1), CurrentRow),
            ),
        );
        assert_ne!(
            range.kind,
            ErrorKind::Unsupported,
            "argument count is checked first"
        );
        let range = error(
            &rows,
            framed(
                with_args(WindowFunction::FirstValue, vec![2], vec![], by_key()),
                Frame::range(Preceding(1), CurrentRow),
            ),
        );
        assert_eq!(range.kind, ErrorKind::Unsupported);
        assert!(range
            .message
            .en
            .starts_with("RANGE frames with n PRECEDING or n FOLLOWING are not supported yet."));
    }

    #[test]
    fn unsupported_window_aggregates_are_refused() {
        let rows = sample();
        let median = with_args(
            WindowFunction::Aggregate(AggregateKind::Median),
            vec![2],
            by_group(),
            by_key(),
        );
        let refused = error(&rows, median.clone());
        assert_eq!(refused.kind, ErrorKind::Unsupported);
        assert!(refused
            .message
            .en
            .starts_with("MEDIAN with ORDER BY or a frame in OVER (...) is not supported"));
        let whole = framed(median, Frame::rows(UnboundedPreceding, UnboundedFollowing));
        assert!(compute_windows(&rows, &[whole]).is_ok());
        let sliding_distinct = WindowCall {
            distinct: true,
            ..framed(
                with_args(
                    WindowFunction::Aggregate(AggregateKind::Count),
                    vec![2],
                    vec![],
                    by_key(),
                ),
                Frame::rows(Preceding(1), CurrentRow),
            )
        };
        assert_eq!(error(&rows, sliding_distinct).kind, ErrorKind::Unsupported);
    }

    #[test]
    fn malformed_calls_are_refused() {
        let rows = sample();
        let ignore = WindowCall {
            ignore_nulls: true,
            ..WindowCall::new(WindowFunction::Rank, vec![], by_key())
        };
        assert_eq!(error(&rows, ignore).kind, ErrorKind::Syntax);
        let distinct = WindowCall {
            distinct: true,
            ..with_args(WindowFunction::FirstValue, vec![2], vec![], vec![])
        };
        assert_eq!(error(&rows, distinct).kind, ErrorKind::Syntax);
        let missing = WindowCall::new(
            WindowFunction::Lag {
                offset: 1,
                default: Value::Null,
            },
            vec![],
            vec![],
        );
        assert_eq!(
            error(&rows, missing).message.en,
            "LAG takes 1 argument(s), got 0"
        );
        let extra = with_args(WindowFunction::RowNumber, vec![1], vec![], vec![]);
        assert_eq!(
            error(&rows, extra).message.en,
            "ROW_NUMBER takes 0 argument(s), got 1"
        );
        let count_distinct_star = WindowCall {
            distinct: true,
            ..WindowCall::new(
                WindowFunction::Aggregate(AggregateKind::CountStar),
                vec![],
                vec![],
            )
        };
        assert_eq!(error(&rows, count_distinct_star).kind, ErrorKind::Syntax);
        for call in [
            WindowCall::new(WindowFunction::RowNumber, vec![5], vec![]),
            WindowCall::new(
                WindowFunction::RowNumber,
                vec![],
                vec![SortKey::ascending(3)],
            ),
            with_args(WindowFunction::FirstValue, vec![3], vec![], vec![]),
        ] {
            assert_eq!(error(&rows, call).kind, ErrorKind::Execution);
        }
        let text_sum = with_args(
            WindowFunction::Aggregate(AggregateKind::Sum),
            vec![0],
            vec![],
            vec![],
        );
        assert_eq!(error(&rows, text_sum).kind, ErrorKind::Type);
    }
}
