//! Events (network meetings, workshops, Track sessions, …) and the registrations of people for
//! them, with attendance once the event has begun.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, EventKind, RegistrationStatus};
use crate::when::LocalDateTime;
use crate::{ErrorCode, ValidationErrors, text};

/// An event as it arrives from a form or the API: unparsed.
#[derive(Debug, Clone, Default)]
pub struct EventInput {
    pub name: String,
    pub kind: Option<String>,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub location: Option<String>,
    pub organiser_id: Option<i64>,
    pub network_id: Option<i64>,
    pub description: Option<String>,
    pub website: Option<String>,
}

/// A valid event (without its id). Times are wall-clock times in Europe/Amsterdam.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: String,
    pub kind: EventKind,
    pub starts_at: LocalDateTime,
    pub ends_at: Option<LocalDateTime>,
    pub location: Option<String>,
    pub organiser_id: Option<i64>,
    pub network_id: Option<i64>,
    pub description: Option<String>,
    pub website: Option<String>,
}

/// Public field names, as the API and the forms call them.
pub mod field {
    pub const NAME: &str = "naam";
    pub const KIND: &str = "soort";
    pub const START: &str = "begin";
    pub const END: &str = "einde";
    pub const LOCATION: &str = "locatie";
    pub const ORGANISER: &str = "organisatorId";
    pub const NETWORK: &str = "netwerkId";
    pub const DESCRIPTION: &str = "omschrijving";
    pub const WEBSITE: &str = "website";
    pub const PERSON: &str = "persoonId";
    pub const ORGANISATION: &str = "organisatieId";
    pub const STATUS: &str = "status";
}

impl EventInput {
    pub fn parse(self) -> Result<Event, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(&self.name, 200));
        let kind = e.take(
            KIND,
            EventKind::optional(self.kind.as_deref()).and_then(|k| k.ok_or(ErrorCode::Required)),
        );
        let starts_at = e.take(
            START,
            LocalDateTime::optional(self.starts_at.as_deref()).and_then(|s| s.ok_or(ErrorCode::Required)),
        );
        let ends_at = e.take(END, LocalDateTime::optional(self.ends_at.as_deref()));
        if let (Some(s), Some(Some(t))) = (starts_at, ends_at)
            && t < s
        {
            e.add(END, ErrorCode::DateOrder);
        }
        let location = e.take(LOCATION, text::optional(self.location.as_deref(), 300));
        let description = e.take(DESCRIPTION, text::optional_long(self.description.as_deref(), 5000));
        let website = e.take(WEBSITE, text::optional_website(self.website.as_deref()));
        e.finish(|| {
            Some(Event {
                name: name?,
                kind: kind?,
                starts_at: starts_at?,
                ends_at: ends_at?,
                location: location?,
                organiser_id: self.organiser_id,
                network_id: self.network_id,
                description: description?,
                website: website?,
            })
        })
    }
}

impl Event {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (NAME, self.name.clone()),
            (KIND, self.kind.code().to_string()),
            (START, self.starts_at.iso()),
            (END, audit::opt(&self.ends_at.map(LocalDateTime::iso))),
            (LOCATION, audit::opt(&self.location)),
            (ORGANISER, audit::opt(&self.organiser_id)),
            (NETWORK, audit::opt(&self.network_id)),
            (DESCRIPTION, audit::opt(&self.description)),
            (WEBSITE, audit::opt(&self.website)),
        ]
    }

    /// Whether the event has begun at `now` (attendance can be recorded from then on).
    pub fn has_begun(&self, now: LocalDateTime) -> bool {
        self.starts_at <= now
    }
}

/// A registration as it arrives: the person, on behalf of which organisation, and the status.
#[derive(Debug, Clone, Default)]
pub struct RegistrationInput {
    pub person_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registration {
    pub person_id: i64,
    pub organisation_id: Option<i64>,
    pub status: RegistrationStatus,
}

impl RegistrationInput {
    /// Parses a registration for `event` at `now`: no status means registered; attended and
    /// no-show only once the event has begun.
    pub fn parse(self, event: &Event, now: LocalDateTime) -> Result<Registration, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let person_id = e.take(field::PERSON, self.person_id.ok_or(ErrorCode::Required));
        let status = e.take(
            field::STATUS,
            RegistrationStatus::optional(self.status.as_deref())
                .map(|s| s.unwrap_or(RegistrationStatus::Registered))
                .and_then(|s| check_status(s, event, now)),
        );
        e.finish(|| {
            Some(Registration {
                person_id: person_id?,
                organisation_id: self.organisation_id,
                status: status?,
            })
        })
    }
}

/// Attended and no-show are facts of an event that has begun.
pub fn check_status(s: RegistrationStatus, event: &Event, now: LocalDateTime) -> Result<RegistrationStatus, ErrorCode> {
    if s != RegistrationStatus::Registered && !event.has_begun(now) {
        Err(ErrorCode::AttendanceBeforeStart)
    } else {
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EventInput {
        EventInput {
            name: "Waardemakers netwerkbijeenkomst".into(),
            kind: Some("netwerkbijeenkomst".into()),
            starts_at: Some("12-03-2026 14:00".into()),
            ends_at: Some("2026-03-12T17:00".into()),
            ..EventInput::default()
        }
    }

    fn at(s: &str) -> LocalDateTime {
        LocalDateTime::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn a_valid_event_parses() {
        let e = input().parse().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(e.starts_at.iso(), "2026-03-12T14:00");
        assert_eq!(e.kind, EventKind::NetworkMeeting);
    }

    #[test]
    fn every_field_error_is_reported_at_once() {
        let bad = EventInput {
            name: " ".into(),
            kind: Some("feestje".into()),
            starts_at: Some("morgen".into()),
            website: Some("www".into()),
            ..EventInput::default()
        };
        let errors = bad.parse().err().unwrap_or_default();
        let fields: Vec<&str> = errors.0.iter().map(|f| f.field).collect();
        assert_eq!(fields, vec![field::NAME, field::KIND, field::START, field::WEBSITE]);
    }

    #[test]
    fn an_event_cannot_end_before_it_begins() {
        let bad = EventInput {
            ends_at: Some("12-03-2026 13:00".into()),
            ..input()
        };
        let errors = bad.parse().err().unwrap_or_default();
        assert_eq!(errors, ValidationErrors::one(field::END, ErrorCode::DateOrder));
    }

    #[test]
    fn attendance_is_recorded_only_once_the_event_has_begun() {
        let event = input().parse().unwrap_or_else(|e| panic!("{e:?}"));
        let reg = |status: &str| RegistrationInput {
            person_id: Some(1),
            organisation_id: None,
            status: Some(status.into()),
        };
        let before = at("2026-03-12T13:59");
        let after = at("2026-03-12T14:00");
        assert!(reg("aangemeld").parse(&event, before).is_ok());
        assert_eq!(
            reg("aanwezig").parse(&event, before),
            Err(ValidationErrors::one(field::STATUS, ErrorCode::AttendanceBeforeStart))
        );
        assert_eq!(
            reg("afwezig").parse(&event, after).map(|r| r.status),
            Ok(RegistrationStatus::NoShow)
        );
        let no_person = RegistrationInput::default().parse(&event, after);
        assert_eq!(
            no_person,
            Err(ValidationErrors::one(field::PERSON, ErrorCode::Required))
        );
    }
}
