//! Field-by-field change records for the audit log.

/// A record as the audit log sees it: each field's public name and its value as text.
pub type Snapshot = Vec<(&'static str, String)>;

/// One changed field; `old` is empty on create, `new` is empty on delete.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// The fields that differ between two snapshots (a field missing on one side counts as empty).
pub fn diff(before: &Snapshot, after: &Snapshot) -> Vec<Change> {
    let mut changes = Vec::new();
    let value = |snap: &Snapshot, field: &str| {
        snap.iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut fields: Vec<&'static str> = before.iter().map(|(f, _)| *f).collect();
    for (f, _) in after {
        if !fields.contains(f) {
            fields.push(f);
        }
    }
    for field in fields {
        let (old, new) = (value(before, field), value(after, field));
        if old != new {
            changes.push(Change {
                field: field.to_string(),
                old,
                new,
            });
        }
    }
    changes
}

/// Text for an optional value in a snapshot.
pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Text for a list of ids in a snapshot, sorted so order does not count as a change.
pub fn ids(v: &[i64]) -> String {
    let mut sorted = v.to_vec();
    sorted.sort_unstable();
    sorted.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_recorded() {
        let before = vec![("naam", "Oost NL".to_string()), ("plaats", "Zwolle".to_string())];
        let after = vec![("naam", "Oost NL".to_string()), ("plaats", "Arnhem".to_string())];
        assert_eq!(
            diff(&before, &after),
            vec![Change {
                field: "plaats".into(),
                old: "Zwolle".into(),
                new: "Arnhem".into()
            }]
        );
        assert_eq!(diff(&vec![], &before).len(), 2);
    }
}
