//! The entrepreneur's journey towards circular business: every change of an organisation's
//! journey stage is kept with who, when and why, so the funnel can count moves between stages
//! and an organisation's timeline shows its path.

use crate::enums::JourneyStage;
use crate::{ErrorCode, ValidationErrors, text};

/// The field that gives the reason of a stage change (forms and API).
pub const REASON: &str = "faseReden";
/// The field of the new stage when a change is recorded on its own.
pub const STAGE: &str = "fase";

/// One change of stage, from none (first registration) or to none (cleared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    pub from: Option<JourneyStage>,
    pub to: Option<JourneyStage>,
    pub reason: String,
}

/// Why a stage was set when the user gave no reason: the record's first registration, or an
/// import (the system knows why; a person must say why).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implied {
    /// A person changes the stage: a reason is required.
    None,
    FirstRegistration,
    Import,
}

impl Implied {
    fn reason(self) -> Option<&'static str> {
        match self {
            Implied::None => None,
            Implied::FirstRegistration => Some("Eerste registratie"),
            Implied::Import => Some("Bijgewerkt door een import"),
        }
    }
}

/// The change from `from` to `to`, if the stage changes: with the reason given, or the implied
/// one; refused when a person changes the stage without saying why.
pub fn stage_change(
    from: Option<JourneyStage>,
    to: Option<JourneyStage>,
    reason: Option<&str>,
    implied: Implied,
) -> Result<Option<StageChange>, ValidationErrors> {
    if from == to {
        return Ok(None);
    }
    let given = text::optional(reason, 1000).map_err(|c| ValidationErrors::one(REASON, c))?;
    let reason = given
        .or_else(|| implied.reason().map(str::to_string))
        .ok_or_else(|| ValidationErrors::one(REASON, ErrorCode::StageReasonRequired))?;
    Ok(Some(StageChange { from, to, reason }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use JourneyStage::*;

    #[test]
    fn a_person_says_why_the_stage_changes() {
        assert_eq!(
            stage_change(Some(Interested), Some(Planning), Some("  "), Implied::None),
            Err(ValidationErrors::one(REASON, ErrorCode::StageReasonRequired))
        );
        let c = stage_change(
            Some(Interested),
            Some(Planning),
            Some("Plan na de Track opgepakt"),
            Implied::None,
        );
        assert_eq!(
            c,
            Ok(Some(StageChange {
                from: Some(Interested),
                to: Some(Planning),
                reason: "Plan na de Track opgepakt".into()
            }))
        );
    }

    #[test]
    fn no_change_needs_no_reason_and_the_system_supplies_its_own() {
        assert_eq!(
            stage_change(Some(Planning), Some(Planning), None, Implied::None),
            Ok(None)
        );
        assert_eq!(stage_change(None, None, None, Implied::None), Ok(None));
        let first = stage_change(None, Some(Unaware), None, Implied::FirstRegistration);
        assert_eq!(
            first.map(|c| c.map(|c| c.reason)),
            Ok(Some("Eerste registratie".into()))
        );
        let import = stage_change(Some(Unaware), Some(Interested), None, Implied::Import);
        assert_eq!(
            import.map(|c| c.map(|c| c.reason)),
            Ok(Some("Bijgewerkt door een import".into()))
        );
    }
}
