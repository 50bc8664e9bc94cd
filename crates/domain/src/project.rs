//! Joint innovation projects with their participants; a project with two or more
//! organisations is a consortium, private or public-private by its participants' kinds.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, ConsortiumKind, InnovationStage, OrganisationKind, ParticipantRole};
use crate::{Date, ErrorCode, ValidationErrors, text};

#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub name: String,
    pub description: Option<String>,
    pub stage: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub network_id: Option<i64>,
    pub website: Option<String>,
    pub theme_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub name: String,
    pub description: Option<String>,
    pub stage: InnovationStage,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub network_id: Option<i64>,
    pub website: Option<String>,
    pub theme_ids: Vec<i64>,
}

pub mod field {
    pub const NAME: &str = "naam";
    pub const DESCRIPTION: &str = "omschrijving";
    pub const STAGE: &str = "innovatiefase";
    pub const START: &str = "startdatum";
    pub const END: &str = "einddatum";
    pub const NETWORK: &str = "netwerkId";
    pub const WEBSITE: &str = "website";
    pub const THEMES: &str = "themas";
    pub const ORGANISATION: &str = "organisatieId";
    pub const ROLE: &str = "rol";
}

impl ProjectInput {
    pub fn parse(self) -> Result<Project, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(&self.name, 200));
        let description = e.take(DESCRIPTION, text::optional_long(self.description.as_deref(), 5000));
        let stage = e.take(
            STAGE,
            InnovationStage::optional(self.stage.as_deref()).and_then(|s| s.ok_or(ErrorCode::Required)),
        );
        let start_date = e.take(START, Date::optional(self.start_date.as_deref()));
        let end_date = e.take(END, Date::optional(self.end_date.as_deref()));
        if let (Some(Some(s)), Some(Some(t))) = (start_date, end_date)
            && t < s
        {
            e.add(END, ErrorCode::DateOrder);
        }
        let website = e.take(WEBSITE, text::optional_website(self.website.as_deref()));
        let mut theme_ids = self.theme_ids;
        theme_ids.sort_unstable();
        theme_ids.dedup();
        e.finish(|| {
            Some(Project {
                name: name?,
                description: description?,
                stage: stage?,
                start_date: start_date?,
                end_date: end_date?,
                network_id: self.network_id,
                website: website?,
                theme_ids,
            })
        })
    }
}

impl Project {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (NAME, self.name.clone()),
            (DESCRIPTION, audit::opt(&self.description)),
            (STAGE, self.stage.code().to_string()),
            (START, audit::opt(&self.start_date.map(Date::iso))),
            (END, audit::opt(&self.end_date.map(Date::iso))),
            (NETWORK, audit::opt(&self.network_id)),
            (WEBSITE, audit::opt(&self.website)),
            (THEMES, audit::ids(&self.theme_ids)),
        ]
    }
}

/// A participant as it arrives: organisation and role.
#[derive(Debug, Clone, Default)]
pub struct ParticipantInput {
    pub organisation_id: Option<i64>,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Participant {
    pub organisation_id: i64,
    pub role: ParticipantRole,
}

impl ParticipantInput {
    pub fn parse(self) -> Result<Participant, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let organisation_id = e.take(field::ORGANISATION, self.organisation_id.ok_or(ErrorCode::Required));
        let role = e.take(
            field::ROLE,
            ParticipantRole::optional(self.role.as_deref()).and_then(|r| r.ok_or(ErrorCode::Required)),
        );
        e.finish(|| {
            Some(Participant {
                organisation_id: organisation_id?,
                role: role?,
            })
        })
    }
}

/// The kind of consortium formed by organisations of these kinds: `None` below two
/// participants; public-private when both sides take part.
pub fn consortium_kind(kinds: &[OrganisationKind]) -> Option<ConsortiumKind> {
    consortium_kind_of_counts(kinds.len(), kinds.iter().filter(|k| k.is_public()).count())
}

/// [`consortium_kind`] from counts: all participants, and those of a public kind.
pub fn consortium_kind_of_counts(participants: usize, public: usize) -> Option<ConsortiumKind> {
    if participants < 2 {
        return None;
    }
    Some(match public {
        0 => ConsortiumKind::Private,
        n if n >= participants => ConsortiumKind::Public,
        _ => ConsortiumKind::PublicPrivate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganisationKind::*;

    #[test]
    fn consortium_kind_follows_from_the_participants() {
        assert_eq!(consortium_kind(&[Sme]), None);
        assert_eq!(consortium_kind(&[Sme, LargeCompany]), Some(ConsortiumKind::Private));
        assert_eq!(
            consortium_kind(&[Sme, KnowledgeInstitution]),
            Some(ConsortiumKind::PublicPrivate)
        );
        assert_eq!(
            consortium_kind(&[Government, KnowledgeInstitution]),
            Some(ConsortiumKind::Public)
        );
        assert_eq!(consortium_kind(&[Sme, Financier, Other]), Some(ConsortiumKind::Private));
    }

    #[test]
    fn a_project_needs_a_stage_and_ordered_dates() {
        let e = ProjectInput {
            name: "Smart Welding Factory".into(),
            start_date: Some("2018-01-01".into()),
            end_date: Some("2017-01-01".into()),
            ..Default::default()
        }
        .parse()
        .err()
        .unwrap_or_default();
        assert!(e.for_field("innovatiefase").is_some());
        assert!(e.for_field("einddatum").is_some());
    }
}
