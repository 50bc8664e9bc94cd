//! SBI codes (Dutch standard industrial classification).

use crate::ErrorCode;
use crate::enums::Sector;

/// An SBI code of 2 to 5 digits, stored without dots ("25.11" → "2511").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SbiCode(String);

impl SbiCode {
    pub fn parse(input: &str) -> Result<SbiCode, ErrorCode> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
        if (2..=5).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(SbiCode(digits))
        } else {
            Err(ErrorCode::SbiFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-digit division the code belongs to ("2511" → "25").
    pub fn division(&self) -> &str {
        &self.0[..2]
    }
}

/// The sector (as the signpost and the opportunity map ask it) of the SBI divisions
/// (first two digits), from the SBI 2008 sections: A and food industry (10–12) agro and food;
/// B, D and E (mining, energy, water and waste) energy; the rest of C manufacturing; F
/// construction; G and H trade and logistics; J ICT; Q care; everything else business
/// services. Divisions that do not exist have no sector.
pub const SECTOR_DIVISIONS: [(Sector, &[u8]); 8] = [
    (Sector::AgroFood, &[1, 2, 3, 10, 11, 12]),
    (Sector::Energy, &[6, 7, 8, 9, 35, 36, 37, 38, 39]),
    (
        Sector::Manufacturing,
        &[
            13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
        ],
    ),
    (Sector::Construction, &[41, 42, 43]),
    (Sector::Trade, &[45, 46, 47, 49, 50, 51, 52, 53]),
    (Sector::Ict, &[58, 59, 60, 61, 62, 63]),
    (Sector::Care, &[86, 87, 88]),
    (
        Sector::Services,
        &[
            55, 56, 64, 65, 66, 68, 69, 70, 71, 72, 73, 74, 75, 77, 78, 79, 80, 81, 82, 84, 85, 90, 91, 92, 93, 94, 95,
            96, 97, 98, 99,
        ],
    ),
];

/// The two-digit SBI divisions of a sector, as text ("01", "10", …).
pub fn divisions_of(sector: Sector) -> Vec<String> {
    SECTOR_DIVISIONS
        .iter()
        .filter(|(s, _)| *s == sector)
        .flat_map(|(_, d)| d.iter().map(|n| format!("{n:02}")))
        .collect()
}

impl SbiCode {
    /// The sector of this code's division, if the division exists.
    pub fn sector(&self) -> Option<Sector> {
        let division: u8 = self.division().parse().ok()?;
        SECTOR_DIVISIONS
            .iter()
            .find(|(_, d)| d.contains(&division))
            .map(|(s, _)| *s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_and_plain_codes_parse() {
        assert_eq!(SbiCode::parse("25.11").map(|s| s.0), Ok("2511".into()));
        assert_eq!(SbiCode::parse("62").map(|s| s.division().to_string()), Ok("62".into()));
        assert_eq!(SbiCode::parse("6"), Err(ErrorCode::SbiFormat));
        assert_eq!(SbiCode::parse("C"), Err(ErrorCode::SbiFormat));
    }

    #[test]
    fn codes_map_to_a_sector() {
        let sector = |c: &str| SbiCode::parse(c).ok().and_then(|s| s.sector());
        assert_eq!(sector("25.11"), Some(Sector::Manufacturing));
        assert_eq!(sector("1071"), Some(Sector::AgroFood));
        assert_eq!(sector("6201"), Some(Sector::Ict));
        assert_eq!(sector("3832"), Some(Sector::Energy));
        assert_eq!(sector("04"), None);
        assert!(divisions_of(Sector::AgroFood).starts_with(&["01".to_string(), "02".to_string()]));
        let mut all: Vec<u8> = SECTOR_DIVISIONS.iter().flat_map(|(_, d)| d.iter().copied()).collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "each division in one sector");
    }
}
