//! Full-text search fragments, the one place where query SQL differs per backend.
//! SQLite uses FTS5 tables `<table>_fts`; PostgreSQL a generated `search_vector` column.
//! Both index the same application-normalised text, so they find the same records.

use crate::Backend;
use crate::sql::Sql;

/// The SQL pieces that restrict `alias` (a table with a full-text index) to the records
/// matching `terms` (normalised words, each used as a prefix, all required) and rank them.
pub struct SearchClause {
    /// Joined after the FROM clause (may be empty).
    pub join: String,
    /// A condition for the WHERE clause.
    pub condition: String,
    /// An ORDER BY expression, best match first.
    pub rank: String,
}

pub fn clause(backend: Backend, sql: &mut Sql, table: &str, alias: &str, terms: &[String]) -> SearchClause {
    match backend {
        Backend::Sqlite => {
            // "cooperatie"* "groen"*  — terms are letters and digits only, so quoting is safe.
            let expr = terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" ");
            let p = sql.text_arg(expr);
            SearchClause {
                join: format!(
                    " JOIN (SELECT rowid AS fts_id, bm25({table}_fts) AS fts_rank FROM {table}_fts \
                     WHERE {table}_fts MATCH {p}) fts ON fts.fts_id = {alias}.id"
                ),
                condition: "1 = 1".to_string(),
                rank: "fts.fts_rank".to_string(),
            }
        }
        Backend::Postgres => {
            let expr = terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & ");
            let p = sql.text_arg(expr);
            SearchClause {
                join: String::new(),
                condition: format!("{alias}.search_vector @@ to_tsquery('simple', {p})"),
                rank: format!("ts_rank({alias}.search_vector, to_tsquery('simple', {p})) DESC"),
            }
        }
    }
}
