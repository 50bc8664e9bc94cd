//! A small fuzzing harness on proptest (no nightly `cargo fuzz` here), shared by the fuzz tests
//! of the domain and tabular crates (`#[path]`-included).
//!
//! Each target replays its seed corpus (`fuzz-corpus/<target>/` in the crate), then runs rounds
//! of `MIDDENVELD_FUZZ_CASES` cases (default 256) of mutated seeds and random input until
//! `MIDDENVELD_FUZZ_SECS` seconds have passed (default 0: one round). Every round has a fixed
//! seed, so a failure found in CI can be replayed; proptest shrinks it and reports the input.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

/// The seed inputs of a target, sorted by file name.
pub fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz-corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    files.sort();
    let seeds: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap_or_default()).collect();
    assert!(!seeds.is_empty(), "{} holds no seeds", dir.display());
    seeds
}

/// One change to a seed.
#[derive(Debug, Clone)]
pub enum Mutation {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        any::<u8>(),
        Just(b'<'),
        Just(b'>'),
        Just(b'"'),
        Just(b';'),
        Just(b'\n'),
        Just(0u8),
        Just(0xFF),
        Just(b'9'),
    ];
    prop_oneof![
        (any::<usize>(), interesting).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16)).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Remove(i, n)),
        (any::<usize>(), 1usize..256).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// Applies mutations to a copy of a seed.
pub fn mutate(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for m in mutations {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match m {
            Mutation::Set(i, b) => {
                if !out.is_empty() {
                    let n = out.len();
                    out[i % n] = *b;
                }
            }
            Mutation::Insert(i, bytes) => {
                let i = at(*i, out.len());
                out.splice(i..i, bytes.iter().copied());
            }
            Mutation::Remove(i, n) => {
                let i = at(*i, out.len());
                let end = (i + n).min(out.len());
                out.drain(i..end);
            }
            Mutation::Duplicate(i, n) => {
                let i = at(*i, out.len());
                let end = (i + n).min(out.len());
                let piece: Vec<u8> = out[i..end].to_vec();
                out.splice(end..end, piece);
            }
            Mutation::Truncate(i) => {
                let i = at(*i, out.len());
                out.truncate(i);
            }
        }
    }
    out
}

/// Seeds with up to 8 mutations each, and now and then random bytes.
pub fn inputs(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let n = seeds.len();
    prop_oneof![
        4 => (0..n, prop::collection::vec(mutation(), 0..8))
            .prop_map(move |(i, ms)| mutate(&seeds[i], &ms)),
        1 => prop::collection::vec(any::<u8>(), 0..512),
    ]
}

/// Runs a target: `check` gets every seed first, then generated inputs, and fails the test on
/// an error or a panic.
pub fn fuzz<S: Strategy>(target: &str, strategy: S, check: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: Clone,
{
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(default)
    };
    let cases = env("MIDDENVELD_FUZZ_CASES", 256) as u32;
    let budget = Duration::from_secs(env("MIDDENVELD_FUZZ_SECS", 0));
    let started = Instant::now();
    let mut round: u64 = 0;
    loop {
        let config = Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        };
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&round.to_le_bytes());
        seed[8..8 + target.len().min(24)].copy_from_slice(&target.as_bytes()[..target.len().min(24)]);
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed);
        let mut runner = TestRunner::new_with_rng(config, rng);
        if let Err(e) = runner.run(&strategy, &check) {
            panic!("fuzz target {target}, round {round}: {e}");
        }
        round += 1;
        if started.elapsed() >= budget {
            break;
        }
    }
    eprintln!(
        "fuzz target {target}: {round} rounds of {cases} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
