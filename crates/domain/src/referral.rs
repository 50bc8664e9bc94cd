//! Referrals: a partner refers a company with a question to another partner ("company X asks
//! about financing a circular business case → Oost NL"); the receiving partner sees it in its
//! queue until it is closed. Its status only moves forward: open → in progress → closed.
//! A visitor of the exhibition who asks to get in touch about a good example also lands in the
//! contact partner's queue: without a company in the register, with the visitor's own
//! contact data instead.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, QuestionKind, ReferralStatus};
use crate::{ErrorCode, ValidationErrors, text};

#[derive(Debug, Clone, Default)]
pub struct ReferralInput {
    pub company_id: Option<i64>,
    pub from_id: Option<i64>,
    pub to_id: Option<i64>,
    pub kind: Option<String>,
    pub question: Option<String>,
    pub status: Option<String>,
    pub outcome: Option<String>,
    /// A visitor's contact request: no company in the register needed.
    pub visitor_request: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Referral {
    /// The company with the question; none for a visitor's contact request.
    pub company_id: Option<i64>,
    pub from_id: Option<i64>,
    pub to_id: i64,
    pub kind: QuestionKind,
    pub question: String,
    pub status: ReferralStatus,
    pub outcome: Option<String>,
}

/// Who asked, when a visitor of the exhibition asked to get in touch: given by the visitor
/// with explicit consent to pass it on to the contact partner.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitorContact {
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
    /// The good example the request is about (gone when the example was deleted).
    pub example_id: Option<i64>,
    /// When the visitor consented (RFC 3339).
    pub consent_at: String,
}

pub mod field {
    pub const COMPANY: &str = "organisatieId";
    pub const FROM: &str = "vanPartnerId";
    pub const TO: &str = "naarPartnerId";
    pub const KIND: &str = "soortVraag";
    pub const QUESTION: &str = "vraag";
    pub const STATUS: &str = "status";
    pub const OUTCOME: &str = "uitkomst";
}

fn order(s: ReferralStatus) -> usize {
    ReferralStatus::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

impl ReferralInput {
    /// Parses a referral; `before` is its status so far (None when new), which it cannot go
    /// back from.
    pub fn parse(self, before: Option<ReferralStatus>) -> Result<Referral, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let company_id = if self.visitor_request {
            Some(self.company_id)
        } else {
            e.take(COMPANY, self.company_id.ok_or(ErrorCode::Required).map(Some))
        };
        let to_id = e.take(TO, self.to_id.ok_or(ErrorCode::Required));
        if let (Some(to), Some(from)) = (to_id, self.from_id)
            && to == from
        {
            e.add(TO, ErrorCode::SelfReferral);
        }
        let kind = e.take(
            KIND,
            QuestionKind::optional(self.kind.as_deref()).and_then(|k| k.ok_or(ErrorCode::Required)),
        );
        let question = e.take(
            QUESTION,
            text::required(self.question.as_deref().unwrap_or_default(), 2000),
        );
        let status = e.take(
            STATUS,
            ReferralStatus::optional(self.status.as_deref())
                .map(|s| s.or(before).unwrap_or(ReferralStatus::Open))
                .and_then(|s| match before {
                    Some(b) if order(s) < order(b) => Err(ErrorCode::StatusGoesBack),
                    _ => Ok(s),
                }),
        );
        let outcome = e.take(OUTCOME, text::optional_long(self.outcome.as_deref(), 5000));
        e.finish(|| {
            Some(Referral {
                company_id: company_id?,
                from_id: self.from_id,
                to_id: to_id?,
                kind: kind?,
                question: question?,
                status: status?,
                outcome: outcome?,
            })
        })
    }
}

impl Referral {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (COMPANY, audit::opt(&self.company_id)),
            (FROM, audit::opt(&self.from_id)),
            (TO, self.to_id.to_string()),
            (KIND, self.kind.code().to_string()),
            (QUESTION, self.question.clone()),
            (STATUS, self.status.code().to_string()),
            (OUTCOME, audit::opt(&self.outcome)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ReferralInput {
        ReferralInput {
            company_id: Some(1),
            from_id: Some(2),
            to_id: Some(3),
            kind: Some("financiering".into()),
            question: Some("Financiering van een circulaire businesscase".into()),
            ..ReferralInput::default()
        }
    }

    #[test]
    fn a_referral_starts_open_and_only_moves_forward() {
        assert_eq!(input().parse(None).map(|r| r.status), Ok(ReferralStatus::Open));
        let closed = ReferralInput {
            status: Some("afgerond".into()),
            ..input()
        };
        assert_eq!(
            closed.clone().parse(Some(ReferralStatus::Open)).map(|r| r.status),
            Ok(ReferralStatus::Closed)
        );
        let reopen = ReferralInput {
            status: Some("open".into()),
            ..input()
        };
        assert_eq!(
            reopen.parse(Some(ReferralStatus::Closed)),
            Err(ValidationErrors::one(field::STATUS, ErrorCode::StatusGoesBack))
        );
    }

    #[test]
    fn a_partner_does_not_refer_to_itself_and_says_what_the_question_is() {
        let bad = ReferralInput {
            to_id: Some(2),
            question: Some(" ".into()),
            kind: None,
            ..input()
        };
        let fields: Vec<_> = bad
            .parse(None)
            .err()
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, vec![field::TO, field::KIND, field::QUESTION]);
    }
}
