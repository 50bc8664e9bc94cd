//! Duplicate organisations: how two records of one organisation become one.
//!
//! Finding likely duplicates is a query (same normalised name in the same municipality, or the
//! same postcode with a similar name; see the store). Merging keeps one record, fills it from
//! the other as the user chose, and moves every link of the other to it; the rules for that
//! live here, without IO.

use crate::organisation::{Organisation, field};
use crate::{Date, ErrorCode, ValidationErrors};

/// Words dropped from a normalised name before comparing names at one postcode: legal forms
/// and words that name the same business in another guise. The migration
/// `0004_duplicates.sql` computes `organisations.match_name` with exactly these (a store test
/// checks both backends' scripts).
pub const LEGAL_FORMS: &[&str] = &[
    "b v",
    "bv",
    "n v",
    "nv",
    "v o f",
    "vof",
    "u a",
    "ua",
    "w a",
    "wa",
    "holding",
    "stichting",
    "vereniging",
    "cooperatie",
];

/// The fields a user chooses between when merging, in form order. The spin-off parent
/// carries its date along; themes are not chosen: the merged record has both sets.
pub const CHOSEN_FIELDS: &[&str] = &[
    field::NAME,
    field::KVK,
    field::KIND,
    field::SIZE,
    field::SBI,
    field::ADDRESS,
    field::POSTCODE,
    field::CITY,
    field::MUNICIPALITY,
    field::STAGE,
    field::SPIN_OFF_OF,
    field::WEBSITE,
    field::DESCRIPTION,
];

/// The public name of the request field with the list of fields to take from the other record.
pub const TAKE_FIELD: &str = "overnemen";
/// The public name of the request field with the id of the record that is merged away.
pub const OTHER_FIELD: &str = "andereId";

/// A field's value as the audit log writes it (codes, ISO dates); empty when blank.
pub fn value(o: &Organisation, name: &str) -> String {
    if name == field::SPIN_OFF_OF {
        let date = o.spin_off_date.map(Date::iso).unwrap_or_default();
        return match o.spin_off_of {
            Some(id) if date.is_empty() => id.to_string(),
            Some(id) => format!("{id} ({date})"),
            None => String::new(),
        };
    }
    o.snapshot()
        .into_iter()
        .find(|(f, _)| *f == name)
        .map(|(_, v)| v)
        .unwrap_or_default()
}

/// The chosen fields on which the two records differ.
pub fn differing(kept: &Organisation, other: &Organisation) -> Vec<&'static str> {
    CHOSEN_FIELDS
        .iter()
        .copied()
        .filter(|f| value(kept, f) != value(other, f))
        .collect()
}

/// What is taken from the other record when the user does not choose: every field the kept
/// record leaves blank and the other fills.
pub fn default_take(kept: &Organisation, other: &Organisation) -> Vec<&'static str> {
    CHOSEN_FIELDS
        .iter()
        .copied()
        .filter(|f| value(kept, f).is_empty() && !value(other, f).is_empty())
        .collect()
}

/// Reads the user's list of fields to take from the other record; an unknown name is refused.
pub fn parse_take(names: &[String]) -> Result<Vec<&'static str>, ValidationErrors> {
    let mut take = Vec::with_capacity(names.len());
    for name in names {
        match CHOSEN_FIELDS.iter().find(|f| **f == name.trim()) {
            Some(f) => take.push(*f),
            None => return Err(ValidationErrors::one(TAKE_FIELD, ErrorCode::UnknownValue)),
        }
    }
    Ok(take)
}

/// The merged record: the kept record with the `take` fields from the other, the themes of
/// both, and no spin-off relation between the two (a record cannot descend from itself).
pub fn merge(kept: &Organisation, kept_id: i64, other: &Organisation, other_id: i64, take: &[&str]) -> Organisation {
    let mut m = kept.clone();
    for f in take {
        match *f {
            field::NAME => m.name = other.name.clone(),
            field::KVK => m.kvk_number = other.kvk_number.clone(),
            field::KIND => m.kind = other.kind,
            field::SIZE => m.size_class = other.size_class,
            field::SBI => m.sbi_code = other.sbi_code.clone(),
            field::ADDRESS => m.address = other.address.clone(),
            field::POSTCODE => m.postcode = other.postcode.clone(),
            field::CITY => m.city = other.city.clone(),
            field::MUNICIPALITY => m.municipality_code = other.municipality_code.clone(),
            field::STAGE => m.journey_stage = other.journey_stage,
            field::SPIN_OFF_OF => {
                m.spin_off_of = other.spin_off_of;
                m.spin_off_date = other.spin_off_date;
            }
            field::WEBSITE => m.website = other.website.clone(),
            field::DESCRIPTION => m.description = other.description.clone(),
            _ => {}
        }
    }
    if matches!(m.spin_off_of, Some(p) if p == kept_id || p == other_id) {
        m.spin_off_of = None;
        m.spin_off_date = None;
    }
    m.theme_ids.extend(other.theme_ids.iter().copied());
    m.theme_ids.sort_unstable();
    m.theme_ids.dedup();
    m
}

/// A network membership held by one of the two organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldMembership {
    pub id: i64,
    pub network_id: i64,
    pub since: Date,
    pub until: Option<Date>,
}

/// What happens to the memberships when two organisations merge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MembershipPlan {
    /// Memberships of the other record that move to the kept one.
    pub moved: Vec<i64>,
    /// Memberships of the other record that the kept one already has (they go with it).
    pub dropped: Vec<i64>,
    /// Open memberships of the kept record that started earlier on the other: (id, since).
    pub earlier_since: Vec<(i64, Date)>,
}

/// Moves the other record's memberships, except where the kept record already has the same
/// one: an open membership of the same network (one member is open only once; it keeps the
/// earlier start), or an ended one of the same network with the same dates.
pub fn plan_memberships(kept: &[HeldMembership], other: &[HeldMembership]) -> MembershipPlan {
    let mut plan = MembershipPlan::default();
    for m in other {
        let open_twice = kept
            .iter()
            .find(|k| k.network_id == m.network_id && k.until.is_none() && m.until.is_none());
        if let Some(k) = open_twice {
            plan.dropped.push(m.id);
            if m.since < k.since {
                match plan.earlier_since.iter_mut().find(|(id, _)| *id == k.id) {
                    Some((_, since)) => *since = (*since).min(m.since),
                    None => plan.earlier_since.push((k.id, m.since)),
                }
            }
        } else if kept
            .iter()
            .any(|k| k.network_id == m.network_id && k.since == m.since && k.until == m.until)
        {
            plan.dropped.push(m.id);
        } else {
            plan.moved.push(m.id);
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organisation::OrganisationInput;

    fn org(name: &str, kvk: Option<&str>, city: Option<&str>, themes: Vec<i64>) -> Organisation {
        OrganisationInput {
            name: name.into(),
            kvk_number: kvk.map(Into::into),
            kind: Some("mkb".into()),
            city: city.map(Into::into),
            theme_ids: themes,
            ..Default::default()
        }
        .parse()
        .unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|e| unreachable!("{e:?}"))
    }

    #[test]
    fn by_default_the_kept_values_stay_and_blanks_are_filled_from_the_other() {
        let kept = org("Groene Schakel", None, Some("Zwolle"), vec![1]);
        let other = org("Groene Schakel B.V.", Some("51048329"), Some("Kampen"), vec![2, 1]);
        let take = default_take(&kept, &other);
        assert_eq!(take, vec![field::KVK]);
        assert_eq!(differing(&kept, &other), vec![field::NAME, field::KVK, field::CITY]);
        let m = merge(&kept, 1, &other, 2, &take);
        assert_eq!(m.name, "Groene Schakel");
        assert_eq!(m.city.as_deref(), Some("Zwolle"));
        assert_eq!(m.kvk_number.map(|k| k.to_string()), Some("51048329".into()));
        assert_eq!(m.theme_ids, vec![1, 2], "themes of both");
    }

    #[test]
    fn chosen_fields_come_from_the_other_and_unknown_ones_are_refused() {
        let kept = org("A", None, Some("Zwolle"), vec![]);
        let other = org("B", None, Some("Kampen"), vec![]);
        let take = parse_take(&["plaats".into()]).unwrap_or_default();
        assert_eq!(merge(&kept, 1, &other, 2, &take).city.as_deref(), Some("Kampen"));
        assert_eq!(parse_take(&["id".into()]).err().map(|e| e.0[0].field), Some(TAKE_FIELD));
    }

    #[test]
    fn a_spin_off_of_either_record_is_dropped() {
        let mut kept = org("A", None, None, vec![]);
        kept.spin_off_of = Some(2);
        kept.spin_off_date = Some(date("2020-01-01"));
        let other = org("B", None, None, vec![]);
        let m = merge(&kept, 1, &other, 2, &[]);
        assert_eq!((m.spin_off_of, m.spin_off_date), (None, None));
        let mut other = other;
        other.spin_off_of = Some(9);
        let m = merge(&kept, 1, &other, 2, &[field::SPIN_OFF_OF]);
        assert_eq!(m.spin_off_of, Some(9));
    }

    #[test]
    fn memberships_both_hold_are_kept_once_with_the_earliest_start() {
        let held = |id, network_id, since: &str, until: Option<&str>| HeldMembership {
            id,
            network_id,
            since: date(since),
            until: until.map(date),
        };
        let kept = [
            held(1, 10, "2019-01-01", None),
            held(2, 11, "2015-01-01", Some("2016-01-01")),
        ];
        let other = [
            held(3, 10, "2017-01-01", None),
            held(4, 11, "2015-01-01", Some("2016-01-01")),
            held(5, 11, "2018-01-01", None),
            held(6, 12, "2018-01-01", None),
        ];
        let plan = plan_memberships(&kept, &other);
        assert_eq!(plan.moved, vec![5, 6]);
        assert_eq!(plan.dropped, vec![3, 4]);
        assert_eq!(plan.earlier_since, vec![(1, date("2017-01-01"))]);
    }
}
