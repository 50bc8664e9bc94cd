//! Tests: maps.
