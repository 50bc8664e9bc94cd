//! Tests: examples.
