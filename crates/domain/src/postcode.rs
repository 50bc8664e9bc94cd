//! Dutch postcodes.

use crate::ErrorCode;

/// A Dutch postcode, stored as "8011 AB": four digits (not starting with 0) and two capital
/// letters, never SA, SD or SS.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Postcode(String);

impl Postcode {
    pub fn parse(input: &str) -> Result<Postcode, ErrorCode> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let bytes = compact.as_bytes();
        let ok = bytes.len() == 6
            && bytes[0] != b'0'
            && bytes[..4].iter().all(u8::is_ascii_digit)
            && bytes[4..].iter().all(u8::is_ascii_uppercase)
            && !matches!(&compact[4..], "SA" | "SD" | "SS");
        if ok {
            Ok(Postcode(format!("{} {}", &compact[..4], &compact[4..])))
        } else {
            Err(ErrorCode::PostcodeFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Postcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_and_missing_space_are_normalised() {
        assert_eq!(Postcode::parse("8012ee").map(|p| p.0), Ok("8012 EE".into()));
        assert_eq!(Postcode::parse(" 8000  gb").map(|p| p.0), Ok("8000 GB".into()));
    }

    #[test]
    fn impossible_postcodes_are_refused() {
        for bad in ["0123 AB", "812 EE", "8012 E", "8012 SS", "8012 S1", "ABCD EF", ""] {
            assert_eq!(Postcode::parse(bad), Err(ErrorCode::PostcodeFormat), "{bad}");
        }
    }
}
