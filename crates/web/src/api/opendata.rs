//! Open data in the API, readable without a token: `GET /open-data` lists the datasets with a
//! description of every field and the licence; `GET /open-data/{dataset}` gives one dataset's
//! rows. The same tables are downloadable as CSV, JSON and GeoJSON from the open-data page.
//! Only aggregated counts and names of organisations, programmes and themes: no personal data.

use super::{ApiError, ApiResult};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use middenveld_domain::Lang;
use middenveld_domain::enums::{Coded, JourneyStage};
use middenveld_services::Services;
use middenveld_services::store::opendata::AreaCounts;
use serde::Serialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(catalogue)).routes(routes!(dataset))
}

/// The licence of every dataset.
pub const LICENCE: &str = "CC BY 4.0";
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/deed.nl";

/// One field of a dataset: its name in every format, its type and what it means.
#[derive(Debug)]
pub struct FieldDoc {
    pub name: &'static str,
    /// "tekst", "geheel getal", "datum" (YYYY-MM-DD) or "tijdstip" (RFC 3339, UTC).
    pub kind: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
}

/// A dataset of open data.
#[derive(Debug)]
pub struct DatasetDoc {
    pub key: &'static str,
    pub title: (&'static str, &'static str),
    pub description: (&'static str, &'static str),
    pub fields: Vec<FieldDoc>,
    /// Also as GeoJSON, with the area's boundary (or no geometry when none are loaded).
    pub geojson: bool,
}

const fn field(name: &'static str, kind: &'static str, nl: &'static str, en: &'static str) -> FieldDoc {
    FieldDoc { name, kind, nl, en }
}

const INT: &str = "geheel getal";
const TEXT: &str = "tekst";

/// The field name of a journey stage (camelCase of its code).
pub fn stage_field(stage: JourneyStage) -> &'static str {
    match stage {
        JourneyStage::Unaware => "onbewust",
        JourneyStage::Interested => "geinteresseerd",
        JourneyStage::Planning => "plannen",
        JourneyStage::Implementing => "implementeren",
        JourneyStage::FinancingScaling => "financierenOpschalen",
    }
}

fn stage_fields() -> Vec<FieldDoc> {
    JourneyStage::ALL
        .iter()
        .map(|s| FieldDoc {
            name: stage_field(*s),
            kind: INT,
            nl: match s {
                JourneyStage::Unaware => "Bedrijven in de fase Onbewust van circulair ondernemen.",
                JourneyStage::Interested => "Bedrijven in de fase Geïnteresseerd.",
                JourneyStage::Planning => "Bedrijven in de fase Plan maken.",
                JourneyStage::Implementing => "Bedrijven in de fase Implementeren.",
                JourneyStage::FinancingScaling => "Bedrijven in de fase Financieren en opschalen.",
            },
            en: match s {
                JourneyStage::Unaware => "Companies at the stage Unaware of circular business.",
                JourneyStage::Interested => "Companies at the stage Interested.",
                JourneyStage::Planning => "Companies at the stage Planning.",
                JourneyStage::Implementing => "Companies at the stage Implementing.",
                JourneyStage::FinancingScaling => "Companies at the stage Financing and scaling.",
            },
        })
        .collect()
}

fn area_fields(municipal: bool) -> Vec<FieldDoc> {
    let mut f = vec![
        field(
            "code",
            TEXT,
            if municipal {
                "CBS-gemeentecode, bijvoorbeeld GM0193."
            } else {
                "CBS-provinciecode, bijvoorbeeld PV23."
            },
            if municipal {
                "CBS municipality code, e.g. GM0193."
            } else {
                "CBS province code, e.g. PV23."
            },
        ),
        field("naam", TEXT, "Naam van het gebied.", "Name of the area."),
    ];
    if municipal {
        f.push(field(
            "provinciecode",
            TEXT,
            "CBS-code van de provincie waarin de gemeente ligt.",
            "CBS code of the province the municipality lies in.",
        ));
    }
    f.push(field(
        "bedrijven",
        INT,
        "Bedrijven (mkb en grootbedrijf) in het register met een vestiging in het gebied.",
        "Companies (SME and large) in the register located in the area.",
    ));
    f.extend(stage_fields());
    f.extend([
        field(
            "netwerkleden",
            INT,
            "Organisaties met een actief lidmaatschap van een netwerk.",
            "Organisations with an active network membership.",
        ),
        field(
            "projecten",
            INT,
            "Projecten met minstens één deelnemer uit het gebied.",
            "Projects with at least one participant from the area.",
        ),
        field(
            "ondersteund",
            INT,
            "Organisaties die ondersteuning kregen (advies, voucher, subsidie, financiering, …).",
            "Organisations that received support (advice, voucher, subsidy, financing, …).",
        ),
    ]);
    f
}

/// Every dataset, in the order of the open-data page.
pub fn datasets() -> Vec<DatasetDoc> {
    let mut themes = vec![
        field("thema", TEXT, "Naam van het thema.", "Name of the theme."),
        field(
            "organisaties",
            INT,
            "Organisaties die aan het thema zijn gekoppeld.",
            "Organisations linked to the theme.",
        ),
    ];
    themes.extend(stage_fields());
    themes.extend([
        field(
            "netwerken",
            INT,
            "Netwerken rond het thema.",
            "Networks around the theme.",
        ),
        field("projecten", INT, "Projecten over het thema.", "Projects on the theme."),
    ]);
    vec![
        DatasetDoc {
            key: "gemeenten",
            title: ("Cijfers per gemeente", "Figures per municipality"),
            description: (
                "Per gemeente: bedrijven per fase van circulair ondernemen, netwerkleden, projecten en ondersteunde organisaties.",
                "Per municipality: companies per stage of circular business, network members, projects and organisations supported.",
            ),
            fields: area_fields(true),
            geojson: true,
        },
        DatasetDoc {
            key: "provincies",
            title: ("Cijfers per provincie", "Figures per province"),
            description: (
                "Dezelfde cijfers per provincie, voor het landelijke beeld.",
                "The same figures per province, for the national picture.",
            ),
            fields: area_fields(false),
            geojson: true,
        },
        DatasetDoc {
            key: "themas",
            title: ("Cijfers per thema", "Figures per theme"),
            description: (
                "Per thema: organisaties, bedrijven per fase, netwerken en projecten.",
                "Per theme: organisations, companies per stage, networks and projects.",
            ),
            fields: themes,
            geojson: false,
        },
        DatasetDoc {
            key: "jaren",
            title: ("Cijfers per jaar", "Figures per year"),
            description: (
                "Per kalenderjaar: evenementen, deelnames, ondersteunde organisaties, aanvragen en gestarte projecten.",
                "Per calendar year: events, attendances, organisations supported, applications and projects started.",
            ),
            fields: vec![
                field("jaar", INT, "Kalenderjaar.", "Calendar year."),
                field(
                    "evenementen",
                    INT,
                    "Evenementen die in het jaar begonnen.",
                    "Events that began in the year.",
                ),
                field(
                    "deelnames",
                    INT,
                    "Aanwezige deelnemers aan die evenementen (een persoon telt per evenement).",
                    "Attendances at those events (a person counts once per event).",
                ),
                field(
                    "ondersteund",
                    INT,
                    "Verschillende organisaties met ondersteuning aangevraagd of vastgelegd in het jaar.",
                    "Distinct organisations with support applied for or recorded in the year.",
                ),
                field(
                    "aanvragen",
                    INT,
                    "Aanvragen (voucher, subsidie, financiering, …) ingediend in het jaar.",
                    "Applications (voucher, subsidy, financing, …) submitted in the year.",
                ),
                field(
                    "projectenGestart",
                    INT,
                    "Projecten die in het jaar begonnen.",
                    "Projects that started in the year.",
                ),
            ],
            geojson: false,
        },
        DatasetDoc {
            key: "voorbeelden",
            title: ("Goede voorbeelden", "Good examples"),
            description: (
                "De gepubliceerde goede voorbeelden van de tentoonstelling, met de betrokken organisaties en thema's.",
                "The published good examples of the exhibition, with the organisations and themes involved.",
            ),
            fields: vec![
                field("id", INT, "Nummer van het voorbeeld.", "Number of the example."),
                field("titel", TEXT, "Titel.", "Title."),
                field("samenvatting", TEXT, "Korte samenvatting.", "Short summary."),
                field(
                    "gemeentecode",
                    TEXT,
                    "CBS-gemeentecode, als die bekend is.",
                    "CBS municipality code, where known.",
                ),
                field("gemeente", TEXT, "Naam van de gemeente.", "Name of the municipality."),
                field(
                    "sector",
                    TEXT,
                    "Sector (code), als die bekend is.",
                    "Sector (code), where known.",
                ),
                field(
                    "themas",
                    TEXT,
                    "Thema's, gescheiden door \"; \".",
                    "Themes, separated by \"; \".",
                ),
                field(
                    "organisaties",
                    TEXT,
                    "Betrokken organisaties, gescheiden door \"; \".",
                    "Organisations involved, separated by \"; \".",
                ),
                field(
                    "gepubliceerdOp",
                    "datum",
                    "Datum van publicatie.",
                    "Date of publication.",
                ),
                field(
                    "url",
                    TEXT,
                    "Adres van het voorbeeld op deze site.",
                    "Address of the example on this site.",
                ),
            ],
            geojson: false,
        },
        DatasetDoc {
            key: "indicatoren",
            title: ("Indicatoren van vastgestelde jaren", "Indicators of frozen years"),
            description: (
                "De gerealiseerde waarden uit de jaarverslagen, zoals vastgelegd toen het jaar werd bevroren. Deze cijfers veranderen niet meer.",
                "The realised values of the annual reports, as recorded when the year was frozen. These figures no longer change.",
            ),
            fields: vec![
                field("jaar", INT, "Verslagjaar.", "Report year."),
                field(
                    "bevrorenOp",
                    "tijdstip",
                    "Moment waarop het jaar is bevroren (UTC).",
                    "When the year was frozen (UTC).",
                ),
                field("programma", TEXT, "Programma.", "Programme."),
                field(
                    "prestatieCode",
                    TEXT,
                    "Code van de prestatie, bijvoorbeeld 5.3.2.",
                    "Code of the objective, e.g. 5.3.2.",
                ),
                field("prestatie", TEXT, "Naam van de prestatie.", "Name of the objective."),
                field(
                    "actie",
                    TEXT,
                    "De actie waaronder de indicator valt.",
                    "The action the indicator belongs to.",
                ),
                field("indicator", TEXT, "Naam van de indicator.", "Name of the indicator."),
                field("eenheid", TEXT, "Eenheid, als die er is.", "Unit, where there is one."),
                field("waarde", INT, "Gerealiseerde waarde.", "Realised value."),
            ],
            geojson: false,
        },
    ]
}

/// One dataset's rows: field names, the values in that order, and when they were counted.
pub struct Table {
    pub fields: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
    pub counted_at: String,
}

fn area_rows(areas: &[AreaCounts], municipal: bool) -> Vec<Vec<Value>> {
    areas
        .iter()
        .map(|a| {
            let mut row = vec![json!(a.code), json!(a.name)];
            if municipal {
                row.push(json!(a.province_code));
            }
            row.push(json!(a.companies));
            row.extend(a.by_stage.iter().map(|n| json!(n)));
            row.extend([json!(a.network_members), json!(a.projects), json!(a.supported)]);
            row
        })
        .collect()
}

/// The rows of dataset `key`; `None` when there is no such dataset.
pub async fn table(services: &Services, doc: &DatasetDoc) -> Result<Table, middenveld_services::ServiceError> {
    let fields: Vec<&'static str> = doc.fields.iter().map(|f| f.name).collect();
    let (rows, counted_at) = match doc.key {
        "gemeenten" => {
            let c = services.open_municipalities().await?;
            (area_rows(&c.rows, true), c.at.clone())
        }
        "provincies" => {
            let c = services.open_provinces().await?;
            (area_rows(&c.rows, false), c.at.clone())
        }
        "themas" => {
            let c = services.open_themes().await?;
            let rows = c
                .rows
                .iter()
                .map(|t| {
                    let mut row = vec![json!(t.name), json!(t.organisations)];
                    row.extend(t.by_stage.iter().map(|n| json!(n)));
                    row.extend([json!(t.networks), json!(t.projects)]);
                    row
                })
                .collect();
            (rows, c.at.clone())
        }
        "jaren" => {
            let c = services.open_years().await?;
            let rows = c
                .rows
                .iter()
                .map(|y| {
                    vec![
                        json!(y.year),
                        json!(y.events),
                        json!(y.attendances),
                        json!(y.supported),
                        json!(y.applications),
                        json!(y.projects_started),
                    ]
                })
                .collect();
            (rows, c.at.clone())
        }
        "voorbeelden" => {
            let c = services.open_examples().await?;
            let rows = c
                .rows
                .iter()
                .map(|e| {
                    vec![
                        json!(e.id),
                        json!(e.title),
                        json!(e.summary),
                        json!(e.municipality_code),
                        json!(e.municipality_name),
                        json!(e.sector_code),
                        json!(e.theme_names.join("; ")),
                        json!(e.organisation_names.join("; ")),
                        json!(e.published_on.map(|d| d.iso())),
                        json!(format!("/voorbeelden/{}", e.id)),
                    ]
                })
                .collect();
            (rows, c.at.clone())
        }
        _ => {
            let c = services.open_indicators().await?;
            let rows = c
                .rows
                .iter()
                .map(|i| {
                    vec![
                        json!(i.year),
                        json!(i.frozen_at),
                        json!(i.programme),
                        json!(i.objective_code),
                        json!(i.objective),
                        json!(i.action),
                        json!(i.indicator),
                        json!(i.unit),
                        json!(i.value),
                    ]
                })
                .collect();
            (rows, c.at.clone())
        }
    };
    Ok(Table {
        fields,
        rows,
        counted_at,
    })
}

/// A row as a JSON object keyed by field name.
pub fn object(fields: &[&'static str], row: &[Value]) -> Map<String, Value> {
    fields
        .iter()
        .zip(row)
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

/// The document of one dataset as JSON: licence, source, when counted, the rows.
pub fn document(doc: &DatasetDoc, t: &Table, lang: Lang) -> Value {
    json!({
        "dataset": doc.key,
        "titel": lang.pick(doc.title.0, doc.title.1),
        "licentie": LICENCE,
        "licentieUrl": LICENCE_URL,
        "bron": "Middenveld",
        "geteldOp": t.counted_at,
        "items": t.rows.iter().map(|r| Value::Object(object(&t.fields, r))).collect::<Vec<_>>(),
    })
}

/// A field of a dataset, as the catalogue describes it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Veld {
    pub naam: String,
    /// tekst, geheel getal, datum (YYYY-MM-DD) or tijdstip (RFC 3339, UTC).
    pub soort: String,
    pub omschrijving: String,
}

/// A dataset in the catalogue.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Dataset {
    /// The name in URLs, e.g. `gemeenten`.
    pub naam: String,
    pub titel: String,
    pub omschrijving: String,
    pub licentie: String,
    pub licentie_url: String,
    pub velden: Vec<Veld>,
    /// Download links: CSV, JSON and, for areas, GeoJSON.
    pub downloads: Vec<String>,
}

/// The catalogue of open data.
#[derive(Debug, Serialize, ToSchema)]
pub struct Catalogus {
    pub datasets: Vec<Dataset>,
}

/// One dataset with its rows.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DatasetInhoud {
    pub dataset: String,
    pub titel: String,
    pub licentie: String,
    pub licentie_url: String,
    pub bron: String,
    /// When the figures were counted (RFC 3339, UTC).
    #[schema(format = DateTime)]
    pub geteld_op: String,
    /// One object per row, with the fields the catalogue describes.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Map<String, Value>>,
}

/// The download links of a dataset.
pub fn downloads(doc: &DatasetDoc) -> Vec<String> {
    let mut d = vec![
        format!("/open-data/{}.csv", doc.key),
        format!("/open-data/{}.json", doc.key),
    ];
    if doc.geojson {
        d.push(format!("/open-data/{}.geojson", doc.key));
    }
    d
}

/// The open-data catalogue: every dataset with its fields, licence and download links. No
/// token needed.
#[utoipa::path(get, path = "/open-data", tag = "open-data", operation_id = "open-data-catalogus",
    responses((status = 200, description = "De datasets", body = Catalogus)))]
async fn catalogue() -> Response {
    let datasets = datasets()
        .iter()
        .map(|d| Dataset {
            naam: d.key.to_string(),
            titel: d.title.0.to_string(),
            omschrijving: d.description.0.to_string(),
            licentie: LICENCE.to_string(),
            licentie_url: LICENCE_URL.to_string(),
            velden: d
                .fields
                .iter()
                .map(|f| Veld {
                    naam: f.name.to_string(),
                    soort: f.kind.to_string(),
                    omschrijving: f.nl.to_string(),
                })
                .collect(),
            downloads: downloads(d),
        })
        .collect();
    axum::Json(Catalogus { datasets }).into_response()
}

/// One dataset of open data, counted from the register (kept for a minute). No token needed.
#[utoipa::path(get, path = "/open-data/{dataset}", tag = "open-data", operation_id = "open-data-dataset",
    params(("dataset" = String, Path, description = "gemeenten, provincies, themas, jaren, voorbeelden or indicatoren")),
    responses((status = 200, description = "De rijen van de dataset", body = DatasetInhoud)))]
async fn dataset(State(s): State<AppState>, Path(key): Path<String>) -> ApiResult<Response> {
    let all = datasets();
    let doc = all.iter().find(|d| d.key == key).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "Niet gevonden",
            format!(
                "Er is geen dataset '{key}'. Kies uit: {}.",
                all.iter().map(|d| d.key).collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    let t = table(&s.services, doc).await?;
    Ok(axum::Json(document(doc, &t, Lang::Nl)).into_response())
}
