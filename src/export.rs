//! `middenveld export`: a list of the register as CSV or XLSX, filtered with the same query
//! parameters as the list page and the API (`gemeentecode=GM0193&soort=mkb`).

use anyhow::{Context, Result, bail};
use middenveld_domain::Lang;
use middenveld_services::export::Export;
use middenveld_services::{Actor, Services};
use middenveld_tabular::{CsvOptions, CsvWriter};
use middenveld_web::api::network::NetwerkFilter;
use middenveld_web::api::organisation::OrganisatieFilter;
use middenveld_web::api::person::PersoonFilter;
use middenveld_web::api::project::ProjectFilter;
use middenveld_web::export::{self as files, Columns};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// What the command line says about one export.
pub struct ExportArgs<'a> {
    pub kind: &'a str,
    pub format: &'a str,
    pub query: &'a str,
    pub output: Option<&'a Path>,
    pub comma: bool,
    pub lang: Lang,
}

fn filter<T: DeserializeOwned>(query: &str) -> Result<T> {
    serde_html_form::from_str(query.trim_start_matches('?')).with_context(|| {
        format!("cannot read the filter {query:?}; write it as on the list page, e.g. gemeentecode=GM0193&soort=mkb")
    })
}

/// Runs an export; prints where it went and how many records it holds.
pub async fn run(services: &Services, a: ExportArgs<'_>) -> Result<()> {
    let actor = Actor::system("cli");
    let tx = middenveld_web::i18n::texts(a.lang);
    let themes: HashMap<i64, String> = services.theme_names(&actor).await?.into_iter().collect();
    let bad = |e: middenveld_web::api::ApiError| {
        let fields: Vec<String> =
            e.0.invalid_params
                .iter()
                .map(|p| format!("{}: {}", p.name, p.reason))
                .collect();
        anyhow::anyhow!("the filter is not valid: {} {}", e.0.detail, fields.join("; "))
    };
    match a.kind {
        "organisaties" => {
            let f = filter::<OrganisatieFilter>(a.query)?.to_filter(true).map_err(bad)?;
            let export = services.export_organisations(&actor, f).await?;
            write(export, files::organisation_columns(tx, themes), tx.organisations, &a).await
        }
        "personen" => {
            let f = filter::<PersoonFilter>(a.query)?.to_filter(true).map_err(bad)?;
            let export = services.export_people(&actor, f).await?;
            write(export, files::person_columns(tx), tx.people, &a).await
        }
        "netwerken" => {
            let f = filter::<NetwerkFilter>(a.query)?.to_filter(true).map_err(bad)?;
            let export = services.export_networks(&actor, f).await?;
            write(export, files::network_columns(tx, themes), tx.networks, &a).await
        }
        "projecten" => {
            let f = filter::<ProjectFilter>(a.query)?.to_filter(true).map_err(bad)?;
            let export = services.export_projects(&actor, f).await?;
            write(export, files::project_columns(tx, themes), tx.projects, &a).await
        }
        other => bail!("unknown list {other:?}: use organisaties, personen, netwerken or projecten"),
    }
}

async fn write<T: Send + 'static>(
    mut export: Export<T>,
    columns: Columns<T>,
    sheet: &str,
    a: &ExportArgs<'_>,
) -> Result<()> {
    let total = export.total;
    let mut out: Box<dyn Write + Send> = match a.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    match a.format {
        "csv" => {
            let delimiter = if a.comma { b',' } else { b';' };
            let mut w = CsvWriter::new(out, CsvOptions { delimiter, bom: true })?;
            w.header(&columns.headers)?;
            while let Some(record) = export.next().await {
                w.row(&(columns.cells)(&record?))?;
            }
            w.finish()?.flush()?;
        }
        "xlsx" => {
            if total > files::XLSX_MAX_ROWS {
                bail!("{} ({total})", middenveld_web::i18n::texts(a.lang).export_xlsx_too_many);
            }
            if a.output.is_none() {
                bail!("an XLSX file needs --output FILE");
            }
            let sheet = sheet.to_string();
            let bytes = tokio::task::spawn_blocking(move || files::xlsx_bytes(export, &columns, &sheet))
                .await?
                .map_err(|e| anyhow::anyhow!(e))?;
            out.write_all(&bytes)?;
            out.flush()?;
        }
        other => bail!("unknown format {other:?}: use csv or xlsx"),
    }
    if let Some(path) = a.output {
        eprintln!("{total} records written to {}.", path.display());
    }
    Ok(())
}
