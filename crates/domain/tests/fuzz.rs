#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Fuzzing of the Dutch value parsers and the GeoJSON boundary reader: whatever the input, a
//! value or an error, never a panic; and what is accepted reads back the same.
//!
//! CI: `MIDDENVELD_FUZZ_SECS=20 cargo test --release -p middenveld-domain --test fuzz`.

#[path = "support/fuzz.rs"]
mod fuzz_support;

use fuzz_support::{corpus, fuzz, inputs};
use middenveld_domain::KvkNumber;
use middenveld_domain::geo::parse_boundaries;
use middenveld_domain::money::Euro;
use middenveld_domain::postcode::Postcode;
use middenveld_domain::when::{Date, LocalDateTime, Timestamp};
use proptest::prelude::*;

/// Text from the seeds (mutated bytes, read as UTF-8 with replacements) or any string.
fn text(target: &str) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => inputs(corpus(target)).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => any::<String>(),
        1 => "[0-9 .,€A-Za-z:T+-]{0,24}",
    ]
}

#[test]
fn kvk_numbers() {
    fuzz("kvk", text("kvk"), |s| {
        if let Ok(k) = KvkNumber::parse(&s) {
            prop_assert_eq!(k.as_str().len(), 8);
            prop_assert!(k.as_str().bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(KvkNumber::parse(k.as_str()), Ok(k.clone()));
        }
        if let Ok(k) = KvkNumber::parse_lenient(&s) {
            prop_assert_eq!(KvkNumber::parse(k.as_str()), Ok(k.clone()));
        }
        Ok(())
    });
}

#[test]
fn postcodes() {
    fuzz("postcode", text("postcode"), |s| {
        if let Ok(p) = Postcode::parse(&s) {
            prop_assert_eq!(Postcode::parse(p.as_str()), Ok(p.clone()));
        }
        Ok(())
    });
}

#[test]
fn dates() {
    fuzz("date", text("date"), |s| {
        if let Ok(d) = Date::parse(&s) {
            prop_assert_eq!(Date::parse(&d.iso()), Ok(d));
            let _ = d.dutch();
        }
        if let Ok(m) = LocalDateTime::parse(&s) {
            prop_assert_eq!(LocalDateTime::parse(&m.iso()), Ok(m));
            let _ = m.dutch();
        }
        if let Ok(t) = Timestamp::parse(&s) {
            let _ = (t.rfc3339(), t.dutch());
        }
        Ok(())
    });
}

#[test]
fn amounts() {
    fuzz("amount", text("amount"), |s| {
        if let Ok(e) = Euro::parse(&s) {
            let _ = e.dutch();
            prop_assert_eq!(Euro::parse(&e.dutch()), Ok(e));
        }
        Ok(())
    });
}

#[test]
fn geojson_boundaries() {
    let strategy = prop_oneof![
        4 => inputs(corpus("geojson")).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => (0usize..200).prop_map(|depth| format!("{}{}", "[".repeat(depth), "]".repeat(depth))),
    ];
    fuzz("geojson", strategy, |s| {
        if let Ok(features) = parse_boundaries(&s) {
            prop_assert!(!features.is_empty());
            for f in &features {
                prop_assert!(f.svg_path.ends_with('Z'));
            }
        }
        Ok(())
    });
}
