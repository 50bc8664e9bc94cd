//! Tests: opendata.
