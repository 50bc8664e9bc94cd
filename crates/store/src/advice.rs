//! Storage of advice letters, case-number counters and replies.

use crate::{Conn, classify, decode};
use middenveld_domain::Date;
use middenveld_domain::advice::{Advice, Reply};
use sqlx::{AssertSqlSafe, Row};

#[derive(Debug, Clone)]
pub struct AdviceRecord {
    pub id: i64,
    pub case_number: String,
    pub data: Advice,
    pub registered_on: Date,
    pub deadline: Date,
    pub reply_reference: Option<String>,
    pub reply: Reply,
    /// (file name, media type, size in bytes) of the advice document.
    pub document: Option<(String, String, i64)>,
    /// (objective id, "code name").
    pub objectives: Vec<(i64, String)>,
    /// (theme id, name).
    pub themes: Vec<(i64, String)>,
    pub created_at: String,
    pub updated_at: String,
}

impl AdviceRecord {
    pub fn is_open(&self) -> bool {
        self.reply.reply_date.is_none()
    }
}

/// Raises the counter of `kind` in `year` by one and gives the new value. The first
/// statement of a creating transaction is this write, so on SQLite the transaction takes the
/// write lock at once and concurrent creations wait (busy timeout) instead of failing.
pub async fn next_counter(conn: &mut Conn, kind: &str, year: i32) -> crate::Result<i64> {
    sqlx::query(
        "INSERT INTO advice_counters (kind, year, last) VALUES ($1, $2, 0) ON CONFLICT (kind, year) DO NOTHING",
    )
    .bind(kind.to_string())
    .bind(i64::from(year))
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query("UPDATE advice_counters SET last = last + 1 WHERE kind = $1 AND year = $2 RETURNING last")
        .bind(kind.to_string())
        .bind(i64::from(year))
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("last")?)
}

/// Moves the counter past `value` (a historic number brought in), never back.
pub async fn raise_counter(conn: &mut Conn, kind: &str, year: i32, value: i64) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO advice_counters (kind, year, last) VALUES ($1, $2, 0) ON CONFLICT (kind, year) DO NOTHING",
    )
    .bind(kind.to_string())
    .bind(i64::from(year))
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE advice_counters SET last = $3 WHERE kind = $1 AND year = $2 AND last < $3")
        .bind(kind.to_string())
        .bind(i64::from(year))
        .bind(value)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

const SELECT: &str = "SELECT a.id, a.case_number, a.advisory_body, a.addressee, a.received_on, a.registered_on, \
    a.their_reference, a.subject, a.summary, a.deadline, a.decision, a.reply_reference, a.reply_date, a.reply_body, \
    a.contact_name, a.contact_phone, a.contact_email, a.signatories, a.created_at, a.updated_at, \
    d.file_name, d.media_type, d.size FROM advices a LEFT JOIN advice_documents d ON d.advice_id = a.id";

fn date(r: &sqlx::any::AnyRow, col: &'static str) -> crate::Result<Option<Date>> {
    r.try_get::<Option<String>, _>(col)?
        .map(|d| decode(col, Date::parse(&d)))
        .transpose()
}

async fn records(conn: &mut Conn, rows: Vec<sqlx::any::AnyRow>) -> crate::Result<Vec<AdviceRecord>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let objectives = sqlx::query(
            "SELECT o.id, o.code, o.name FROM advice_objectives x JOIN objectives o ON o.id = x.objective_id \
             WHERE x.advice_id = $1 ORDER BY o.code",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|s| {
            Ok((
                s.try_get("id")?,
                format!(
                    "{} {}",
                    s.try_get::<String, _>("code")?,
                    s.try_get::<String, _>("name")?
                ),
            ))
        })
        .collect::<crate::Result<Vec<_>>>()?;
        let themes = sqlx::query(
            "SELECT t.id, t.name FROM advice_themes x JOIN themes t ON t.id = x.theme_id WHERE x.advice_id = $1 \
             ORDER BY t.name",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|s| Ok((s.try_get("id")?, s.try_get("name")?)))
        .collect::<crate::Result<Vec<_>>>()?;
        let file_name: Option<String> = r.try_get("file_name")?;
        let document = match file_name {
            Some(f) => Some((f, r.try_get("media_type")?, r.try_get("size")?)),
            None => None,
        };
        let missing = |col| crate::StoreError::Corrupt(format!("{col} is empty"));
        out.push(AdviceRecord {
            id,
            case_number: r.try_get("case_number")?,
            data: Advice {
                advisory_body: r.try_get("advisory_body")?,
                addressee: r.try_get("addressee")?,
                received_on: date(r, "received_on")?.ok_or_else(|| missing("received_on"))?,
                their_reference: r.try_get("their_reference")?,
                subject: r.try_get("subject")?,
                summary: r.try_get("summary")?,
                reply_weeks: None,
            },
            registered_on: date(r, "registered_on")?.ok_or_else(|| missing("registered_on"))?,
            deadline: date(r, "deadline")?.ok_or_else(|| missing("deadline"))?,
            reply_reference: r.try_get("reply_reference")?,
            reply: Reply {
                decision: r.try_get("decision")?,
                reply_date: date(r, "reply_date")?,
                body: r.try_get("reply_body")?,
                contact_name: r.try_get("contact_name")?,
                contact_phone: r.try_get("contact_phone")?,
                contact_email: r.try_get("contact_email")?,
                signatories: r.try_get("signatories")?,
            },
            document,
            objectives,
            themes,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        });
    }
    Ok(out)
}

pub struct NewAdvice<'a> {
    pub case_number: &'a str,
    pub data: &'a Advice,
    pub registered_on: Date,
    pub deadline: Date,
}

pub async fn insert(conn: &mut Conn, a: &NewAdvice<'_>, now: &str) -> crate::Result<i64> {
    let row = sqlx::query(
        "INSERT INTO advices (case_number, advisory_body, addressee, received_on, registered_on, their_reference, \
         subject, summary, deadline, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
         RETURNING id",
    )
    .bind(a.case_number.to_string())
    .bind(a.data.advisory_body.clone())
    .bind(a.data.addressee.clone())
    .bind(a.data.received_on.iso())
    .bind(a.registered_on.iso())
    .bind(a.data.their_reference.clone())
    .bind(a.data.subject.clone())
    .bind(a.data.summary.clone())
    .bind(a.deadline.iso())
    .bind(now.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(row.try_get("id")?)
}

/// Changes what was registered (the case number and registration date stay).
pub async fn update(conn: &mut Conn, id: i64, a: &Advice, deadline: Date, now: &str) -> crate::Result<()> {
    sqlx::query(
        "UPDATE advices SET advisory_body = $1, addressee = $2, received_on = $3, their_reference = $4, \
         subject = $5, summary = $6, deadline = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(a.advisory_body.clone())
    .bind(a.addressee.clone())
    .bind(a.received_on.iso())
    .bind(a.their_reference.clone())
    .bind(a.subject.clone())
    .bind(a.summary.clone())
    .bind(deadline.iso())
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    for table in ["advice_objectives", "advice_themes"] {
        sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE advice_id = $1")))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn set_links(conn: &mut Conn, id: i64, objectives: &[i64], themes: &[i64]) -> crate::Result<()> {
    for o in objectives {
        sqlx::query("INSERT INTO advice_objectives (advice_id, objective_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(*o)
            .execute(&mut *conn)
            .await
            .map_err(classify)?;
    }
    for t in themes {
        sqlx::query("INSERT INTO advice_themes (advice_id, theme_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(*t)
            .execute(&mut *conn)
            .await
            .map_err(classify)?;
    }
    Ok(())
}

pub async fn exists(conn: &mut Conn, table: &'static str, id: i64) -> crate::Result<bool> {
    let sql = match table {
        "objectives" => "SELECT id FROM objectives WHERE id = $1",
        _ => "SELECT id FROM themes WHERE id = $1",
    };
    Ok(sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await?.is_some())
}

/// Writes the decision and reply; a reply reference once given is kept.
pub async fn set_reply(
    conn: &mut Conn,
    id: i64,
    r: &Reply,
    reply_reference: Option<&str>,
    now: &str,
) -> crate::Result<bool> {
    let done = sqlx::query(
        "UPDATE advices SET decision = $1, reply_date = $2, reply_body = $3, contact_name = $4, contact_phone = $5, \
         contact_email = $6, signatories = $7, reply_reference = COALESCE(reply_reference, $8), updated_at = $9 \
         WHERE id = $10",
    )
    .bind(r.decision.clone())
    .bind(r.reply_date.map(Date::iso))
    .bind(r.body.clone())
    .bind(r.contact_name.clone())
    .bind(r.contact_phone.clone())
    .bind(r.contact_email.clone())
    .bind(r.signatories.clone())
    .bind(reply_reference.map(str::to_string))
    .bind(now.to_string())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(done.rows_affected() > 0)
}

pub async fn put_document(
    conn: &mut Conn,
    id: i64,
    file_name: &str,
    media_type: &str,
    bytes: &[u8],
    now: &str,
) -> crate::Result<()> {
    sqlx::query("DELETE FROM advice_documents WHERE advice_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO advice_documents (advice_id, file_name, media_type, size, data, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(file_name.to_string())
    .bind(media_type.to_string())
    .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
    .bind(bytes.to_vec())
    .bind(now.to_string())
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(())
}

/// The document: file name, media type, bytes.
pub async fn document(conn: &mut Conn, id: i64) -> crate::Result<Option<(String, String, Vec<u8>)>> {
    let row = sqlx::query("SELECT file_name, media_type, data FROM advice_documents WHERE advice_id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok((r.try_get("file_name")?, r.try_get("media_type")?, r.try_get("data")?)))
        .transpose()
}

pub async fn get(conn: &mut Conn, id: i64) -> crate::Result<Option<AdviceRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE a.id = $1")))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(records(conn, rows).await?.into_iter().next())
}

/// Filter of the advice list.
#[derive(Debug, Clone, Default)]
pub struct AdviceFilter {
    /// Some(true): open cases only; Some(false): answered only.
    pub open: Option<bool>,
    /// Received in this year.
    pub year: Option<i32>,
    /// Part of the subject, advisory body or case number.
    pub text: Option<String>,
}

/// Every advice matching the filter, latest received first.
pub async fn list(conn: &mut Conn, f: &AdviceFilter) -> crate::Result<Vec<AdviceRecord>> {
    let mut sql = format!("{SELECT} WHERE 1 = 1");
    match f.open {
        Some(true) => sql.push_str(" AND a.reply_date IS NULL"),
        Some(false) => sql.push_str(" AND a.reply_date IS NOT NULL"),
        None => {}
    }
    if f.year.is_some() {
        sql.push_str(" AND a.received_on >= $1 AND a.received_on < $2");
    }
    let text_param = if f.year.is_some() { "$3" } else { "$1" };
    if f.text.is_some() {
        sql.push_str(&format!(
            " AND (LOWER(a.subject) LIKE {text_param} OR LOWER(a.advisory_body) LIKE {text_param} \
             OR LOWER(a.case_number) LIKE {text_param})"
        ));
    }
    sql.push_str(" ORDER BY a.received_on DESC, a.id DESC");
    let mut q = sqlx::query(AssertSqlSafe(sql));
    if let Some(y) = f.year {
        q = q.bind(format!("{y:04}-01-01")).bind(format!("{:04}-01-01", y + 1));
    }
    if let Some(t) = &f.text {
        q = q.bind(format!("%{}%", t.to_lowercase()));
    }
    let rows = q.fetch_all(&mut *conn).await?;
    records(conn, rows).await
}
