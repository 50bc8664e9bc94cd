//! Integration tests: every story runs against the real application on a random port, on a
//! fresh SQLite file, and again on a fresh PostgreSQL database when
//! `MIDDENVELD_TEST_DATABASE_URL` is set (e.g. postgres://postgres@127.0.0.1:5432/test).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accountability;
mod accountability_api;
mod accountability_pages;
mod accounts;
mod advice;
mod agreements;
mod api;
mod duplicates;
mod erasure;
mod events;
mod examples;
mod export;
mod hardening_auth;
mod hardening_files;
mod hardening_store;
mod helpers;
mod import;
mod journey;
mod launching;
mod maps;
mod openapi_api;
mod opendata;
mod pages;
mod public;
mod referrals;
mod register;
mod routes;
mod signpost;
mod support;
mod tracks;

pub use helpers::*;
