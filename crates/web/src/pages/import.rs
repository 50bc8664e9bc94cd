//! The import pages: upload a file, map its columns, see a dry run row by row, confirm, watch
//! the progress, download the rejected rows. An upload is kept on disk and in memory as a
//! job until it is done (jobs older than a day are forgotten with their files).

use super::render;
use crate::AppState;
use crate::error::AppError;
use crate::session::{CSRF_FIELD, CsrfExpected, CsrfForm, Staff};
use crate::view::{Cell, Column, Field, FieldKind, Nav, Table};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use middenveld_domain::import::{self as rules, ImportKind, ImportMode, RowStatus};
use middenveld_domain::{Coded, ConsentBasis, Lang, OrganisationKind, Role};
use middenveld_services::import::{ImportProgress, ImportReport, ImportRequest, KEEP_PER_STATUS};
use middenveld_tabular::{Limits, TableReader};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Uploads larger than this are refused unless configured otherwise.
pub const DEFAULT_MAX_MB: u64 = 200;
/// A job is forgotten this long after its upload.
const JOB_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// Rows of the dry run shown on one page.
const SHOWN_ROWS: usize = 200;

/// The routes that take uploads (they get their own, larger body limit).
pub fn upload_router() -> Router<AppState> {
    Router::new().route("/import", get(start).post(upload))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/import/{token}", get(job_page))
        .route("/import/{token}/koppeling", get(mapping_page).post(save_mapping))
        .route("/import/{token}/uitvoeren", post(run))
        .route("/import/{token}/voortgang", get(progress))
        .route("/import/{token}/afgewezen", get(rejects))
}

/// The uploads in progress, by token.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<String, Job>>);

#[derive(Clone)]
enum JobState {
    Mapping,
    Running {
        dry_run: bool,
        progress: Arc<ImportProgress>,
    },
    Done {
        dry_run: bool,
        report: Arc<ImportReport>,
    },
    Failed(String),
}

#[derive(Clone)]
struct Job {
    owner: i64,
    kind: ImportKind,
    path: PathBuf,
    file_name: String,
    headers: Vec<String>,
    samples: Vec<Vec<String>>,
    mapping: Vec<Option<&'static str>>,
    mode: ImportMode,
    default_kind: OrganisationKind,
    default_basis: ConsentBasis,
    created: Instant,
    state: JobState,
    /// A person was erased while this job ran: it is dropped with its file once done.
    discard_when_done: bool,
}

impl Jobs {
    fn get(&self, token: &str, staff: &Staff) -> Result<Job, AppError> {
        let jobs = self
            .0
            .lock()
            .map_err(|_| AppError::Internal("import jobs lock".into()))?;
        match jobs.get(token) {
            Some(j) if Some(j.owner) == staff.user.actor().user_id => Ok(j.clone()),
            _ => Err(AppError::NotFound),
        }
    }

    fn update(&self, token: &str, f: impl FnOnce(&mut Job)) {
        if let Ok(mut jobs) = self.0.lock()
            && let Some(j) = jobs.get_mut(token)
        {
            f(j);
            if j.discard_when_done && !matches!(j.state, JobState::Running { .. }) {
                let _ = std::fs::remove_file(&j.path);
                jobs.remove(token);
            }
        }
    }

    /// After a person's erasure: no upload, dry run or list of rejected rows that may hold
    /// them outlives it. Jobs are forgotten with their files (a running one when it ends);
    /// whoever was importing uploads the file again.
    pub fn discard_all(&self) {
        if let Ok(mut jobs) = self.0.lock() {
            jobs.retain(|_, j| {
                if matches!(j.state, JobState::Running { .. }) {
                    j.discard_when_done = true;
                    return true;
                }
                let _ = std::fs::remove_file(&j.path);
                false
            });
        }
    }

    /// Adds a job, forgetting old ones (and deleting their files).
    fn insert(&self, token: String, job: Job) {
        if let Ok(mut jobs) = self.0.lock() {
            jobs.retain(|_, j| {
                let keep = j.created.elapsed() < JOB_LIFETIME;
                if !keep {
                    let _ = std::fs::remove_file(&j.path);
                }
                keep
            });
            jobs.insert(token, job);
        }
    }
}

fn pick(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    lang.pick(nl, en)
}

fn editor(staff: &Staff) -> Result<(), AppError> {
    Ok(staff.actor().require(Role::Editor)?)
}

struct StartView {
    heading: &'static str,
    intro: &'static str,
    error: Option<String>,
    kind_label: &'static str,
    kinds: Vec<(&'static str, &'static str, bool)>,
    file_label: &'static str,
    file_hint: String,
    submit: &'static str,
}

#[derive(Template)]
#[template(path = "import_start.html")]
struct StartTemplate {
    chrome: crate::view::Chrome,
    v: StartView,
}

fn start_page(staff: &Staff, s: &AppState, kind: Option<ImportKind>, error: Option<String>) -> Response {
    let lang = staff.ctx.lang;
    let kind = kind.unwrap_or(ImportKind::Organisations);
    let heading = pick(lang, "Importeren", "Import");
    let mut chrome = staff.ctx.chrome(heading, Nav::Import);
    chrome.has_errors = error.is_some();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let v = StartView {
        heading,
        intro: pick(
            lang,
            "Breng een lijst uit een spreadsheet in het register: organisaties (bijvoorbeeld uit KvK of een oud CRM), personen, netwerkleden of de aanwezigheidslijst van een evenement. U ziet eerst hoe de kolommen worden gekoppeld en wat er met elke rij gebeurt; pas na uw bevestiging wordt er iets opgeslagen. Een aanwezigheidslijst vindt deelnemers op e-mailadres: importeer nieuwe deelnemers eerst als personen (uit hetzelfde bestand).",
            "Bring a list from a spreadsheet into the register: organisations (for example from the Chamber of Commerce or an old CRM), people, network members or the attendance list of an event. You first see how the columns are mapped and what happens to every row; nothing is saved until you confirm. An attendance list finds participants by e-mail address: import new participants as people first (from the same file).",
        ),
        error,
        kind_label: pick(lang, "Wat staat er in het bestand?", "What does the file hold?"),
        kinds: ImportKind::ALL
            .iter()
            .map(|k| (k.code(), k.label(lang), *k == kind))
            .collect(),
        file_label: pick(lang, "Bestand", "File"),
        file_hint: match lang {
            Lang::Nl => format!(
                "CSV (ook uit Nederlandse Excel, met ; of , of tab), XLSX of ODS, met kolomkoppen op de eerste regel. Hoogstens {} MB.",
                max_mb(s)
            ),
            Lang::En => format!(
                "CSV (also from Dutch Excel, with ; or , or tab), XLSX or ODS, with column headers on the first line. At most {} MB.",
                max_mb(s)
            ),
        },
        submit: pick(lang, "Bestand inlezen", "Read the file"),
    };
    render(status, &StartTemplate { chrome, v })
}

fn max_mb(s: &AppState) -> u64 {
    s.config.import_max_mb.unwrap_or(DEFAULT_MAX_MB)
}

async fn start(State(s): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    editor(&staff)?;
    Ok(start_page(&staff, &s, None, None))
}

fn random_token() -> Result<String, AppError> {
    middenveld_services::auth::random_secret()
        .map(|t| t[..32].to_string())
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Reads the multipart upload: the CSRF field, the kind and the file (streamed to disk).
async fn upload(
    State(s): State<AppState>,
    staff: Staff,
    csrf: Option<axum::Extension<CsrfExpected>>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    editor(&staff)?;
    let lang = staff.ctx.lang;
    let limit = max_mb(&s).saturating_mul(1024 * 1024);
    let token = random_token()?;
    let dir = std::env::temp_dir().join("middenveld-import");
    std::fs::create_dir_all(&dir).map_err(|e| AppError::Internal(e.to_string()))?;
    let path = dir.join(&token);
    let mut sent_csrf = String::new();
    let mut kind_code = String::new();
    let mut file_name = String::new();
    let mut size: u64 = 0;
    let mut too_large = false;
    let mut broken = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                broken = true;
                break;
            }
        };
        match field.name() {
            Some(CSRF_FIELD) => sent_csrf = field.text().await.unwrap_or_default(),
            Some("soort") => kind_code = field.text().await.unwrap_or_default(),
            Some("bestand") => {
                file_name = field.file_name().unwrap_or_default().to_string();
                let mut out = std::fs::File::create(&path).map_err(|e| AppError::Internal(e.to_string()))?;
                let mut field = field;
                loop {
                    match field.chunk().await {
                        Ok(Some(bytes)) => {
                            size += bytes.len() as u64;
                            if size > limit {
                                too_large = true;
                                break;
                            }
                            out.write_all(&bytes).map_err(|e| AppError::Internal(e.to_string()))?;
                        }
                        Ok(None) => break,
                        Err(_) => {
                            broken = true;
                            break;
                        }
                    }
                }
            }
            _ => {}
        }
        if too_large || broken {
            break;
        }
    }
    if !csrf.is_some_and(|c| c.0.matches(&sent_csrf)) {
        let _ = std::fs::remove_file(&path);
        return Err(AppError::BadRequest);
    }
    let kind = ImportKind::parse(&kind_code).ok();
    let refuse = |msg: String| {
        let _ = std::fs::remove_file(&path);
        Ok(start_page(&staff, &s, kind, Some(msg)))
    };
    if too_large {
        return refuse(match lang {
            Lang::Nl => format!("Het bestand is groter dan {} MB.", max_mb(&s)),
            Lang::En => format!("The file is larger than {} MB.", max_mb(&s)),
        });
    }
    if broken {
        return refuse(
            pick(
                lang,
                "Het bestand kwam niet helemaal aan; probeer het opnieuw.",
                "The file did not arrive completely; try again.",
            )
            .into(),
        );
    }
    let Some(kind) = kind else {
        return refuse(pick(lang, "Kies wat er in het bestand staat.", "Choose what the file holds.").into());
    };
    if size == 0 {
        return refuse(pick(lang, "Kies een bestand om in te lezen.", "Choose a file to read.").into());
    }
    let limits = Limits {
        max_file_bytes: limit,
        ..Limits::default()
    };
    let read_path = path.clone();
    let name_hint = file_name.clone();
    let opened = tokio::task::spawn_blocking(move || {
        let mut reader = TableReader::open(&read_path, Some(&name_hint), limits)?;
        let headers = reader.headers().to_vec();
        let mut samples = Vec::new();
        for rec in reader.by_ref().take(3) {
            samples.push(rec?.cells);
        }
        Ok::<_, middenveld_tabular::TableError>((headers, samples))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let (file_headers, samples) = match opened {
        Ok(x) => x,
        Err(e) => return refuse(e.message(lang)),
    };
    let saved = s.services.saved_import_mapping(&staff.actor(), kind).await?;
    let mapping = rules::auto_map(kind, &file_headers, &saved);
    s.imports.insert(
        token.clone(),
        Job {
            owner: staff.actor().user_id.unwrap_or_default(),
            kind,
            path,
            file_name,
            headers: file_headers,
            samples,
            mapping,
            mode: ImportMode::ValidRowsOnly,
            default_kind: OrganisationKind::Sme,
            default_basis: ConsentBasis::LegitimateInterest,
            created: Instant::now(),
            state: JobState::Mapping,
            discard_when_done: false,
        },
    );
    Ok(Redirect::to(&format!("/import/{token}/koppeling")).into_response())
}

struct MappingColumn {
    index: usize,
    header: String,
    samples: String,
    selected: &'static str,
}

struct MappingView {
    token: String,
    heading: String,
    intro: String,
    error: Option<String>,
    caption: &'static str,
    col_header: &'static str,
    col_samples: &'static str,
    col_field: &'static str,
    skip: &'static str,
    targets: Vec<(&'static str, &'static str)>,
    columns: Vec<MappingColumn>,
    options: Vec<Field>,
    mode_label: &'static str,
    modes: Vec<(&'static str, &'static str, bool)>,
    submit: &'static str,
}

#[derive(Template)]
#[template(path = "import_mapping.html")]
struct MappingTemplate {
    chrome: crate::view::Chrome,
    v: MappingView,
}

fn mapping_view(staff: &Staff, token: &str, job: &Job, error: Option<String>) -> Response {
    let lang = staff.ctx.lang;
    let heading = match lang {
        Lang::Nl => format!("Kolommen koppelen: {}", job.file_name),
        Lang::En => format!("Map the columns: {}", job.file_name),
    };
    let mut chrome = staff.ctx.chrome(heading.clone(), Nav::Import);
    chrome.has_errors = error.is_some();
    let mut options = Vec::new();
    if job.kind == ImportKind::Organisations {
        options.push(
            Field::new(
                "standaardSoort",
                pick(
                    lang,
                    "Soort als het bestand die niet noemt",
                    "Kind when the file names none",
                ),
                FieldKind::Select,
            )
            .options(
                OrganisationKind::ALL
                    .iter()
                    .map(|k| (k.code().to_string(), k.label(lang).to_string()))
                    .collect(),
            )
            .value(job.default_kind.code()),
        );
    }
    if job.kind == ImportKind::People {
        options.push(
            Field::new(
                "standaardGrondslag",
                pick(
                    lang,
                    "Grondslag als het bestand die niet noemt",
                    "Lawful basis when the file names none",
                ),
                FieldKind::Select,
            )
            .options(
                ConsentBasis::ALL
                    .iter()
                    .map(|k| (k.code().to_string(), k.label(lang).to_string()))
                    .collect(),
            )
            .value(job.default_basis.code())
            .hint(pick(
                lang,
                "De datum van de grondslag wordt dan de dag van de import.",
                "The date of the basis is then the day of the import.",
            )),
        );
    }
    let v = MappingView {
        token: token.to_string(),
        heading,
        intro: match lang {
            Lang::Nl => format!(
                "{}: {} kolommen gevonden. Kies bij elke kolom welk veld hij vult; Middenveld heeft een voorstel gedaan op grond van de kolomkoppen. Daarna ziet u een proefimport, nog zonder iets op te slaan.",
                job.kind.label(lang),
                job.headers.len()
            ),
            Lang::En => format!(
                "{}: {} columns found. Choose for each column which field it fills; Middenveld proposed a mapping from the headers. Next you see a dry run, still without saving anything.",
                job.kind.label(lang),
                job.headers.len()
            ),
        },
        error,
        caption: pick(lang, "Kolommen van het bestand", "Columns of the file"),
        col_header: pick(lang, "Kolom in het bestand", "Column in the file"),
        col_samples: pick(lang, "Eerste waarden", "First values"),
        col_field: pick(lang, "Veld in Middenveld", "Field in Middenveld"),
        skip: pick(lang, "— niet importeren —", "— do not import —"),
        targets: rules::targets(job.kind)
            .iter()
            .map(|t| (t.key, t.label(lang)))
            .collect(),
        columns: job
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| MappingColumn {
                index: i,
                header: h.clone(),
                samples: job
                    .samples
                    .iter()
                    .filter_map(|r| r.get(i))
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| c.chars().take(40).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" · "),
                selected: job.mapping.get(i).copied().flatten().unwrap_or(""),
            })
            .collect(),
        options,
        mode_label: pick(lang, "Rijen met fouten", "Rows with errors"),
        modes: ImportMode::ALL
            .iter()
            .map(|m| (m.code(), m.label(lang), *m == job.mode))
            .collect(),
        submit: pick(lang, "Proefimport bekijken", "See the dry run"),
    };
    render(
        if v.error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &MappingTemplate { chrome, v },
    )
}

async fn mapping_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    editor(&staff)?;
    let job = s.imports.get(&token, &staff)?;
    if matches!(job.state, JobState::Running { .. }) {
        return Ok(Redirect::to(&format!("/import/{token}")).into_response());
    }
    Ok(mapping_view(&staff, &token, &job, None))
}

/// Saves the mapping and options, then starts the dry run.
async fn save_mapping(
    State(s): State<AppState>,
    staff: Staff,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    editor(&staff)?;
    let lang = staff.ctx.lang;
    let mut job = s.imports.get(&token, &staff)?;
    if matches!(job.state, JobState::Running { .. }) {
        return Ok(Redirect::to(&format!("/import/{token}")).into_response());
    }
    job.mapping = (0..job.headers.len())
        .map(|i| {
            form.get(&format!("kolom{i}"))
                .and_then(|k| rules::target(job.kind, k))
                .map(|t| t.key)
        })
        .collect();
    if let Some(m) = form.get("modus").and_then(|m| ImportMode::parse(m).ok()) {
        job.mode = m;
    }
    if let Some(k) = form.get("standaardSoort").and_then(|m| OrganisationKind::parse(m).ok()) {
        job.default_kind = k;
    }
    if let Some(b) = form.get("standaardGrondslag").and_then(|m| ConsentBasis::parse(m).ok()) {
        job.default_basis = b;
    }
    let (mapping, mode, default_kind, default_basis) =
        (job.mapping.clone(), job.mode, job.default_kind, job.default_basis);
    s.imports.update(&token, |j| {
        j.mapping = mapping;
        j.mode = mode;
        j.default_kind = default_kind;
        j.default_basis = default_basis;
    });
    if let Err(e) = rules::check_mapping(job.kind, &job.mapping) {
        let msg = rules::reason(job.kind, &e, lang);
        return Ok(mapping_view(&staff, &token, &job, Some(msg)));
    }
    start_job(&s, &staff, &token, &job, true)?;
    Ok(Redirect::to(&format!("/import/{token}")).into_response())
}

/// Starts the (dry or real) run of a job in the background.
fn start_job(s: &AppState, staff: &Staff, token: &str, job: &Job, dry_run: bool) -> Result<(), AppError> {
    let progress = Arc::new(ImportProgress::default());
    s.imports.update(token, |j| {
        j.state = JobState::Running {
            dry_run,
            progress: progress.clone(),
        }
    });
    let req = ImportRequest {
        kind: job.kind,
        mapping: job.mapping.clone(),
        mode: job.mode,
        dry_run,
        default_kind: job.default_kind,
        default_basis: job.default_basis,
        lang: staff.ctx.lang,
    };
    let (services, jobs, actor, token) = (s.services.clone(), s.imports.clone(), staff.actor(), token.to_string());
    let (path, file_name, headers) = (job.path.clone(), job.file_name.clone(), job.headers.clone());
    let max_bytes = max_mb(s).saturating_mul(1024 * 1024);
    let lang = staff.ctx.lang;
    tokio::spawn(async move {
        let limits = Limits {
            max_file_bytes: max_bytes,
            ..Limits::default()
        };
        let opened = tokio::task::spawn_blocking(move || TableReader::open(&path, Some(&file_name), limits)).await;
        let state = match opened {
            Ok(Ok(reader)) => match services.import(&actor, reader, &req, progress).await {
                Ok(report) => {
                    if !dry_run
                        && report.committed
                        && let Err(e) = services
                            .save_import_mapping(&actor, req.kind, &headers, &req.mapping)
                            .await
                    {
                        tracing::warn!(error = %e, "import mapping not saved");
                    }
                    JobState::Done {
                        dry_run,
                        report: Arc::new(report),
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "import failed");
                    JobState::Failed(
                        pick(
                            lang,
                            "De import is mislukt; er is niets opgeslagen.",
                            "The import failed; nothing was saved.",
                        )
                        .into(),
                    )
                }
            },
            Ok(Err(e)) => JobState::Failed(e.message(lang)),
            Err(e) => JobState::Failed(e.to_string()),
        };
        jobs.update(&token, |j| j.state = state);
    });
    Ok(())
}

/// Confirms the dry run: the real import with the same mapping.
async fn run(
    State(s): State<AppState>,
    staff: Staff,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    editor(&staff)?;
    let job = s.imports.get(&token, &staff)?;
    match job.state {
        JobState::Done { dry_run: true, .. } => start_job(&s, &staff, &token, &job, false)?,
        JobState::Running { .. } => {}
        _ => return Ok(Redirect::to(&format!("/import/{token}/koppeling")).into_response()),
    }
    Ok(Redirect::to(&format!("/import/{token}")).into_response())
}

struct ProgressView {
    token: String,
    label: &'static str,
    percent: u64,
    text: String,
}

#[derive(Template)]
#[template(path = "import_progress.html")]
struct ProgressTemplate {
    p: ProgressView,
}

#[derive(Template)]
#[template(path = "import_running.html")]
struct RunningTemplate {
    chrome: crate::view::Chrome,
    heading: String,
    p: ProgressView,
}

fn progress_view(lang: Lang, token: &str, dry_run: bool, p: &ImportProgress) -> ProgressView {
    let rows = p.rows.load(Ordering::Relaxed);
    ProgressView {
        token: token.to_string(),
        label: if dry_run {
            pick(lang, "Proefimport: voortgang", "Dry run: progress")
        } else {
            pick(lang, "Import: voortgang", "Import: progress")
        },
        percent: p.percent(),
        text: match (lang, p.indexing.load(Ordering::Relaxed)) {
            (Lang::Nl, false) => format!(
                "{}% gelezen, {} rijen verwerkt.",
                p.percent(),
                middenveld_domain::money::group_thousands(rows)
            ),
            (Lang::En, false) => format!("{}% read, {rows} rows processed.", p.percent()),
            (Lang::Nl, true) => format!(
                "Alle {} rijen zijn geschreven; de lijsten en de zoekindex worden bijgewerkt.",
                middenveld_domain::money::group_thousands(rows)
            ),
            (Lang::En, true) => {
                format!("All {rows} rows are written; the lists and the search index are being updated.")
            }
        },
    }
}

async fn progress(State(s): State<AppState>, staff: Staff, Path(token): Path<String>) -> Result<Response, AppError> {
    editor(&staff)?;
    let job = s.imports.get(&token, &staff)?;
    match &job.state {
        JobState::Running { dry_run, progress } => {
            let p = progress_view(staff.ctx.lang, &token, *dry_run, progress);
            Ok(render(StatusCode::OK, &ProgressTemplate { p }))
        }
        _ => {
            // Finished: let htmx load the whole result page.
            let mut r = StatusCode::OK.into_response();
            r.headers_mut().insert("hx-refresh", HeaderValue::from_static("true"));
            Ok(r)
        }
    }
}

#[derive(serde::Deserialize, Default)]
struct ResultQuery {
    status: Option<String>,
}

struct ResultView {
    token: String,
    heading: String,
    dry_run: bool,
    failure: Option<String>,
    summary: String,
    counts: Table,
    rows: Table,
    filters: Vec<(String, String)>,
    filter_label: &'static str,
    empty: &'static str,
    shown_note: String,
    confirm: &'static str,
    back_to_mapping: &'static str,
    has_rejects: bool,
    download_rejects: &'static str,
    new_import: &'static str,
}

#[derive(Template)]
#[template(path = "import_result.html")]
struct ResultTemplate {
    chrome: crate::view::Chrome,
    v: ResultView,
}

fn badge(status: RowStatus) -> &'static str {
    match status {
        RowStatus::New => "utrecht-status-badge--success",
        RowStatus::Update => "utrecht-status-badge--active",
        RowStatus::Unchanged => "utrecht-status-badge--neutral",
        RowStatus::Duplicate => "utrecht-status-badge--warning",
        RowStatus::Error => "utrecht-status-badge--danger",
    }
}

fn record_href(kind: ImportKind, id: Option<i64>) -> Option<String> {
    let id = id?;
    Some(match kind {
        ImportKind::Organisations => format!("/organisaties/{id}"),
        ImportKind::People => format!("/personen/{id}"),
        ImportKind::Attendance => format!("/evenementen/{id}"),
        ImportKind::Memberships => return None,
    })
}

fn result_page(
    staff: &Staff,
    token: &str,
    dry_run: bool,
    report: &ImportReport,
    status: Option<RowStatus>,
) -> Response {
    let lang = staff.ctx.lang;
    let heading = if dry_run {
        pick(lang, "Proefimport", "Dry run")
    } else {
        pick(lang, "Import voltooid", "Import finished")
    };
    let chrome = staff.ctx.chrome(heading, Nav::Import);
    let n = |s: RowStatus| report.count(s);
    let written = n(RowStatus::New) + n(RowStatus::Update);
    let summary = match (lang, dry_run) {
        (Lang::Nl, true) => format!(
            "Er is nog niets opgeslagen. Bij bevestigen worden {} rijen opgeslagen ({} nieuw, {} bijgewerkt); {} rijen worden niet geïmporteerd.",
            written,
            n(RowStatus::New),
            n(RowStatus::Update),
            n(RowStatus::Error) + n(RowStatus::Duplicate)
        ),
        (Lang::En, true) => format!(
            "Nothing has been saved yet. On confirming, {} rows are saved ({} new, {} updated); {} rows are not imported.",
            written,
            n(RowStatus::New),
            n(RowStatus::Update),
            n(RowStatus::Error) + n(RowStatus::Duplicate)
        ),
        (Lang::Nl, false) => format!(
            "Opgeslagen: {} nieuw, {} bijgewerkt, {} ongewijzigd. Niet geïmporteerd: {} rijen.",
            n(RowStatus::New),
            n(RowStatus::Update),
            n(RowStatus::Unchanged),
            n(RowStatus::Error) + n(RowStatus::Duplicate)
        ),
        (Lang::En, false) => format!(
            "Saved: {} new, {} updated, {} unchanged. Not imported: {} rows.",
            n(RowStatus::New),
            n(RowStatus::Update),
            n(RowStatus::Unchanged),
            n(RowStatus::Error) + n(RowStatus::Duplicate)
        ),
    };
    let counts = Table {
        id: "aantallen".into(),
        caption: pick(lang, "Wat er met de rijen gebeurt", "What happens to the rows").into(),
        columns: vec![Column::plain(pick(lang, "Uitkomst", "Outcome")), {
            let mut c = Column::plain(pick(lang, "Rijen", "Rows"));
            c.numeric = true;
            c
        }],
        rows: RowStatus::ALL
            .iter()
            .map(|s| {
                vec![
                    Cell::badge(s.label(lang), badge(*s)),
                    Cell::number(report.count(*s) as i64),
                ]
            })
            .collect(),
    };
    let shown: Vec<_> = report
        .outcomes
        .iter()
        .filter(|o| status.is_none_or(|s| o.status == s))
        .take(SHOWN_ROWS)
        .collect();
    let matching = status.map(|s| report.count(s)).unwrap_or_else(|| report.rows());
    let shown_note = if (shown.len() as u64) < matching {
        match lang {
            Lang::Nl => format!(
                "De eerste {} van {} rijen staan hierboven (per uitkomst worden er hoogstens {} bewaard); de afgewezen rijen zijn allemaal te downloaden.",
                shown.len(),
                matching,
                KEEP_PER_STATUS
            ),
            Lang::En => format!(
                "The first {} of {} rows are shown above (at most {} are kept per outcome); all rejected rows can be downloaded.",
                shown.len(),
                matching,
                KEEP_PER_STATUS
            ),
        }
    } else {
        String::new()
    };
    let rows = Table {
        id: "rijen".into(),
        caption: pick(lang, "Rij voor rij", "Row by row").into(),
        columns: vec![
            Column::plain(pick(lang, "Regel", "Line")),
            Column::plain(pick(lang, "Uitkomst", "Outcome")),
            Column::plain(pick(lang, "Naam", "Name")),
            Column::plain(pick(lang, "Toelichting", "Detail")),
        ],
        rows: shown
            .iter()
            .map(|o| {
                let name = match record_href(report.kind, o.id).filter(|_| !dry_run) {
                    Some(href) => Cell::link(o.name.clone(), href),
                    None => Cell::text(o.name.clone()),
                };
                vec![
                    Cell::number(o.line as i64),
                    Cell::badge(o.status.label(lang), badge(o.status)),
                    name,
                    Cell::text(o.detail.clone()),
                ]
            })
            .collect(),
    };
    let mut filters = vec![(
        format!("/import/{token}"),
        pick(lang, "Alle rijen", "All rows").to_string(),
    )];
    filters.extend(RowStatus::ALL.iter().filter(|s| report.count(**s) > 0).map(|s| {
        (
            format!("/import/{token}?status={}", s.code()),
            format!("{} ({})", s.label(lang), report.count(*s)),
        )
    }));
    let v = ResultView {
        token: token.to_string(),
        heading: heading.to_string(),
        dry_run,
        failure: report.failure.as_ref().map(|f| f.message(lang)),
        summary,
        counts,
        rows,
        filters,
        filter_label: pick(lang, "Toon rijen", "Show rows"),
        empty: pick(lang, "Geen rijen met deze uitkomst.", "No rows with this outcome."),
        shown_note,
        confirm: pick(lang, "Bevestigen en importeren", "Confirm and import"),
        back_to_mapping: pick(lang, "Koppeling aanpassen", "Change the mapping"),
        has_rejects: !report.rejects.is_empty(),
        download_rejects: pick(lang, "Afgewezen rijen downloaden", "Download rejected rows"),
        new_import: pick(lang, "Nieuwe import", "New import"),
    };
    render(StatusCode::OK, &ResultTemplate { chrome, v })
}

async fn job_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(token): Path<String>,
    Query(q): Query<ResultQuery>,
) -> Result<Response, AppError> {
    editor(&staff)?;
    let job = s.imports.get(&token, &staff)?;
    let lang = staff.ctx.lang;
    match &job.state {
        JobState::Mapping => Ok(Redirect::to(&format!("/import/{token}/koppeling")).into_response()),
        JobState::Running { dry_run, progress } => {
            let heading = if *dry_run {
                pick(lang, "Proefimport loopt", "Dry run in progress")
            } else {
                pick(lang, "Import loopt", "Import in progress")
            };
            let p = progress_view(lang, &token, *dry_run, progress);
            Ok(render(
                StatusCode::OK,
                &RunningTemplate {
                    chrome: staff.ctx.chrome(heading, Nav::Import),
                    heading: heading.to_string(),
                    p,
                },
            ))
        }
        JobState::Done { dry_run, report } => {
            let status = q
                .status
                .as_deref()
                .and_then(|c| RowStatus::ALL.iter().copied().find(|s| s.code() == c));
            Ok(result_page(&staff, &token, *dry_run, report, status))
        }
        JobState::Failed(msg) => Ok(mapping_view(&staff, &token, &job, Some(msg.clone()))),
    }
}

/// The rejected rows, in the format of the upload, with a column saying why.
async fn rejects(State(s): State<AppState>, staff: Staff, Path(token): Path<String>) -> Result<Response, AppError> {
    editor(&staff)?;
    let job = s.imports.get(&token, &staff)?;
    let JobState::Done { report, .. } = &job.state else {
        return Err(AppError::NotFound);
    };
    let lang = staff.ctx.lang;
    let (bytes, format) = middenveld_tabular::write_rejects(
        report.format,
        report.dialect,
        &report.headers,
        pick(lang, "Reden", "Reason"),
        &report.rejects,
    )
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let stem = job.file_name.rsplit_once('.').map(|(s, _)| s).unwrap_or(&job.file_name);
    let stem: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_ ".contains(*c))
        .collect();
    let name = format!(
        "{}-{}.{}",
        if stem.is_empty() { "import" } else { &stem },
        pick(lang, "afgewezen", "rejected"),
        format.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}
