//! Contact moments with an organisation: a call, an e-mail, a visit, with a short summary.

use crate::enums::{Coded, ContactKind};
use crate::{Date, ErrorCode, ValidationErrors, text};

#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub kind: Option<String>,
    pub date: Option<String>,
    pub person_id: Option<i64>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub kind: ContactKind,
    pub date: Date,
    pub person_id: Option<i64>,
    pub summary: String,
}

pub mod field {
    pub const KIND: &str = "soort";
    pub const DATE: &str = "datum";
    pub const PERSON: &str = "persoonId";
    pub const SUMMARY: &str = "samenvatting";
}

impl ContactInput {
    /// Parses a contact moment; it cannot lie after `today`.
    pub fn parse(self, today: Date) -> Result<Contact, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let kind = e.take(
            KIND,
            ContactKind::optional(self.kind.as_deref()).and_then(|k| k.ok_or(ErrorCode::Required)),
        );
        let date = e.take(
            DATE,
            Date::optional(self.date.as_deref())
                .map(|d| d.unwrap_or(today))
                .and_then(|d| if d > today { Err(ErrorCode::DateInFuture) } else { Ok(d) }),
        );
        let summary = e.take(
            SUMMARY,
            text::required(self.summary.as_deref().unwrap_or_default(), 2000),
        );
        e.finish(|| {
            Some(Contact {
                kind: kind?,
                date: date?,
                person_id: self.person_id,
                summary: summary?,
            })
        })
    }
}

impl Contact {
    pub fn label(&self, lang: crate::Lang) -> String {
        format!("{}: {}", self.kind.label(lang), self.summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_moment_happened_and_says_what_was_discussed() {
        let today = Date::parse("2026-11-23").unwrap_or_else(|e| panic!("{e:?}"));
        let ok = ContactInput {
            kind: Some("telefoon".into()),
            summary: Some("Nagebeld na de Track".into()),
            ..ContactInput::default()
        };
        assert_eq!(ok.parse(today).map(|c| c.date), Ok(today));
        let bad = ContactInput {
            date: Some("24-11-2026".into()),
            ..ContactInput::default()
        };
        let fields: Vec<_> = bad
            .parse(today)
            .err()
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                (field::KIND, ErrorCode::Required),
                (field::DATE, ErrorCode::DateInFuture),
                (field::SUMMARY, ErrorCode::Required)
            ]
        );
    }
}
