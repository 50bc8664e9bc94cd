//! E-mail addresses.

use crate::ErrorCode;

/// An e-mail address with one @, a non-empty local part and a dotted domain; the domain is
/// stored in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, ErrorCode> {
        let t = input.trim();
        let Some((local, domain)) = t.split_once('@') else {
            return Err(ErrorCode::EmailFormat);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c == '@' || c.is_control());
        if domain_ok && local_ok && t.len() <= 254 {
            Ok(Email(format!("{local}@{}", domain.to_lowercase())))
        } else {
            Err(ErrorCode::EmailFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_pass_and_domain_is_lowered() {
        assert_eq!(
            Email::parse(" M.Bom@Overijssel.NL ").map(|e| e.0),
            Ok("M.Bom@overijssel.nl".into())
        );
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "",
            "bom",
            "bom@",
            "@overijssel.nl",
            "bom@overijssel",
            "a b@x.nl",
            "a@@x.nl",
            "a@x..nl",
        ] {
            assert_eq!(Email::parse(bad), Err(ErrorCode::EmailFormat), "{bad}");
        }
    }
}
