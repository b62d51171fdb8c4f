//! One shared walk over sqlparser's AST.
//!
//! sqlparser's `Visit::visit` and `VisitMut::visit` are generic over the
//! visitor, so every visitor type compiles its own copy of the traversal of
//! the whole AST (about 10 KB of wasm each). The engine walks every visitor
//! through a type-erased one instead: the traversal is compiled once per
//! break type, and a visitor costs only its own methods.

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, ObjectName, Query, Statement, TableFactor, Visit, VisitMut, Visitor, VisitorMut,
};

/// Walks `node` with `visitor` (sqlparser's `node.visit(visitor)`).
pub fn walk<N: Visit + ?Sized, B>(
    node: &N,
    visitor: &mut dyn Visitor<Break = B>,
) -> ControlFlow<B> {
    node.visit(&mut Erased(visitor))
}

/// Walks `node` with `visitor`, which may change it (sqlparser's
/// `node.visit(visitor)` for `VisitMut`).
pub fn walk_mut<N: VisitMut + ?Sized, B>(
    node: &mut N,
    visitor: &mut dyn VisitorMut<Break = B>,
) -> ControlFlow<B> {
    node.visit(&mut ErasedMut(visitor))
}

/// How many expressions `node` holds, itself included.
pub fn count_exprs<N: Visit + ?Sized>(node: &N) -> usize {
    struct Counter(usize);
    impl Visitor for Counter {
        type Break = ();
        fn pre_visit_expr(&mut self, _expr: &Expr) -> ControlFlow<()> {
            self.0 += 1;
            ControlFlow::Continue(())
        }
    }
    let mut counter = Counter(0);
    let _ = walk(node, &mut counter);
    counter.0
}

/// Calls `f` on every expression under `node`, children before parents
/// (sqlparser's `visit_expressions_mut`).
pub fn walk_exprs_mut<N: VisitMut + ?Sized, B>(
    node: &mut N,
    f: &mut dyn FnMut(&mut Expr) -> ControlFlow<B>,
) -> ControlFlow<B> {
    walk_mut(node, &mut ExprFn(f))
}

struct ExprFn<'a, B>(&'a mut dyn FnMut(&mut Expr) -> ControlFlow<B>);

impl<B> VisitorMut for ExprFn<'_, B> {
    type Break = B;
    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<B> {
        (self.0)(expr)
    }
}

struct Erased<'a, B>(&'a mut dyn Visitor<Break = B>);

impl<B> Visitor for Erased<'_, B> {
    type Break = B;
    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<B> {
        self.0.pre_visit_query(query)
    }
    fn post_visit_query(&mut self, query: &Query) -> ControlFlow<B> {
        self.0.post_visit_query(query)
    }
    fn pre_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<B> {
        self.0.pre_visit_relation(relation)
    }
    fn post_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<B> {
        self.0.post_visit_relation(relation)
    }
    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<B> {
        self.0.pre_visit_table_factor(factor)
    }
    fn post_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<B> {
        self.0.post_visit_table_factor(factor)
    }
    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<B> {
        self.0.pre_visit_expr(expr)
    }
    fn post_visit_expr(&mut self, expr: &Expr) -> ControlFlow<B> {
        self.0.post_visit_expr(expr)
    }
    fn pre_visit_statement(&mut self, statement: &Statement) -> ControlFlow<B> {
        self.0.pre_visit_statement(statement)
    }
    fn post_visit_statement(&mut self, statement: &Statement) -> ControlFlow<B> {
        self.0.post_visit_statement(statement)
    }
}

struct ErasedMut<'a, B>(&'a mut dyn VisitorMut<Break = B>);

impl<B> VisitorMut for ErasedMut<'_, B> {
    type Break = B;
    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<B> {
        self.0.pre_visit_query(query)
    }
    fn post_visit_query(&mut self, query: &mut Query) -> ControlFlow<B> {
        self.0.post_visit_query(query)
    }
    fn pre_visit_relation(&mut self, relation: &mut ObjectName) -> ControlFlow<B> {
        self.0.pre_visit_relation(relation)
    }
    fn post_visit_relation(&mut self, relation: &mut ObjectName) -> ControlFlow<B> {
        self.0.post_visit_relation(relation)
    }
    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<B> {
        self.0.pre_visit_table_factor(factor)
    }
    fn post_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<B> {
        self.0.post_visit_table_factor(factor)
    }
    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<B> {
        self.0.pre_visit_expr(expr)
    }
    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<B> {
        self.0.post_visit_expr(expr)
    }
    fn pre_visit_statement(&mut self, statement: &mut Statement) -> ControlFlow<B> {
        self.0.pre_visit_statement(statement)
    }
    fn post_visit_statement(&mut self, statement: &mut Statement) -> ControlFlow<B> {
        self.0.post_visit_statement(statement)
    }
}
