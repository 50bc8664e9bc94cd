//! Free-text fields: trimmed, length-limited, empty meaning absent, and free of control
//! characters (a NUL byte cannot be stored in PostgreSQL text; the others are invisible).

use crate::ErrorCode;

/// A required single-line text such as a name: trimmed, not empty, at most `max` characters.
pub fn required(input: &str, max: usize) -> Result<String, ErrorCode> {
    no_control(input)?;
    let t = collapse(input);
    if t.is_empty() {
        return Err(ErrorCode::Required);
    }
    check_len(t, max)
}

/// An optional single-line text: `None` when empty after trimming.
pub fn optional(input: Option<&str>, max: usize) -> Result<Option<String>, ErrorCode> {
    input.map(no_control).transpose()?;
    match input.map(collapse) {
        None => Ok(None),
        Some(t) if t.is_empty() => Ok(None),
        Some(t) => check_len(t, max).map(Some),
    }
}

/// An optional multi-line text (line breaks kept, outer white space trimmed).
pub fn optional_long(input: Option<&str>, max: usize) -> Result<Option<String>, ErrorCode> {
    input.map(no_control).transpose()?;
    match input.map(|s| s.trim().replace("\r\n", "\n")) {
        None => Ok(None),
        Some(t) if t.is_empty() => Ok(None),
        Some(t) => check_len(t, max).map(Some),
    }
}

/// An optional website: must start with http:// or https:// and have a host.
pub fn optional_website(input: Option<&str>) -> Result<Option<String>, ErrorCode> {
    let Some(t) = optional(input, 500)? else {
        return Ok(None);
    };
    let lower = t.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if host.contains('.') && !host.contains(' ') && !host.starts_with('.') => Ok(Some(t)),
        _ => Err(ErrorCode::WebsiteFormat),
    }
}

/// Refuses control characters other than tab and line breaks (which become spaces or stay
/// as line breaks): NUL above all, which PostgreSQL cannot store.
pub fn no_control(s: &str) -> Result<(), ErrorCode> {
    if s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        Err(ErrorCode::ControlCharacter)
    } else {
        Ok(())
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_len(t: String, max: usize) -> Result<String, ErrorCode> {
    if t.chars().count() > max {
        Err(ErrorCode::TooLong { max })
    } else {
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_inner_space_collapsed() {
        assert_eq!(required("  Oost   NL ", 10).as_deref(), Ok("Oost NL"));
        assert_eq!(required("   ", 10), Err(ErrorCode::Required));
        assert_eq!(required("abcdef", 5), Err(ErrorCode::TooLong { max: 5 }));
        assert_eq!(optional(Some("  "), 5), Ok(None));
    }

    #[test]
    fn control_characters_are_refused_tabs_and_line_breaks_are_not() {
        assert_eq!(required("Oost\0NL", 20), Err(ErrorCode::ControlCharacter));
        assert_eq!(optional(Some("a\u{1b}b"), 20), Err(ErrorCode::ControlCharacter));
        assert_eq!(optional_long(Some("regel\0"), 20), Err(ErrorCode::ControlCharacter));
        assert_eq!(required("Oost\tNL", 20).as_deref(), Ok("Oost NL"));
        assert_eq!(optional_long(Some("a\r\nb"), 20), Ok(Some("a\nb".into())));
    }

    #[test]
    fn websites_need_a_scheme_and_a_host() {
        assert!(optional_website(Some("https://www.overijssel.nl")).is_ok());
        assert_eq!(optional_website(Some("")), Ok(None));
        assert_eq!(
            optional_website(Some("www.overijssel.nl")),
            Err(ErrorCode::WebsiteFormat)
        );
    }
}
