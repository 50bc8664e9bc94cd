//! Tracks (multi-session programmes such as a CIRCO Track): sessions are events, companies
//! enrol one by one or as a chain, and after the last session every company gets a follow-up
//! call ("call within N weeks") whose outcome moves its journey stage.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, FollowUpOutcome};
use crate::{Date, ErrorCode, ValidationErrors, text};

#[derive(Debug, Clone, Default)]
pub struct TrackInput {
    pub name: String,
    pub provider_id: Option<i64>,
    pub trainers: Option<String>,
    pub follow_up_weeks: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    pub name: String,
    pub provider_id: Option<i64>,
    pub trainers: Option<String>,
    /// The follow-up call is due this many weeks after the last session.
    pub follow_up_weeks: i64,
    pub description: Option<String>,
}

pub mod field {
    pub const NAME: &str = "naam";
    pub const PROVIDER: &str = "aanbiederId";
    pub const TRAINERS: &str = "trainers";
    pub const WEEKS: &str = "opvolgingWeken";
    pub const DESCRIPTION: &str = "omschrijving";
    pub const ORGANISATION: &str = "organisatieId";
    pub const CHAIN: &str = "keten";
    pub const OUTCOME: &str = "uitkomst";
    pub const NOTE: &str = "notitie";
    pub const PARTNER: &str = "partnerId";
    pub const TITLE: &str = "titel";
    pub const DUE: &str = "deadline";
}

/// Default weeks between the last session and the follow-up call.
pub const DEFAULT_WEEKS: i64 = 4;

impl TrackInput {
    pub fn parse(self) -> Result<Track, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(&self.name, 200));
        let trainers = e.take(TRAINERS, text::optional(self.trainers.as_deref(), 300));
        let weeks = e.take(
            WEEKS,
            match self.follow_up_weeks.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(DEFAULT_WEEKS),
                Some(w) => match w.parse::<i64>() {
                    Ok(n) if (0..=52).contains(&n) => Ok(n),
                    _ => Err(ErrorCode::WeeksRange),
                },
            },
        );
        let description = e.take(DESCRIPTION, text::optional_long(self.description.as_deref(), 5000));
        e.finish(|| {
            Some(Track {
                name: name?,
                provider_id: self.provider_id,
                trainers: trainers?,
                follow_up_weeks: weeks?,
                description: description?,
            })
        })
    }
}

impl Track {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (NAME, self.name.clone()),
            (PROVIDER, audit::opt(&self.provider_id)),
            (TRAINERS, audit::opt(&self.trainers)),
            (WEEKS, self.follow_up_weeks.to_string()),
            (DESCRIPTION, audit::opt(&self.description)),
        ]
    }

    /// When the follow-up call after a last session on `last` is due.
    pub fn follow_up_due(&self, last: Date) -> Date {
        Date(last.0.saturating_add(time::Duration::weeks(self.follow_up_weeks)))
    }
}

/// The outcome of a follow-up call as it arrives.
#[derive(Debug, Clone, Default)]
pub struct CallInput {
    pub outcome: Option<String>,
    pub note: Option<String>,
    /// The partner the company was referred to (with outcome "doorverwezen").
    pub partner_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub outcome: FollowUpOutcome,
    pub note: Option<String>,
    pub partner_id: Option<i64>,
}

impl CallInput {
    pub fn parse(self) -> Result<Call, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let outcome = e.take(
            OUTCOME,
            FollowUpOutcome::optional(self.outcome.as_deref()).and_then(|o| o.ok_or(ErrorCode::Required)),
        );
        let note = e.take(NOTE, text::optional_long(self.note.as_deref(), 5000));
        if outcome == Some(FollowUpOutcome::Referred) && self.partner_id.is_none() {
            e.add(PARTNER, ErrorCode::Required);
        }
        e.finish(|| {
            Some(Call {
                outcome: outcome?,
                note: note?,
                partner_id: self.partner_id.filter(|_| outcome == Some(FollowUpOutcome::Referred)),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_track_calls_after_four_weeks_unless_it_says_otherwise() {
        let t = TrackInput {
            name: "CIRCO Track Maakindustrie".into(),
            ..TrackInput::default()
        }
        .parse()
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(t.follow_up_weeks, DEFAULT_WEEKS);
        let last = Date::parse("2026-03-10").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(t.follow_up_due(last).iso(), "2026-04-07");
        let bad = TrackInput {
            name: "x".into(),
            follow_up_weeks: Some("-1".into()),
            ..TrackInput::default()
        };
        assert_eq!(
            bad.parse(),
            Err(ValidationErrors::one(field::WEEKS, ErrorCode::WeeksRange))
        );
    }

    #[test]
    fn a_referral_names_the_partner() {
        let call = CallInput {
            outcome: Some("doorverwezen".into()),
            ..CallInput::default()
        };
        assert_eq!(
            call.parse(),
            Err(ValidationErrors::one(field::PARTNER, ErrorCode::Required))
        );
        let ok = CallInput {
            outcome: Some("plan-opgepakt".into()),
            partner_id: Some(3),
            ..CallInput::default()
        }
        .parse();
        assert_eq!(
            ok.map(|c| (c.outcome, c.partner_id)),
            Ok((FollowUpOutcome::PlanPickedUp, None))
        );
    }
}
