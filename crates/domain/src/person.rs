//! People: contacts at organisations. Personal data is kept minimal, with its lawful basis,
//! and can be erased.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, ConsentBasis};
use crate::organisation::optional;
use crate::{Date, Email, ErrorCode, ValidationErrors, text};

#[derive(Debug, Clone, Default)]
pub struct PersonInput {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub function: Option<String>,
    pub consent_basis: Option<String>,
    pub consent_date: Option<String>,
    pub consent_purpose: Option<String>,
    pub organisation_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub function: Option<String>,
    pub consent_basis: ConsentBasis,
    pub consent_date: Date,
    pub consent_purpose: Option<String>,
    pub organisation_ids: Vec<i64>,
}

pub mod field {
    pub const NAME: &str = "naam";
    pub const EMAIL: &str = "email";
    pub const PHONE: &str = "telefoon";
    pub const FUNCTION: &str = "functie";
    pub const CONSENT_BASIS: &str = "grondslag";
    pub const CONSENT_DATE: &str = "grondslagDatum";
    pub const CONSENT_PURPOSE: &str = "doel";
    pub const ORGANISATIONS: &str = "organisaties";
}

fn phone(input: &str) -> Result<String, ErrorCode> {
    let t = input.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let allowed = t.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if allowed && (6..=15).contains(&digits) {
        Ok(t.to_string())
    } else {
        Err(ErrorCode::PhoneFormat)
    }
}

impl PersonInput {
    pub fn parse(self) -> Result<Person, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(&self.name, 200));
        let email = e.take(EMAIL, optional(self.email.as_deref(), Email::parse));
        let phone = e.take(PHONE, optional(self.phone.as_deref(), phone));
        let function = e.take(FUNCTION, text::optional(self.function.as_deref(), 200));
        let consent_basis = e.take(
            CONSENT_BASIS,
            ConsentBasis::optional(self.consent_basis.as_deref()).and_then(|b| b.ok_or(ErrorCode::Required)),
        );
        let consent_date = e.take(
            CONSENT_DATE,
            Date::optional(self.consent_date.as_deref()).and_then(|d| d.ok_or(ErrorCode::Required)),
        );
        let consent_purpose = e.take(CONSENT_PURPOSE, text::optional(self.consent_purpose.as_deref(), 500));
        let mut organisation_ids = self.organisation_ids;
        organisation_ids.sort_unstable();
        organisation_ids.dedup();
        e.finish(|| {
            Some(Person {
                name: name?,
                email: email?,
                phone: phone?,
                function: function?,
                consent_basis: consent_basis?,
                consent_date: consent_date?,
                consent_purpose: consent_purpose?,
                organisation_ids,
            })
        })
    }
}

impl Person {
    pub fn search_text(&self) -> String {
        let mut parts = vec![self.name.as_str()];
        parts.extend(self.email.as_ref().map(Email::as_str));
        parts.extend(self.function.as_deref());
        crate::search::normalise(&parts.join(" "))
    }

    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (NAME, self.name.clone()),
            (EMAIL, audit::opt(&self.email)),
            (PHONE, audit::opt(&self.phone)),
            (FUNCTION, audit::opt(&self.function)),
            (CONSENT_BASIS, self.consent_basis.code().to_string()),
            (CONSENT_DATE, self.consent_date.iso()),
            (CONSENT_PURPOSE, audit::opt(&self.consent_purpose)),
            (ORGANISATIONS, audit::ids(&self.organisation_ids)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_needs_a_lawful_basis_and_its_date() {
        let p = PersonInput {
            name: "M. Bom".into(),
            ..Default::default()
        }
        .parse();
        let e = p.err().unwrap_or_default();
        assert!(e.for_field("grondslag").is_some());
        assert!(e.for_field("grondslagDatum").is_some());
    }

    #[test]
    fn phone_numbers_are_digits_and_separators() {
        assert!(phone("06 1046 2095").is_ok());
        assert!(phone("038 499 88 99").is_ok());
        assert!(phone("bel me").is_err());
    }
}
