//! The open-data page: every dataset with its licence, a description of each field, and
//! downloads as CSV, JSON and (for areas) GeoJSON at `/open-data/{dataset}.{csv,json,geojson}`.

use super::{Visitor, cacheable_at, page};
use crate::AppState;
use crate::api::opendata::{
    DatasetDoc, LICENCE, LICENCE_URL, Table as Rows, datasets, document, downloads, object, table,
};
use crate::error::AppError;
use crate::view::{Cell, Chrome, Column, Nav, Table};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use middenveld_domain::Lang;
use middenveld_tabular::{Cell as Out, CsvOptions, CsvWriter};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/open-data", get(overview))
        .route("/open-data/{file}", get(download))
}

/// One dataset on the page.
pub struct DatasetView {
    pub key: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// (href, label)
    pub links: Vec<(String, String)>,
    pub fields: Table,
}

#[derive(Template)]
#[template(path = "public_opendata.html")]
struct OpenDataTemplate {
    chrome: Chrome,
    datasets: Vec<DatasetView>,
    licence: &'static str,
    licence_url: &'static str,
}

async fn overview(visitor: Visitor, headers: HeaderMap) -> Response {
    let (tx, lang) = (visitor.tx, visitor.lang);
    let views = datasets()
        .into_iter()
        .map(|d| DatasetView {
            key: d.key,
            title: lang.pick(d.title.0, d.title.1),
            description: lang.pick(d.description.0, d.description.1),
            links: downloads(&d)
                .into_iter()
                .map(|href| {
                    let ext = href.rsplit('.').next().unwrap_or_default().to_uppercase();
                    (href, format!("{} ({ext})", lang.pick(d.title.0, d.title.1)))
                })
                .chain(std::iter::once((
                    format!("/api/v1/open-data/{}", d.key),
                    format!("{} {}", tx.pub_od_api, d.key),
                )))
                .collect(),
            fields: Table {
                id: format!("velden-{}", d.key),
                caption: format!("{}: {}", tx.pub_od_fields, lang.pick(d.title.0, d.title.1)),
                columns: vec![
                    Column::plain(tx.pub_od_field),
                    Column::plain(tx.pub_od_type),
                    Column::plain(tx.pub_od_meaning),
                ],
                rows: d
                    .fields
                    .iter()
                    .map(|f| {
                        vec![
                            Cell::text(f.name),
                            Cell::text(type_label(f.kind, lang)),
                            Cell::text(lang.pick(f.nl, f.en)),
                        ]
                    })
                    .collect(),
            },
        })
        .collect();
    page(
        &headers,
        &OpenDataTemplate {
            chrome: visitor.chrome(tx.pub_open_data, Nav::OpenData),
            datasets: views,
            licence: LICENCE,
            licence_url: LICENCE_URL,
        },
    )
}

fn type_label(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "geheel getal" => lang.pick("geheel getal", "integer"),
        "datum" => lang.pick("datum (JJJJ-MM-DD)", "date (YYYY-MM-DD)"),
        "tijdstip" => lang.pick("datum en tijd (UTC)", "date and time (UTC)"),
        _ => lang.pick("tekst", "text"),
    }
}

/// `gemeenten.csv` → the dataset and the format.
fn parse_file(file: &str) -> Option<(DatasetDoc, &str)> {
    let (key, ext) = file.rsplit_once('.')?;
    let doc = datasets().into_iter().find(|d| d.key == key)?;
    match ext {
        "csv" | "json" => Some((doc, ext)),
        "geojson" if doc.geojson => Some((doc, ext)),
        _ => None,
    }
}

fn csv(rows: &Rows) -> Result<Vec<u8>, AppError> {
    let io = |e: std::io::Error| AppError::Internal(e.to_string());
    let mut w = CsvWriter::new(Vec::new(), CsvOptions::default()).map_err(io)?;
    w.header(&rows.fields).map_err(io)?;
    for r in &rows.rows {
        let cells: Vec<Out> = r
            .iter()
            .map(|v| match v {
                Value::Null => Out::Empty,
                Value::Number(n) => n.as_i64().map(Out::Int).unwrap_or_else(|| Out::Text(n.to_string())),
                Value::String(s) => Out::Text(s.clone()),
                other => Out::Text(other.to_string()),
            })
            .collect();
        w.row(&cells).map_err(io)?;
    }
    w.finish().map_err(io)
}

/// The boundaries of the dataset's areas as GeoJSON geometries, by code (none when no
/// boundaries are loaded: the features then have no geometry).
async fn shapes(s: &AppState, doc: &DatasetDoc) -> Result<std::collections::HashMap<String, Value>, AppError> {
    let level = if doc.key == "provincies" {
        middenveld_domain::geo::MapLevel::Provinces
    } else {
        middenveld_domain::geo::MapLevel::Municipalities
    };
    Ok(s.services
        .boundary_geometries(level)
        .await?
        .into_iter()
        .filter_map(|b| serde_json::from_str(&b.geometry).ok().map(|g| (b.code, g)))
        .collect())
}

async fn geojson(s: &AppState, doc: &DatasetDoc, rows: &Rows) -> Result<Value, AppError> {
    let shapes = shapes(s, doc).await?;
    let features: Vec<Value> = rows
        .rows
        .iter()
        .map(|r| {
            let props = object(&rows.fields, r);
            let code = props
                .get("code")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            json!({
                "type": "Feature",
                "id": code,
                "geometry": shapes.get(&code).cloned().unwrap_or(Value::Null),
                "properties": props,
            })
        })
        .collect();
    Ok(json!({
        "type": "FeatureCollection",
        "licentie": LICENCE,
        "bron": "Middenveld; grenzen: CBS / Kadaster (CC BY 4.0)",
        "geteldOp": rows.counted_at,
        "features": features,
    }))
}

async fn download(
    State(s): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let (doc, ext) = parse_file(&file).ok_or(AppError::NotFound)?;
    let rows = table(&s.services, &doc).await?;
    let at = rows.counted_at.clone();
    let json_bytes = |v: &Value| serde_json::to_vec(v).map_err(|e| AppError::Internal(e.to_string()));
    let (content_type, body) = match ext {
        "csv" => ("text/csv; charset=utf-8", csv(&rows)?),
        "json" => ("application/json", json_bytes(&document(&doc, &rows, visitor.lang))?),
        _ => ("application/geo+json", json_bytes(&geojson(&s, &doc, &rows).await?)?),
    };
    let mut response = cacheable_at(&headers, content_type, body, Some(&at));
    if let Ok(v) = axum::http::HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        response
            .headers_mut()
            .insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}
