//! Exports as files and JSON, shared by the list pages and the API: CSV streamed in chunks
//! (UTF-8 with a byte order mark and `;` by default, for Dutch Excel), XLSX built in memory up
//! to Excel's row limit, JSON streamed as one array. The columns of each list, with headers in
//! the user's language, are defined here once.

use crate::i18n::Texts;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use middenveld_domain::enums::{Coded, ConsortiumKind};
use middenveld_domain::network::Member;
use middenveld_domain::project::consortium_kind_of_counts;
use middenveld_domain::{Date, Timestamp};
use middenveld_services::export::Export;
use middenveld_services::store::export::{PersonRow, ProjectRow};
use middenveld_services::store::network::{MembershipRecord, NetworkRecord};
use middenveld_services::store::organisation::OrganisationRecord;
use middenveld_tabular::{Cell, CsvOptions, CsvWriter, write_xlsx};
use std::collections::HashMap;

/// The most data rows an Excel worksheet holds (1,048,576 rows less the header).
pub const XLSX_MAX_ROWS: i64 = 1_048_575;

/// Records per CSV or JSON chunk sent to the client.
const CHUNK_RECORDS: usize = 1000;

/// XLSX workbooks are built in constant-memory mode, but the finished file is still held in
/// memory (about 50 MB for a million organisations): at most this many at a time.
static XLSX_BUILDS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

pub const CSV_TYPE: &str = "text/csv; charset=utf-8";
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv { delimiter: u8 },
    Xlsx,
    Json,
}

impl Format {
    /// CSV with `;`, or with `,` when the `scheiding` parameter says `komma`.
    pub fn csv(scheiding: Option<&str>) -> Format {
        let delimiter = match scheiding.map(str::trim) {
            Some("komma" | ",") => b',',
            _ => b';',
        };
        Format::Csv { delimiter }
    }
}

/// Turns one record into its row of cells.
pub type CellsOf<T> = Box<dyn Fn(&T) -> Vec<Cell> + Send + Sync>;

/// The columns of an export: headers, and the cells of one record.
pub struct Columns<T> {
    pub headers: Vec<&'static str>,
    pub cells: CellsOf<T>,
}

/// Why an XLSX export was not written.
#[derive(Debug)]
pub enum XlsxRefused {
    /// More records than a worksheet holds.
    TooManyRows {
        total: i64,
    },
    Failed(String),
}

/// A file download: content type, `attachment` with the file name, never cached.
fn download(body: Body, content_type: &'static str, file_name: &str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// `organisaties-2024-05-01.csv`: what is in it and when it was made.
pub fn file_name(what: &str, extension: &str) -> String {
    let today = time::OffsetDateTime::now_utc();
    let local = today.to_offset(middenveld_domain::when::amsterdam_offset(today));
    format!("{what}-{}.{extension}", Date(local.date()).iso())
}

fn failed(e: impl std::fmt::Display) -> std::io::Error {
    tracing::error!(error = %e, "export stopped");
    std::io::Error::other(e.to_string())
}

/// Streams the export as CSV, a chunk per thousand records. An error half-way aborts the
/// download (the client sees a broken transfer, never a silently short file).
pub fn csv<T: Send + 'static>(export: Export<T>, columns: Columns<T>, delimiter: u8, file_name: &str) -> Response {
    struct State<T> {
        export: Export<T>,
        columns: Columns<T>,
        first: bool,
        done: bool,
    }
    let state = State {
        export,
        columns,
        first: true,
        done: false,
    };
    let chunks = futures_util::stream::unfold(state, move |mut st| async move {
        if st.done {
            return None;
        }
        let opts = CsvOptions {
            delimiter,
            bom: st.first,
        };
        let mut w = match CsvWriter::new(Vec::with_capacity(64 * 1024), opts) {
            Ok(w) => w,
            Err(e) => return Some((Err(failed(e)), State { done: true, ..st })),
        };
        if std::mem::take(&mut st.first)
            && let Err(e) = w.header(&st.columns.headers)
        {
            return Some((Err(failed(e)), State { done: true, ..st }));
        }
        for _ in 0..CHUNK_RECORDS {
            match st.export.next().await {
                Some(Ok(record)) => {
                    if let Err(e) = w.row(&(st.columns.cells)(&record)) {
                        return Some((Err(failed(e)), State { done: true, ..st }));
                    }
                }
                Some(Err(e)) => return Some((Err(failed(e)), State { done: true, ..st })),
                None => {
                    st.done = true;
                    break;
                }
            }
        }
        let chunk = w.finish().map(Bytes::from).map_err(failed);
        Some((chunk, st))
    });
    download(Body::from_stream(chunks), CSV_TYPE, file_name)
}

/// Builds the export as an XLSX workbook (on a blocking thread): typed cells, the
/// header frozen. Refused above [`XLSX_MAX_ROWS`] records.
pub async fn xlsx<T: Send + 'static>(
    export: Export<T>,
    columns: Columns<T>,
    sheet: &str,
    file_name: &str,
) -> Result<Response, XlsxRefused> {
    if export.total > XLSX_MAX_ROWS {
        return Err(XlsxRefused::TooManyRows { total: export.total });
    }
    let sheet = sheet.to_string();
    let _turn = XLSX_BUILDS
        .acquire()
        .await
        .map_err(|e| XlsxRefused::Failed(e.to_string()))?;
    let built = tokio::task::spawn_blocking(move || xlsx_bytes(export, &columns, &sheet))
        .await
        .map_err(|e| XlsxRefused::Failed(e.to_string()))?
        .map_err(XlsxRefused::Failed)?;
    Ok(download(Body::from(built), XLSX_TYPE, file_name))
}

/// Builds the XLSX workbook of an export (blocking: call it off the async runtime). At most
/// [`XLSX_MAX_ROWS`] records are written.
pub fn xlsx_bytes<T>(mut export: Export<T>, columns: &Columns<T>, sheet: &str) -> Result<Vec<u8>, String> {
    {
        let mut failure: Option<String> = None;
        let mut written: i64 = 0;
        let rows = std::iter::from_fn(|| {
            if written >= XLSX_MAX_ROWS {
                return None;
            }
            match export.blocking_next()? {
                Ok(record) => {
                    written += 1;
                    Some((columns.cells)(&record))
                }
                Err(e) => {
                    failure = Some(e.to_string());
                    None
                }
            }
        });
        let bytes = write_xlsx(sheet, &columns.headers, rows);
        match (bytes, failure) {
            (_, Some(e)) => Err(e),
            (Ok(bytes), None) => Ok(bytes),
            (Err(e), None) => Err(e.message(middenveld_domain::Lang::En)),
        }
    }
}

/// Streams the export as one JSON array of `to_json(record)`.
pub fn json<T, J>(export: Export<T>, to_json: impl Fn(T) -> J + Send + Sync + 'static) -> Response
where
    T: Send + 'static,
    J: serde::Serialize,
{
    struct State<T, F> {
        export: Export<T>,
        to_json: F,
        first: bool,
        done: bool,
    }
    let state = State {
        export,
        to_json,
        first: true,
        done: false,
    };
    let chunks = futures_util::stream::unfold(state, |mut st| async move {
        if st.done {
            return None;
        }
        let mut out = Vec::with_capacity(64 * 1024);
        if st.first {
            out.push(b'[');
        }
        for _ in 0..CHUNK_RECORDS {
            match st.export.next().await {
                Some(Ok(record)) => {
                    if !std::mem::take(&mut st.first) {
                        out.push(b',');
                    }
                    if let Err(e) = serde_json::to_writer(&mut out, &(st.to_json)(record)) {
                        st.done = true;
                        return Some((Err(failed(e)), st));
                    }
                }
                Some(Err(e)) => {
                    st.done = true;
                    return Some((Err(failed(e)), st));
                }
                None => {
                    out.push(b']');
                    st.done = true;
                    break;
                }
            }
        }
        Some((Ok(Bytes::from(out)), st))
    });
    let mut r = Body::from_stream(chunks).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

fn text(v: &str) -> Cell {
    if v.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(v.to_string())
    }
}

fn opt_text(v: Option<impl ToString>) -> Cell {
    v.map(|v| text(&v.to_string())).unwrap_or(Cell::Empty)
}

fn opt_date(d: Option<Date>) -> Cell {
    d.map(Cell::Date).unwrap_or(Cell::Empty)
}

/// The day of a stored timestamp, in Dutch local time.
fn day_of(rfc3339: &str) -> Cell {
    match Timestamp::parse(rfc3339) {
        Ok(t) => Cell::Date(Date(
            t.0.to_offset(middenveld_domain::when::amsterdam_offset(t.0)).date(),
        )),
        Err(_) => text(rfc3339),
    }
}

fn names(ids: &[i64], all: &HashMap<i64, String>) -> Cell {
    let mut shown: Vec<&str> = ids.iter().filter_map(|id| all.get(id).map(String::as_str)).collect();
    shown.sort_by_key(|n| n.to_lowercase());
    text(&shown.join(", "))
}

/// The organisation list's columns.
pub fn organisation_columns(tx: &'static Texts, themes: HashMap<i64, String>) -> Columns<OrganisationRecord> {
    let lang = tx.lang();
    Columns {
        headers: vec![
            tx.field_name,
            tx.field_kvk,
            tx.field_kind,
            tx.field_size,
            tx.field_sbi,
            tx.field_address,
            tx.field_postcode,
            tx.field_city,
            tx.field_municipality_code,
            tx.field_municipality,
            tx.field_stage_short,
            tx.field_themes,
            tx.field_website,
            tx.field_description,
            tx.last_changed,
        ],
        cells: Box::new(move |r: &OrganisationRecord| {
            let o = &r.data;
            vec![
                text(&o.name),
                opt_text(o.kvk_number.as_ref()),
                text(o.kind.label(lang)),
                opt_text(o.size_class.map(|s| s.label(lang))),
                opt_text(o.sbi_code.as_ref().map(|s| s.as_str())),
                opt_text(o.address.as_deref()),
                opt_text(o.postcode.as_ref()),
                opt_text(o.city.as_deref()),
                opt_text(o.municipality_code.as_ref()),
                opt_text(r.municipality_name.as_deref()),
                opt_text(o.journey_stage.map(|s| s.label(lang))),
                names(&o.theme_ids, &themes),
                opt_text(o.website.as_deref()),
                opt_text(o.description.as_deref()),
                day_of(&r.updated_at),
            ]
        }),
    }
}

/// The people list's columns.
pub fn person_columns(tx: &'static Texts) -> Columns<PersonRow> {
    let lang = tx.lang();
    Columns {
        headers: vec![
            tx.field_name,
            tx.field_email,
            tx.field_phone,
            tx.field_function,
            tx.field_organisations,
            tx.field_consent_basis,
            tx.field_consent_date,
            tx.field_consent_purpose,
            tx.last_changed,
        ],
        cells: Box::new(move |r: &PersonRow| {
            let p = &r.record.data;
            vec![
                text(&p.name),
                opt_text(p.email.as_ref().map(|e| e.as_str())),
                opt_text(p.phone.as_deref()),
                opt_text(p.function.as_deref()),
                text(&r.organisation_names.join(", ")),
                text(p.consent_basis.label(lang)),
                Cell::Date(p.consent_date),
                opt_text(p.consent_purpose.as_deref()),
                day_of(&r.record.updated_at),
            ]
        }),
    }
}

/// The network list's columns.
pub fn network_columns(tx: &'static Texts, themes: HashMap<i64, String>) -> Columns<NetworkRecord> {
    Columns {
        headers: vec![
            tx.field_name,
            tx.field_facilitator,
            tx.field_website,
            tx.field_themes,
            tx.active_members,
            tx.involved_members,
            tx.field_omschrijving,
            tx.last_changed,
        ],
        cells: Box::new(move |r: &NetworkRecord| {
            let n = &r.data;
            vec![
                text(&n.name),
                opt_text(r.facilitator_name.as_deref()),
                opt_text(n.website.as_deref()),
                names(&n.theme_ids, &themes),
                Cell::Int(r.active_members),
                Cell::Int(r.involved_members),
                opt_text(n.description.as_deref()),
                day_of(&r.updated_at),
            ]
        }),
    }
}

/// A project's consortium kind, from its participants.
pub fn consortium(row: &ProjectRow) -> Option<ConsortiumKind> {
    let count = |n: i64| usize::try_from(n).unwrap_or_default();
    consortium_kind_of_counts(count(row.record.participant_count), count(row.public_participants))
}

/// The project list's columns.
pub fn project_columns(tx: &'static Texts, themes: HashMap<i64, String>) -> Columns<ProjectRow> {
    let lang = tx.lang();
    Columns {
        headers: vec![
            tx.field_name,
            tx.field_innovation_stage,
            tx.field_start,
            tx.field_end,
            tx.field_network,
            tx.participants,
            tx.consortium,
            tx.field_themes,
            tx.field_website,
            tx.field_omschrijving,
            tx.last_changed,
        ],
        cells: Box::new(move |row: &ProjectRow| {
            let (r, p) = (&row.record, &row.record.data);
            vec![
                text(&p.name),
                text(p.stage.label(lang)),
                opt_date(p.start_date),
                opt_date(p.end_date),
                opt_text(r.network_name.as_deref()),
                Cell::Int(r.participant_count),
                opt_text(consortium(row).map(|c| c.label(lang))),
                names(&p.theme_ids, &themes),
                opt_text(p.website.as_deref()),
                opt_text(p.description.as_deref()),
                day_of(&r.updated_at),
            ]
        }),
    }
}

/// The columns of a network's members list.
pub fn member_columns(tx: &'static Texts) -> Columns<MembershipRecord> {
    let lang = tx.lang();
    Columns {
        headers: vec![
            tx.field_member,
            tx.field_kind,
            tx.field_status,
            tx.field_since,
            tx.field_until,
        ],
        cells: Box::new(move |m: &MembershipRecord| {
            vec![
                text(&m.member_name),
                text(match m.data.member {
                    Member::Organisation(_) => tx.organisation,
                    Member::Person(_) => tx.person,
                }),
                text(m.data.status.label(lang)),
                Cell::Date(m.data.since),
                opt_date(m.data.until),
            ]
        }),
    }
}
