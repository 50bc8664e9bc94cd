//! User names and passwords as the domain accepts them.

use crate::ErrorCode;

pub const MIN_PASSWORD_LEN: usize = 10;
/// The longest password (characters): long enough for any passphrase, short enough that
/// hashing it costs nothing extra.
pub const MAX_PASSWORD_LEN: usize = 1024;

/// 2 to 64 characters: ASCII letters, digits, dot, dash, underscore; stored in lower case.
pub fn parse_username(input: &str) -> Result<String, ErrorCode> {
    let t = input.trim().to_ascii_lowercase();
    let ok = (2..=64).contains(&t.len()) && t.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if ok { Ok(t) } else { Err(ErrorCode::UsernameFormat) }
}

pub fn check_password(password: &str) -> Result<(), ErrorCode> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_LEN {
        Err(ErrorCode::PasswordTooShort { min: MIN_PASSWORD_LEN })
    } else if n > MAX_PASSWORD_LEN {
        Err(ErrorCode::TooLong { max: MAX_PASSWORD_LEN })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_and_passwords() {
        assert_eq!(parse_username(" Admin "), Ok("admin".into()));
        assert!(parse_username("a b").is_err());
        assert!(check_password("kort").is_err());
        assert!(check_password("lang-genoeg-wachtwoord").is_ok());
    }
}
