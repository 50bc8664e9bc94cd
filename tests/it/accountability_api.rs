//! Accountability tests (being written).
