//! Tests: public.
