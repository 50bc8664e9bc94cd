//! Organisations: companies, knowledge institutions, intermediaries, governments, financiers.

use crate::audit::{self, Snapshot};
use crate::enums::{Coded, JourneyStage, OrganisationKind, SizeClass};
use crate::{Date, KvkNumber, MunicipalityCode, Postcode, SbiCode, ValidationErrors, text};

/// An organisation as it arrives from a form, the API or an import: unparsed.
#[derive(Debug, Clone, Default)]
pub struct OrganisationInput {
    pub name: String,
    pub kvk_number: Option<String>,
    pub kind: Option<String>,
    pub size_class: Option<String>,
    pub sbi_code: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub municipality_code: Option<String>,
    pub journey_stage: Option<String>,
    /// Why the journey stage changes (required when a person changes it).
    pub stage_reason: Option<String>,
    pub spin_off_of: Option<i64>,
    pub spin_off_date: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
    pub theme_ids: Vec<i64>,
}

/// A valid organisation (without its id).
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub name: String,
    pub kvk_number: Option<KvkNumber>,
    pub kind: OrganisationKind,
    pub size_class: Option<SizeClass>,
    pub sbi_code: Option<SbiCode>,
    pub address: Option<String>,
    pub postcode: Option<Postcode>,
    pub city: Option<String>,
    pub municipality_code: Option<MunicipalityCode>,
    pub journey_stage: Option<JourneyStage>,
    pub spin_off_of: Option<i64>,
    pub spin_off_date: Option<Date>,
    pub website: Option<String>,
    pub description: Option<String>,
    pub theme_ids: Vec<i64>,
}

/// Public field names, as the API and the forms call them.
pub mod field {
    pub const NAME: &str = "naam";
    pub const KVK: &str = "kvkNummer";
    pub const KIND: &str = "soort";
    pub const SIZE: &str = "grootteklasse";
    pub const SBI: &str = "sbiCode";
    pub const ADDRESS: &str = "adres";
    pub const POSTCODE: &str = "postcode";
    pub const CITY: &str = "plaats";
    pub const MUNICIPALITY: &str = "gemeentecode";
    pub const STAGE: &str = "fase";
    pub const SPIN_OFF_OF: &str = "spinOffVan";
    pub const SPIN_OFF_DATE: &str = "spinOffDatum";
    pub const WEBSITE: &str = "website";
    pub const DESCRIPTION: &str = "toelichting";
    pub const THEMES: &str = "themas";
}

impl OrganisationInput {
    /// Parses every field; all refusals are reported together.
    pub fn parse(self) -> Result<Organisation, ValidationErrors> {
        use field::*;
        let mut e = ValidationErrors::new();
        let name = e.take(NAME, text::required(&self.name, 200));
        let kvk_number = e.take(KVK, optional(self.kvk_number.as_deref(), KvkNumber::parse));
        let kind = e.take(
            KIND,
            OrganisationKind::optional(self.kind.as_deref()).and_then(|k| k.ok_or(crate::ErrorCode::Required)),
        );
        let size_class = e.take(SIZE, SizeClass::optional(self.size_class.as_deref()));
        let sbi_code = e.take(SBI, optional(self.sbi_code.as_deref(), SbiCode::parse));
        let address = e.take(ADDRESS, text::optional(self.address.as_deref(), 200));
        let postcode = e.take(POSTCODE, optional(self.postcode.as_deref(), Postcode::parse));
        let city = e.take(CITY, text::optional(self.city.as_deref(), 100));
        let municipality_code = e.take(
            MUNICIPALITY,
            optional(self.municipality_code.as_deref(), MunicipalityCode::parse),
        );
        let journey_stage = e.take(STAGE, JourneyStage::optional(self.journey_stage.as_deref()));
        let spin_off_date = e.take(SPIN_OFF_DATE, Date::optional(self.spin_off_date.as_deref()));
        if self.spin_off_of.is_none() && matches!(spin_off_date, Some(Some(_))) {
            e.add(SPIN_OFF_DATE, crate::ErrorCode::SpinOffDateWithoutParent);
        }
        let website = e.take(WEBSITE, text::optional_website(self.website.as_deref()));
        let description = e.take(DESCRIPTION, text::optional_long(self.description.as_deref(), 5000));
        let mut theme_ids = self.theme_ids;
        theme_ids.sort_unstable();
        theme_ids.dedup();
        e.finish(|| {
            Some(Organisation {
                name: name?,
                kvk_number: kvk_number?,
                kind: kind?,
                size_class: size_class?,
                sbi_code: sbi_code?,
                address: address?,
                postcode: postcode?,
                city: city?,
                municipality_code: municipality_code?,
                journey_stage: journey_stage?,
                spin_off_of: self.spin_off_of,
                spin_off_date: spin_off_date?,
                website: website?,
                description: description?,
                theme_ids,
            })
        })
    }
}

impl Organisation {
    /// The text the full-text index holds for this organisation.
    pub fn search_text(&self) -> String {
        let mut parts = vec![self.name.as_str()];
        parts.extend(self.city.as_deref());
        parts.extend(self.kvk_number.as_ref().map(KvkNumber::as_str));
        crate::search::normalise(&parts.join(" "))
    }

    pub fn snapshot(&self) -> Snapshot {
        use field::*;
        vec![
            (NAME, self.name.clone()),
            (KVK, audit::opt(&self.kvk_number)),
            (KIND, self.kind.code().to_string()),
            (SIZE, audit::opt(&self.size_class)),
            (SBI, audit::opt(&self.sbi_code.as_ref().map(|s| s.as_str().to_string()))),
            (ADDRESS, audit::opt(&self.address)),
            (POSTCODE, audit::opt(&self.postcode)),
            (CITY, audit::opt(&self.city)),
            (MUNICIPALITY, audit::opt(&self.municipality_code)),
            (STAGE, audit::opt(&self.journey_stage)),
            (SPIN_OFF_OF, audit::opt(&self.spin_off_of)),
            (SPIN_OFF_DATE, audit::opt(&self.spin_off_date.map(Date::iso))),
            (WEBSITE, audit::opt(&self.website)),
            (DESCRIPTION, audit::opt(&self.description)),
            (THEMES, audit::ids(&self.theme_ids)),
        ]
    }
}

/// Parses an optional value: absent or blank input means `None`.
pub(crate) fn optional<T>(
    input: Option<&str>,
    parse: impl Fn(&str) -> Result<T, crate::ErrorCode>,
) -> Result<Option<T>, crate::ErrorCode> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse(s).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn valid() -> OrganisationInput {
        OrganisationInput {
            name: "Coöperatie De Groene Schakel".into(),
            kvk_number: Some("5104 8329".into()),
            kind: Some("mkb".into()),
            postcode: Some("8011ab".into()),
            municipality_code: Some("GM0193".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_organisation_parses_with_normalised_values() {
        let o = valid().parse();
        let o = o.as_ref().map_err(ToString::to_string);
        assert_eq!(
            o.map(|o| o.postcode.as_ref().map(|p| p.to_string())),
            Ok(Some("8011 AB".into()))
        );
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let input = OrganisationInput {
            name: " ".into(),
            kvk_number: Some("123".into()),
            kind: Some("bakker".into()),
            postcode: Some("12".into()),
            municipality_code: Some("Zwolle".into()),
            ..Default::default()
        };
        let errors = input.parse().err().unwrap_or_default();
        let fields: Vec<_> = errors.0.iter().map(|e| (e.field, e.code.clone())).collect();
        assert_eq!(
            fields,
            vec![
                ("naam", ErrorCode::Required),
                ("kvkNummer", ErrorCode::KvkFormat),
                ("soort", ErrorCode::UnknownValue),
                ("postcode", ErrorCode::PostcodeFormat),
                ("gemeentecode", ErrorCode::MunicipalityFormat),
            ]
        );
    }

    #[test]
    fn kind_is_required() {
        let input = OrganisationInput { kind: None, ..valid() };
        let errors = input.parse().err().unwrap_or_default();
        assert_eq!(
            errors.for_field("soort").map(|e| e.code.clone()),
            Some(ErrorCode::Required)
        );
    }

    #[test]
    fn search_text_is_folded() {
        let o = valid().parse().ok();
        assert_eq!(
            o.map(|o| o.search_text()),
            Some("cooperatie de groene schakel 51048329".to_string())
        );
    }
}
