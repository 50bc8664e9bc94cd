//! `middenveld import`: a spreadsheet into the register from the command line, with the same
//! mapping, matching and all-or-nothing transaction as the web import, and a progress bar.

use anyhow::{Context, Result, bail};
use middenveld_domain::import::{self as rules, ImportKind, ImportMode, RowStatus};
use middenveld_domain::{Coded, ConsentBasis, Lang, OrganisationKind};
use middenveld_services::import::{ImportProgress, ImportRequest};
use middenveld_services::{Actor, Services};
use middenveld_tabular::{Limits, TableReader};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// What the command line says about one import.
pub struct ImportArgs<'a> {
    pub kind: &'a str,
    pub file: &'a Path,
    pub dry_run: bool,
    pub mode: &'a str,
    pub columns: &'a [String],
    pub default_kind: &'a str,
    pub default_basis: &'a str,
    pub rejects: Option<&'a Path>,
    pub max_mb: u64,
}

fn coded<T: Coded>(what: &str, value: &str) -> Result<T> {
    T::parse(value).map_err(|_| anyhow::anyhow!("unknown {what} {value:?}: use one of {}", T::codes().join(", ")))
}

/// Runs an import; returns whether it wrote (or, dry, would write) without failure.
pub async fn run(services: &Services, a: ImportArgs<'_>) -> Result<bool> {
    let kind: ImportKind = coded("kind of import", a.kind)?;
    let limits = Limits {
        max_file_bytes: a.max_mb.saturating_mul(1024 * 1024),
        ..Limits::default()
    };
    let reader = match TableReader::open(a.file, None, limits) {
        Ok(r) => r,
        Err(e) => bail!("{}: {}", a.file.display(), e.message(Lang::Nl)),
    };
    let actor = Actor::system("cli");
    let saved = services.saved_import_mapping(&actor, kind).await?;
    let mut mapping = rules::auto_map(kind, reader.headers(), &saved);
    for c in a.columns {
        let Some((header, field)) = c.split_once('=') else {
            bail!("--column takes HEADER=FIELD, e.g. --column \"Bedrijfsnaam=naam\" (an empty FIELD skips the column)");
        };
        let Some(i) = reader
            .headers()
            .iter()
            .position(|h| rules::header_key(h) == rules::header_key(header))
        else {
            bail!(
                "the file has no column {header:?}; its columns are: {}",
                reader.headers().join(", ")
            );
        };
        mapping[i] = match field.trim() {
            "" => None,
            f => Some(rules::target(kind, f).map(|t| t.key).ok_or_else(|| {
                let keys: Vec<&str> = rules::targets(kind).iter().map(|t| t.key).collect();
                anyhow::anyhow!(
                    "unknown field {f:?} for {}: use one of {}",
                    kind.code(),
                    keys.join(", ")
                )
            })?),
        };
    }
    eprintln!("Kolommen van {}:", a.file.display());
    for (h, m) in reader.headers().iter().zip(&mapping) {
        let target = m
            .and_then(|k| rules::target(kind, k))
            .map(|t| format!("{} ({})", t.nl, t.key))
            .unwrap_or_else(|| "— niet importeren".into());
        eprintln!("  {h:<30} → {target}");
    }
    if let Err(e) = rules::check_mapping(kind, &mapping) {
        bail!("the mapping is incomplete: {}", rules::reason(kind, &e, Lang::Nl));
    }
    let req = ImportRequest {
        kind,
        mapping: mapping.clone(),
        mode: coded::<ImportMode>("mode", a.mode)?,
        dry_run: a.dry_run,
        default_kind: coded::<OrganisationKind>("organisation kind", a.default_kind)?,
        default_basis: coded::<ConsentBasis>("lawful basis", a.default_basis)?,
        lang: Lang::Nl,
    };
    let headers = reader.headers().to_vec();
    let progress = Arc::new(ImportProgress::default());
    let bar = tokio::spawn(draw_progress(progress.clone()));
    let started = std::time::Instant::now();
    let report = services.import(&actor, reader, &req, progress.clone()).await;
    progress.finished.store(true, Ordering::Relaxed);
    let _ = bar.await;
    let report = report.context("the import failed")?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{} rijen in {seconds:.1} s ({:.0} rijen/s): {}",
        report.rows(),
        report.rows() as f64 / seconds.max(0.001),
        RowStatus::ALL
            .iter()
            .map(|s| format!("{} {}", report.count(*s), s.label(Lang::Nl).to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(path) = a.rejects
        && !report.rejects.is_empty()
    {
        let (bytes, format) =
            middenveld_tabular::write_rejects(report.format, report.dialect, &report.headers, "Reden", &report.rejects)
                .map_err(|e| anyhow::anyhow!("{}", e.message(Lang::Nl)))?;
        let path = path.with_extension(format.extension());
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("{} afgewezen rijen staan in {}.", report.rejects.len(), path.display());
    } else if !report.rejects.is_empty() {
        for (cells, reason) in report.rejects.iter().take(20) {
            eprintln!("  afgewezen: {} — {reason}", cells.join(" | "));
        }
        if report.rejects.len() > 20 {
            eprintln!(
                "  … en {} meer (schrijf ze weg met --rejects BESTAND)",
                report.rejects.len() - 20
            );
        }
    }
    if let Some(f) = &report.failure {
        eprintln!("{}", f.message(Lang::Nl));
        return Ok(false);
    }
    if req.dry_run {
        println!("Proefimport: er is niets opgeslagen.");
    } else {
        services.save_import_mapping(&actor, kind, &headers, &mapping).await?;
        println!(
            "Geïmporteerd: {} nieuw, {} bijgewerkt.",
            report.count(RowStatus::New),
            report.count(RowStatus::Update)
        );
    }
    Ok(true)
}

/// A progress bar on standard error while the import runs (only on a terminal).
async fn draw_progress(progress: Arc<ImportProgress>) {
    let tty = std::io::stderr().is_terminal();
    loop {
        let finished = progress.finished.load(Ordering::Relaxed);
        if tty {
            let pct = progress.percent();
            let filled = (pct / 4) as usize;
            let phase = if progress.indexing.load(Ordering::Relaxed) {
                "  lijsten en zoekindex bijwerken…"
            } else {
                ""
            };
            eprint!(
                "\r[{}{}] {pct:>3}%  {} rijen{phase}",
                "#".repeat(filled),
                "-".repeat(25 - filled.min(25)),
                progress.rows.load(Ordering::Relaxed)
            );
            let _ = std::io::stderr().flush();
        }
        if finished {
            if tty {
                eprintln!();
            }
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
