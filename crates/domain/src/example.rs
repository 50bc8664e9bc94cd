//! Good examples: the story, pictures, links and editorial workflow of the exhibition.
//!
//! An example moves concept → ter-beoordeling → gepubliceerd → ingetrokken (and back to
//! concept from review or after a withdrawal). Anyone on the staff writes drafts and puts them
//! up for review; only editors publish and withdraw. Publishing needs the featured
//! organisation's consent and a contact partner that receives the visitors' requests.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, ExampleStatus, Sector};
use crate::{Date, Email, ErrorCode, Lang, MunicipalityCode, ValidationErrors, search, text};

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 500;
pub const STORY_MAX: usize = 20_000;
pub const ALT_MAX: usize = 300;
pub const NAME_MAX: usize = 200;
pub const MESSAGE_MAX: usize = 2000;
/// The largest picture accepted (bytes).
pub const PICTURE_MAX_BYTES: usize = 5 * 1024 * 1024;

pub mod field {
    pub const TITLE: &str = "titel";
    pub const SUMMARY: &str = "samenvatting";
    pub const STORY: &str = "verhaal";
    pub const MUNICIPALITY: &str = "gemeentecode";
    pub const SECTOR: &str = "sector";
    pub const THEMES: &str = "themaIds";
    pub const ORGANISATIONS: &str = "organisatieIds";
    pub const PROJECTS: &str = "projectIds";
    pub const CONTACT_PARTNER: &str = "contactpartnerId";
    pub const STATUS: &str = "status";
    pub const PUBLISHED_ON: &str = "publicatiedatum";
    /// The consent as a whole (publishing needs it).
    pub const CONSENT: &str = "toestemming";
    pub const CONSENT_ORGANISATION: &str = "toestemmingOrganisatieId";
    pub const CONSENT_SIGNER: &str = "toestemmingDoor";
    pub const CONSENT_DATE: &str = "toestemmingDatum";
    pub const CONSENT_NOTE: &str = "toestemmingToelichting";
    pub const PICTURE: &str = "bestand";
    pub const ALT: &str = "alt";
    /// Contact form of the exhibition.
    pub const NAME: &str = "naam";
    pub const EMAIL: &str = "email";
    pub const ORGANISATION: &str = "organisatie";
    pub const MESSAGE: &str = "bericht";
    pub const VISITOR_CONSENT: &str = "toestemming";
}

#[derive(Debug, Clone, Default)]
pub struct ExampleInput {
    pub title: String,
    pub summary: Option<String>,
    pub story: Option<String>,
    pub municipality_code: Option<String>,
    pub sector: Option<String>,
    pub theme_ids: Vec<i64>,
    pub organisation_ids: Vec<i64>,
    pub project_ids: Vec<i64>,
    pub contact_partner_id: Option<i64>,
}

/// The editable content of an example (status and consent change by their own use cases).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub title: String,
    pub summary: String,
    /// Plain text; paragraphs are separated by a blank line.
    pub story: String,
    pub municipality: Option<MunicipalityCode>,
    pub sector: Option<Sector>,
    pub theme_ids: Vec<i64>,
    pub organisation_ids: Vec<i64>,
    pub project_ids: Vec<i64>,
    pub contact_partner_id: Option<i64>,
}

fn ids(mut v: Vec<i64>) -> Vec<i64> {
    v.sort_unstable();
    v.dedup();
    v
}

impl ExampleInput {
    pub fn parse(self) -> Result<Example, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let title = e.take(TITLE, text::required(&self.title, TITLE_MAX));
        let summary = e.take(
            SUMMARY,
            text::required(self.summary.as_deref().unwrap_or_default(), SUMMARY_MAX),
        );
        let story = e.take(
            STORY,
            text::optional_long(self.story.as_deref(), STORY_MAX).and_then(|s| s.ok_or(ErrorCode::Required)),
        );
        let municipality = e.take(
            MUNICIPALITY,
            match self.municipality_code.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(c) => MunicipalityCode::parse(c).map(Some),
            },
        );
        let sector = e.take(SECTOR, Sector::optional(self.sector.as_deref()));
        e.finish(|| {
            Some(Example {
                title: title?,
                summary: summary?,
                story: story?,
                municipality: municipality?,
                sector: sector?,
                theme_ids: ids(self.theme_ids),
                organisation_ids: ids(self.organisation_ids),
                project_ids: ids(self.project_ids),
                contact_partner_id: self.contact_partner_id,
            })
        })
    }
}

impl Example {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (TITLE, self.title.clone()),
            (SUMMARY, self.summary.clone()),
            (STORY, self.story.clone()),
            (
                MUNICIPALITY,
                self.municipality
                    .as_ref()
                    .map(|m| m.as_str().to_string())
                    .unwrap_or_default(),
            ),
            (SECTOR, self.sector.map(|s| s.code().to_string()).unwrap_or_default()),
            (THEMES, audit::ids(&self.theme_ids)),
            (ORGANISATIONS, audit::ids(&self.organisation_ids)),
            (PROJECTS, audit::ids(&self.project_ids)),
            (CONTACT_PARTNER, audit::opt(&self.contact_partner_id)),
        ]
    }

    /// The normalised text the full-text search indexes: title, summary, story and the names
    /// of the organisations involved.
    pub fn search_text(&self, organisation_names: &[String]) -> String {
        let mut all = vec![self.title.as_str(), self.summary.as_str(), self.story.as_str()];
        all.extend(organisation_names.iter().map(String::as_str));
        search::normalise(&all.join(" "))
    }
}

/// The paragraphs of a story: blocks separated by one or more blank lines, inner line breaks
/// kept as spaces.
pub fn paragraphs(story: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in story.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

#[derive(Debug, Clone, Default)]
pub struct ConsentInput {
    pub organisation_id: Option<i64>,
    pub signer: Option<String>,
    pub date: Option<String>,
    pub note: Option<String>,
}

/// The featured organisation's consent to show the example: who gave it and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Consent {
    pub organisation_id: i64,
    pub signer: String,
    pub date: Date,
    pub note: Option<String>,
}

impl ConsentInput {
    pub fn parse(self) -> Result<Consent, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let organisation_id = e.take(CONSENT_ORGANISATION, self.organisation_id.ok_or(ErrorCode::Required));
        let signer = e.take(
            CONSENT_SIGNER,
            text::required(self.signer.as_deref().unwrap_or_default(), NAME_MAX),
        );
        let date = e.take(
            CONSENT_DATE,
            Date::optional(self.date.as_deref()).and_then(|d| d.ok_or(ErrorCode::Required)),
        );
        let note = e.take(CONSENT_NOTE, text::optional_long(self.note.as_deref(), MESSAGE_MAX));
        e.finish(|| {
            Some(Consent {
                organisation_id: organisation_id?,
                signer: signer?,
                date: date?,
                note: note?,
            })
        })
    }
}

impl Consent {
    pub fn snapshot(c: &Option<Consent>) -> Snapshot {
        use field::*;
        vec![
            (CONSENT_ORGANISATION, audit::opt(&c.as_ref().map(|c| c.organisation_id))),
            (CONSENT_SIGNER, audit::opt(&c.as_ref().map(|c| c.signer.clone()))),
            (CONSENT_DATE, audit::opt(&c.as_ref().map(|c| c.date.iso()))),
            (CONSENT_NOTE, audit::opt(&c.as_ref().and_then(|c| c.note.clone()))),
        ]
    }
}

/// Whether the workflow knows the move `from` → `to`.
pub fn move_allowed(from: ExampleStatus, to: ExampleStatus) -> bool {
    use ExampleStatus::*;
    matches!(
        (from, to),
        (Draft, Review) | (Review, Draft) | (Review, Published) | (Published, Withdrawn) | (Withdrawn, Draft)
    )
}

/// Whether only an editor may make the move (publishing and withdrawing).
pub fn move_needs_editor(to: ExampleStatus) -> bool {
    matches!(to, ExampleStatus::Published | ExampleStatus::Withdrawn)
}

/// Whether only an editor may change the content in this status (what the public sees or saw).
pub fn edit_needs_editor(status: ExampleStatus) -> bool {
    matches!(status, ExampleStatus::Published | ExampleStatus::Withdrawn)
}

/// The moves the workflow offers from `from`.
pub fn next_statuses(from: ExampleStatus) -> Vec<ExampleStatus> {
    ExampleStatus::ALL
        .iter()
        .copied()
        .filter(|to| move_allowed(from, *to))
        .collect()
}

/// What publishing still needs: the featured organisation's consent and a contact partner.
pub fn publish_check(example: &Example, consent: Option<&Consent>) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if consent.is_none() {
        e.add(field::CONSENT, ErrorCode::Required);
    }
    if example.contact_partner_id.is_none() {
        e.add(field::CONTACT_PARTNER, ErrorCode::Required);
    }
    if e.is_empty() { Ok(()) } else { Err(e) }
}

/// The message of a refused workflow step, naming what is missing or not allowed.
pub fn workflow_message(field: &str, lang: Lang) -> Option<&'static str> {
    match field {
        field::CONSENT => Some(lang.pick(
            "Publiceren kan pas als de toestemming van de uitgelichte organisatie is vastgelegd.",
            "Publishing needs the consent of the featured organisation to be recorded first.",
        )),
        field::CONTACT_PARTNER => Some(lang.pick(
            "Publiceren kan pas als er een contactpartner is gekozen die de contactverzoeken ontvangt.",
            "Publishing needs a contact partner that receives the contact requests.",
        )),
        field::STATUS => Some(lang.pick(
            "Deze stap kan niet vanuit de huidige status. Mogelijk: concept → ter beoordeling → gepubliceerd → ingetrokken, terug naar concept vanuit ter beoordeling of ingetrokken.",
            "This step is not possible from the current status. Possible: draft → in review → published → withdrawn, back to draft from review or withdrawn.",
        )),
        _ => None,
    }
}

/// The image formats accepted, recognised by their first bytes (never by the file name).
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Why a picture was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureProblem {
    Missing,
    TooLarge,
    NotAnImage,
}

impl PictureProblem {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            PictureProblem::Missing => lang.pick("Kies een afbeelding.", "Choose a picture."),
            PictureProblem::TooLarge => lang.pick(
                "De afbeelding is groter dan 5 MB; verklein hem en probeer het opnieuw.",
                "The picture is larger than 5 MB; make it smaller and try again.",
            ),
            PictureProblem::NotAnImage => lang.pick(
                "Dit bestand is geen PNG-, JPEG- of WebP-afbeelding.",
                "This file is not a PNG, JPEG or WebP picture.",
            ),
        }
    }
}

/// A checked picture with its alternative text.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub content_type: &'static str,
    pub alt_text: String,
    pub bytes: Vec<u8>,
}

/// Checks an uploaded picture: present, at most 5 MB, really PNG, JPEG or WebP, with an
/// alternative text. The problem with the file (if any) and the alt-text error come back
/// together.
pub fn parse_picture(bytes: Vec<u8>, alt: &str) -> Result<Picture, (Option<PictureProblem>, ValidationErrors)> {
    let mut e = ValidationErrors::new();
    let alt_text = e.take(field::ALT, text::required(alt, ALT_MAX));
    let problem = if bytes.is_empty() {
        Some(PictureProblem::Missing)
    } else if bytes.len() > PICTURE_MAX_BYTES {
        Some(PictureProblem::TooLarge)
    } else if sniff_image(&bytes).is_none() {
        Some(PictureProblem::NotAnImage)
    } else {
        None
    };
    if let Some(p) = problem {
        e.add(
            field::PICTURE,
            match p {
                PictureProblem::Missing => ErrorCode::Required,
                PictureProblem::TooLarge => ErrorCode::TooLong { max: PICTURE_MAX_BYTES },
                PictureProblem::NotAnImage => ErrorCode::UnknownValue,
            },
        );
    }
    match (alt_text, sniff_image(&bytes), problem) {
        (Some(alt_text), Some(content_type), None) if e.is_empty() => Ok(Picture {
            content_type,
            alt_text,
            bytes,
        }),
        _ => Err((problem, e)),
    }
}

#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub name: Option<String>,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub message: Option<String>,
    /// The visitor ticked "you may pass my details on".
    pub consent: bool,
}

/// A visitor's request to get in touch about an example, passed on to its contact partner.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRequest {
    pub name: String,
    pub email: Email,
    pub organisation: Option<String>,
    pub message: String,
}

impl ContactInput {
    pub fn parse(self) -> Result<ContactRequest, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(self.name.as_deref().unwrap_or_default(), NAME_MAX));
        let email = e.take(
            EMAIL,
            text::required(self.email.as_deref().unwrap_or_default(), 254).and_then(|s| Email::parse(&s)),
        );
        let organisation = e.take(ORGANISATION, text::optional(self.organisation.as_deref(), NAME_MAX));
        let message = e.take(
            MESSAGE,
            text::optional_long(self.message.as_deref(), MESSAGE_MAX).and_then(|m| m.ok_or(ErrorCode::Required)),
        );
        if !self.consent {
            e.add(VISITOR_CONSENT, ErrorCode::Required);
        }
        e.finish(|| {
            Some(ContactRequest {
                name: name?,
                email: email?,
                organisation: organisation?,
                message: message?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Example {
        ExampleInput {
            title: "Cementloos beton in de turborotonde N737".into(),
            summary: Some("De eerste rotonde van cementloos beton.".into()),
            story: Some("Eerste alinea\nloopt door.\n\n\nTweede alinea.".into()),
            municipality_code: Some("GM0153".into()),
            theme_ids: vec![3, 1, 3],
            ..ExampleInput::default()
        }
        .parse()
        .unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn a_story_is_split_into_paragraphs_and_links_are_deduplicated() {
        let e = example();
        assert_eq!(
            paragraphs(&e.story),
            vec!["Eerste alinea loopt door.", "Tweede alinea."]
        );
        assert_eq!(e.theme_ids, vec![1, 3]);
        assert!(e.search_text(&["Coöperatie Één".into()]).contains("cooperatie een"));
    }

    #[test]
    fn the_workflow_knows_its_moves_and_who_may_make_them() {
        use ExampleStatus::*;
        assert!(move_allowed(Draft, Review));
        assert!(!move_allowed(Draft, Published));
        assert!(!move_allowed(Published, Draft));
        assert!(move_allowed(Withdrawn, Draft));
        assert!(move_needs_editor(Published) && move_needs_editor(Withdrawn));
        assert!(!move_needs_editor(Review));
        assert_eq!(next_statuses(Review), vec![Draft, Published]);
    }

    #[test]
    fn publishing_names_what_is_missing() {
        let e = example();
        let fields: Vec<_> = publish_check(&e, None)
            .err()
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, vec![field::CONSENT, field::CONTACT_PARTNER]);
    }

    #[test]
    fn pictures_are_recognised_by_their_bytes() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
        assert_eq!(sniff_image(&png), Some("image/png"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"<svg onload=alert(1)>"), None);
        assert!(parse_picture(png.to_vec(), "Rotonde").is_ok());
        let (problem, errors) = parse_picture(b"GIF89a".to_vec(), "")
            .err()
            .unwrap_or((None, ValidationErrors::new()));
        assert_eq!(problem, Some(PictureProblem::NotAnImage));
        assert!(errors.for_field(field::ALT).is_some());
    }

    #[test]
    fn a_contact_request_needs_consent_and_refuses_long_text() {
        let input = ContactInput {
            name: Some("Bezoeker".into()),
            email: Some("bezoeker@example.org".into()),
            message: Some("x".repeat(MESSAGE_MAX + 1)),
            consent: false,
            ..ContactInput::default()
        };
        let fields: Vec<_> = input
            .parse()
            .err()
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, vec![field::MESSAGE, field::VISITOR_CONSENT]);
    }
}
