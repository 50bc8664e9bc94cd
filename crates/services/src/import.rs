//! Importing a spreadsheet of organisations, people or network members: map the columns, match
//! every row to the register (KvK number, then name and postcode; e-mail for people), and write
//! it all in one transaction, or roll back for a dry run. The file is read on a blocking thread
//! and streamed in batches, so a file of a million rows takes constant memory.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::audit::{Change, diff};
use middenveld_domain::enums::{Coded, ConsentBasis, OrganisationKind};
use middenveld_domain::import::{
    self as rules, ImportKind, ImportMode, MappedRow, MatchedBy, OrganisationRef, References, RowStatus, field,
};
use middenveld_domain::network::{Member, MembershipInput};
use middenveld_domain::organisation::Organisation;
use middenveld_domain::person::Person;
use middenveld_domain::search::normalise;
use middenveld_domain::{Date, ErrorCode, FieldError, Lang, Role, ValidationErrors};
use middenveld_store::audit::NewAuditEntry;
use middenveld_store::{Conn, bulk, import as store};
use middenveld_tabular::{Dialect, Format, Record, TableError, TableReader};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Rows handled per batch: one look-up query per batch, one multi-row insert.
const BATCH: usize = 4_000;
/// Row outcomes kept per status for the preview (the counts are always complete).
pub const KEEP_PER_STATUS: usize = 1_000;
/// An import that creates at least this many records, and more than the table held before,
/// sets the table's list and search indexes aside and builds them once at the end.
const BULK_LOAD: u64 = 50_000;

/// What the user chose for an import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub kind: ImportKind,
    /// Per column of the file: the field it fills, or none.
    pub mapping: Vec<Option<&'static str>>,
    pub mode: ImportMode,
    /// Check and count everything, write nothing.
    pub dry_run: bool,
    /// The kind of organisations whose row names none.
    pub default_kind: OrganisationKind,
    /// The lawful basis of people whose row names none.
    pub default_basis: ConsentBasis,
    /// The language of the reasons in the report and the rejects file.
    pub lang: Lang,
}

/// Progress of a running import, readable from another task.
#[derive(Debug, Default)]
pub struct ImportProgress {
    pub rows: AtomicU64,
    /// Bytes (CSV) or rows (sheets) read so far, and the total.
    pub done: AtomicU64,
    pub total: AtomicU64,
    /// Every row is written; the list and search indexes are being built.
    pub indexing: AtomicBool,
    pub finished: AtomicBool,
}

impl ImportProgress {
    /// Percentage read, 0 to 100.
    pub fn percent(&self) -> u64 {
        let total = self.total.load(Ordering::Relaxed);
        if self.finished.load(Ordering::Relaxed) {
            return 100;
        }
        (self.done.load(Ordering::Relaxed).saturating_mul(100))
            .checked_div(total)
            .unwrap_or(0)
            .min(99)
    }
}

/// What happened to one row.
#[derive(Debug, Clone)]
pub struct RowOutcome {
    pub line: u64,
    pub status: RowStatus,
    /// The record's name as the row gives it.
    pub name: String,
    /// How it was matched, or why it was refused.
    pub detail: String,
    /// The record written or matched.
    pub id: Option<i64>,
}

/// Why an import wrote nothing.
#[derive(Debug, Clone)]
pub enum ImportFailure {
    /// The file cannot be read as a table (naming the line where it applies).
    File(TableError),
    /// "Stop on first error" met a row it could not import.
    StoppedAt { line: u64, reason: String },
}

impl ImportFailure {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImportFailure::File(e) => match lang {
                Lang::Nl => format!("{} Er is niets geïmporteerd.", e.message(lang)),
                Lang::En => format!("{} Nothing was imported.", e.message(lang)),
            },
            ImportFailure::StoppedAt { line, reason } => match lang {
                Lang::Nl => format!("Gestopt bij regel {line}: {reason} Er is niets geïmporteerd."),
                Lang::En => format!("Stopped at line {line}: {reason} Nothing was imported."),
            },
        }
    }
}

/// The result of an import or a dry run.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub kind: ImportKind,
    pub headers: Vec<String>,
    pub format: Format,
    pub dialect: Option<Dialect>,
    counts: [u64; 5],
    /// The first outcomes of each status, in file order.
    pub outcomes: Vec<RowOutcome>,
    /// Rows not imported (errors and duplicates): their cells and the reason.
    pub rejects: Vec<(Vec<String>, String)>,
    /// Whether the rows were written (false for a dry run or a failure).
    pub committed: bool,
    pub failure: Option<ImportFailure>,
}

impl ImportReport {
    fn new(kind: ImportKind, reader: &TableReader) -> ImportReport {
        ImportReport {
            kind,
            headers: reader.headers().to_vec(),
            format: reader.format(),
            dialect: reader.dialect(),
            counts: [0; 5],
            outcomes: Vec::new(),
            rejects: Vec::new(),
            committed: false,
            failure: None,
        }
    }

    pub fn count(&self, status: RowStatus) -> u64 {
        self.counts[index(status)]
    }

    pub fn rows(&self) -> u64 {
        self.counts.iter().sum()
    }

    fn add(&mut self, outcome: RowOutcome) {
        let i = index(outcome.status);
        self.counts[i] += 1;
        if self.counts[i] as usize <= KEEP_PER_STATUS {
            self.outcomes.push(outcome);
        }
    }

    fn reject(&mut self, rec: &Record, status: RowStatus, name: String, reason: String) {
        self.rejects.push((rec.cells.clone(), reason.clone()));
        self.add(RowOutcome {
            line: rec.line,
            status,
            name,
            detail: reason,
            id: None,
        });
    }
}

fn index(status: RowStatus) -> usize {
    RowStatus::ALL.iter().position(|s| *s == status).unwrap_or(0)
}

fn hash_key(key: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// What the running import keeps between batches.
struct Run<'a> {
    req: &'a ImportRequest,
    actor: &'a Actor,
    refs: References,
    /// Key hash → first line, to tell a row that repeats an earlier one.
    seen: HashMap<u64, u64>,
    networks: HashMap<String, Vec<(i64, String)>>,
    /// Folded event name → (id, begins), for an attendance import.
    events: HashMap<String, Vec<(i64, String)>>,
    /// The highest id of the imported kind's table before the import: rows match records
    /// that were there, never ones this file created (so a dry run, which creates nothing,
    /// tells exactly what the import will do).
    existing_max: i64,
    /// The number of records of the imported kind before the import.
    existing_rows: u64,
    /// Records this import created so far.
    created: u64,
    /// Whether [`Run::make_room`] has set the indexes aside (or found it could not).
    bulk_checked: bool,
    set_aside: Option<bulk::SetAside>,
    today: Date,
    now: String,
    report: ImportReport,
}

impl Run<'_> {
    fn lang(&self) -> Lang {
        self.req.lang
    }

    fn reason(&self, e: &ValidationErrors) -> String {
        rules::reason(self.req.kind, e, self.lang())
    }

    fn duplicate_reason(&self, first: u64) -> String {
        match self.lang() {
            Lang::Nl => format!("Zelfde record als regel {first}; deze regel is overgeslagen."),
            Lang::En => format!("Same record as line {first}; this line was skipped."),
        }
    }

    /// Records the key of a row; the line of an earlier row with the same key, if any.
    fn first_seen(&mut self, key: &str, line: u64) -> Option<u64> {
        match self.seen.entry(hash_key(key)) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(line);
                None
            }
        }
    }

    /// The batch's rows keyed by field, mapped once.
    fn map(&self, batch: &[Record]) -> Vec<MappedRow> {
        batch
            .iter()
            .map(|rec| MappedRow::new(&self.req.mapping, &rec.cells))
            .collect()
    }

    /// Writes one audit entry of this import.
    async fn audit(&self, conn: &mut Conn, entity: &str, id: i64, action: Action, changes: &[Change]) -> Result<()> {
        let entry = self.audit_entry(entity, id, action, changes)?;
        Ok(middenveld_store::audit::insert(conn, &entry).await?)
    }

    fn audit_entry<'e>(
        &'e self,
        entity: &'e str,
        id: i64,
        action: Action,
        changes: &[Change],
    ) -> Result<NewAuditEntry<'e>> {
        Ok(NewAuditEntry {
            at: &self.now,
            user_id: self.actor.user_id,
            user_name: &self.actor.name,
            entity,
            entity_id: id,
            action: action.code(),
            changes: serde_json::to_string(changes).map_err(|e| ServiceError::Internal(e.to_string()))?,
        })
    }

    /// Audit entries and outcomes of the records a batch created: (line, snapshot, name) in the
    /// order of their new `ids`.
    async fn created(
        &mut self,
        conn: &mut Conn,
        entity: &str,
        ids: Vec<i64>,
        records: impl Iterator<Item = (u64, middenveld_domain::audit::Snapshot, String)>,
    ) -> Result<()> {
        let mut entries = Vec::with_capacity(ids.len());
        let mut outcomes = Vec::with_capacity(ids.len());
        for (id, (line, snapshot, name)) in ids.into_iter().zip(records) {
            entries.push(self.audit_entry(entity, id, Action::Create, &diff(&vec![], &snapshot))?);
            outcomes.push(RowOutcome {
                line,
                status: RowStatus::New,
                name,
                detail: String::new(),
                id: Some(id),
            });
        }
        bulk::insert_audit_entries(conn, &entries).await?;
        drop(entries);
        for o in outcomes {
            self.report.add(o);
        }
        Ok(())
    }

    /// Before creating `adding` records: sets the table's indexes aside once this import has
    /// created more records than the table held and at least [`BULK_LOAD`], keeping the
    /// indexes `keep` that matching reads.
    async fn make_room(&mut self, conn: &mut Conn, table: bulk::Table, keep: &[&str], adding: usize) -> Result<()> {
        self.created += adding as u64;
        if !self.bulk_checked && self.created >= BULK_LOAD.max(self.existing_rows) {
            self.bulk_checked = true;
            // Matching reads `keep` only when there were records to match.
            let keep = if self.existing_max == 0 { &[][..] } else { keep };
            self.set_aside = bulk::set_aside(conn, table, keep).await?;
        }
        Ok(())
    }

    /// Outcomes of the records a dry run would create (it writes none: nothing later in the
    /// file could match them anyway).
    fn would_create(&mut self, records: impl Iterator<Item = (u64, String)>) {
        for (line, name) in records {
            self.report.add(RowOutcome {
                line,
                status: RowStatus::New,
                name,
                detail: String::new(),
                id: None,
            });
        }
    }

    /// Whether the run must stop here ("stop on first error" in a real run).
    fn must_stop(&mut self, rec: &Record) -> bool {
        if self.req.dry_run || self.req.mode != ImportMode::StopOnError {
            return false;
        }
        let reason = self.report.rejects.last().map(|(_, r)| r.clone()).unwrap_or_default();
        self.report.failure = Some(ImportFailure::StoppedAt { line: rec.line, reason });
        true
    }

    async fn organisations(&mut self, conn: &mut Conn, batch: &[Record]) -> Result<bool> {
        let mut candidates: Vec<(&Record, MappedRow, Organisation)> = Vec::new();
        for (rec, row) in batch.iter().zip(self.map(batch)) {
            let name = row.get(field_name()).unwrap_or_default().to_string();
            let parsed = rules::organisation_input(&row, &self.refs, self.req.default_kind).and_then(|i| i.parse());
            match parsed {
                Err(e) => {
                    let reason = self.reason(&e);
                    self.report.reject(rec, RowStatus::Error, name, reason);
                    if self.must_stop(rec) {
                        return Ok(false);
                    }
                }
                Ok(o) => {
                    let key = rules::organisation_key(
                        o.kvk_number.as_ref().map(|k| k.as_str()),
                        &o.name,
                        o.postcode.as_ref().map(|p| p.as_str()),
                    );
                    if let Some(first) = self.first_seen(&key, rec.line) {
                        let reason = self.duplicate_reason(first);
                        self.report.reject(rec, RowStatus::Duplicate, name, reason);
                    } else {
                        candidates.push((rec, row, o));
                    }
                }
            }
        }
        let kvks: Vec<String> = candidates
            .iter()
            .filter_map(|(_, _, o)| o.kvk_number.as_ref().map(|k| k.as_str().to_string()))
            .collect();
        // Into an empty register nothing can match: no look-ups.
        let empty = self.existing_max == 0;
        let mut by_kvk = if empty {
            HashMap::new()
        } else {
            store::organisations_by_kvk(conn, &kvks).await?
        };
        by_kvk.retain(|_, id| *id <= self.existing_max);
        let unmatched_names: Vec<String> = candidates
            .iter()
            .filter(|(_, _, o)| o.kvk_number.as_ref().is_none_or(|k| !by_kvk.contains_key(k.as_str())))
            .map(|(_, _, o)| normalise(&o.name))
            .collect();
        let mut by_name = if empty {
            Vec::new()
        } else {
            store::organisations_by_name(conn, &unmatched_names).await?
        };
        by_name.retain(|n| n.id <= self.existing_max);

        let mut new: Vec<(&Record, Organisation)> = Vec::new();
        for (rec, row, o) in candidates {
            let kvk = o.kvk_number.as_ref().map(|k| k.as_str().to_string());
            let matched = kvk
                .as_ref()
                .and_then(|k| by_kvk.get(k))
                .map(|id| (*id, MatchedBy::Kvk))
                .or_else(|| {
                    let sort_name = normalise(&o.name);
                    let postcode = o.postcode.as_ref().map(|p| p.as_str().to_string());
                    by_name
                        .iter()
                        .filter(|n| n.sort_name == sort_name && n.postcode == postcode)
                        .filter(|n| n.kvk_number.is_none() || n.kvk_number == kvk)
                        .map(|n| n.id)
                        .min()
                        .map(|id| (id, MatchedBy::NameAndPostcode))
                });
            match matched {
                None => new.push((rec, o)),
                Some((id, by)) => {
                    let before = middenveld_store::organisation::get(conn, id)
                        .await?
                        .ok_or(ServiceError::NotFound)?;
                    let merged = rules::merge_organisation(&before.data, o, &row);
                    let changes = diff(&before.data.snapshot(), &merged.snapshot());
                    let status = if changes.is_empty() {
                        RowStatus::Unchanged
                    } else {
                        middenveld_store::organisation::update(conn, id, &merged, &self.now).await?;
                        if let Ok(Some(c)) = middenveld_domain::journey::stage_change(
                            before.data.journey_stage,
                            merged.journey_stage,
                            None,
                            middenveld_domain::journey::Implied::Import,
                        ) {
                            middenveld_store::journey::insert(conn, id, &c, crate::journey::by(self.actor), &self.now)
                                .await?;
                        }
                        self.audit(conn, crate::organisation::ENTITY, id, Action::Update, &changes)
                            .await?;
                        RowStatus::Update
                    };
                    self.report.add(RowOutcome {
                        line: rec.line,
                        status,
                        name: merged.name,
                        detail: by.label(self.lang()).to_string(),
                        id: Some(id),
                    });
                }
            }
        }
        // In name order, so the inserts into the name-ordered list indexes stay close together.
        new.sort_by_cached_key(|(_, o)| normalise(&o.name));
        if self.req.dry_run {
            self.would_create(new.into_iter().map(|(rec, o)| (rec.line, o.name)));
        } else {
            let orgs: Vec<Organisation> = new.iter().map(|(_, o)| o.clone()).collect();
            self.make_room(conn, bulk::Table::Organisations, &["organisations_sort"], orgs.len())
                .await?;
            let ids = bulk::insert_organisations(conn, &orgs, &self.now).await?;
            let stages: Vec<(i64, middenveld_domain::journey::StageChange)> = ids
                .iter()
                .zip(&orgs)
                .filter_map(|(id, o)| {
                    middenveld_domain::journey::stage_change(
                        None,
                        o.journey_stage,
                        None,
                        middenveld_domain::journey::Implied::FirstRegistration,
                    )
                    .ok()
                    .flatten()
                    .map(|c| (*id, c))
                })
                .collect();
            if !stages.is_empty() {
                bulk::insert_stage_changes(conn, &stages, crate::journey::by(self.actor), &self.now).await?;
            }
            let created = new.into_iter().map(|(rec, o)| (rec.line, o.snapshot(), o.name));
            self.created(conn, crate::organisation::ENTITY, ids, created).await?;
        }
        Ok(true)
    }

    /// Resolves the organisation cells of a batch: KvK number or folded name → ids.
    async fn resolve_organisations(
        conn: &mut Conn,
        rows: &[MappedRow],
    ) -> Result<(HashMap<String, i64>, HashMap<String, Vec<i64>>)> {
        let refs: Vec<OrganisationRef> = rows
            .iter()
            .filter_map(|row| row.get(field::ORGANISATION))
            .flat_map(|cell| {
                // A list of organisations ("A, B") as the people export writes it, or one
                // name that holds a comma: both are looked up.
                let mut refs = vec![OrganisationRef::parse(cell)];
                if cell.contains(", ") {
                    refs.extend(cell.split(", ").map(OrganisationRef::parse));
                }
                refs
            })
            .collect();
        let kvks: Vec<String> = refs
            .iter()
            .filter_map(|r| match r {
                OrganisationRef::Kvk(k) => Some(k.clone()),
                OrganisationRef::Name(_) => None,
            })
            .collect();
        let names: Vec<String> = refs
            .iter()
            .filter_map(|r| match r {
                OrganisationRef::Name(n) => Some(n.clone()),
                OrganisationRef::Kvk(_) => None,
            })
            .collect();
        let by_kvk = store::organisations_by_kvk(conn, &kvks).await?;
        let mut by_name: HashMap<String, Vec<i64>> = HashMap::new();
        for n in store::organisations_by_name(conn, &names).await? {
            by_name.entry(n.sort_name).or_default().push(n.id);
        }
        Ok((by_kvk, by_name))
    }

    /// The organisations a person's cell names: one, or a list separated by ", ".
    fn organisations_of(
        row: &MappedRow,
        by_kvk: &HashMap<String, i64>,
        by_name: &HashMap<String, Vec<i64>>,
    ) -> std::result::Result<Vec<i64>, ErrorCode> {
        let Some(cell) = row.get(field::ORGANISATION) else {
            return Ok(Vec::new());
        };
        match Self::organisation_in(cell, by_kvk, by_name) {
            Ok(id) => Ok(vec![id]),
            Err(e) if !cell.contains(", ") => Err(e),
            Err(_) => cell
                .split(", ")
                .map(|part| Self::organisation_in(part, by_kvk, by_name))
                .collect(),
        }
    }

    fn organisation_of(
        row: &MappedRow,
        by_kvk: &HashMap<String, i64>,
        by_name: &HashMap<String, Vec<i64>>,
    ) -> std::result::Result<Option<i64>, ErrorCode> {
        row.get(field::ORGANISATION)
            .map(|cell| Self::organisation_in(cell, by_kvk, by_name))
            .transpose()
    }

    fn organisation_in(
        cell: &str,
        by_kvk: &HashMap<String, i64>,
        by_name: &HashMap<String, Vec<i64>>,
    ) -> std::result::Result<i64, ErrorCode> {
        match OrganisationRef::parse(cell) {
            OrganisationRef::Kvk(k) => by_kvk.get(&k).copied().ok_or(ErrorCode::NotFound),
            OrganisationRef::Name(n) => match by_name.get(&n).map(Vec::as_slice) {
                Some([one]) => Ok(*one),
                Some([_, _, ..]) => Err(ErrorCode::Ambiguous),
                _ => Err(ErrorCode::NotFound),
            },
        }
    }

    async fn people(&mut self, conn: &mut Conn, batch: &[Record]) -> Result<bool> {
        let rows = self.map(batch);
        let (by_kvk, by_name) = Self::resolve_organisations(conn, &rows).await?;
        let mut candidates: Vec<(&Record, MappedRow, Person)> = Vec::new();
        for (rec, row) in batch.iter().zip(rows) {
            let name = row.get(field_name()).unwrap_or_default().to_string();
            let mut parsed = rules::person_input(&row, self.req.default_basis, self.today).and_then(|i| i.parse());
            match Self::organisations_of(&row, &by_kvk, &by_name) {
                Ok(ids) => {
                    if let Ok(p) = &mut parsed {
                        p.organisation_ids = ids;
                        p.organisation_ids.sort_unstable();
                        p.organisation_ids.dedup();
                    }
                }
                Err(code) => {
                    let mut e = parsed.err().unwrap_or_default();
                    e.add(field::ORGANISATION, code);
                    parsed = Err(e);
                }
            }
            match parsed {
                Err(e) => {
                    let reason = self.reason(&e);
                    self.report.reject(rec, RowStatus::Error, name, reason);
                    if self.must_stop(rec) {
                        return Ok(false);
                    }
                }
                Ok(p) => {
                    let dup = match &p.email {
                        Some(email) => self.first_seen(&format!("email:{}", email.as_str().to_lowercase()), rec.line),
                        None => None,
                    };
                    if let Some(first) = dup {
                        let reason = self.duplicate_reason(first);
                        self.report.reject(rec, RowStatus::Duplicate, name, reason);
                    } else {
                        candidates.push((rec, row, p));
                    }
                }
            }
        }
        let emails: Vec<String> = candidates
            .iter()
            .filter_map(|(_, _, p)| p.email.as_ref().map(|e| e.as_str().to_string()))
            .collect();
        let mut by_email = if self.existing_max == 0 {
            HashMap::new()
        } else {
            store::people_by_email(conn, &emails).await?
        };
        by_email.retain(|_, id| *id <= self.existing_max);
        let mut new: Vec<(&Record, Person)> = Vec::new();
        for (rec, row, p) in candidates {
            let matched = p.email.as_ref().and_then(|e| by_email.get(e.as_str())).copied();
            match matched {
                None => new.push((rec, p)),
                Some(id) => {
                    let before = middenveld_store::person::get(conn, id)
                        .await?
                        .ok_or(ServiceError::NotFound)?;
                    let merged = rules::merge_person(&before.data, p, &row);
                    let changes = diff(&before.data.snapshot(), &merged.snapshot());
                    let status = if changes.is_empty() {
                        RowStatus::Unchanged
                    } else {
                        middenveld_store::person::update(conn, id, &merged, &self.now).await?;
                        self.audit(conn, crate::person::ENTITY, id, Action::Update, &changes)
                            .await?;
                        RowStatus::Update
                    };
                    self.report.add(RowOutcome {
                        line: rec.line,
                        status,
                        name: merged.name,
                        detail: MatchedBy::Email.label(self.lang()).to_string(),
                        id: Some(id),
                    });
                }
            }
        }
        if self.req.dry_run {
            self.would_create(new.into_iter().map(|(rec, p)| (rec.line, p.name)));
        } else {
            let people: Vec<Person> = new.iter().map(|(_, p)| p.clone()).collect();
            self.make_room(conn, bulk::Table::People, &["people_email"], people.len())
                .await?;
            let ids = bulk::insert_people(conn, &people, &self.now).await?;
            let created = new.into_iter().map(|(rec, p)| (rec.line, p.snapshot(), p.name));
            self.created(conn, crate::person::ENTITY, ids, created).await?;
        }
        Ok(true)
    }

    async fn memberships(&mut self, conn: &mut Conn, batch: &[Record]) -> Result<bool> {
        let rows = self.map(batch);
        let (by_kvk, by_name) = Self::resolve_organisations(conn, &rows).await?;
        let emails: Vec<String> = rows
            .iter()
            .filter_map(|row| row.get(field::PERSON_EMAIL))
            .filter_map(|e| middenveld_domain::Email::parse(e).ok())
            .map(|e| e.as_str().to_string())
            .collect();
        let by_email = store::people_by_email(conn, &emails).await?;
        for (rec, row) in batch.iter().zip(rows) {
            let mut e = ValidationErrors::new();
            let network = match row.get(field::NETWORK) {
                None => {
                    e.add(field::NETWORK, ErrorCode::Required);
                    None
                }
                Some(n) => match self.networks.get(&normalise(n)).map(Vec::as_slice) {
                    Some([one]) => Some(one.clone()),
                    Some([_, _, ..]) => {
                        e.add(field::NETWORK, ErrorCode::Ambiguous);
                        None
                    }
                    _ => {
                        e.add(field::NETWORK, ErrorCode::NotFound);
                        None
                    }
                },
            };
            let organisation_id = e
                .take(field::ORGANISATION, Self::organisation_of(&row, &by_kvk, &by_name))
                .flatten();
            let person_id = match row.get(field::PERSON_EMAIL) {
                None => None,
                Some(v) => e
                    .take(
                        field::PERSON_EMAIL,
                        middenveld_domain::Email::parse(v)
                            .and_then(|m| by_email.get(m.as_str()).copied().ok_or(ErrorCode::NotFound)),
                    )
                    .filter(|_| organisation_id.is_none()),
            };
            let status = e.take(
                middenveld_domain::network::field::STATUS,
                rules::membership_status(&row).map_err(|f| f.code),
            );
            let member_label = row
                .get(field::ORGANISATION)
                .or(row.get(field::PERSON_EMAIL))
                .unwrap_or_default()
                .to_string();
            let parsed = if e.is_empty() {
                MembershipInput {
                    organisation_id,
                    person_id,
                    status: status.map(|s| s.code().to_string()),
                    since: Some(
                        row.get(middenveld_domain::network::field::SINCE)
                            .map(str::to_string)
                            .unwrap_or_else(|| self.today.iso()),
                    ),
                    until: row.get(middenveld_domain::network::field::UNTIL).map(str::to_string),
                }
                .parse()
            } else {
                Err(e)
            };
            let (network, m) = match (network, parsed) {
                (Some(n), Ok(m)) => (n, m),
                (_, Err(e)) => {
                    let reason = self.reason(&e);
                    self.report.reject(rec, RowStatus::Error, member_label, reason);
                    if self.must_stop(rec) {
                        return Ok(false);
                    }
                    continue;
                }
                (None, Ok(_)) => continue,
            };
            let (network_id, network_name) = network;
            let key = match m.member {
                Member::Organisation(o) => format!("lid:{network_id}:o{o}"),
                Member::Person(p) => format!("lid:{network_id}:p{p}"),
            };
            if let Some(first) = self.first_seen(&key, rec.line) {
                let reason = self.duplicate_reason(first);
                self.report.reject(rec, RowStatus::Duplicate, member_label, reason);
                continue;
            }
            let label = format!("{member_label} – {network_name}");
            let existing = store::open_membership(conn, network_id, m.member).await?;
            let (status, id, detail) = match existing {
                Some(old)
                    if old.status == m.status && old.since == m.since.iso() && old.until == m.until.map(Date::iso) =>
                {
                    (
                        RowStatus::Unchanged,
                        old.id,
                        MatchedBy::Member.label(self.lang()).to_string(),
                    )
                }
                Some(old) => {
                    let before = middenveld_store::network::get_membership(conn, old.id)
                        .await?
                        .ok_or(ServiceError::NotFound)?;
                    middenveld_store::network::update_membership(conn, old.id, &m).await?;
                    let mut changes = diff(&before.data.snapshot(), &m.snapshot());
                    for c in &mut changes {
                        c.field = format!("lid {}: {}", before.member_name, c.field);
                    }
                    self.audit(conn, crate::network::ENTITY, network_id, Action::Link, &changes)
                        .await?;
                    (
                        RowStatus::Update,
                        old.id,
                        MatchedBy::Member.label(self.lang()).to_string(),
                    )
                }
                None => {
                    let id = middenveld_store::network::insert_membership(conn, network_id, &m, &self.now).await?;
                    let name = middenveld_store::network::get_membership(conn, id)
                        .await?
                        .map(|r| r.member_name)
                        .unwrap_or_default();
                    let changes = audit::note("lid", "", &format!("{name} ({})", m.status.label(Lang::Nl)));
                    self.audit(conn, crate::network::ENTITY, network_id, Action::Link, &changes)
                        .await?;
                    (RowStatus::New, id, String::new())
                }
            };
            self.report.add(RowOutcome {
                line: rec.line,
                status,
                name: label,
                detail,
                id: Some(id),
            });
        }
        Ok(true)
    }
}

impl Run<'_> {
    /// The event a row names: by folded name, and by date where several share the name.
    fn event_of(&self, row: &MappedRow) -> std::result::Result<(i64, String), FieldError> {
        let fail = |field, code| FieldError { field, code };
        let name = row.get(field::EVENT).ok_or(fail(field::EVENT, ErrorCode::Required))?;
        let all = self.events.get(&normalise(name)).map(Vec::as_slice).unwrap_or_default();
        let date = row
            .get(field::EVENT_DATE)
            .map(|d| Date::parse(d).map_err(|c| fail(field::EVENT_DATE, c)))
            .transpose()?;
        let on_date: Vec<&(i64, String)> = all
            .iter()
            .filter(|(_, starts)| date.is_none_or(|d| starts.starts_with(&d.iso())))
            .collect();
        match on_date.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(fail(field::EVENT, ErrorCode::NotFound)),
            _ => Err(fail(field::EVENT_DATE, ErrorCode::Ambiguous)),
        }
    }

    /// Attendance lists: each row registers a person (by e-mail) for an event (by name, and
    /// date where needed) with its attendance; a person already registered gets the status.
    async fn attendance(&mut self, conn: &mut Conn, batch: &[Record]) -> Result<bool> {
        use middenveld_domain::event::Registration;
        let rows = self.map(batch);
        let (by_kvk, by_name) = Self::resolve_organisations(conn, &rows).await?;
        let emails: Vec<String> = rows
            .iter()
            .filter_map(|row| row.get(field::PERSON_EMAIL))
            .filter_map(|e| middenveld_domain::Email::parse(e).ok())
            .map(|e| e.as_str().to_string())
            .collect();
        let by_email = store::people_by_email(conn, &emails).await?;
        let now = middenveld_domain::LocalDateTime::now().iso();
        for (rec, row) in batch.iter().zip(rows) {
            let mut e = ValidationErrors::new();
            let event = match self.event_of(&row) {
                Ok(ev) => Some(ev),
                Err(f) => {
                    e.add(f.field, f.code);
                    None
                }
            };
            let person_id = e.take(
                field::PERSON_EMAIL,
                row.get(field::PERSON_EMAIL)
                    .ok_or(ErrorCode::Required)
                    .and_then(middenveld_domain::Email::parse)
                    .and_then(|m| by_email.get(m.as_str()).copied().ok_or(ErrorCode::NotFound)),
            );
            let organisation_id = e
                .take(field::ORGANISATION, Self::organisation_of(&row, &by_kvk, &by_name))
                .flatten();
            let status = e.take(
                middenveld_domain::event::field::STATUS,
                rules::attendance_status(&row).map_err(|f| f.code),
            );
            if let (Some((_, starts)), Some(s)) = (&event, status)
                && s != middenveld_domain::RegistrationStatus::Registered
                && *starts > now
            {
                e.add(
                    middenveld_domain::event::field::STATUS,
                    ErrorCode::AttendanceBeforeStart,
                );
            }
            let label = format!(
                "{} – {}",
                row.get(field::PERSON_EMAIL).unwrap_or_default(),
                row.get(field::EVENT).unwrap_or_default()
            );
            let (Some((event_id, _)), Some(person_id), Some(status), true) = (event, person_id, status, e.is_empty())
            else {
                let reason = self.reason(&e);
                self.report.reject(rec, RowStatus::Error, label, reason);
                if self.must_stop(rec) {
                    return Ok(false);
                }
                continue;
            };
            if let Some(first) = self.first_seen(&format!("reg:{event_id}:{person_id}"), rec.line) {
                let reason = self.duplicate_reason(first);
                self.report.reject(rec, RowStatus::Duplicate, label, reason);
                continue;
            }
            let before = middenveld_store::event::get_registration(conn, event_id, person_id).await?;
            // A row that names no organisation keeps the one registered before.
            let r = Registration {
                person_id,
                organisation_id: organisation_id.or(before.as_ref().and_then(|b| b.data.organisation_id)),
                status,
            };
            let outcome = match &before {
                Some(b) if b.data == r => RowStatus::Unchanged,
                Some(_) => RowStatus::Update,
                None => RowStatus::New,
            };
            if outcome != RowStatus::Unchanged {
                middenveld_store::event::upsert_registration(conn, event_id, &r, &self.now).await?;
                let after = middenveld_store::event::get_registration(conn, event_id, person_id).await?;
                let text = |r: &Option<middenveld_store::event::RegistrationRecord>| {
                    r.as_ref()
                        .map(|r| format!("{} ({})", r.person_name, r.data.status.label(Lang::Nl)))
                        .unwrap_or_default()
                };
                let changes = audit::note("registratie", &text(&before), &text(&after));
                self.audit(conn, crate::event::ENTITY, event_id, Action::Link, &changes)
                    .await?;
            }
            self.report.add(RowOutcome {
                line: rec.line,
                status: outcome,
                name: label,
                detail: if outcome == RowStatus::New {
                    String::new()
                } else {
                    MatchedBy::Registration.label(self.lang()).to_string()
                },
                id: Some(event_id),
            });
        }
        Ok(true)
    }
}

/// The name field of organisations and people (the same public name).
fn field_name() -> &'static str {
    middenveld_domain::organisation::field::NAME
}

/// What the reading thread sends: a batch of records, or the error that ended reading.
type Batch = std::result::Result<Vec<Record>, TableError>;

/// Reads the whole table on a blocking thread, in batches, updating the progress.
fn spawn_reader(mut reader: TableReader, progress: Arc<ImportProgress>) -> tokio::sync::mpsc::Receiver<Batch> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Batch>(4);
    tokio::task::spawn_blocking(move || {
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            match reader.next() {
                Some(Ok(rec)) => {
                    batch.push(rec);
                    if batch.len() == BATCH {
                        let (done, total) = reader.progress();
                        progress.done.store(done, Ordering::Relaxed);
                        progress.total.store(total, Ordering::Relaxed);
                        if tx.blocking_send(Ok(std::mem::take(&mut batch))).is_err() {
                            return;
                        }
                        batch.reserve(BATCH);
                    }
                }
                Some(Err(e)) => {
                    let _ = tx.blocking_send(Err(e));
                    return;
                }
                None => {
                    let (done, total) = reader.progress();
                    progress.done.store(done, Ordering::Relaxed);
                    progress.total.store(total, Ordering::Relaxed);
                    if !batch.is_empty() {
                        let _ = tx.blocking_send(Ok(batch));
                    }
                    return;
                }
            }
        }
    });
    rx
}

impl Services {
    /// The remembered column mapping of a kind of import (header key → field key).
    pub async fn saved_import_mapping(&self, actor: &Actor, kind: ImportKind) -> Result<HashMap<String, String>> {
        actor.require(Role::Editor)?;
        let mut conn = self.db.conn().await?;
        Ok(store::saved_mapping(&mut conn, kind.code()).await?)
    }

    /// Remembers the mapping of these headers for the next import of this kind.
    pub async fn save_import_mapping(
        &self,
        actor: &Actor,
        kind: ImportKind,
        headers: &[String],
        mapping: &[Option<&'static str>],
    ) -> Result<()> {
        actor.require(Role::Editor)?;
        let pairs: Vec<(String, Option<String>)> = headers
            .iter()
            .zip(mapping)
            .map(|(h, m)| (rules::header_key(h), m.map(str::to_string)))
            .collect();
        let mut tx = self.db.begin().await?;
        store::save_mapping(&mut tx, kind.code(), &pairs, &middenveld_store::now()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn references(&self, conn: &mut Conn) -> Result<References> {
        let mut refs = References::default();
        for m in middenveld_store::reference::municipalities(conn).await? {
            refs.add_municipality(&m.code, &m.name);
        }
        for (id, name) in middenveld_store::theme::all_names(conn).await? {
            refs.add_theme(id, &name);
        }
        Ok(refs)
    }

    /// Imports (or, for a dry run, checks) every row of a table in one transaction: either all
    /// valid rows are written, or, on a file error or with "stop on first error", nothing.
    pub async fn import(
        &self,
        actor: &Actor,
        reader: TableReader,
        req: &ImportRequest,
        progress: Arc<ImportProgress>,
    ) -> Result<ImportReport> {
        actor.require(Role::Editor)?;
        if let Err(e) = rules::check_mapping(req.kind, &req.mapping) {
            return Err(ServiceError::Invalid(e));
        }
        let report = ImportReport::new(req.kind, &reader);
        let mut tx = self.db.begin().await?;
        let refs = self.references(&mut tx).await?;
        let networks = store::networks_by_name(&mut tx).await?;
        let mut events: HashMap<String, Vec<(i64, String)>> = HashMap::new();
        if req.kind == ImportKind::Attendance {
            for (id, name, starts_at) in middenveld_store::event::by_name(&mut tx).await? {
                events.entry(name).or_default().push((id, starts_at));
            }
        }
        let (existing_max, existing_rows) = match req.kind {
            ImportKind::Organisations => (
                bulk::max_id(&mut tx, bulk::Table::Organisations).await?,
                bulk::count(&mut tx, bulk::Table::Organisations).await?,
            ),
            ImportKind::People => (
                bulk::max_id(&mut tx, bulk::Table::People).await?,
                bulk::count(&mut tx, bulk::Table::People).await?,
            ),
            ImportKind::Memberships | ImportKind::Attendance => (i64::MAX, 0),
        };
        let today = Date(time::OffsetDateTime::now_utc().date());
        let mut run = Run {
            req,
            actor,
            refs,
            seen: HashMap::new(),
            networks,
            events,
            existing_max,
            existing_rows: existing_rows.max(0) as u64,
            created: 0,
            bulk_checked: false,
            set_aside: None,
            today,
            now: middenveld_store::now(),
            report,
        };
        let mut rx = spawn_reader(reader, progress.clone());
        while let Some(batch) = rx.recv().await {
            let batch = match batch {
                Ok(b) => b,
                Err(e) => {
                    run.report.failure = Some(ImportFailure::File(e));
                    break;
                }
            };
            let go_on = match req.kind {
                ImportKind::Organisations => run.organisations(&mut tx, &batch).await?,
                ImportKind::People => run.people(&mut tx, &batch).await?,
                ImportKind::Memberships => run.memberships(&mut tx, &batch).await?,
                ImportKind::Attendance => run.attendance(&mut tx, &batch).await?,
            };
            progress.rows.fetch_add(batch.len() as u64, Ordering::Relaxed);
            if !go_on {
                break;
            }
        }
        drop(rx);
        let set_aside = run.set_aside.take();
        let mut report = run.report;
        report.outcomes.sort_by_key(|o| o.line);
        if report.failure.is_some() || req.dry_run {
            tx.rollback().await?;
        } else {
            if let Some(set) = set_aside {
                progress.indexing.store(true, Ordering::Relaxed);
                set.restore(&mut tx).await?;
            }
            tx.commit().await?;
            report.committed = true;
        }
        progress.finished.store(true, Ordering::Relaxed);
        Ok(report)
    }
}
