//! The signpost ("wegwijzer"): staff keep a directory of which partner helps with which kind
//! of question, at which journey stages and in which sectors; answering stage, question and
//! sector gives the partners to go to and the next step.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, JourneyStage, QuestionKind, Sector};
use crate::{ErrorCode, ValidationErrors, text};

#[derive(Debug, Clone, Default)]
pub struct OfferInput {
    pub partner_id: Option<i64>,
    pub kind: Option<String>,
    /// Stage codes; none means every stage.
    pub stages: Vec<String>,
    /// None means every sector.
    pub sector: Option<String>,
    pub description: Option<String>,
    pub next_step: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub partner_id: i64,
    pub kind: QuestionKind,
    pub stages: Vec<JourneyStage>,
    pub sector: Option<Sector>,
    pub description: String,
    pub next_step: String,
    pub website: Option<String>,
}

pub mod field {
    pub const PARTNER: &str = "partnerId";
    pub const KIND: &str = "soortVraag";
    pub const STAGES: &str = "fasen";
    pub const SECTOR: &str = "sector";
    pub const DESCRIPTION: &str = "omschrijving";
    pub const NEXT_STEP: &str = "volgendeStap";
    pub const WEBSITE: &str = "website";
}

impl OfferInput {
    pub fn parse(self) -> Result<Offer, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let partner_id = e.take(PARTNER, self.partner_id.ok_or(ErrorCode::Required));
        let kind = e.take(
            KIND,
            QuestionKind::optional(self.kind.as_deref()).and_then(|k| k.ok_or(ErrorCode::Required)),
        );
        let stages = e.take(
            STAGES,
            self.stages
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| JourneyStage::parse(s))
                .collect::<Result<Vec<_>, _>>(),
        );
        let sector = e.take(SECTOR, Sector::optional(self.sector.as_deref()));
        let description = e.take(
            DESCRIPTION,
            text::required(self.description.as_deref().unwrap_or_default(), 2000),
        );
        let next_step = e.take(
            NEXT_STEP,
            text::required(self.next_step.as_deref().unwrap_or_default(), 500),
        );
        let website = e.take(WEBSITE, text::optional_website(self.website.as_deref()));
        e.finish(|| {
            let mut stages = stages?;
            stages.sort();
            stages.dedup();
            Some(Offer {
                partner_id: partner_id?,
                kind: kind?,
                stages,
                sector: sector?,
                description: description?,
                next_step: next_step?,
                website: website?,
            })
        })
    }
}

impl Offer {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (PARTNER, self.partner_id.to_string()),
            (KIND, self.kind.code().to_string()),
            (
                STAGES,
                self.stages.iter().map(|s| s.code()).collect::<Vec<_>>().join(", "),
            ),
            (SECTOR, audit::opt(&self.sector.map(|s| s.code()))),
            (DESCRIPTION, self.description.clone()),
            (NEXT_STEP, self.next_step.clone()),
            (WEBSITE, audit::opt(&self.website)),
        ]
    }

    /// Whether the offer answers this question: the same kind, the stage among its stages (or
    /// it serves every stage), the sector its own (or it serves every sector).
    pub fn fits(&self, kind: QuestionKind, stage: Option<JourneyStage>, sector: Option<Sector>) -> bool {
        self.kind == kind
            && (self.stages.is_empty() || stage.is_none_or(|s| self.stages.contains(&s)))
            && (self.sector.is_none() || sector.is_none_or(|s| self.sector == Some(s)))
    }

    /// Specific offers first: a sector, then fewer stages.
    pub fn rank(&self) -> (bool, usize) {
        (
            self.sector.is_none(),
            if self.stages.is_empty() {
                usize::MAX
            } else {
                self.stages.len()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(stages: &[&str], sector: Option<&str>) -> Offer {
        OfferInput {
            partner_id: Some(1),
            kind: Some("financiering".into()),
            stages: stages.iter().map(|s| s.to_string()).collect(),
            sector: sector.map(Into::into),
            description: Some("Circulair fonds".into()),
            next_step: Some("Bel de accountmanager".into()),
            website: None,
        }
        .parse()
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn an_offer_fits_its_kind_stages_and_sector() {
        use JourneyStage::*;
        let any = offer(&[], None);
        let scaling = offer(&["financieren-opschalen", "implementeren"], Some("maakindustrie"));
        assert!(any.fits(QuestionKind::Financing, Some(Unaware), Some(Sector::Care)));
        assert!(!any.fits(QuestionKind::Subsidy, None, None));
        assert!(scaling.fits(QuestionKind::Financing, Some(Implementing), Some(Sector::Manufacturing)));
        assert!(!scaling.fits(QuestionKind::Financing, Some(Interested), Some(Sector::Manufacturing)));
        assert!(!scaling.fits(QuestionKind::Financing, Some(Implementing), Some(Sector::Care)));
        assert!(scaling.rank() < any.rank(), "the specific offer first");
    }

    #[test]
    fn an_offer_says_what_it_is_and_what_to_do_next() {
        let bad = OfferInput {
            kind: Some("financiering".into()),
            stages: vec!["later".into()],
            ..OfferInput::default()
        };
        let fields: Vec<_> = bad
            .parse()
            .err()
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(
            fields,
            vec![field::PARTNER, field::STAGES, field::DESCRIPTION, field::NEXT_STEP]
        );
    }
}
