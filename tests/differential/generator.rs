//! The random query generator. Every expression is typed (INT, VARCHAR or
//! BOOLEAN), so the SQL means the same in SQLite's dynamic typing as in
//! Redshift's static one, and every construct is written the way both
//! dialects read alike (see the notes at the top of `main.rs`).
//!
//! Expressions and nested queries are built as [`Node`] trees, the
//! top-level query as a [`Query`], so that the shrinker can take a failing
//! query apart.

use std::collections::BTreeSet;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::query::{Body, Order, OrderKey, Query, Select};
use crate::sql::{sql, Node, Ty};

/// A construct the generator can produce. Every query records the ones it
/// used (coverage); `KNOWN_GAPS` in `main.rs` switches some off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Feature {
    InnerJoin,
    LeftJoin,
    RightJoin,
    FullJoin,
    CommaJoin,
    CrossJoin,
    /// An ON condition that is not a plain column equality.
    ComplexJoinCondition,
    DerivedTable,
    Cte,
    Where,
    GroupBy,
    Having,
    /// Aggregates without GROUP BY (one row).
    AggregateWithoutGroupBy,
    CountDistinct,
    SumDistinct,
    Distinct,
    RowNumber,
    Rank,
    DenseRank,
    Lag,
    Lead,
    WindowAggregate,
    WindowFrame,
    /// Window functions inside a correlated subquery.
    WindowInCorrelatedSubquery,
    Union,
    UnionAll,
    Intersect,
    Except,
    /// Set operations inside a correlated subquery.
    SetOpInCorrelatedSubquery,
    InSubquery,
    NotInSubquery,
    Exists,
    NotExists,
    ScalarSubquery,
    /// An aggregate without GROUP BY as a correlated IN subquery's column.
    AggregateInCorrelatedInSubquery,
    /// GROUP BY in a correlated IN subquery.
    GroupedInCorrelatedInSubquery,
    /// RIGHT or FULL JOIN inside a correlated subquery.
    OuterJoinInCorrelatedSubquery,
    /// A subquery whose WHERE equates one of its columns with an outer one
    /// (and may use outer columns elsewhere).
    Correlated,
    Case,
    SimpleCase,
    Coalesce,
    Nullif,
    InList,
    NotInList,
    Between,
    Like,
    IsNull,
    AndOr,
    Length,
    Arithmetic,
    Division,
    Modulo,
    Concat,
    NullLiteral,
    OrderBy,
    Limit,
}

impl Feature {
    /// Every feature, for the coverage check.
    pub const ALL: &'static [Feature] = &[
        Feature::InnerJoin,
        Feature::LeftJoin,
        Feature::RightJoin,
        Feature::FullJoin,
        Feature::CommaJoin,
        Feature::CrossJoin,
        Feature::ComplexJoinCondition,
        Feature::DerivedTable,
        Feature::Cte,
        Feature::Where,
        Feature::GroupBy,
        Feature::Having,
        Feature::AggregateWithoutGroupBy,
        Feature::CountDistinct,
        Feature::SumDistinct,
        Feature::Distinct,
        Feature::RowNumber,
        Feature::Rank,
        Feature::DenseRank,
        Feature::Lag,
        Feature::Lead,
        Feature::WindowAggregate,
        Feature::WindowFrame,
        Feature::WindowInCorrelatedSubquery,
        Feature::Union,
        Feature::UnionAll,
        Feature::Intersect,
        Feature::Except,
        Feature::SetOpInCorrelatedSubquery,
        Feature::InSubquery,
        Feature::NotInSubquery,
        Feature::Exists,
        Feature::NotExists,
        Feature::ScalarSubquery,
        Feature::AggregateInCorrelatedInSubquery,
        Feature::GroupedInCorrelatedInSubquery,
        Feature::OuterJoinInCorrelatedSubquery,
        Feature::Correlated,
        Feature::Case,
        Feature::SimpleCase,
        Feature::Coalesce,
        Feature::Nullif,
        Feature::InList,
        Feature::NotInList,
        Feature::Between,
        Feature::Like,
        Feature::IsNull,
        Feature::AndOr,
        Feature::Length,
        Feature::Arithmetic,
        Feature::Division,
        Feature::Modulo,
        Feature::Concat,
        Feature::NullLiteral,
        Feature::OrderBy,
        Feature::Limit,
    ];
}

/// A base table: name (in schema `adhoc`) and columns.
struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Ty)],
}

/// The tables every query reads. Column names repeat across tables, so
/// qualification matters; every generated reference is qualified.
const TABLES: &[Table] = &[
    Table {
        name: "t1",
        columns: &[("a", Ty::Int), ("b", Ty::Int), ("s", Ty::Text)],
    },
    Table {
        name: "t2",
        columns: &[("a", Ty::Int), ("c", Ty::Int), ("s", Ty::Text)],
    },
    Table {
        name: "t3",
        columns: &[("b", Ty::Int), ("c", Ty::Int), ("s", Ty::Text)],
    },
];

/// The VARCHAR values: lower case only (SQLite's LIKE ignores ASCII case).
const TEXTS: &[&str] = &["x", "y", "z", "xy", ""];

/// LIKE patterns.
const PATTERNS: &[&str] = &["x%", "%y", "_", "%", "x_", "", "%z%"];

/// The test tables: the statements that create and fill them, the same
/// text for both engines (SQLite attaches a database named `adhoc`), and
/// their numbers of rows.
pub struct Tables {
    pub sql: Vec<String>,
    pub rows: Vec<usize>,
}

/// Random tables: 5 to `TABLE_ROWS` rows, small INTs with duplicates and
/// NULLs, a few VARCHAR values and NULLs.
pub fn random_tables(rng: &mut ChaCha8Rng) -> Tables {
    let mut statements = Vec::new();
    let mut counts = Vec::new();
    for table in TABLES {
        let columns: Vec<String> = table
            .columns
            .iter()
            .map(|(name, ty)| match ty {
                Ty::Text => format!("{name} VARCHAR(10)"),
                _ => format!("{name} INT"),
            })
            .collect();
        statements.push(format!(
            "CREATE TABLE adhoc.{} ({})",
            table.name,
            columns.join(", ")
        ));
        let count = rng.gen_range(5..=TABLE_ROWS);
        counts.push(count);
        let rows: Vec<String> = (0..count)
            .map(|_| {
                let values: Vec<String> = table
                    .columns
                    .iter()
                    .map(|(_, ty)| match (rng.gen_bool(0.2), ty) {
                        (true, _) => "NULL".to_owned(),
                        (false, Ty::Text) => format!("'{}'", TEXTS.choose(rng).unwrap()),
                        (false, _) => rng.gen_range(-2..=6).to_string(),
                    })
                    .collect();
                format!("({})", values.join(", "))
            })
            .collect();
        statements.push(format!(
            "INSERT INTO adhoc.{} VALUES {}",
            table.name,
            rows.join(", ")
        ));
    }
    Tables {
        sql: statements,
        rows: counts,
    }
}

/// Rows in each base table, at most.
const TABLE_ROWS: usize = 30;
/// The most rows the top-level FROM may produce (up to three small tables:
/// the engine's debug build takes a second for 27,000 rows).
const TOP_ROWS: usize = 4_000;
/// The most rows a CTE's FROM may produce (two tables).
const CTE_ROWS: usize = TABLE_ROWS * TABLE_ROWS;
/// A subquery expression runs once per row of its SELECT's FROM: the rows
/// it may read are this divided by those (and it only appears when that
/// leaves room for one table). This keeps every query fast in a debug build.
const SUBQUERY_WORK: usize = 10_000;

/// A column in scope, qualified (`q0.a`).
#[derive(Clone, Debug)]
struct Column {
    sql: String,
    ty: Ty,
    /// A base table's column (its VARCHAR values are lower case).
    base: bool,
}

impl Column {
    fn node(&self) -> Node {
        Node::typed(self.ty, self.sql.as_str())
    }
}

/// A CTE: its name, output column types (columns are `x0`, `x1`...) and
/// most rows.
#[derive(Clone, Debug)]
struct Cte {
    name: String,
    types: Vec<Ty>,
    rows: usize,
}

/// How much a query part may hold.
#[derive(Clone, Copy)]
struct Room {
    /// Levels of derived tables that may still nest (0: none).
    nesting: u32,
    /// The most rows its FROM may produce (before WHERE), at least the
    /// smallest table's.
    rows: usize,
}

/// A FROM clause as generated.
struct FromClause {
    node: Node,
    /// The columns it brings into scope.
    columns: Vec<Column>,
    /// For comma joins: the join condition, which goes into WHERE.
    filter: Option<Node>,
    /// The most rows it produces.
    rows: usize,
}

/// What a SELECT is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Rows: the query, a CTE, a derived table, a set operation's operand.
    Rows,
    /// The subquery of `x IN (...)`: one column.
    InSubquery,
    /// The subquery of EXISTS.
    Exists,
}

/// What an expression may refer to.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    /// Columns in scope (the SELECT's own and, in a subquery's WHERE, the
    /// enclosing ones).
    columns: &'a [Column],
    /// In a grouped SELECT (or one with aggregates only): the GROUP BY keys.
    /// Other columns then appear only inside aggregates.
    keys: Option<&'a [Column]>,
    /// CTEs that subqueries may read.
    ctes: &'a [Cte],
    /// The rows a subquery expression here may read (below `TABLE_ROWS`:
    /// no subquery). Subqueries do not nest in one another.
    subquery_rows: usize,
}

impl Ctx<'_> {
    /// The same scope, row by row and without subqueries (aggregate and
    /// window arguments).
    fn flat(&self) -> Ctx<'_> {
        Ctx {
            keys: None,
            subquery_rows: 0,
            ..*self
        }
    }
}

/// The generator: a PRNG, the switched-off features and, for the query being
/// generated, the features used, the next alias number and how many
/// correlated subqueries enclose the part being generated.
pub struct Generator {
    rng: ChaCha8Rng,
    /// Rows of each table of `TABLES`.
    table_rows: Vec<usize>,
    disabled: Vec<Feature>,
    used: BTreeSet<Feature>,
    aliases: usize,
    correlated: u32,
}

impl Generator {
    pub fn new(rng: ChaCha8Rng, table_rows: &[usize], disabled: &[Feature]) -> Self {
        Generator {
            rng,
            table_rows: table_rows.to_vec(),
            disabled: disabled.to_vec(),
            used: BTreeSet::new(),
            aliases: 0,
            correlated: 0,
        }
    }

    /// A new random query.
    pub fn query(&mut self) -> Query {
        self.used.clear();
        self.aliases = 0;
        let mut ctes: Vec<Cte> = Vec::new();
        let mut cte_nodes = Vec::new();
        if self.chance(0.2) && self.take(Feature::Cte) {
            for _ in 0..self.rng.gen_range(1..=2) {
                let room = Room {
                    nesting: 1,
                    rows: CTE_ROWS,
                };
                let (body, types, rows) = self.body(None, Role::Rows, &[], &ctes, room);
                let name = format!("w{}", ctes.len());
                cte_nodes.push(sql![format!("{name} AS ("), body, ")"]);
                ctes.push(Cte { name, types, rows });
            }
        }
        let room = Room {
            nesting: 2,
            rows: TOP_ROWS,
        };
        let (body, types) = match self.set_operator() {
            Some(op) => {
                let (left, types, _) = self.select(None, Role::Rows, &[], &ctes, room);
                let want = Some(types.as_slice());
                let (right, _, _) = self.select(want, Role::Rows, &[], &ctes, room);
                (Body::SetOp(left, op, right), types)
            }
            None => {
                let (select, types, _) = self.select(None, Role::Rows, &[], &ctes, room);
                (Body::Select(select), types)
            }
        };
        let order = (self.chance(0.4) && self.take(Feature::OrderBy)).then(|| self.order(&types));
        Query {
            ctes: cte_nodes,
            body,
            order,
            features: std::mem::take(&mut self.used),
        }
    }

    /// ORDER BY: all columns (a total order, maybe with LIMIT) or some.
    fn order(&mut self, types: &[Ty]) -> Order {
        let mut columns: Vec<usize> = (0..types.len()).collect();
        columns.shuffle(&mut self.rng);
        let total = self.chance(0.5);
        if !total {
            columns.truncate(self.rng.gen_range(1..=columns.len()));
        }
        let keys = columns
            .into_iter()
            .map(|column| OrderKey {
                column,
                desc: self.chance(0.5),
                nulls_first: self.chance(0.5),
            })
            .collect();
        let limit = (total && self.chance(0.6) && self.take(Feature::Limit))
            .then(|| self.rng.gen_range(0..=8));
        Order { keys, limit }
    }

    // -----------------------------------------------------------------
    // Random choices.

    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }

    /// Whether `feature` is on; if so, records it as used.
    fn take(&mut self, feature: Feature) -> bool {
        let on = self.enabled(feature);
        if on {
            self.used.insert(feature);
        }
        on
    }

    fn enabled(&self, feature: Feature) -> bool {
        !self.disabled.contains(&feature)
    }

    /// Whether `feature` (a construct inside a correlated subquery) may be
    /// generated here: always outside correlated subqueries.
    fn allowed_here(&self, feature: Feature) -> bool {
        self.correlated == 0 || self.enabled(feature)
    }

    /// Records `feature` as used if inside a correlated subquery.
    fn note_correlated(&mut self, feature: Feature) {
        if self.correlated > 0 {
            self.used.insert(feature);
        }
    }

    /// One of the enabled `options`, recorded as used.
    fn pick(&mut self, options: &[Feature]) -> Option<Feature> {
        let enabled: Vec<Feature> = options
            .iter()
            .copied()
            .filter(|&f| self.enabled(f))
            .collect();
        let choice = *enabled.choose(&mut self.rng)?;
        self.used.insert(choice);
        Some(choice)
    }

    /// `" NOT"` with probability `p`, else `""`.
    fn not(&mut self, p: f64) -> &'static str {
        if self.chance(p) {
            " NOT"
        } else {
            ""
        }
    }

    fn alias(&mut self, prefix: &str) -> String {
        self.aliases += 1;
        format!("{prefix}{}", self.aliases)
    }

    fn random_type(&mut self) -> Ty {
        match self.rng.gen_range(0..20) {
            0..=10 => Ty::Int,
            11..=16 => Ty::Text,
            _ => Ty::Bool,
        }
    }

    /// INT most of the time, else VARCHAR.
    fn int_or_text(&mut self) -> Ty {
        if self.chance(0.7) {
            Ty::Int
        } else {
            Ty::Text
        }
    }

    /// A set operator for a query body, or none (most of the time).
    fn set_operator(&mut self) -> Option<&'static str> {
        if !self.chance(0.15) {
            return None;
        }
        let options = [
            Feature::Union,
            Feature::UnionAll,
            Feature::Intersect,
            Feature::Except,
        ];
        Some(match self.pick(&options)? {
            Feature::Union => "UNION",
            Feature::UnionAll => "UNION ALL",
            Feature::Intersect => "INTERSECT",
            _ => "EXCEPT",
        })
    }

    // -----------------------------------------------------------------
    // Queries.

    /// A nested query body (a SELECT, or two joined by a set operator),
    /// with its output types and most rows.
    fn body(
        &mut self,
        want: Option<&[Ty]>,
        role: Role,
        outer: &[Column],
        ctes: &[Cte],
        room: Room,
    ) -> (Node, Vec<Ty>, usize) {
        let allowed =
            room.rows >= 2 * TABLE_ROWS && self.allowed_here(Feature::SetOpInCorrelatedSubquery);
        match allowed.then(|| self.set_operator()).flatten() {
            Some(op) => {
                self.note_correlated(Feature::SetOpInCorrelatedSubquery);
                let half = Room {
                    rows: room.rows / 2,
                    ..room
                };
                let (left, types, left_rows) = self.select(want, role, outer, ctes, half);
                let want = Some(types.as_slice());
                let (right, _, right_rows) = self.select(want, role, outer, ctes, half);
                let body = sql![
                    left.node(),
                    Node::optional(sql![format!(" {op} "), right.node()])
                ];
                (body, types, left_rows + right_rows)
            }
            None => {
                let (select, types, rows) = self.select(want, role, outer, ctes, room);
                (select.node(), types, rows)
            }
        }
    }

    /// A SELECT with output types `want` (random when `None`), and its most
    /// rows. `outer` are the enclosing query's columns, which its WHERE may
    /// reference.
    fn select(
        &mut self,
        want: Option<&[Ty]>,
        role: Role,
        outer: &[Column],
        ctes: &[Cte],
        room: Room,
    ) -> (Select, Vec<Ty>, usize) {
        // Subqueries in expressions stay small.
        let nested = role != Role::Rows;
        let correlated_in = role == Role::InSubquery && self.correlated > 0;
        let (width, depth) = if nested { (2, 1) } else { (3, 2) };
        let types: Vec<Ty> = match want {
            Some(types) => types.to_vec(),
            None => (0..self.rng.gen_range(1..=width))
                .map(|_| self.random_type())
                .collect(),
        };
        let FromClause {
            node: from,
            columns: local,
            filter: join_filter,
            rows,
        } = self.sources(ctes, room);
        let mut visible = local.clone();
        visible.extend_from_slice(outer);
        let subquery_rows = match role {
            Role::Rows => SUBQUERY_WORK / rows,
            _ => 0,
        };
        let where_ctx = Ctx {
            columns: &visible,
            keys: None,
            ctes,
            subquery_rows,
        };
        let mut conditions: Vec<Node> = join_filter.into_iter().collect();
        if self.chance(0.5) && self.take(Feature::Where) {
            conditions.push(self.bool_expr(&where_ctx, depth));
        }
        if !outer.is_empty() {
            conditions.push(self.correlation(&local, outer));
        }
        let ctx = Ctx {
            columns: &local,
            keys: None,
            ctes,
            subquery_rows,
        };
        let mut select = Select {
            distinct: self.chance(0.15) && self.take(Feature::Distinct),
            items: Vec::new(),
            from,
            filter: conjunction(conditions),
            group_by: Vec::new(),
            having: None,
        };
        match self.rng.gen_range(0..20) {
            0..=4
                if (!correlated_in || self.take(Feature::GroupedInCorrelatedInSubquery))
                    && self.take(Feature::GroupBy) =>
            {
                let keys: Vec<Column> = (0..self.rng.gen_range(1..=2))
                    .map(|_| local.choose(&mut self.rng).unwrap().clone())
                    .collect();
                let grouped = Ctx {
                    keys: Some(&keys),
                    ..ctx
                };
                select.items = types
                    .iter()
                    .map(|&ty| self.expr(&grouped, ty, depth))
                    .collect();
                select.group_by = keys.iter().map(|k| k.sql.clone()).collect();
                if self.chance(0.4) && self.take(Feature::Having) {
                    select.having = Some(self.bool_expr(&grouped, depth));
                }
            }
            5..=6
                if (!correlated_in || self.take(Feature::AggregateInCorrelatedInSubquery))
                    && self.take(Feature::AggregateWithoutGroupBy) =>
            {
                let aggregated = Ctx {
                    keys: Some(&[]),
                    ..ctx
                };
                select.items = types
                    .iter()
                    .map(|&ty| self.expr(&aggregated, ty, depth))
                    .collect();
            }
            7..=10 if self.allowed_here(Feature::WindowInCorrelatedSubquery) => {
                select.items = types
                    .iter()
                    .map(|&ty| match self.chance(0.5) {
                        true => self
                            .window(&ctx, ty)
                            .unwrap_or_else(|| self.expr(&ctx, ty, depth)),
                        false => self.expr(&ctx, ty, depth),
                    })
                    .collect();
            }
            _ => select.items = types.iter().map(|&ty| self.expr(&ctx, ty, depth)).collect(),
        }
        (select, types, rows)
    }

    /// `local_col = outer_col` for a pair of the same type (or, when no
    /// such pair exists, a condition on an outer column that is always
    /// true).
    fn correlation(&mut self, local: &[Column], outer: &[Column]) -> Node {
        let pairs: Vec<(&Column, &Column)> = local
            .iter()
            .flat_map(|l| outer.iter().map(move |o| (l, o)))
            .filter(|(l, o)| l.ty == o.ty && l.ty != Ty::Bool)
            .collect();
        if let Some((l, o)) = pairs.choose(&mut self.rng) {
            return Node::typed(Ty::Bool, sql!["(", l.node(), " = ", o.node(), ")"]);
        }
        let o = outer.choose(&mut self.rng).unwrap().node();
        let always = sql!["(", o.clone(), " IS NULL OR ", o, " IS NOT NULL)"];
        Node::typed(Ty::Bool, always)
    }

    /// The FROM clause (its sources), within `room`. Joins are optional parts.
    fn sources(&mut self, ctes: &[Cte], room: Room) -> FromClause {
        let (first, mut columns, mut rows) = self.relation(ctes, room);
        let mut parts = vec![first];
        let mut filter = None;
        let smallest = *self.table_rows.iter().min().unwrap();
        while room.rows / rows >= smallest && self.chance(0.35) {
            let item_room = Room {
                rows: room.rows / rows,
                ..room
            };
            let (item, item_columns, item_rows) = self.relation(ctes, item_room);
            rows *= item_rows;
            let mut options = vec![
                Feature::InnerJoin,
                Feature::LeftJoin,
                Feature::CommaJoin,
                Feature::CrossJoin,
            ];
            if self.allowed_here(Feature::OuterJoinInCorrelatedSubquery) {
                options.extend([Feature::RightJoin, Feature::FullJoin]);
            }
            let kind = self.pick(&options).unwrap_or(Feature::CrossJoin);
            if matches!(kind, Feature::RightJoin | Feature::FullJoin) {
                self.note_correlated(Feature::OuterJoinInCorrelatedSubquery);
            }
            let mut both = columns.clone();
            both.extend(item_columns.iter().cloned());
            let join = match kind {
                Feature::CommaJoin | Feature::CrossJoin => {
                    if kind == Feature::CommaJoin && self.chance(0.7) {
                        filter = Some(self.join_condition(&columns, &item_columns, &both, ctes));
                    }
                    let keyword = if kind == Feature::CommaJoin {
                        ", "
                    } else {
                        " CROSS JOIN "
                    };
                    sql![keyword, item]
                }
                _ => {
                    let keyword = match kind {
                        Feature::InnerJoin => " JOIN ",
                        Feature::LeftJoin => " LEFT JOIN ",
                        Feature::RightJoin => " RIGHT JOIN ",
                        _ => " FULL JOIN ",
                    };
                    let on = self.join_condition(&columns, &item_columns, &both, ctes);
                    sql![keyword, item, " ON ", on]
                }
            };
            parts.push(Node::optional(join));
            columns = both;
        }
        FromClause {
            node: Node::Seq(parts),
            columns,
            filter,
            rows,
        }
    }

    /// An ON condition: an equality between the two sides, sometimes with
    /// more conditions, sometimes any condition on both sides.
    fn join_condition(
        &mut self,
        left: &[Column],
        right: &[Column],
        both: &[Column],
        ctes: &[Cte],
    ) -> Node {
        let equality = self.correlation(right, left);
        if !self.chance(0.35) || !self.take(Feature::ComplexJoinCondition) {
            return equality;
        }
        let ctx = Ctx {
            columns: both,
            keys: None,
            ctes,
            subquery_rows: 0,
        };
        let extra = self.bool_expr(&ctx, 2);
        match self.chance(0.5) {
            true => Node::typed(Ty::Bool, sql![equality, " AND ", extra]),
            false => extra,
        }
    }

    /// A table, a CTE or a derived table, aliased, with its columns and
    /// most rows (within `room`).
    fn relation(&mut self, ctes: &[Cte], room: Room) -> (Node, Vec<Column>, usize) {
        let roll = self.rng.gen_range(0..10);
        let fitting: Vec<&Cte> = ctes.iter().filter(|c| c.rows <= room.rows).collect();
        if roll < 2 && !fitting.is_empty() {
            let cte = *fitting.choose(&mut self.rng).unwrap();
            let alias = self.alias("q");
            let columns = output_columns(&alias, &cte.types);
            let node = Node::from(format!("{} AS {alias}", cte.name));
            return (node, columns, cte.rows);
        }
        if roll < 4 && room.nesting > 0 && self.take(Feature::DerivedTable) {
            let inner = Room {
                nesting: room.nesting - 1,
                ..room
            };
            let (body, types, rows) = self.body(None, Role::Rows, &[], ctes, inner);
            let alias = self.alias("d");
            let columns = output_columns(&alias, &types);
            return (sql!["(", body, format!(") AS {alias}")], columns, rows);
        }
        let fitting: Vec<usize> = (0..TABLES.len())
            .filter(|&i| self.table_rows[i] <= room.rows)
            .collect();
        let index = *fitting.choose(&mut self.rng).unwrap();
        let table = &TABLES[index];
        let alias = self.alias("q");
        let columns = table
            .columns
            .iter()
            .map(|(name, ty)| Column {
                sql: format!("{alias}.{name}"),
                ty: *ty,
                base: true,
            })
            .collect();
        let node = Node::from(format!("adhoc.{} AS {alias}", table.name));
        (node, columns, self.table_rows[index])
    }

    // -----------------------------------------------------------------
    // Window functions.

    /// A window function of type `ty`, or `None` when none fits (BOOLEAN,
    /// or every window feature off).
    fn window(&mut self, ctx: &Ctx, ty: Ty) -> Option<Node> {
        let options: &[Feature] = match ty {
            Ty::Int => &[
                Feature::RowNumber,
                Feature::Rank,
                Feature::DenseRank,
                Feature::Lag,
                Feature::Lead,
                Feature::WindowAggregate,
            ],
            Ty::Text => &[Feature::Lag, Feature::Lead, Feature::WindowAggregate],
            Ty::Bool => return None,
        };
        let kind = self.pick(options)?;
        self.note_correlated(Feature::WindowInCorrelatedSubquery);
        let partition = self.partition(ctx);
        let flat = ctx.flat();
        let window = match kind {
            Feature::RowNumber => {
                sql![format!(
                    "ROW_NUMBER() OVER ({partition}{})",
                    self.total_order(ctx)
                )]
            }
            Feature::Rank | Feature::DenseRank => {
                let name = if kind == Feature::Rank {
                    "RANK"
                } else {
                    "DENSE_RANK"
                };
                let keys: Vec<String> = (0..self.rng.gen_range(1..=2))
                    .map(|_| {
                        let column = ctx.columns.choose(&mut self.rng).unwrap().sql.clone();
                        self.order_key(column)
                    })
                    .collect();
                sql![format!(
                    "{name}() OVER ({partition}ORDER BY {})",
                    keys.join(", ")
                )]
            }
            Feature::Lag | Feature::Lead => {
                let name = if kind == Feature::Lag { "LAG" } else { "LEAD" };
                let value = Node::barrier(self.expr(&flat, ty, 1));
                let extra = match self.rng.gen_range(0..3) {
                    0 => Node::from(""),
                    1 => Node::from(format!(", {}", self.rng.gen_range(1..=2))),
                    _ => {
                        let offset = self.rng.gen_range(1..=2);
                        sql![format!(", {offset}, "), self.literal(ty)]
                    }
                };
                let over = format!(") OVER ({partition}{})", self.total_order(ctx));
                sql![format!("{name}("), value, extra, over]
            }
            _ => {
                let call = match ty {
                    Ty::Text => {
                        let name = if self.chance(0.5) { "MIN(" } else { "MAX(" };
                        sql![name, Node::barrier(self.expr(&flat, Ty::Text, 1)), ")"]
                    }
                    _ => match self.rng.gen_range(0..5) {
                        0 => sql!["COUNT(*)"],
                        1 => sql!["COUNT(", Node::barrier(self.any_expr(&flat, 1)), ")"],
                        2 => sql!["MIN(", Node::barrier(self.expr(&flat, Ty::Int, 1)), ")"],
                        3 => sql!["MAX(", Node::barrier(self.expr(&flat, Ty::Int, 1)), ")"],
                        _ => sql!["SUM(", Node::barrier(self.expr(&flat, Ty::Int, 1)), ")"],
                    },
                };
                // An aggregate with ORDER BY needs an explicit frame
                // (Redshift) over a total order (a ROWS frame over ties
                // would depend on the engine's row order).
                let frame = match self.chance(0.5) && self.take(Feature::WindowFrame) {
                    true => {
                        let frame = [
                            "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
                            "ROWS UNBOUNDED PRECEDING",
                            "ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING",
                            "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
                            "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
                        ]
                        .choose(&mut self.rng)
                        .unwrap();
                        format!("{} {frame}", self.total_order(ctx))
                    }
                    false => String::new(),
                };
                sql![call, format!(" OVER ({partition}{frame})")]
            }
        };
        Some(Node::typed(ty, window))
    }

    /// `PARTITION BY ...` with a trailing space, or nothing.
    fn partition(&mut self, ctx: &Ctx) -> String {
        let count = self.rng.gen_range(0..=2);
        if count == 0 {
            return String::new();
        }
        let keys: Vec<String> = (0..count)
            .map(|_| ctx.columns.choose(&mut self.rng).unwrap().sql.clone())
            .collect();
        format!("PARTITION BY {} ", keys.join(", "))
    }

    /// `ORDER BY` every column in scope: rows that tie on it are identical,
    /// so ROW_NUMBER, LAG, LEAD and ROWS frames give the same multiset of
    /// results whichever way the engine breaks the tie.
    fn total_order(&mut self, ctx: &Ctx) -> String {
        let mut columns: Vec<String> = ctx.columns.iter().map(|c| c.sql.clone()).collect();
        columns.shuffle(&mut self.rng);
        let keys: Vec<String> = columns.into_iter().map(|c| self.order_key(c)).collect();
        format!("ORDER BY {}", keys.join(", "))
    }

    /// `expr ASC|DESC NULLS FIRST|LAST` (NULL ordering always explicit).
    fn order_key(&mut self, expr: String) -> String {
        format!(
            "{expr} {} NULLS {}",
            if self.chance(0.5) { "DESC" } else { "ASC" },
            if self.chance(0.5) { "FIRST" } else { "LAST" }
        )
    }

    // -----------------------------------------------------------------
    // Expressions.

    /// An expression of type `ty`, at most `depth` operators deep.
    fn expr(&mut self, ctx: &Ctx, ty: Ty, depth: u32) -> Node {
        match ty {
            Ty::Int => self.int_expr(ctx, depth),
            Ty::Text => self.text_expr(ctx, depth),
            Ty::Bool => self.bool_expr(ctx, depth),
        }
    }

    /// An INT or VARCHAR expression (COUNT, IS NULL arguments).
    fn any_expr(&mut self, ctx: &Ctx, depth: u32) -> Node {
        let ty = self.int_or_text();
        self.expr(ctx, ty, depth)
    }

    /// A column, key, aggregate or literal of type `ty`.
    fn leaf(&mut self, ctx: &Ctx, ty: Ty) -> Node {
        if ctx.keys.is_some() && ty != Ty::Bool && self.chance(0.6) {
            return self.aggregate(ctx, ty);
        }
        let candidates: Vec<&Column> = ctx
            .keys
            .unwrap_or(ctx.columns)
            .iter()
            .filter(|c| c.ty == ty)
            .collect();
        match candidates.choose(&mut self.rng) {
            Some(column) if self.chance(0.8) => column.node(),
            _ => match ty {
                Ty::Bool => self.comparison(ctx, 0),
                _ => self.literal(ty),
            },
        }
    }

    /// A literal: small INT, one of the VARCHAR values, or rarely NULL.
    fn literal(&mut self, ty: Ty) -> Node {
        if self.chance(0.05) && self.take(Feature::NullLiteral) {
            return Node::typed(ty, "NULL");
        }
        let text = match ty {
            Ty::Text => format!("'{}'", TEXTS.choose(&mut self.rng).unwrap()),
            _ => match self.rng.gen_range(-2..=8) {
                n if n < 0 => format!("({n})"),
                n => n.to_string(),
            },
        };
        Node::typed(ty, text)
    }

    /// An aggregate over the SELECT's rows, of type INT or VARCHAR.
    fn aggregate(&mut self, ctx: &Ctx, ty: Ty) -> Node {
        let flat = ctx.flat();
        let call = match (ty, self.rng.gen_range(0..7)) {
            (Ty::Text, n) => {
                let name = if n % 2 == 0 { "MIN(" } else { "MAX(" };
                sql![name, Node::barrier(self.expr(&flat, Ty::Text, 1)), ")"]
            }
            (_, 0) => sql!["COUNT(*)"],
            (_, 1) => sql!["COUNT(", Node::barrier(self.any_expr(&flat, 1)), ")"],
            (_, 2) if self.take(Feature::CountDistinct) => {
                let column = ctx.columns.choose(&mut self.rng).unwrap().sql.clone();
                sql![format!("COUNT(DISTINCT {column})")]
            }
            (_, 3) if self.take(Feature::SumDistinct) => {
                let value = Node::barrier(self.expr(&flat, Ty::Int, 0));
                sql!["SUM(DISTINCT ", value, ")"]
            }
            (_, 4) => sql!["MIN(", Node::barrier(self.expr(&flat, Ty::Int, 1)), ")"],
            (_, 5) => sql!["MAX(", Node::barrier(self.expr(&flat, Ty::Int, 1)), ")"],
            _ => sql!["SUM(", Node::barrier(self.expr(&flat, Ty::Int, 1)), ")"],
        };
        Node::typed(ty, call)
    }

    /// `CASE WHEN ... THEN ... [ELSE ...] END` or
    /// `CASE x WHEN literal THEN ... END` of type `ty`.
    fn case(&mut self, ctx: &Ctx, ty: Ty, depth: u32) -> Node {
        let d = depth - 1;
        let simple = ty != Ty::Bool && self.chance(0.3) && self.take(Feature::SimpleCase);
        let mut parts = vec![Node::from("CASE")];
        if simple {
            parts.push(sql![" ", self.expr(ctx, ty, d)]);
        }
        for branch in 0..self.rng.gen_range(1..=2) {
            let condition = match simple {
                true => self.literal(ty),
                false => self.bool_expr(ctx, d),
            };
            let when = sql![" WHEN ", condition, " THEN ", self.expr(ctx, ty, d)];
            parts.push(if branch == 0 {
                when
            } else {
                Node::optional(when)
            });
        }
        if self.chance(0.6) {
            parts.push(Node::optional(sql![" ELSE ", self.expr(ctx, ty, d)]));
        }
        parts.push(Node::from(" END"));
        Node::typed(ty, Node::Seq(parts))
    }

    fn int_expr(&mut self, ctx: &Ctx, depth: u32) -> Node {
        if depth == 0 || self.chance(0.35) {
            return self.leaf(ctx, Ty::Int);
        }
        let d = depth - 1;
        if self.subquery_here(ctx) && self.take(Feature::ScalarSubquery) {
            return self.scalar_subquery(ctx, Ty::Int);
        }
        let int = Ty::Int;
        let expr = match self.rng.gen_range(0..10) {
            0 => sql!["ABS(", self.int_expr(ctx, d), ")"],
            1 if self.take(Feature::Length) => sql!["LENGTH(", self.text_expr(ctx, d), ")"],
            2 => sql!["(-", self.int_expr(ctx, d), ")"],
            _ => {
                let options = [
                    Feature::Arithmetic,
                    Feature::Arithmetic,
                    Feature::Division,
                    Feature::Modulo,
                    Feature::Case,
                    Feature::Coalesce,
                    Feature::Nullif,
                ];
                match self.pick(&options) {
                    Some(Feature::Arithmetic) => {
                        let op = *["+", "-", "*"].choose(&mut self.rng).unwrap();
                        let (l, r) = (self.int_expr(ctx, d), self.int_expr(ctx, d));
                        sql!["(", l, format!(" {op} "), r, ")"]
                    }
                    // Divisors go through NULLIF(x, 0): SQLite gives NULL
                    // where we raise "division by zero".
                    Some(feature @ (Feature::Division | Feature::Modulo)) => {
                        let op = if feature == Feature::Division {
                            "/"
                        } else {
                            "%"
                        };
                        let (l, r) = (self.int_expr(ctx, d), self.int_expr(ctx, d));
                        sql!["(", l, format!(" {op} NULLIF("), r, ", 0))"]
                    }
                    Some(Feature::Case) => return self.case(ctx, int, depth),
                    Some(Feature::Coalesce) => return self.coalesce(ctx, int, d),
                    Some(Feature::Nullif) => return self.nullif(ctx, int, d),
                    _ => return self.leaf(ctx, int),
                }
            }
        };
        Node::typed(int, expr)
    }

    fn text_expr(&mut self, ctx: &Ctx, depth: u32) -> Node {
        if depth == 0 || self.chance(0.4) {
            return self.leaf(ctx, Ty::Text);
        }
        let d = depth - 1;
        if self.subquery_here(ctx) && self.take(Feature::ScalarSubquery) {
            return self.scalar_subquery(ctx, Ty::Text);
        }
        let text = Ty::Text;
        if self.chance(0.1) {
            let name = if self.chance(0.5) { "UPPER(" } else { "LOWER(" };
            return Node::typed(text, sql![name, self.text_expr(ctx, d), ")"]);
        }
        let options = [
            Feature::Case,
            Feature::Coalesce,
            Feature::Nullif,
            Feature::Concat,
        ];
        match self.pick(&options) {
            Some(Feature::Case) => self.case(ctx, text, depth),
            Some(Feature::Coalesce) => self.coalesce(ctx, text, d),
            Some(Feature::Nullif) => self.nullif(ctx, text, d),
            Some(Feature::Concat) => {
                let (l, r) = (self.text_expr(ctx, d), self.text_expr(ctx, d));
                Node::typed(text, sql!["(", l, " || ", r, ")"])
            }
            _ => self.leaf(ctx, text),
        }
    }

    /// `COALESCE(a, b[, c])`.
    fn coalesce(&mut self, ctx: &Ctx, ty: Ty, depth: u32) -> Node {
        let (a, b) = (self.expr(ctx, ty, depth), self.expr(ctx, ty, depth));
        let mut parts = vec![Node::from("COALESCE("), a, Node::from(", "), b];
        if self.chance(0.4) {
            parts.push(Node::optional(sql![", ", self.expr(ctx, ty, depth)]));
        }
        parts.push(Node::from(")"));
        Node::typed(ty, Node::Seq(parts))
    }

    fn nullif(&mut self, ctx: &Ctx, ty: Ty, depth: u32) -> Node {
        let (a, b) = (self.expr(ctx, ty, depth), self.expr(ctx, ty, depth));
        Node::typed(ty, sql!["NULLIF(", a, ", ", b, ")"])
    }

    /// `(a op b)` on two INTs or two VARCHARs.
    fn comparison(&mut self, ctx: &Ctx, depth: u32) -> Node {
        let ty = self.int_or_text();
        let op = *["=", "<>", "<", "<=", ">", ">="]
            .choose(&mut self.rng)
            .unwrap();
        let (l, r) = (self.expr(ctx, ty, depth), self.expr(ctx, ty, depth));
        Node::typed(Ty::Bool, sql!["(", l, format!(" {op} "), r, ")"])
    }

    fn bool_expr(&mut self, ctx: &Ctx, depth: u32) -> Node {
        let boolean = Ty::Bool;
        if depth == 0 || self.chance(0.25) {
            return match self.chance(0.8) {
                true => self.comparison(ctx, depth.min(1)),
                false => self.leaf(ctx, boolean),
            };
        }
        let d = depth - 1;
        if self.subquery_here(ctx) {
            let options = [
                Feature::InSubquery,
                Feature::NotInSubquery,
                Feature::Exists,
                Feature::NotExists,
            ];
            if let Some(feature) = self.pick(&options) {
                return self.subquery_predicate(ctx, feature, d);
            }
        }
        // AND, OR and NOT are the most common.
        if self.chance(0.4) {
            let expr = match self.rng.gen_range(0..3) {
                n @ 1..=2 if self.take(Feature::AndOr) => {
                    let op = if n == 1 { " AND " } else { " OR " };
                    sql!["(", self.bool_expr(ctx, d), op, self.bool_expr(ctx, d), ")"]
                }
                _ => sql!["(NOT ", self.bool_expr(ctx, d), ")"],
            };
            return Node::typed(boolean, expr);
        }
        let options = [
            Feature::IsNull,
            Feature::InList,
            Feature::NotInList,
            Feature::Between,
            Feature::Like,
            Feature::Case,
        ];
        let expr = match self.pick(&options) {
            Some(Feature::IsNull) => {
                let not = self.not(0.5);
                sql!["(", self.any_expr(ctx, d), format!(" IS{not} NULL)")]
            }
            Some(feature @ (Feature::InList | Feature::NotInList)) => {
                let not = if feature == Feature::NotInList {
                    " NOT"
                } else {
                    ""
                };
                let ty = self.int_or_text();
                let mut parts = vec![
                    Node::from("("),
                    self.expr(ctx, ty, d),
                    Node::from(format!("{not} IN (")),
                    self.literal(ty),
                ];
                for _ in 0..self.rng.gen_range(0..=3) {
                    parts.push(Node::optional(sql![", ", self.literal(ty)]));
                }
                parts.push(Node::from("))"));
                Node::Seq(parts)
            }
            Some(Feature::Between) => {
                let not = self.not(0.3);
                let (a, b, c) = (
                    self.int_expr(ctx, d),
                    self.int_expr(ctx, d),
                    self.int_expr(ctx, d),
                );
                sql!["(", a, format!("{not} BETWEEN "), b, " AND ", c, ")"]
            }
            // LIKE only on base tables' columns: SQLite's LIKE ignores ASCII
            // case, and only there are the values sure to be lower case
            // (a derived table's may come from UPPER()).
            Some(Feature::Like) => {
                let columns: Vec<&Column> = ctx
                    .columns
                    .iter()
                    .filter(|c| c.ty == Ty::Text && c.base)
                    .collect();
                match (ctx.keys, columns.choose(&mut self.rng)) {
                    (None, Some(column)) => {
                        let not = self.not(0.3);
                        let pattern = PATTERNS.choose(&mut self.rng).unwrap();
                        sql!["(", column.node(), format!("{not} LIKE '{pattern}')")]
                    }
                    _ => return self.comparison(ctx, d),
                }
            }
            Some(Feature::Case) => return self.case(ctx, boolean, depth),
            _ => return self.comparison(ctx, d),
        };
        Node::typed(boolean, expr)
    }

    /// Whether to put a subquery here: rarely, and only where one may nest.
    fn subquery_here(&mut self, ctx: &Ctx) -> bool {
        ctx.subquery_rows >= TABLE_ROWS && ctx.keys.is_none() && self.chance(0.12)
    }

    /// `x [NOT] IN (subquery)` or `[NOT] EXISTS (subquery)`, correlated
    /// or not.
    fn subquery_predicate(&mut self, ctx: &Ctx, feature: Feature, depth: u32) -> Node {
        let correlated = self.chance(0.5) && self.take(Feature::Correlated);
        let (columns, ctes) = (if correlated { ctx.columns } else { &[] }, ctx.ctes);
        let room = Room {
            nesting: 0,
            rows: ctx.subquery_rows,
        };
        self.correlated += u32::from(correlated);
        let expr = match feature {
            Feature::InSubquery | Feature::NotInSubquery => {
                let not = if feature == Feature::NotInSubquery {
                    " NOT"
                } else {
                    ""
                };
                let ty = self.int_or_text();
                let subject = self.expr(ctx, ty, depth);
                let (body, _, _) = self.body(Some(&[ty]), Role::InSubquery, columns, ctes, room);
                sql![
                    "(",
                    subject,
                    format!("{not} IN ("),
                    Node::barrier(body),
                    "))"
                ]
            }
            _ => {
                let not = if feature == Feature::NotExists {
                    "NOT "
                } else {
                    ""
                };
                let (select, _, _) = self.select(None, Role::Exists, columns, ctes, room);
                sql![
                    format!("({not}EXISTS ("),
                    Node::barrier(select.node()),
                    "))"
                ]
            }
        };
        self.correlated -= u32::from(correlated);
        Node::typed(Ty::Bool, expr)
    }

    /// `(SELECT aggregate FROM ... [WHERE ...])`: one row whatever the data
    /// (SQLite would take the first of several rows where we raise an error).
    fn scalar_subquery(&mut self, ctx: &Ctx, ty: Ty) -> Node {
        let correlated = self.chance(0.6) && self.take(Feature::Correlated);
        let outer = if correlated { ctx.columns } else { &[] };
        self.correlated += u32::from(correlated);
        let FromClause {
            node: from,
            columns: local,
            filter: join_filter,
            ..
        } = self.sources(
            ctx.ctes,
            Room {
                nesting: 0,
                rows: ctx.subquery_rows,
            },
        );
        let mut visible = local.clone();
        visible.extend_from_slice(outer);
        let where_ctx = Ctx {
            columns: &visible,
            keys: None,
            ctes: ctx.ctes,
            subquery_rows: 0,
        };
        let mut conditions: Vec<Node> = join_filter.into_iter().collect();
        if correlated {
            conditions.push(self.correlation(&local, outer));
        }
        if self.chance(0.4) {
            conditions.push(self.bool_expr(&where_ctx, 1));
        }
        let aggregated = Ctx {
            columns: &local,
            keys: Some(&[]),
            ctes: ctx.ctes,
            subquery_rows: 0,
        };
        let value = self.aggregate(&aggregated, ty);
        let filter = match conjunction(conditions) {
            Some(condition) => Node::optional(sql![" WHERE ", condition]),
            None => Node::from(""),
        };
        self.correlated -= u32::from(correlated);
        let subquery = sql!["(SELECT ", value, " FROM ", from, filter, ")"];
        Node::typed(ty, Node::barrier(subquery))
    }
}

/// Conditions joined by AND (the shrinker may keep any one of them).
fn conjunction(conditions: Vec<Node>) -> Option<Node> {
    match conditions.len() {
        0 => None,
        1 => conditions.into_iter().next(),
        _ => Some(Node::typed(Ty::Bool, Node::join(conditions, " AND "))),
    }
}

/// The columns `alias.x0, alias.x1, ...` of a derived table or CTE.
fn output_columns(alias: &str, types: &[Ty]) -> Vec<Column> {
    types
        .iter()
        .enumerate()
        .map(|(i, &ty)| Column {
            sql: format!("{alias}.x{i}"),
            ty,
            base: false,
        })
        .collect()
}
