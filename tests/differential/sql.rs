//! Generated SQL as a tree the shrinker can take apart: typed expressions it
//! may replace with a literal or with a same-typed expression inside them,
//! and optional parts it may drop.

use std::fmt;

/// The type of an expression or column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Int,
    Text,
    Bool,
}

impl Ty {
    /// The literal a shrunk expression of this type becomes.
    fn simplest(self) -> &'static str {
        match self {
            // 0, not 1: a literal output column is never also a valid
            // ORDER BY position (an engine once read it as one).
            Ty::Int => "0",
            Ty::Text => "'x'",
            Ty::Bool => "(1 = 1)",
        }
    }
}

/// A piece of SQL.
#[derive(Clone, Debug)]
pub enum Node {
    /// Fixed text.
    Text(String),
    /// Parts, one after the other.
    Seq(Vec<Node>),
    /// An expression of a type.
    Typed(Ty, Box<Node>),
    /// A part that may be left out (a WHERE, a join, a CASE branch...).
    /// Leaving one out may make the query invalid; the shrinker then finds
    /// that SQLite rejects it and moves on.
    Optional(Box<Node>),
    /// Where expressions must not be lifted out of (aggregate and window
    /// arguments, subqueries): outside, they would mean something else.
    Barrier(Box<Node>),
}

/// `sql![part, ...]`: a [`Node::Seq`] of `&str`, `String` or `Node` parts.
macro_rules! sql {
    ($($part:expr),* $(,)?) => {
        $crate::sql::Node::Seq(vec![$($crate::sql::Node::from($part)),*])
    };
}
pub(crate) use sql;

impl From<&str> for Node {
    fn from(text: &str) -> Node {
        Node::Text(text.to_owned())
    }
}

impl From<String> for Node {
    fn from(text: String) -> Node {
        Node::Text(text)
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Text(text) => f.write_str(text),
            Node::Seq(parts) => parts.iter().try_for_each(|part| part.fmt(f)),
            Node::Typed(_, inner) | Node::Optional(inner) | Node::Barrier(inner) => inner.fmt(f),
        }
    }
}

impl Node {
    pub fn typed(ty: Ty, inner: impl Into<Node>) -> Node {
        Node::Typed(ty, Box::new(inner.into()))
    }

    pub fn optional(inner: impl Into<Node>) -> Node {
        Node::Optional(Box::new(inner.into()))
    }

    pub fn barrier(inner: impl Into<Node>) -> Node {
        Node::Barrier(Box::new(inner.into()))
    }

    /// `parts` separated by `separator`.
    pub fn join(parts: Vec<Node>, separator: &str) -> Node {
        let mut out = Vec::with_capacity(parts.len() * 2);
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                out.push(Node::from(separator));
            }
            out.push(part);
        }
        Node::Seq(out)
    }

    /// Every variant of this tree with one shrinking step applied, larger
    /// steps (near the root) first.
    pub fn smaller(&self) -> Vec<Node> {
        match self {
            Node::Text(_) => Vec::new(),
            Node::Seq(parts) => {
                let mut out = Vec::new();
                for (i, part) in parts.iter().enumerate() {
                    for smaller in part.smaller() {
                        let mut parts = parts.clone();
                        parts[i] = smaller;
                        out.push(Node::Seq(parts));
                    }
                }
                out
            }
            Node::Optional(inner) => {
                let mut out = vec![Node::from("")];
                out.extend(inner.smaller().into_iter().map(Node::optional));
                out
            }
            Node::Barrier(inner) => inner.smaller().into_iter().map(Node::barrier).collect(),
            Node::Typed(ty, inner) => {
                let mut out = Vec::new();
                if inner.to_string() != ty.simplest() {
                    out.push(Node::typed(*ty, ty.simplest()));
                }
                let mut lifted = Vec::new();
                inner.same_typed_inside(*ty, &mut lifted);
                out.extend(lifted.into_iter().cloned());
                out.extend(inner.smaller().into_iter().map(|s| Node::typed(*ty, s)));
                out
            }
        }
    }

    /// The outermost expressions of type `ty` inside this one (not behind a
    /// barrier).
    fn same_typed_inside<'a>(&'a self, ty: Ty, out: &mut Vec<&'a Node>) {
        match self {
            Node::Text(_) | Node::Barrier(_) => {}
            Node::Seq(parts) => parts.iter().for_each(|p| p.same_typed_inside(ty, out)),
            Node::Optional(inner) => inner.same_typed_inside(ty, out),
            Node::Typed(own, inner) => match *own == ty {
                true => out.push(self),
                false => inner.same_typed_inside(ty, out),
            },
        }
    }
}
