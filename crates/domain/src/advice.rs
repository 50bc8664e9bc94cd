//! Incoming advice letters: case numbers, references, the decision and the reply letter.

use crate::audit::{self, Snapshot};
use crate::{Date, ErrorCode, ValidationErrors, text};

/// How advice records are numbered and answered; part of the service configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdviceSettings {
    /// Case number pattern: `YYYY` year, `MM` month, a run of `N` the zero-padded counter.
    pub case_format: String,
    /// Reply reference pattern, same placeholders.
    pub reply_format: String,
    /// Reply within this many weeks of receipt.
    pub reply_weeks: u32,
    /// The province's RSIN (9 digits) as `bronorganisatie` in the ZGW export. The default
    /// is a placeholder that passes the format check; set the real RSIN of the province.
    pub rsin: String,
    /// The ZGW `zaaktype` of an advice case (a URL in the province's catalogue).
    pub zaaktype: String,
    /// The largest advice document accepted, in bytes.
    pub document_max_bytes: usize,
    /// The letterhead of reply letters, one line a line.
    pub sender: String,
    /// The closing above the signatures.
    pub closing: String,
}

impl Default for AdviceSettings {
    fn default() -> Self {
        AdviceSettings {
            case_format: "YYYY-NNNNNN".into(),
            reply_format: "DYYYY-MM-NNNNNN".into(),
            reply_weeks: 8,
            rsin: "000000000".into(),
            zaaktype: "https://catalogi.example.nl/api/v1/zaaktypen/adviesaanvraag".into(),
            document_max_bytes: 10 * 1024 * 1024,
            sender: "Provincie Overijssel\nLuttenbergstraat 2\nPostbus 10078\n8000 GB Zwolle\nTelefoon 038 499 88 99\nwww.overijssel.nl\npostbus@overijssel.nl".into(),
            closing: "Met vriendelijke groet,\nnamens Gedeputeerde Staten van Overijssel,".into(),
        }
    }
}

/// Checks a number pattern: it must hold the year (`YYYY`, the counter runs per year) and one
/// run of at least three `N` (the counter), so every number it gives is different.
pub fn check_format(pattern: &str) -> Result<(), String> {
    let runs: Vec<usize> = pattern.split(|c| c != 'N').map(str::len).filter(|n| *n > 0).collect();
    if !pattern.contains("YYYY") {
        return Err(format!("'{pattern}' has no YYYY: the counter runs per year"));
    }
    match runs.as_slice() {
        [n] if *n >= 3 => Ok(()),
        [_] => Err(format!("'{pattern}': the counter needs at least NNN")),
        _ => Err(format!("'{pattern}' needs exactly one run of N for the counter")),
    }
}

/// Fills a number pattern: `YYYY` → year, `MM` → month, a run of `N` → the counter padded
/// with zeros to the run's width (wider counters are written in full, never cut).
pub fn format_number(pattern: &str, date: Date, counter: i64) -> String {
    let mut out = String::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        if rest.starts_with("YYYY") {
            out.push_str(&format!("{:04}", date.year()));
            i += 4;
        } else if rest.starts_with("MM") {
            out.push_str(&format!("{:02}", u8::from(date.0.month())));
            i += 2;
        } else if chars[i] == 'N' {
            let width = chars[i..].iter().take_while(|c| **c == 'N').count();
            out.push_str(&format!("{counter:0width$}"));
            i += width;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Reads the counter back from a number written with `pattern` (for historic numbers
/// brought in, so the counter moves past them). `None` when it does not fit the pattern.
pub fn counter_of(pattern: &str, date: Date, number: &str) -> Option<i64> {
    let width = pattern.chars().filter(|c| *c == 'N').count();
    let probe = format_number(pattern, date, 0);
    let start = probe.find(&"0".repeat(width))?;
    let digits = number.get(start..)?;
    let digits: String = digits.chars().take_while(char::is_ascii_digit).collect();
    let n: i64 = digits.parse().ok()?;
    (format_number(pattern, date, n) == number).then_some(n)
}

/// The number of pages of a reply letter, estimated from the body: the first page holds the
/// letterhead and about 1,800 characters, every next page about 3,000 (A4, Calibri 11 pt).
pub fn estimated_pages(body: &str) -> usize {
    let n = body.chars().count();
    1 + n.saturating_sub(1800).div_ceil(3000)
}

/// A date as letters write it: 21.02.2023.
pub fn letter_date(d: Date) -> String {
    d.dutch().replace('-', ".")
}

/// The reply deadline: receipt plus the number of weeks.
pub fn deadline(received: Date, weeks: u32) -> Date {
    Date(received.0.saturating_add(time::Duration::weeks(i64::from(weeks))))
}

pub mod field {
    pub const BODY: &str = "adviesorgaan";
    pub const ADDRESSEE: &str = "adres";
    pub const RECEIVED: &str = "ontvangen";
    pub const THEIR_REFERENCE: &str = "uwKenmerk";
    pub const SUBJECT: &str = "onderwerp";
    pub const SUMMARY: &str = "samenvatting";
    pub const WEEKS: &str = "termijnWeken";
    pub const OBJECTIVES: &str = "prestatieIds";
    pub const THEMES: &str = "themaIds";
    pub const DOCUMENT: &str = "bestand";
    pub const DECISION: &str = "besluit";
    pub const REPLY_DATE: &str = "antwoordDatum";
    pub const REPLY_BODY: &str = "antwoordTekst";
    pub const CONTACT_NAME: &str = "contactNaam";
    pub const CONTACT_PHONE: &str = "contactTelefoon";
    pub const CONTACT_EMAIL: &str = "contactEmail";
    pub const SIGNATORIES: &str = "ondertekening";
}

#[derive(Debug, Clone, Default)]
pub struct AdviceInput {
    pub advisory_body: String,
    pub addressee: Option<String>,
    pub received_on: Option<String>,
    pub their_reference: Option<String>,
    pub subject: String,
    pub summary: Option<String>,
    pub reply_weeks: Option<String>,
}

/// A registered advice as typed in (numbers and dates the system sets are kept apart).
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    pub advisory_body: String,
    pub addressee: Option<String>,
    pub received_on: Date,
    pub their_reference: Option<String>,
    pub subject: String,
    pub summary: Option<String>,
    /// Overrides the configured number of weeks for this advice.
    pub reply_weeks: Option<u32>,
}

impl AdviceInput {
    pub fn parse(self) -> Result<Advice, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let advisory_body = e.take(BODY, text::required(&self.advisory_body, 200));
        let addressee = e.take(ADDRESSEE, text::optional_long(self.addressee.as_deref(), 500));
        let received_on = e.take(
            RECEIVED,
            Date::optional(self.received_on.as_deref()).and_then(|d| d.ok_or(ErrorCode::Required)),
        );
        let their_reference = e.take(THEIR_REFERENCE, text::optional(self.their_reference.as_deref(), 100));
        let subject = e.take(SUBJECT, text::required(&self.subject, 300));
        let summary = e.take(SUMMARY, text::optional_long(self.summary.as_deref(), 10_000));
        let reply_weeks = e.take(
            WEEKS,
            match self.reply_weeks.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(w) => match w.parse::<u32>() {
                    Ok(n) if (1..=52).contains(&n) => Ok(Some(n)),
                    Ok(_) => Err(ErrorCode::WeeksRange),
                    Err(_) => Err(ErrorCode::NumberFormat),
                },
            },
        );
        e.finish(|| {
            Some(Advice {
                advisory_body: advisory_body?,
                addressee: addressee?,
                received_on: received_on?,
                their_reference: their_reference?,
                subject: subject?,
                summary: summary?,
                reply_weeks: reply_weeks?,
            })
        })
    }
}

impl Advice {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (BODY, self.advisory_body.clone()),
            (ADDRESSEE, audit::opt(&self.addressee)),
            (RECEIVED, self.received_on.iso()),
            (THEIR_REFERENCE, audit::opt(&self.their_reference)),
            (SUBJECT, self.subject.clone()),
            (SUMMARY, audit::opt(&self.summary)),
            (WEEKS, self.reply_weeks.map(|w| w.to_string()).unwrap_or_default()),
        ]
    }
}

#[derive(Debug, Clone, Default)]
pub struct ReplyInput {
    pub decision: Option<String>,
    pub reply_date: Option<String>,
    pub body: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    /// One signatory a line, e.g. "voorzitter, A.P. Heidema".
    pub signatories: Option<String>,
}

/// The decision and the reply; a reply date closes the case.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reply {
    pub decision: Option<String>,
    pub reply_date: Option<Date>,
    pub body: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub signatories: Option<String>,
}

impl ReplyInput {
    /// Parses the reply of an advice received on `received`: the reply cannot predate it.
    pub fn parse(self, received: Date) -> Result<Reply, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let decision = e.take(DECISION, text::optional_long(self.decision.as_deref(), 10_000));
        let reply_date = e.take(REPLY_DATE, Date::optional(self.reply_date.as_deref()));
        if let Some(Some(d)) = reply_date
            && d < received
        {
            e.add(REPLY_DATE, ErrorCode::DateOrder);
        }
        let body = e.take(REPLY_BODY, text::optional_long(self.body.as_deref(), 50_000));
        let contact_name = e.take(CONTACT_NAME, text::optional(self.contact_name.as_deref(), 200));
        let contact_phone = e.take(CONTACT_PHONE, text::optional(self.contact_phone.as_deref(), 50));
        let contact_email = e.take(
            CONTACT_EMAIL,
            match self.contact_email.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(m) => crate::Email::parse(m).map(|m| Some(m.as_str().to_string())),
            },
        );
        let signatories = e.take(SIGNATORIES, text::optional_long(self.signatories.as_deref(), 1000));
        if matches!(reply_date, Some(Some(_))) && matches!(body, Some(None)) {
            e.add(REPLY_BODY, ErrorCode::Required);
        }
        e.finish(|| {
            Some(Reply {
                decision: decision?,
                reply_date: reply_date?,
                body: body?,
                contact_name: contact_name?,
                contact_phone: contact_phone?,
                contact_email: contact_email?,
                signatories: signatories?,
            })
        })
    }
}

impl Reply {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (DECISION, audit::opt(&self.decision)),
            (REPLY_DATE, audit::opt(&self.reply_date.map(Date::iso))),
            (REPLY_BODY, audit::opt(&self.body)),
            (CONTACT_NAME, audit::opt(&self.contact_name)),
            (CONTACT_PHONE, audit::opt(&self.contact_phone)),
            (CONTACT_EMAIL, audit::opt(&self.contact_email)),
            (SIGNATORIES, audit::opt(&self.signatories)),
        ]
    }
}

/// Why an advice document was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentProblem {
    Empty,
    TooLarge,
    /// The extension is not one of pdf, docx, odt, txt.
    UnknownKind,
    /// The bytes are not what the extension says.
    ContentMismatch,
}

/// Checks an advice document by its extension and its first bytes; gives its media type.
pub fn check_document(file_name: &str, bytes: &[u8], max_bytes: usize) -> Result<&'static str, DocumentProblem> {
    if bytes.is_empty() {
        return Err(DocumentProblem::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(DocumentProblem::TooLarge);
    }
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let (media, ok) = match ext.as_str() {
        "pdf" => ("application/pdf", bytes.starts_with(b"%PDF")),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            bytes.starts_with(b"PK\x03\x04"),
        ),
        "odt" => (
            "application/vnd.oasis.opendocument.text",
            bytes.starts_with(b"PK\x03\x04"),
        ),
        "txt" => (
            "text/plain; charset=utf-8",
            std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0),
        ),
        _ => return Err(DocumentProblem::UnknownKind),
    };
    if ok {
        Ok(media)
    } else {
        Err(DocumentProblem::ContentMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_format_needs_the_year_and_one_counter() {
        assert_eq!(check_format("YYYY-NNNNNN"), Ok(()));
        assert_eq!(check_format("DYYYY-MM-NNNNNN"), Ok(()));
        assert!(check_format("NNNNNN").is_err(), "no year");
        assert!(check_format("YYYY-NN").is_err(), "too short");
        assert!(check_format("YYYY-NNN-NNN").is_err(), "two counters");
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn numbers_follow_the_pattern_of_seed_003() {
        assert_eq!(format_number("YYYY-NNNNNN", d("2023-01-05"), 3015), "2023-003015");
        assert_eq!(
            format_number("DYYYY-MM-NNNNNN", d("2023-02-21"), 2694),
            "D2023-02-002694"
        );
        assert_eq!(counter_of("YYYY-NNNNNN", d("2023-01-05"), "2023-003015"), Some(3015));
        assert_eq!(
            counter_of("DYYYY-MM-NNNNNN", d("2023-02-21"), "D2023-02-002694"),
            Some(2694)
        );
        assert_eq!(counter_of("YYYY-NNNNNN", d("2023-01-05"), "2022-003015"), None);
    }

    #[test]
    fn the_page_count_follows_the_body_length() {
        assert_eq!(estimated_pages("Dank voor uw advies."), 1);
        // Seed 003's reply runs to about 4,300 characters: "Pagina 1 van 2".
        assert_eq!(estimated_pages(&"x".repeat(4300)), 2);
        assert_eq!(estimated_pages(&"x".repeat(4900)), 3);
        assert_eq!(letter_date(d("2023-02-21")), "21.02.2023");
    }

    #[test]
    fn a_reply_cannot_predate_the_advice() {
        let r = ReplyInput {
            reply_date: Some("2022-11-30".into()),
            body: Some("Dank".into()),
            ..ReplyInput::default()
        };
        assert_eq!(
            r.parse(d("2022-12-01")),
            Err(ValidationErrors::one(field::REPLY_DATE, ErrorCode::DateOrder))
        );
    }

    #[test]
    fn documents_are_what_their_extension_says() {
        assert_eq!(check_document("a.pdf", b"%PDF-1.7", 100), Ok("application/pdf"));
        assert_eq!(
            check_document("a.pdf", b"PK\x03\x04", 100),
            Err(DocumentProblem::ContentMismatch)
        );
        assert_eq!(
            check_document("a.txt", b"a\0b", 100),
            Err(DocumentProblem::ContentMismatch)
        );
        assert_eq!(check_document("a.exe", b"MZ", 100), Err(DocumentProblem::UnknownKind));
        assert_eq!(check_document("a.txt", b"abc", 2), Err(DocumentProblem::TooLarge));
    }
}
