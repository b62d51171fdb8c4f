//! A generated query: its top-level clauses kept apart, so that the shrinker
//! can drop them and the comparison knows the ORDER BY.

use std::collections::BTreeSet;

use crate::generator::Feature;
use crate::sql::{sql, Node};

/// One SELECT.
#[derive(Clone, Debug)]
pub struct Select {
    pub distinct: bool,
    /// Expressions, rendered `expr AS x0, ...`.
    pub items: Vec<Node>,
    pub from: Node,
    pub filter: Option<Node>,
    pub group_by: Vec<String>,
    pub having: Option<Node>,
}

impl Select {
    /// The SELECT as SQL; its WHERE, HAVING and DISTINCT are optional parts.
    pub fn node(&self) -> Node {
        let items = self
            .items
            .iter()
            .enumerate()
            .map(|(i, e)| sql![e.clone(), format!(" AS x{i}")])
            .collect();
        let mut parts = vec![Node::from("SELECT ")];
        if self.distinct {
            parts.push(Node::optional("DISTINCT "));
        }
        parts.push(Node::join(items, ", "));
        parts.push(Node::from(" FROM "));
        parts.push(self.from.clone());
        if let Some(filter) = &self.filter {
            parts.push(Node::optional(sql![" WHERE ", filter.clone()]));
        }
        if !self.group_by.is_empty() {
            parts.push(Node::from(format!(
                " GROUP BY {}",
                self.group_by.join(", ")
            )));
        }
        if let Some(having) = &self.having {
            parts.push(Node::optional(sql![" HAVING ", having.clone()]));
        }
        Node::Seq(parts)
    }

    /// Variants with one clause dropped or one expression shrunk (never
    /// without GROUP BY: SQLite accepts bare columns in aggregate queries).
    fn smaller(&self) -> Vec<Select> {
        let mut out = Vec::new();
        if self.filter.is_some() {
            out.push(Select {
                filter: None,
                ..self.clone()
            });
        }
        if self.having.is_some() {
            out.push(Select {
                having: None,
                ..self.clone()
            });
        }
        if self.distinct {
            out.push(Select {
                distinct: false,
                ..self.clone()
            });
        }
        for from in self.from.smaller() {
            out.push(Select {
                from,
                ..self.clone()
            });
        }
        if let Some(filter) = &self.filter {
            for smaller in filter.smaller() {
                out.push(Select {
                    filter: Some(smaller),
                    ..self.clone()
                });
            }
        }
        if let Some(having) = &self.having {
            for smaller in having.smaller() {
                out.push(Select {
                    having: Some(smaller),
                    ..self.clone()
                });
            }
        }
        for (i, item) in self.items.iter().enumerate() {
            for smaller in item.smaller() {
                let mut select = self.clone();
                select.items[i] = smaller;
                out.push(select);
            }
        }
        out
    }
}

/// The body of the top-level query.
#[derive(Clone, Debug)]
pub enum Body {
    Select(Select),
    /// `left op right`; two operands only (see the notes on precedence).
    SetOp(Select, &'static str, Select),
}

/// One ORDER BY key: an output column (0-based) and its direction.
#[derive(Clone, Copy, Debug)]
pub struct OrderKey {
    pub column: usize,
    pub desc: bool,
    pub nulls_first: bool,
}

/// ORDER BY output columns by ordinal, with NULLS FIRST/LAST always
/// written. A LIMIT only comes with keys covering every column (a total
/// order on the output, so the kept rows are the same in both engines).
#[derive(Clone, Debug)]
pub struct Order {
    pub keys: Vec<OrderKey>,
    pub limit: Option<u32>,
}

/// A generated top-level query.
#[derive(Clone, Debug)]
pub struct Query {
    /// `name AS (body)`, in order.
    pub ctes: Vec<Node>,
    pub body: Body,
    pub order: Option<Order>,
    /// The features it uses.
    pub features: BTreeSet<Feature>,
}

impl Query {
    /// The SQL text, the same for both engines.
    pub fn sql(&self) -> String {
        let mut sql = String::new();
        if !self.ctes.is_empty() {
            sql += &format!("WITH {} ", Node::join(self.ctes.clone(), ", "));
        }
        sql += &match &self.body {
            Body::Select(select) => select.node().to_string(),
            Body::SetOp(left, op, right) => format!("{} {op} {}", left.node(), right.node()),
        };
        if let Some(order) = &self.order {
            let keys: Vec<String> = order
                .keys
                .iter()
                .map(|k| {
                    format!(
                        "{} {} NULLS {}",
                        k.column + 1,
                        if k.desc { "DESC" } else { "ASC" },
                        if k.nulls_first { "FIRST" } else { "LAST" }
                    )
                })
                .collect();
            sql += &format!(" ORDER BY {}", keys.join(", "));
            if let Some(limit) = order.limit {
                sql += &format!(" LIMIT {limit}");
            }
        }
        sql
    }

    /// Smaller variants, one step each, larger steps first. Some may be
    /// invalid (e.g. a dropped CTE still referenced); the shrinker keeps
    /// only those SQLite accepts and that still fail the same way.
    pub fn smaller(&self) -> Vec<Query> {
        let mut out = Vec::new();
        let with = |body: Body, order: Option<Order>| Query {
            ctes: self.ctes.clone(),
            body,
            order,
            features: self.features.clone(),
        };
        if let Some(order) = &self.order {
            out.push(with(self.body.clone(), None));
            if order.limit.is_some() {
                let unlimited = Order {
                    limit: None,
                    ..order.clone()
                };
                out.push(with(self.body.clone(), Some(unlimited)));
            }
        }
        for i in 0..self.ctes.len() {
            let mut smaller = self.clone();
            smaller.ctes.remove(i);
            out.push(smaller);
        }
        match &self.body {
            Body::SetOp(left, op, right) => {
                out.push(with(Body::Select(left.clone()), self.order.clone()));
                out.push(with(Body::Select(right.clone()), self.order.clone()));
                for smaller in left.smaller() {
                    let body = Body::SetOp(smaller, op, right.clone());
                    out.push(with(body, self.order.clone()));
                }
                for smaller in right.smaller() {
                    let body = Body::SetOp(left.clone(), op, smaller);
                    out.push(with(body, self.order.clone()));
                }
            }
            Body::Select(select) => {
                for i in 0..select.items.len() {
                    if select.items.len() > 1 {
                        let mut smaller = select.clone();
                        smaller.items.remove(i);
                        out.push(with(Body::Select(smaller), self.without_column(i)));
                    }
                }
                for smaller in select.smaller() {
                    out.push(with(Body::Select(smaller), self.order.clone()));
                }
            }
        }
        for (i, cte) in self.ctes.iter().enumerate() {
            for smaller in cte.smaller() {
                let mut query = self.clone();
                query.ctes[i] = smaller;
                out.push(query);
            }
        }
        out
    }

    /// The ORDER BY once output column `i` is gone (ordinals shift).
    fn without_column(&self, i: usize) -> Option<Order> {
        let order = self.order.as_ref()?;
        let keys: Vec<OrderKey> = order
            .keys
            .iter()
            .filter(|k| k.column != i)
            .map(|k| OrderKey {
                column: k.column - usize::from(k.column > i),
                ..*k
            })
            .collect();
        (!keys.is_empty()).then_some(Order {
            keys,
            limit: order.limit,
        })
    }
}
