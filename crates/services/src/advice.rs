//! Use cases of advice letters: register, decide, reply, export as ZGW cases.
//!
//! Case numbers and reply references come from a counter per year raised inside the creating
//! transaction, and advices are never deleted: a number, once given, is never given again.

use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::advice::{
    self as rules, AdviceInput, DocumentProblem, ReplyInput, estimated_pages, field, format_number, letter_date,
};
use middenveld_domain::{Date, ErrorCode, Role, ValidationErrors};
use middenveld_store::advice::{self as store, AdviceFilter, AdviceRecord, NewAdvice};

pub const ENTITY: &str = "advice";
const CASE: &str = "zaak";
const REPLY: &str = "antwoord";

/// An open case whose reply deadline is near (within 14 days) or past.
#[derive(Debug, Clone, PartialEq)]
pub struct AdviceDue {
    pub id: i64,
    pub case_number: String,
    pub subject: String,
    pub deadline: Date,
    pub overdue: bool,
}

/// What a registration links to besides the letter itself.
#[derive(Debug, Clone, Default)]
pub struct AdviceLinks {
    pub objective_ids: Vec<i64>,
    pub theme_ids: Vec<i64>,
}

/// Historic numbers of an advice brought in (demo, migration from a case system); the
/// counters move past them so they are never given again.
#[derive(Debug, Clone)]
pub struct HistoricNumbers {
    pub case_number: String,
    pub registered_on: Date,
    pub reply_reference: Option<String>,
    /// The date of the historic reply (its month is part of the reference).
    pub replied_on: Option<Date>,
}

/// Every field of the reply letter's letterhead (seed 003) and its text.
#[derive(Debug, Clone)]
pub struct ReplyLetter {
    pub sender: Vec<String>,
    pub addressee: Vec<String>,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    /// Datum, 21.02.2023.
    pub date: String,
    pub reference: String,
    pub case_number: String,
    /// "1 van 2".
    pub page: String,
    pub attachments: String,
    /// Uw brief: the date of their letter.
    pub their_letter: String,
    pub their_reference: String,
    pub subject: String,
    pub body: Vec<String>,
    pub closing: Vec<String>,
    pub signatories: Vec<String>,
}

impl ReplyLetter {
    pub const COLUMNS: [&'static str; 7] = [
        "Datum",
        "Kenmerk",
        "Zaaknummer",
        "Pagina",
        "Bijlagen",
        "Uw brief",
        "Uw kenmerk",
    ];

    pub fn row(&self) -> [String; 7] {
        [
            self.date.clone(),
            self.reference.clone(),
            self.case_number.clone(),
            self.page.clone(),
            self.attachments.clone(),
            self.their_letter.clone(),
            self.their_reference.clone(),
        ]
    }

    pub fn docx(&self) -> Result<Vec<u8>> {
        use middenveld_tabular::{DocxBlock, DocxDocument, write_docx};
        let mut blocks = vec![
            DocxBlock::Paragraph(self.sender.join("\n")),
            DocxBlock::Paragraph(self.addressee.join("\n")),
            DocxBlock::Paragraph(format!(
                "Inlichtingen bij\n{}\nTelefoon {}\n{}",
                self.contact_name, self.contact_phone, self.contact_email
            )),
            DocxBlock::Table {
                header: Self::COLUMNS.iter().map(|c| c.to_string()).collect(),
                rows: vec![self.row().to_vec()],
            },
            DocxBlock::Label(format!("Onderwerp: {}", self.subject)),
        ];
        blocks.extend(self.body.iter().cloned().map(DocxBlock::Paragraph));
        blocks.push(DocxBlock::Paragraph(self.closing.join("\n")));
        blocks.extend(self.signatories.iter().cloned().map(DocxBlock::Paragraph));
        write_docx(&DocxDocument {
            title: format!("{} {}", self.reference, self.subject),
            language: "nl-NL".into(),
            blocks,
        })
        .map_err(|e| ServiceError::Internal(e.to_string()))
    }
}

fn lines(s: &Option<String>) -> Vec<String> {
    s.as_deref()
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl Services {
    /// Registers an incoming advice and gives it the next case number of this year.
    pub async fn register_advice(&self, actor: &Actor, input: AdviceInput, links: AdviceLinks) -> Result<i64> {
        self.register(actor, input, links, None).await
    }

    /// Registers an advice that already has its numbers (see [`HistoricNumbers`]).
    pub async fn import_advice(
        &self,
        actor: &Actor,
        input: AdviceInput,
        links: AdviceLinks,
        numbers: HistoricNumbers,
    ) -> Result<i64> {
        self.register(actor, input, links, Some(numbers)).await
    }

    async fn register(
        &self,
        actor: &Actor,
        input: AdviceInput,
        links: AdviceLinks,
        historic: Option<HistoricNumbers>,
    ) -> Result<i64> {
        actor.require(Role::Editor)?;
        let a = input.parse()?;
        let settings = &self.config.advice;
        let registered_on = historic.as_ref().map_or_else(crate::today, |h| h.registered_on);
        let mut tx = self.db.begin().await?;
        // The counter write comes first: it takes the write lock on SQLite (see store).
        let case_number = match &historic {
            None => {
                let n = store::next_counter(&mut tx, CASE, registered_on.year()).await?;
                format_number(&settings.case_format, registered_on, n)
            }
            Some(h) => {
                if let Some(n) = rules::counter_of(&settings.case_format, registered_on, &h.case_number) {
                    store::raise_counter(&mut tx, CASE, registered_on.year(), n).await?;
                }
                h.case_number.clone()
            }
        };
        let mut errors = ValidationErrors::new();
        for o in &links.objective_ids {
            if !store::exists(&mut tx, "objectives", *o).await? {
                errors.add(field::OBJECTIVES, ErrorCode::NotFound);
            }
        }
        for t in &links.theme_ids {
            if !store::exists(&mut tx, "themes", *t).await? {
                errors.add(field::THEMES, ErrorCode::NotFound);
            }
        }
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
        let deadline = rules::deadline(a.received_on, a.reply_weeks.unwrap_or(settings.reply_weeks));
        let id = store::insert(
            &mut tx,
            &NewAdvice {
                case_number: &case_number,
                data: &a,
                registered_on,
                deadline,
            },
            &middenveld_store::now(),
        )
        .await?;
        store::set_links(&mut tx, id, &links.objective_ids, &links.theme_ids).await?;
        let mut after = a.snapshot();
        after.push(("zaaknummer", case_number.clone()));
        after.push(("termijn", deadline.iso()));
        audit::record(&mut tx, actor, ENTITY, id, Action::Create, &vec![], &after).await?;
        if let Some(h) = historic
            && let Some(reference) = h.reply_reference
        {
            let on = h.replied_on.unwrap_or(registered_on);
            if let Some(n) = rules::counter_of(&settings.reply_format, on, &reference) {
                store::raise_counter(&mut tx, REPLY, on.year(), n).await?;
            }
            let r = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
            store::set_reply(&mut tx, id, &r.reply, Some(&reference), &middenveld_store::now()).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Changes what was registered: advisory body, address, date received, their reference,
    /// subject, summary, term and links. The case number never changes; a received date after
    /// the reply date is refused.
    pub async fn update_advice(&self, actor: &Actor, id: i64, input: AdviceInput, links: AdviceLinks) -> Result<()> {
        actor.require(Role::Editor)?;
        let a = input.parse()?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        let mut errors = ValidationErrors::new();
        if before.reply.reply_date.is_some_and(|r| r < a.received_on) {
            errors.add(field::RECEIVED, ErrorCode::DateOrder);
        }
        for o in &links.objective_ids {
            if !store::exists(&mut tx, "objectives", *o).await? {
                errors.add(field::OBJECTIVES, ErrorCode::NotFound);
            }
        }
        for t in &links.theme_ids {
            if !store::exists(&mut tx, "themes", *t).await? {
                errors.add(field::THEMES, ErrorCode::NotFound);
            }
        }
        if !errors.is_empty() {
            return Err(ServiceError::Invalid(errors));
        }
        let deadline = rules::deadline(a.received_on, a.reply_weeks.unwrap_or(self.config.advice.reply_weeks));
        store::update(&mut tx, id, &a, deadline, &middenveld_store::now()).await?;
        store::set_links(&mut tx, id, &links.objective_ids, &links.theme_ids).await?;
        let mut old = before.data.snapshot();
        old.push(("termijn", before.deadline.iso()));
        let mut new = a.snapshot();
        new.push(("termijn", deadline.iso()));
        audit::record(&mut tx, actor, ENTITY, id, Action::Update, &old, &new).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the decision and the reply. The reply reference is given the first time a
    /// reply text or date is written; a reply date closes the case.
    pub async fn reply_advice(&self, actor: &Actor, id: i64, input: ReplyInput) -> Result<()> {
        actor.require(Role::Editor)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        let r = input.parse(before.data.received_on)?;
        let mut new_reference = None;
        if before.reply_reference.is_none() && (r.body.is_some() || r.reply_date.is_some()) {
            let on = r.reply_date.unwrap_or_else(crate::today);
            let n = store::next_counter(&mut tx, REPLY, on.year()).await?;
            new_reference = Some(format_number(&self.config.advice.reply_format, on, n));
        }
        store::set_reply(&mut tx, id, &r, new_reference.as_deref(), &middenveld_store::now()).await?;
        let mut after = r.snapshot();
        let mut prior = before.reply.snapshot();
        prior.push(("kenmerk", before.reply_reference.clone().unwrap_or_default()));
        after.push((
            "kenmerk",
            before.reply_reference.clone().or(new_reference).unwrap_or_default(),
        ));
        audit::record(&mut tx, actor, ENTITY, id, Action::Update, &prior, &after).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Keeps the advice document with the case (replacing an earlier one).
    pub async fn attach_advice_document(
        &self,
        actor: &Actor,
        id: i64,
        file_name: &str,
        bytes: &[u8],
    ) -> std::result::Result<(), AttachError> {
        actor.require(Role::Editor)?;
        let media = rules::check_document(file_name, bytes, self.config.advice.document_max_bytes)
            .map_err(AttachError::Document)?;
        let mut tx = self.db.begin().await?;
        let before = store::get(&mut tx, id).await?.ok_or(ServiceError::NotFound)?;
        let name: String = file_name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(file_name)
            .chars()
            .filter(|c| !c.is_control() && *c != '"')
            .take(200)
            .collect();
        store::put_document(&mut tx, id, &name, media, bytes, &middenveld_store::now()).await?;
        let old = before.document.map(|d| d.0).unwrap_or_default();
        audit::write(
            &mut tx,
            actor,
            ENTITY,
            id,
            Action::Update,
            &audit::note("document", &old, &name),
        )
        .await?;
        tx.commit().await.map_err(ServiceError::from)?;
        Ok(())
    }

    /// The document: file name, media type and bytes.
    pub async fn advice_document(&self, actor: &Actor, id: i64) -> Result<(String, String, Vec<u8>)> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::document(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn advice(&self, actor: &Actor, id: i64) -> Result<AdviceRecord> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        store::get(&mut conn, id).await?.ok_or(ServiceError::NotFound)
    }

    pub async fn advices(&self, actor: &Actor, filter: &AdviceFilter) -> Result<Vec<AdviceRecord>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(store::list(&mut conn, filter).await?)
    }

    pub async fn advice_history(&self, actor: &Actor, id: i64) -> Result<Vec<middenveld_store::audit::AuditEntry>> {
        actor.require(Role::Viewer)?;
        let mut conn = self.db.conn().await?;
        Ok(middenveld_store::audit::for_record(&mut conn, ENTITY, id, 50).await?)
    }

    /// Open cases whose deadline is within 14 days or past, soonest first (the dashboard).
    pub async fn advice_due(&self, actor: &Actor, today: Date) -> Result<Vec<AdviceDue>> {
        let open = self
            .advices(
                actor,
                &AdviceFilter {
                    open: Some(true),
                    ..AdviceFilter::default()
                },
            )
            .await?;
        let horizon = rules::deadline(today, 2);
        let mut due: Vec<AdviceDue> = open
            .into_iter()
            .filter(|a| a.deadline <= horizon)
            .map(|a| AdviceDue {
                id: a.id,
                overdue: a.deadline < today,
                case_number: a.case_number,
                subject: a.data.subject,
                deadline: a.deadline,
            })
            .collect();
        due.sort_by(|a, b| a.deadline.cmp(&b.deadline).then(a.id.cmp(&b.id)));
        Ok(due)
    }

    /// The reply letter of an advice, once its reply is written (it has a reference).
    pub async fn reply_letter(&self, actor: &Actor, id: i64) -> Result<ReplyLetter> {
        let a = self.advice(actor, id).await?;
        let reference = a.reply_reference.clone().ok_or(ServiceError::NotFound)?;
        let settings = &self.config.advice;
        let body_text = a.reply.body.clone().unwrap_or_default();
        let body: Vec<String> = body_text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        let mut addressee = vec![a.data.advisory_body.clone()];
        addressee.extend(lines(&a.data.addressee));
        Ok(ReplyLetter {
            sender: lines(&Some(settings.sender.clone())),
            addressee,
            contact_name: a.reply.contact_name.clone().unwrap_or_default(),
            contact_phone: a.reply.contact_phone.clone().unwrap_or_default(),
            contact_email: a.reply.contact_email.clone().unwrap_or_default(),
            date: letter_date(a.reply.reply_date.unwrap_or_else(crate::today)),
            reference,
            case_number: a.case_number.clone(),
            page: format!("1 van {}", estimated_pages(&body_text)),
            attachments: String::new(),
            their_letter: letter_date(a.data.received_on),
            their_reference: a.data.their_reference.clone().unwrap_or_default(),
            subject: a.data.subject.clone(),
            body,
            closing: lines(&Some(settings.closing.clone())),
            signatories: lines(&a.reply.signatories),
        })
    }

    /// Every advice as a zaak in the field names of the ZGW Zaken API.
    pub async fn advice_zgw(&self, actor: &Actor) -> Result<Vec<serde_json::Value>> {
        let all = self.advices(actor, &AdviceFilter::default()).await?;
        let s = &self.config.advice;
        Ok(all
            .into_iter()
            .map(|a| {
                let mut kenmerken = Vec::new();
                if let Some(k) = &a.data.their_reference {
                    kenmerken.push(serde_json::json!({
                        "kenmerk": k.chars().take(40).collect::<String>(),
                        "bron": a.data.advisory_body.chars().take(40).collect::<String>(),
                    }));
                }
                if let Some(k) = &a.reply_reference {
                    kenmerken.push(serde_json::json!({"kenmerk": k, "bron": "provincie"}));
                }
                serde_json::json!({
                    "identificatie": a.case_number,
                    "bronorganisatie": s.rsin,
                    "zaaktype": s.zaaktype,
                    "omschrijving": a.data.subject.chars().take(80).collect::<String>(),
                    "verantwoordelijkeOrganisatie": s.rsin,
                    "toelichting": a.data.summary.clone().unwrap_or_default().chars().take(1000).collect::<String>(),
                    "startdatum": a.data.received_on.iso(),
                    "registratiedatum": a.registered_on.iso(),
                    "uiterlijkeEinddatumAfdoening": a.deadline.iso(),
                    "einddatum": a.reply.reply_date.map(Date::iso),
                    "kenmerken": kenmerken,
                })
            })
            .collect())
    }
}

/// Why a document was not kept: the file itself, or the usual service reasons.
#[derive(Debug)]
pub enum AttachError {
    Document(DocumentProblem),
    Service(ServiceError),
}

impl<E: Into<ServiceError>> From<E> for AttachError {
    fn from(e: E) -> Self {
        AttachError::Service(e.into())
    }
}
