//! Erasure of a person (AVG art. 17): the strings that identify them, and how they are found
//! and blanked in other records' text and audit values.

use crate::audit::Change;
use crate::person::Person;

/// What an erased name, e-mail address or phone number becomes in other records' text.
pub const ERASED: &str = "[gewist]";

/// Strings shorter than this are not looked for: they would blank unrelated words.
const MIN_TRACE_CHARS: usize = 3;

/// The strings that identify a person: their name, e-mail address and phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traces(Vec<String>);

impl Traces {
    pub fn of(p: &Person) -> Traces {
        let mut all = vec![p.name.clone()];
        all.extend(p.email.as_ref().map(|e| e.as_str().to_string()));
        all.extend(p.phone.clone());
        Traces::from_strings(all)
    }

    pub fn from_strings(strings: impl IntoIterator<Item = String>) -> Traces {
        let mut out: Vec<String> = Vec::new();
        for s in strings {
            let s = s.trim().to_string();
            if s.chars().count() >= MIN_TRACE_CHARS && !out.iter().any(|o| o.eq_ignore_ascii_case(&s)) {
                out.push(s);
            }
        }
        // Longest first, so a name that contains another trace is blanked whole.
        out.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Traces(out)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `LIKE` patterns (with `\` as escape character) that match, in `LOWER(column)`, any text
    /// holding a trace as written or escaped inside JSON. They may match more than
    /// [`Traces::mentioned_in`] does (backends lower case differently); never less for ASCII.
    pub fn like_patterns(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in &self.0 {
            for form in [t.clone(), json_escaped(t)] {
                let p = format!("%{}%", like_escaped(&form.to_lowercase()));
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
        out
    }

    /// Whether `text` holds a trace (ASCII letters in any case).
    pub fn mentioned_in(&self, text: &str) -> bool {
        self.0.iter().any(|t| find_ci(text, t, 0).is_some())
    }

    /// `text` with every trace replaced by [`ERASED`]; None when nothing was found.
    pub fn scrub(&self, text: &str) -> Option<String> {
        let mut out = text.to_string();
        let mut changed = false;
        for t in &self.0 {
            if let Some(s) = replace_ci(&out, t, ERASED) {
                out = s;
                changed = true;
            }
        }
        changed.then_some(out)
    }

    /// An audit entry's JSON change list with every trace blanked in fields and values; None
    /// when nothing was found. Text that is not a change list is scrubbed as JSON text.
    pub fn scrub_changes(&self, json: &str) -> Option<String> {
        match serde_json::from_str::<Vec<Change>>(json) {
            Ok(mut changes) => {
                let mut changed = false;
                for c in &mut changes {
                    for v in [&mut c.field, &mut c.old, &mut c.new] {
                        if let Some(s) = self.scrub(v) {
                            *v = s;
                            changed = true;
                        }
                    }
                }
                if !changed {
                    return None;
                }
                serde_json::to_string(&changes).ok()
            }
            Err(_) => {
                let escaped = Traces(self.0.iter().map(|t| json_escaped(t)).collect());
                escaped.scrub(json).or_else(|| self.scrub(json))
            }
        }
    }
}

/// A string as it appears inside a JSON string literal.
fn json_escaped(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(&quoted)
        .to_string()
}

fn like_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The byte offset of `needle` in `hay` from `from`, ASCII letters in any case.
fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (from..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn replace_ci(hay: &str, needle: &str, with: &str) -> Option<String> {
    let mut out = String::with_capacity(hay.len());
    let mut at = 0;
    let mut found = false;
    while let Some(i) = find_ci(hay, needle, at) {
        // A match starts and ends on character boundaries: ASCII case folding keeps every
        // multi-byte sequence as it is, and the needle is whole UTF-8.
        out.push_str(hay.get(at..i)?);
        out.push_str(with);
        at = i + needle.len();
        found = true;
    }
    if !found {
        return None;
    }
    out.push_str(hay.get(at..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traces() -> Traces {
        Traces::from_strings([
            "Wilhelmina Zwanenburg".into(),
            "w.zwanenburg@example.nl".into(),
            "06 1234".into(),
        ])
    }

    #[test]
    fn every_trace_is_blanked_in_any_ascii_case() {
        let t = traces();
        assert_eq!(
            t.scrub("Gebeld met wilhelmina ZWANENBURG (06 1234), mail W.Zwanenburg@example.nl")
                .as_deref(),
            Some("Gebeld met [gewist] ([gewist]), mail [gewist]")
        );
        assert_eq!(t.scrub("Oost NL"), None);
        assert!(t.mentioned_in("lid: Wilhelmina Zwanenburg (Actief)"));
    }

    #[test]
    fn audit_values_are_blanked_field_by_field() {
        let t = traces();
        let json = r#"[{"field":"lid","old":"","new":"Wilhelmina Zwanenburg (Actief)"}]"#;
        assert_eq!(
            t.scrub_changes(json).as_deref(),
            Some(r#"[{"field":"lid","old":"","new":"[gewist] (Actief)"}]"#)
        );
        assert_eq!(t.scrub_changes(r#"[{"field":"naam","old":"","new":"Oost NL"}]"#), None);
    }

    #[test]
    fn short_strings_are_not_traces_and_like_wildcards_are_escaped() {
        let t = Traces::from_strings(["Jo".into(), "a_b%c@x.nl".into()]);
        assert_eq!(t.like_patterns(), vec![r"%a\_b\%c@x.nl%".to_string()]);
        assert_eq!(t.scrub("Jo en Jolanda"), None);
    }

    #[test]
    fn non_ascii_text_around_a_match_stays_whole() {
        let t = Traces::from_strings(["Zoë Brink".into()]);
        assert_eq!(t.scrub("Café: Zoë Brink – ok").as_deref(), Some("Café: [gewist] – ok"));
    }
}
