//! Money as integer euro cents, with the Dutch way of writing amounts.

use crate::ErrorCode;

/// An amount in euro cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Euro(pub i64);

impl Euro {
    pub fn cents(self) -> i64 {
        self.0
    }

    /// Parses "€ 145.000", "1.234,56", "145000", "-€ 101.000" and "1234.56" (a single dot
    /// followed by one or two digits is read as a decimal point).
    pub fn parse(input: &str) -> Result<Euro, ErrorCode> {
        let mut s: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{a0}')
            .collect();
        let negative = s.starts_with('-');
        if negative {
            s.remove(0);
            if s.starts_with('€') {
                s.remove(0);
            }
        }
        if s.is_empty() {
            return Err(ErrorCode::AmountFormat);
        }
        let (whole, frac) = if let Some((w, f)) = s.rsplit_once(',') {
            (w.replace('.', ""), f.to_string())
        } else if let Some((w, f)) = s
            .rsplit_once('.')
            .filter(|(_, f)| f.len() <= 2 && !s[..s.len() - f.len() - 1].contains('.'))
        {
            (w.to_string(), f.to_string())
        } else {
            (s.replace('.', ""), String::new())
        };
        if whole.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 2
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return Err(ErrorCode::AmountFormat);
        }
        let whole: i64 = whole.parse().map_err(|_| ErrorCode::AmountFormat)?;
        let frac: i64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<2}").parse().map_err(|_| ErrorCode::AmountFormat)?
        };
        let cents = whole
            .checked_mul(100)
            .and_then(|c| c.checked_add(frac))
            .ok_or(ErrorCode::AmountFormat)?;
        Ok(Euro(if negative { -cents } else { cents }))
    }

    /// "€ 145.000" for whole euros, "€ 1.234,56" otherwise, "-€ 101.000" when negative.
    pub fn dutch(self) -> String {
        let abs = self.0.unsigned_abs();
        let whole = group_thousands(abs / 100);
        let cents = abs % 100;
        let sign = if self.0 < 0 { "-" } else { "" };
        if cents == 0 {
            format!("{sign}€ {whole}")
        } else {
            format!("{sign}€ {whole},{cents:02}")
        }
    }
}

/// 1234567 → "1.234.567".
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_amounts_parse_to_cents() {
        assert_eq!(Euro::parse("€ 145.000"), Ok(Euro(14_500_000)));
        assert_eq!(Euro::parse("€ 1.234,56"), Ok(Euro(123_456)));
        assert_eq!(Euro::parse("1234.5"), Ok(Euro(123_450)));
        assert_eq!(Euro::parse("-€ 101.000"), Ok(Euro(-10_100_000)));
        assert_eq!(Euro::parse("680000"), Ok(Euro(68_000_000)));
        assert_eq!(Euro::parse("1.234.567"), Ok(Euro(123_456_700)));
        assert_eq!(Euro::parse("abc"), Err(ErrorCode::AmountFormat));
        assert_eq!(Euro::parse(""), Err(ErrorCode::AmountFormat));
    }

    #[test]
    fn amounts_are_written_the_dutch_way() {
        assert_eq!(Euro(14_500_000).dutch(), "€ 145.000");
        assert_eq!(Euro(123_456).dutch(), "€ 1.234,56");
        assert_eq!(Euro(-10_100_000).dutch(), "-€ 101.000");
        assert_eq!(Euro(0).dutch(), "€ 0");
    }
}
