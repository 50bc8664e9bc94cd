//! Networks (e.g. Waardemakers networks) and their members, active or involved.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, MembershipStatus};
use crate::{Date, ErrorCode, ValidationErrors, text};

#[derive(Debug, Clone, Default)]
pub struct NetworkInput {
    pub name: String,
    pub description: Option<String>,
    pub facilitator_id: Option<i64>,
    pub website: Option<String>,
    pub theme_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    pub name: String,
    pub description: Option<String>,
    pub facilitator_id: Option<i64>,
    pub website: Option<String>,
    pub theme_ids: Vec<i64>,
}

pub mod field {
    pub const NAME: &str = "naam";
    pub const DESCRIPTION: &str = "omschrijving";
    pub const FACILITATOR: &str = "facilitatorId";
    pub const WEBSITE: &str = "website";
    pub const THEMES: &str = "themas";
    pub const ORGANISATION: &str = "organisatieId";
    pub const PERSON: &str = "persoonId";
    pub const STATUS: &str = "status";
    pub const SINCE: &str = "sinds";
    pub const UNTIL: &str = "tot";
}

impl NetworkInput {
    pub fn parse(self) -> Result<Network, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(&self.name, 200));
        let description = e.take(DESCRIPTION, text::optional_long(self.description.as_deref(), 5000));
        let website = e.take(WEBSITE, text::optional_website(self.website.as_deref()));
        let mut theme_ids = self.theme_ids;
        theme_ids.sort_unstable();
        theme_ids.dedup();
        e.finish(|| {
            Some(Network {
                name: name?,
                description: description?,
                facilitator_id: self.facilitator_id,
                website: website?,
                theme_ids,
            })
        })
    }
}

impl Network {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (NAME, self.name.clone()),
            (DESCRIPTION, audit::opt(&self.description)),
            (FACILITATOR, audit::opt(&self.facilitator_id)),
            (WEBSITE, audit::opt(&self.website)),
            (THEMES, audit::ids(&self.theme_ids)),
        ]
    }
}

/// The member of a network: an organisation or a person, never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    Organisation(i64),
    Person(i64),
}

#[derive(Debug, Clone, Default)]
pub struct MembershipInput {
    pub organisation_id: Option<i64>,
    pub person_id: Option<i64>,
    pub status: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    pub member: Member,
    pub status: MembershipStatus,
    pub since: Date,
    pub until: Option<Date>,
}

impl MembershipInput {
    pub fn parse(self) -> Result<Membership, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let member = match (self.organisation_id, self.person_id) {
            (Some(o), None) => Some(Member::Organisation(o)),
            (None, Some(p)) => Some(Member::Person(p)),
            _ => {
                e.add(ORGANISATION, ErrorCode::MemberExactlyOne);
                None
            }
        };
        let status = e.take(
            STATUS,
            MembershipStatus::optional(self.status.as_deref()).and_then(|s| s.ok_or(ErrorCode::Required)),
        );
        let since = e.take(
            SINCE,
            Date::optional(self.since.as_deref()).and_then(|d| d.ok_or(ErrorCode::Required)),
        );
        let until = e.take(UNTIL, Date::optional(self.until.as_deref()));
        if let (Some(s), Some(Some(u))) = (since, until)
            && u < s
        {
            e.add(UNTIL, ErrorCode::DateOrder);
        }
        e.finish(|| {
            Some(Membership {
                member: member?,
                status: status?,
                since: since?,
                until: until?,
            })
        })
    }
}

impl Membership {
    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        let (org, person) = match self.member {
            Member::Organisation(o) => (o.to_string(), String::new()),
            Member::Person(p) => (String::new(), p.to_string()),
        };
        vec![
            (ORGANISATION, org),
            (PERSON, person),
            (STATUS, self.status.code().to_string()),
            (SINCE, self.since.iso()),
            (UNTIL, audit::opt(&self.until.map(Date::iso))),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_membership_has_exactly_one_member_and_ordered_dates() {
        let both = MembershipInput {
            organisation_id: Some(1),
            person_id: Some(2),
            status: Some("actief".into()),
            since: Some("2018-01-01".into()),
            until: Some("2017-12-31".into()),
        };
        let e = both.parse().err().unwrap_or_default();
        assert_eq!(
            e.for_field("organisatieId").map(|f| f.code.clone()),
            Some(ErrorCode::MemberExactlyOne)
        );
        assert_eq!(e.for_field("tot").map(|f| f.code.clone()), Some(ErrorCode::DateOrder));
    }
}
