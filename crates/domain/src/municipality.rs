//! CBS municipality and province codes, and the reference facts written into the code: the
//! 12 provinces and the 25 municipalities of Overijssel. The full national list ships in
//! `boundaries` and is seeded into the database; whether a code is known is the store's
//! question.

use crate::ErrorCode;

/// A CBS municipality code: "GM" and four digits, e.g. GM0193 (Zwolle).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MunicipalityCode(String);

impl MunicipalityCode {
    /// Accepts "GM0193", "gm0193" and the bare number "193" or "0193".
    pub fn parse(input: &str) -> Result<MunicipalityCode, ErrorCode> {
        let t = input.trim().to_ascii_uppercase();
        let digits = t.strip_prefix("GM").unwrap_or(&t);
        if (1..=4).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(MunicipalityCode(format!("GM{digits:0>4}")))
        } else {
            Err(ErrorCode::MunicipalityFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A CBS province code: "PV" and two digits, PV20 (Groningen) to PV31 (Limburg).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProvinceCode(String);

impl ProvinceCode {
    pub fn parse(input: &str) -> Result<ProvinceCode, ErrorCode> {
        let t = input.trim().to_ascii_uppercase();
        if PROVINCES.iter().any(|(code, _)| *code == t) {
            Ok(ProvinceCode(t))
        } else {
            Err(ErrorCode::UnknownValue)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The twelve provinces with their CBS codes.
pub const PROVINCES: [(&str, &str); 12] = [
    ("PV20", "Groningen"),
    ("PV21", "Fryslân"),
    ("PV22", "Drenthe"),
    ("PV23", "Overijssel"),
    ("PV24", "Flevoland"),
    ("PV25", "Gelderland"),
    ("PV26", "Utrecht"),
    ("PV27", "Noord-Holland"),
    ("PV28", "Zuid-Holland"),
    ("PV29", "Zeeland"),
    ("PV30", "Noord-Brabant"),
    ("PV31", "Limburg"),
];

/// The 25 municipalities of Overijssel (PV23), CBS codes as of 1 January 2023.
pub const OVERIJSSEL: [(&str, &str); 25] = [
    ("GM0141", "Almelo"),
    ("GM0147", "Borne"),
    ("GM0148", "Dalfsen"),
    ("GM0150", "Deventer"),
    ("GM0153", "Enschede"),
    ("GM0158", "Haaksbergen"),
    ("GM0160", "Hardenberg"),
    ("GM0163", "Hellendoorn"),
    ("GM0164", "Hengelo"),
    ("GM0166", "Kampen"),
    ("GM0168", "Losser"),
    ("GM0173", "Oldenzaal"),
    ("GM0175", "Ommen"),
    ("GM0177", "Raalte"),
    ("GM0180", "Staphorst"),
    ("GM0183", "Tubbergen"),
    ("GM0189", "Wierden"),
    ("GM0193", "Zwolle"),
    ("GM1700", "Twenterand"),
    ("GM1708", "Steenwijkerland"),
    ("GM1735", "Hof van Twente"),
    ("GM1742", "Rijssen-Holten"),
    ("GM1773", "Olst-Wijhe"),
    ("GM1774", "Dinkelland"),
    ("GM1896", "Zwartewaterland"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised() {
        assert_eq!(MunicipalityCode::parse("gm0193").map(|m| m.0), Ok("GM0193".into()));
        assert_eq!(MunicipalityCode::parse("193").map(|m| m.0), Ok("GM0193".into()));
        assert_eq!(MunicipalityCode::parse("Zwolle"), Err(ErrorCode::MunicipalityFormat));
        assert_eq!(MunicipalityCode::parse("GM12345"), Err(ErrorCode::MunicipalityFormat));
    }

    #[test]
    fn the_reference_facts_are_complete_and_well_formed() {
        assert_eq!(OVERIJSSEL.len(), 25);
        for (code, _) in OVERIJSSEL {
            assert_eq!(MunicipalityCode::parse(code).map(|m| m.0), Ok(code.to_string()));
        }
        assert!(ProvinceCode::parse("pv23").is_ok());
        assert!(ProvinceCode::parse("PV32").is_err());
    }
}
