//! Referrals in storage: the receiving partner's queue.

use crate::sql::{Page, Paging, Sql};
use crate::{Conn, classify, decode};
use middenveld_domain::enums::{Coded, QuestionKind, ReferralStatus};
use middenveld_domain::referral::{Referral, VisitorContact};
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct ReferralRecord {
    pub id: i64,
    pub data: Referral,
    /// The company's name; none for a visitor's contact request.
    pub company_name: Option<String>,
    /// The visitor who asked to get in touch (public contact requests only).
    pub visitor: Option<VisitorContact>,
    /// The title of the good example a visitor asked about.
    pub example_title: Option<String>,
    pub from_name: Option<String>,
    pub to_name: String,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
}

impl ReferralRecord {
    /// Who the question is from: the company, or the visitor (with their organisation).
    pub fn who(&self) -> String {
        match (&self.company_name, &self.visitor) {
            (Some(name), _) => name.clone(),
            (None, Some(v)) => match &v.organisation {
                Some(o) => format!("{} ({o})", v.name),
                None => v.name.clone(),
            },
            (None, None) => String::new(),
        }
    }
}

const SELECT: &str = "SELECT r.id, r.company_id, r.from_id, r.to_id, r.kind, r.question, r.status, r.outcome, \
    r.created_by, r.created_at, r.updated_at, r.closed_at, r.contact_name, r.contact_email, \
    r.contact_organisation, r.example_id, r.consent_at, c.name AS company_name, f.name AS from_name, \
    t.name AS to_name, ex.title AS example_title FROM referrals r LEFT JOIN organisations c ON c.id = r.company_id \
    LEFT JOIN organisations f ON f.id = r.from_id JOIN organisations t ON t.id = r.to_id \
    LEFT JOIN examples ex ON ex.id = r.example_id";

fn record(r: &sqlx::any::AnyRow) -> crate::Result<ReferralRecord> {
    let visitor = match r.try_get::<Option<String>, _>("contact_name")? {
        Some(name) => Some(VisitorContact {
            name,
            email: r.try_get::<Option<String>, _>("contact_email")?.unwrap_or_default(),
            organisation: r.try_get("contact_organisation")?,
            example_id: r.try_get("example_id")?,
            consent_at: r.try_get::<Option<String>, _>("consent_at")?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(ReferralRecord {
        id: r.try_get("id")?,
        data: Referral {
            company_id: r.try_get("company_id")?,
            from_id: r.try_get("from_id")?,
            to_id: r.try_get("to_id")?,
            kind: decode("kind", QuestionKind::parse(&r.try_get::<String, _>("kind")?))?,
            question: r.try_get("question")?,
            status: decode("status", ReferralStatus::parse(&r.try_get::<String, _>("status")?))?,
            outcome: r.try_get("outcome")?,
        },
        company_name: r.try_get("company_name")?,
        visitor,
        example_title: r.try_get("example_title")?,
        from_name: r.try_get("from_name")?,
        to_name: r.try_get("to_name")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        closed_at: r.try_get("closed_at")?,
    })
}

pub async fn insert(conn: &mut Conn, r: &Referral, by: &str, now: &str) -> crate::Result<i64> {
    let closed = (r.status == ReferralStatus::Closed).then(|| now.to_string());
    let row = sqlx::query(
        "INSERT INTO referrals (company_id, from_id, to_id, kind, question, status, outcome, created_by, created_at, \
         updated_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id",
    )
    .bind(r.company_id)
    .bind(r.from_id)
    .bind(r.to_id)
    .bind(r.kind.code())
    .bind(r.question.clone())
    .bind(r.status.code())
    .bind(r.outcome.clone())
    .bind(by.to_string())
    .bind(now.to_string())
    .bind(closed)
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

/// Stores a visitor's contact request in the contact partner's queue.
pub async fn insert_visitor(
    conn: &mut Conn,
    r: &Referral,
    v: &VisitorContact,
    by: &str,
    now: &str,
) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO referrals (company_id, from_id, to_id, kind, question, status, outcome, created_by, created_at, \
         updated_at, contact_name, contact_email, contact_organisation, example_id, consent_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(r.company_id)
    .bind(r.from_id)
    .bind(r.to_id)
    .bind(r.kind.code())
    .bind(r.question.clone())
    .bind(r.status.code())
    .bind(r.outcome.clone())
    .bind(by.to_string())
    .bind(now.to_string())
    .bind(v.name.clone())
    .bind(v.email.clone())
    .bind(v.organisation.clone())
    .bind(v.example_id)
    .bind(v.consent_at.clone())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

/// Changes a referral (a visitor's contact data stays as given); `closed_at` is set when it is closed (and kept after).
pub async fn update(conn: &mut Conn, id: i64, r: &Referral, now: &str) -> crate::Result<bool> {
    let closed = (r.status == ReferralStatus::Closed).then(|| now.to_string());
    let done = sqlx::query(
        "UPDATE referrals SET company_id = $1, from_id = $2, to_id = $3, kind = $4, question = $5, status = $6, \
         outcome = $7, updated_at = $8, closed_at = COALESCE(closed_at, $9) WHERE id = $10",
    )
    .bind(r.company_id)
    .bind(r.from_id)
    .bind(r.to_id)
    .bind(r.kind.code())
    .bind(r.question.clone())
    .bind(r.status.code())
    .bind(r.outcome.clone())
    .bind(now.to_string())
    .bind(closed)
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete(conn: &mut Conn, id: i64) -> crate::Result<bool> {
    let done = sqlx::query("DELETE FROM referrals WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::classify_delete)?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<ReferralRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE r.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(record).transpose()
}

#[derive(Debug, Clone, Default)]
pub struct ReferralFilter {
    pub status: Option<ReferralStatus>,
    /// Not closed (the queue); ignored when `status` is given.
    pub open_only: bool,
    /// The receiving partner: its queue.
    pub to_id: Option<i64>,
    pub from_id: Option<i64>,
    pub company_id: Option<i64>,
    pub kind: Option<QuestionKind>,
    pub paging: Paging,
}

pub async fn list(conn: &mut Conn, f: &ReferralFilter) -> crate::Result<Page<ReferralRecord>> {
    let mut sql = Sql::default();
    let mut c = Vec::new();
    match f.status {
        Some(s) => c.push(format!("r.status = {}", sql.text_arg(s.code()))),
        None if f.open_only => c.push(format!("r.status <> {}", sql.text_arg(ReferralStatus::Closed.code()))),
        None => {}
    }
    for (column, v) in [
        ("r.to_id", f.to_id),
        ("r.from_id", f.from_id),
        ("r.company_id", f.company_id),
    ] {
        if let Some(id) = v {
            c.push(format!("{column} = {}", sql.int_arg(id)));
        }
    }
    if let Some(k) = f.kind {
        c.push(format!("r.kind = {}", sql.text_arg(k.code())));
    }
    let where_clause = crate::organisation::where_clause(&c);
    let mut count = sql.clone();
    count.push(&format!("SELECT COUNT(*) FROM referrals r{where_clause}"));
    let total = count.scalar_i64().fetch_one(&mut *conn).await?;
    // Oldest open question first: that one has waited longest.
    sql.push(&format!(
        "{SELECT}{where_clause} ORDER BY r.id{}",
        f.paging.limit_clause()
    ));
    let rows = sql.query().fetch_all(&mut *conn).await?;
    Ok(Page {
        items: rows.iter().map(record).collect::<crate::Result<_>>()?,
        total,
        paging: f.paging,
    })
}

/// The referrals about a company, latest first.
pub async fn about(conn: &mut Conn, company_id: i64) -> crate::Result<Vec<ReferralRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "{SELECT} WHERE r.company_id = $1 ORDER BY r.id DESC"
    )))
    .bind(company_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(record).collect()
}

/// Moves the referrals of `from` (about it, by it, to it) to `to` (a merge).
/// Visitors' contact requests given with this e-mail address (any case) or this name, newest
/// first: what the register holds about a person who asked through the public site.
pub async fn of_visitor(conn: &mut Conn, email: Option<&str>, name: &str) -> crate::Result<Vec<ReferralRecord>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE LOWER(r.contact_email) = LOWER($1) OR r.contact_name = $2 ORDER BY r.id DESC"
    )))
    .bind(email.unwrap_or_default().to_string())
    .bind(name.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(record).collect()
}

pub async fn move_to(conn: &mut Conn, from: i64, to: i64) -> crate::Result<()> {
    for column in ["company_id", "from_id", "to_id"] {
        sqlx::query(AssertSqlSafe(format!(
            "UPDATE referrals SET {column} = $2 WHERE {column} = $1"
        )))
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    }
    // A referral between the two merged partners would now refer to itself: it stays in the
    // receiver's queue, without a referring partner.
    sqlx::query("UPDATE referrals SET from_id = NULL WHERE from_id = $1 AND to_id = $1")
        .bind(to)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
