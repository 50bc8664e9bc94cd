//! A small builder for dynamic SQL with numbered `$n` parameters, and paging.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AssertSqlSafe};

/// A bound parameter value.
#[derive(Debug, Clone)]
pub enum Arg {
    Int(i64),
    Text(String),
}

/// SQL text with its parameters; `arg` returns the placeholder to splice in.
#[derive(Debug, Default, Clone)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            args: Vec::new(),
        }
    }

    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    /// Adds a parameter and returns its placeholder (`$3`).
    pub fn arg(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }

    pub fn text_arg(&mut self, s: impl Into<String>) -> String {
        self.arg(Arg::Text(s.into()))
    }

    pub fn int_arg(&mut self, i: i64) -> String {
        self.arg(Arg::Int(i))
    }

    pub fn query(&self) -> Query<'static, Any, AnyArguments> {
        let mut q = sqlx::query(AssertSqlSafe(self.text.clone()));
        for a in &self.args {
            q = match a {
                Arg::Int(i) => q.bind(*i),
                Arg::Text(s) => q.bind(s.clone()),
            };
        }
        q
    }

    pub fn scalar_i64(&self) -> sqlx::query::QueryScalar<'static, Any, i64, AnyArguments> {
        let mut q = sqlx::query_scalar(AssertSqlSafe(self.text.clone()));
        for a in &self.args {
            q = match a {
                Arg::Int(i) => q.bind(*i),
                Arg::Text(s) => q.bind(s.clone()),
            };
        }
        q
    }
}

/// Which page of a list: 1-based page number and page size (1 to 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: i64,
    pub size: i64,
}

impl Default for Paging {
    fn default() -> Self {
        Paging { page: 1, size: 25 }
    }
}

impl Paging {
    pub const MAX_SIZE: i64 = 100;

    pub fn new(page: Option<i64>, size: Option<i64>) -> Paging {
        Paging {
            page: page.unwrap_or(1).max(1),
            size: size.unwrap_or(25).clamp(1, Self::MAX_SIZE),
        }
    }

    /// Every row, for exports (which add no LIMIT): a name-ordered search then reads all its
    /// matches, and plans for that rather than for one page.
    pub fn all() -> Paging {
        Paging {
            page: 1,
            size: i64::MAX,
        }
    }

    pub fn offset(self) -> i64 {
        (self.page - 1).saturating_mul(self.size)
    }

    /// ` LIMIT n OFFSET m` (both integers we computed, never user text).
    pub fn limit_clause(self) -> String {
        format!(" LIMIT {} OFFSET {}", self.size, self.offset())
    }
}

/// One page of a list and the total number of matching records.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub paging: Paging,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.paging.size - 1) / self.paging.size).max(1)
    }
}
