//! Support a company receives (an advice conversation, an innovation voucher, an MIT subsidy,
//! financing, coaching, a student assignment) from a provider, with amounts and a status that
//! follows the workflow: applied → granted or rejected → paid → closed.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, SupportInstrument, SupportStatus};
use crate::{Date, ErrorCode, Euro, ValidationErrors, text};

#[derive(Debug, Clone, Default)]
pub struct SupportInput {
    pub organisation_id: Option<i64>,
    pub provider_id: Option<i64>,
    pub instrument: Option<String>,
    pub status: Option<String>,
    pub description: Option<String>,
    pub amount_requested: Option<String>,
    pub amount_granted: Option<String>,
    pub applied_on: Option<String>,
    pub decided_on: Option<String>,
    pub project_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    pub organisation_id: i64,
    pub provider_id: Option<i64>,
    pub instrument: SupportInstrument,
    pub status: SupportStatus,
    pub description: Option<String>,
    pub amount_requested: Option<Euro>,
    pub amount_granted: Option<Euro>,
    pub applied_on: Option<Date>,
    pub decided_on: Option<Date>,
    pub project_id: Option<i64>,
}

pub mod field {
    pub const ORGANISATION: &str = "organisatieId";
    pub const PROVIDER: &str = "aanbiederId";
    pub const INSTRUMENT: &str = "instrument";
    pub const STATUS: &str = "status";
    pub const DESCRIPTION: &str = "omschrijving";
    pub const REQUESTED: &str = "bedragAangevraagd";
    pub const GRANTED: &str = "bedragToegekend";
    pub const APPLIED_ON: &str = "aangevraagdOp";
    pub const DECIDED_ON: &str = "besluitOp";
    pub const PROJECT: &str = "projectId";
}

fn amount(v: Option<&str>) -> Result<Option<Euro>, ErrorCode> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => {
            let e = Euro::parse(s)?;
            if e.cents() < 0 {
                Err(ErrorCode::NegativeAmount)
            } else {
                Ok(Some(e))
            }
        }
    }
}

/// Whether the workflow allows going from `from` to `to` (staying is always allowed).
pub fn may_follow(from: SupportStatus, to: SupportStatus) -> bool {
    use SupportStatus::*;
    from == to
        || matches!(
            (from, to),
            (Applied, Granted)
                | (Applied, Rejected)
                | (Granted, Paid)
                | (Granted, Closed)
                | (Paid, Closed)
                | (Rejected, Closed)
        )
}

/// The statuses a new record may start in: applied, or granted for support given directly
/// (an advice conversation, coaching).
pub fn may_start(s: SupportStatus) -> bool {
    matches!(s, SupportStatus::Applied | SupportStatus::Granted)
}

impl SupportInput {
    /// Parses a record; `before` is the status it had (None for a new record), against which
    /// the workflow is checked.
    pub fn parse(self, before: Option<SupportStatus>) -> Result<Support, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let organisation_id = e.take(ORGANISATION, self.organisation_id.ok_or(ErrorCode::Required));
        let instrument = e.take(
            INSTRUMENT,
            SupportInstrument::optional(self.instrument.as_deref()).and_then(|i| i.ok_or(ErrorCode::Required)),
        );
        let status = e.take(
            STATUS,
            SupportStatus::optional(self.status.as_deref())
                .map(|s| s.or(before).unwrap_or(SupportStatus::Applied))
                .and_then(|s| {
                    let allowed = match before {
                        None => may_start(s),
                        Some(b) => may_follow(b, s),
                    };
                    if allowed {
                        Ok(s)
                    } else {
                        Err(ErrorCode::StatusSkipsStep)
                    }
                }),
        );
        let description = e.take(DESCRIPTION, text::optional_long(self.description.as_deref(), 5000));
        let amount_requested = e.take(REQUESTED, amount(self.amount_requested.as_deref()));
        let amount_granted = e.take(GRANTED, amount(self.amount_granted.as_deref()));
        let applied_on = e.take(APPLIED_ON, Date::optional(self.applied_on.as_deref()));
        let decided_on = e.take(DECIDED_ON, Date::optional(self.decided_on.as_deref()));
        if let (Some(Some(a)), Some(Some(d))) = (applied_on, decided_on)
            && d < a
        {
            e.add(DECIDED_ON, ErrorCode::DateOrder);
        }
        e.finish(|| {
            Some(Support {
                organisation_id: organisation_id?,
                provider_id: self.provider_id,
                instrument: instrument?,
                status: status?,
                description: description?,
                amount_requested: amount_requested?,
                amount_granted: amount_granted?,
                applied_on: applied_on?,
                decided_on: decided_on?,
                project_id: self.project_id,
            })
        })
    }
}

impl Support {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        let euro = |a: Option<Euro>| audit::opt(&a.map(Euro::dutch));
        vec![
            (ORGANISATION, self.organisation_id.to_string()),
            (PROVIDER, audit::opt(&self.provider_id)),
            (INSTRUMENT, self.instrument.code().to_string()),
            (STATUS, self.status.code().to_string()),
            (DESCRIPTION, audit::opt(&self.description)),
            (REQUESTED, euro(self.amount_requested)),
            (GRANTED, euro(self.amount_granted)),
            (APPLIED_ON, audit::opt(&self.applied_on.map(Date::iso))),
            (DECIDED_ON, audit::opt(&self.decided_on.map(Date::iso))),
            (PROJECT, audit::opt(&self.project_id)),
        ]
    }
}

/// An amount as the API and the forms write it: `25000.00`, which [`Euro::parse`] reads back.
pub fn plain(e: Euro) -> String {
    format!("{}.{:02}", e.cents() / 100, e.cents() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use SupportStatus::*;

    fn voucher(status: &str) -> SupportInput {
        SupportInput {
            organisation_id: Some(1),
            instrument: Some("innovatievoucher".into()),
            status: Some(status.into()),
            amount_requested: Some("€ 10.000".into()),
            ..SupportInput::default()
        }
    }

    #[test]
    fn the_workflow_goes_applied_granted_paid_closed() {
        assert_eq!(voucher("").parse(None).map(|s| s.status), Ok(Applied));
        assert_eq!(voucher("toegekend").parse(None).map(|s| s.status), Ok(Granted));
        assert_eq!(
            voucher("uitbetaald").parse(Some(Applied)),
            Err(ValidationErrors::one(field::STATUS, ErrorCode::StatusSkipsStep)),
            "paid before granted"
        );
        assert_eq!(
            voucher("uitbetaald").parse(None),
            Err(ValidationErrors::one(field::STATUS, ErrorCode::StatusSkipsStep))
        );
        assert_eq!(voucher("uitbetaald").parse(Some(Granted)).map(|s| s.status), Ok(Paid));
        assert_eq!(
            voucher("").parse(Some(Paid)).map(|s| s.status),
            Ok(Paid),
            "no status keeps it"
        );
        assert!(may_follow(Rejected, Closed) && !may_follow(Rejected, Granted) && !may_follow(Closed, Applied));
    }

    #[test]
    fn amounts_are_dutch_and_never_negative() {
        let s = voucher("").parse(None).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.amount_requested, Some(Euro(1_000_000)));
        assert_eq!(plain(Euro(1_000_050)), "10000.50");
        let bad = SupportInput {
            amount_granted: Some("-€ 5.000".into()),
            decided_on: Some("01-01-2020".into()),
            applied_on: Some("01-02-2020".into()),
            ..voucher("")
        };
        let fields: Vec<_> = bad
            .parse(None)
            .err()
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                (field::GRANTED, ErrorCode::NegativeAmount),
                (field::DECIDED_ON, ErrorCode::DateOrder)
            ]
        );
    }
}
