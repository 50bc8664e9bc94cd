//! Launching-customer cases: the province uses a challenge of its own (a roundabout, asbestos
//! roofs) to be the first customer of an innovation, with the suppliers that bring it.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, LaunchingStatus};
use crate::{Date, ErrorCode, ValidationErrors, text};

#[derive(Debug, Clone, Default)]
pub struct CaseInput {
    pub name: String,
    pub challenge: Option<String>,
    pub innovation: Option<String>,
    pub status: Option<String>,
    pub outcome: Option<String>,
    pub start_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub name: String,
    pub challenge: String,
    pub innovation: Option<String>,
    pub status: LaunchingStatus,
    pub outcome: Option<String>,
    pub start_date: Option<Date>,
}

pub mod field {
    pub const NAME: &str = "naam";
    pub const CHALLENGE: &str = "opgave";
    pub const INNOVATION: &str = "innovatie";
    pub const STATUS: &str = "status";
    pub const OUTCOME: &str = "resultaat";
    pub const START: &str = "startdatum";
    pub const SUPPLIER: &str = "organisatieId";
}

impl CaseInput {
    pub fn parse(self) -> Result<Case, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(&self.name, 200));
        let challenge = e.take(
            CHALLENGE,
            text::required(self.challenge.as_deref().unwrap_or_default(), 5000),
        );
        let innovation = e.take(INNOVATION, text::optional_long(self.innovation.as_deref(), 5000));
        let status = e.take(
            STATUS,
            LaunchingStatus::optional(self.status.as_deref()).map(|s| s.unwrap_or(LaunchingStatus::Exploring)),
        );
        let outcome = e.take(OUTCOME, text::optional_long(self.outcome.as_deref(), 5000));
        let start_date = e.take(START, Date::optional(self.start_date.as_deref()));
        if status == Some(LaunchingStatus::Closed) && matches!(outcome, Some(None)) {
            e.add(OUTCOME, ErrorCode::Required);
        }
        e.finish(|| {
            Some(Case {
                name: name?,
                challenge: challenge?,
                innovation: innovation?,
                status: status?,
                outcome: outcome?,
                start_date: start_date?,
            })
        })
    }
}

impl Case {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (NAME, self.name.clone()),
            (CHALLENGE, self.challenge.clone()),
            (INNOVATION, audit::opt(&self.innovation)),
            (STATUS, self.status.code().to_string()),
            (OUTCOME, audit::opt(&self.outcome)),
            (START, audit::opt(&self.start_date.map(Date::iso))),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_case_says_what_came_of_it() {
        let closed = CaseInput {
            name: "Asbestschakel".into(),
            challenge: Some("Asbestdaken verwijderen".into()),
            status: Some("afgerond".into()),
            ..CaseInput::default()
        };
        assert_eq!(
            closed.parse(),
            Err(ValidationErrors::one(field::OUTCOME, ErrorCode::Required))
        );
        let new = CaseInput {
            name: "N737".into(),
            challenge: Some("Turborotonde".into()),
            ..CaseInput::default()
        };
        assert_eq!(new.parse().map(|c| c.status), Ok(LaunchingStatus::Exploring));
    }
}
