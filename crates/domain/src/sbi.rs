//! SBI codes (Dutch standard industrial classification).

use crate::ErrorCode;

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
}
