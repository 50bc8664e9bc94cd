//! Chamber of Commerce (KvK) numbers.

use crate::ErrorCode;

/// An 8-digit KvK number. Spaces and dots are allowed on input ("5104 8329").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KvkNumber(String);

impl KvkNumber {
    pub fn parse(input: &str) -> Result<KvkNumber, ErrorCode> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .collect();
        if digits.len() == 8 && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(KvkNumber(digits))
        } else {
            Err(ErrorCode::KvkFormat)
        }
    }

    /// Like [`KvkNumber::parse`], but restores leading zeros a spreadsheet dropped
    /// ("1234567" → "01234567").
    pub fn parse_lenient(input: &str) -> Result<KvkNumber, ErrorCode> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if (6..8).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
            return KvkNumber::parse(&format!("{digits:0>8}"));
        }
        KvkNumber::parse(input)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for KvkNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_digits_with_spaces_allowed() {
        assert_eq!(KvkNumber::parse("5104 8329").map(|k| k.0), Ok("51048329".into()));
        assert_eq!(KvkNumber::parse(" 51.04.83.29 ").map(|k| k.0), Ok("51048329".into()));
    }

    #[test]
    fn other_lengths_and_letters_are_refused() {
        for bad in ["123", "510483291", "5104832a", "", "KvK 51048329"] {
            assert_eq!(KvkNumber::parse(bad), Err(ErrorCode::KvkFormat), "{bad}");
        }
    }

    #[test]
    fn lenient_parse_restores_lost_leading_zeros() {
        assert_eq!(KvkNumber::parse_lenient("1234567").map(|k| k.0), Ok("01234567".into()));
    }
}
