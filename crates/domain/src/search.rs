//! Text normalisation for full-text search, the same for both database backends.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, diacritics removed, everything but letters and digits turned into single
/// spaces: "Coöperatie Één B.V." → "cooperatie een b v".
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The words of a search query, normalised, at most 8, each usable as a prefix.
pub fn query_terms(query: &str) -> Vec<String> {
    normalise(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_and_case_are_folded() {
        assert_eq!(normalise("Coöperatie Één B.V."), "cooperatie een b v");
        assert_eq!(normalise("  Saxion — Fieldlab  "), "saxion fieldlab");
    }

    #[test]
    fn query_terms_are_normalised_words() {
        assert_eq!(query_terms("Coöp  \"drop\"; table"), vec!["coop", "drop", "table"]);
        assert!(query_terms(" -- ").is_empty());
    }
}
