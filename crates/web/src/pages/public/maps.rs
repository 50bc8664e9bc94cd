//! Public pages: maps. The strength map ("krachtenkaart") and the opportunity map
//! ("kansenkaart"): an SVG map drawn by the server (the loaded CBS boundaries, or a tile grid
//! when none are loaded), its legend, and a table with the same numbers. No script.

use super::{Visitor, page};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Texts;
use crate::pages::{PageQuery, coded_options};
use crate::view::{Chrome, Field, FieldKind, Nav};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use middenveld_domain::enums::{Coded, JourneyStage, Sector};
use middenveld_domain::geo::{self, BBox, Classes, MapLevel, StrengthLayer, Tile};
use middenveld_domain::{Timestamp, money::group_thousands};
use middenveld_services::geo::{OpportunityFilter, Shape};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/kaarten", get(|| async { Redirect::to("/kaarten/krachtenkaart") }))
        .route("/kaarten/krachtenkaart", get(strength))
        .route("/kaarten/kansenkaart", get(opportunity))
}

/// The filters of both maps, as submitted (codes; the theme by id).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct MapQuery {
    pub niveau: Option<String>,
    pub laag: Option<String>,
    pub fase: Option<String>,
    pub sector: Option<String>,
    pub thema: Option<String>,
}

#[derive(Template)]
#[template(path = "public_map.html")]
struct MapPage {
    chrome: Chrome,
    heading: String,
    intro: String,
    action: &'static str,
    filters: Vec<Field>,
    /// Shown instead of the map when a filter value is unknown.
    error: Option<String>,
    map: Option<MapView>,
}

impl MapPage {
    /// A map page with its filters, before anything is counted.
    fn new(chrome: Chrome, (heading, intro): (&str, &str), action: &'static str, filters: Vec<Field>) -> MapPage {
        MapPage {
            chrome,
            heading: heading.to_string(),
            intro: intro.to_string(),
            action,
            filters,
            error: None,
            map: None,
        }
    }

    /// Whether a filter refused its value (the page then shows no map).
    fn refuses(&self) -> bool {
        self.filters.iter().any(|f| f.error.is_some())
    }
}

/// The map, its legend, its table and how it was counted.
struct MapView {
    title: String,
    desc: String,
    view_box: String,
    /// Side of the hatching pattern of the zero class, in map units.
    hatch: String,
    areas: Vec<MapArea>,
    tiles: bool,
    legend: Vec<LegendItem>,
    legend_zero: String,
    table: MapTable,
    how: Vec<String>,
    counted: String,
    missing: Vec<String>,
}

struct MapArea {
    title: String,
    fill: String,
    path: String,
    tile: Option<TileView>,
}

struct TileView {
    x: i64,
    y: i64,
    w: i64,
    h: i64,
    cx: i64,
    name_y: i64,
    value_y: i64,
    name: String,
    value: String,
    text: &'static str,
}

struct LegendItem {
    fill: &'static str,
    label: String,
}

struct MapTable {
    caption: String,
    area_header: String,
    columns: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
    total: Vec<String>,
    note: Option<String>,
}

const TILE_W: i64 = 128;
const TILE_H: i64 = 62;
const TILE_GAP: i64 = 6;

/// A whole number the Dutch way: 1.234, −5.
fn number(n: i64) -> String {
    let digits = group_thousands(n.unsigned_abs());
    if n < 0 { format!("−{digits}") } else { digits }
}

/// "3 – 4", or "3" for a class of one value.
fn range_label((from, to): (i64, i64)) -> String {
    if from == to {
        number(from)
    } else {
        format!("{} – {}", number(from), number(to))
    }
}

/// One area to draw: code, name, the value that colours it and the text of its tooltip.
struct Plotted {
    code: String,
    name: String,
    value: i64,
    tooltip: String,
}

/// Draws the areas: the loaded outlines, or the tile grid when none are loaded. Returns the
/// view with everything but the texts around it.
fn draw(tx: &Texts, plotted: &[Plotted], shapes: &[Shape], classes: &Classes, zero_label: &str) -> MapView {
    let colour = |v: i64| geo::fill(classes.shade(classes.class_of(v)));
    let by_code: HashMap<&str, &Shape> = shapes.iter().map(|s| (s.code.as_str(), s)).collect();
    let drawn: Vec<&Plotted> = plotted
        .iter()
        .filter(|p| by_code.contains_key(p.code.as_str()))
        .collect();
    let tiles = drawn.is_empty();
    let (areas, view_box, hatch, missing) = if tiles {
        let grid = geo::tile_grid(
            &plotted
                .iter()
                .map(|p| (p.code.clone(), p.name.clone()))
                .collect::<Vec<_>>(),
        );
        let cols = grid.iter().map(|t| t.col).max().map(|c| c + 1).unwrap_or(1) as i64;
        let rows = grid.iter().map(|t| t.row).max().map(|r| r + 1).unwrap_or(1) as i64;
        let areas = plotted
            .iter()
            .zip(grid)
            .map(|(p, Tile { col, row })| {
                let (x, y) = (col as i64 * (TILE_W + TILE_GAP), row as i64 * (TILE_H + TILE_GAP));
                let class = classes.shade(classes.class_of(p.value));
                let name: String = if p.name.chars().count() > 17 {
                    format!("{}…", p.name.chars().take(16).collect::<String>())
                } else {
                    p.name.clone()
                };
                MapArea {
                    title: p.tooltip.clone(),
                    fill: zero_or(colour(p.value), "kaart-arcering"),
                    path: String::new(),
                    tile: Some(TileView {
                        x,
                        y,
                        w: TILE_W,
                        h: TILE_H,
                        cx: x + TILE_W / 2,
                        name_y: y + 25,
                        value_y: y + 46,
                        name,
                        value: number(p.value),
                        text: geo::text_colour(class),
                    }),
                }
            })
            .collect();
        let view_box = format!(
            "-2 -2 {} {}",
            cols * (TILE_W + TILE_GAP) - TILE_GAP + 4,
            rows * (TILE_H + TILE_GAP) - TILE_GAP + 4
        );
        (areas, view_box, "8".to_string(), Vec::new())
    } else {
        let mut bbox: Option<BBox> = None;
        let areas = drawn
            .iter()
            .filter_map(|p| by_code.get(p.code.as_str()).map(|s| (p, s)))
            .map(|(p, s)| {
                bbox = Some(bbox.map_or(s.bbox, |b| b.union(s.bbox)));
                MapArea {
                    title: p.tooltip.clone(),
                    fill: zero_or(colour(p.value), "kaart-arcering"),
                    path: s.svg_path.clone(),
                    tile: None,
                }
            })
            .collect();
        let b = bbox.unwrap_or(BBox {
            min_x: 0,
            min_y: 0,
            max_x: 1,
            max_y: 1,
        });
        let pad = (b.width().max(b.height()) / 50).max(1);
        let view_box = format!(
            "{} {} {} {}",
            b.min_x - pad,
            b.min_y - pad,
            b.width() + 2 * pad,
            b.height() + 2 * pad
        );
        let hatch = (b.width().max(b.height()) / 120).max(1).to_string();
        let missing = plotted
            .iter()
            .filter(|p| !by_code.contains_key(p.code.as_str()))
            .map(|p| p.name.clone())
            .collect();
        (areas, view_box, hatch, missing)
    };
    let mut legend = Vec::new();
    for (i, r) in classes.ranges.iter().enumerate() {
        legend.push(LegendItem {
            fill: geo::fill(classes.shade(i + 1)),
            label: range_label(*r),
        });
    }
    let highest = plotted.iter().max_by_key(|p| p.value).filter(|p| p.value > 0);
    let desc = match highest {
        Some(h) => format!(
            "{} {}. {}: {} ({}). {}",
            plotted.len(),
            tx.map_areas,
            tx.map_highest,
            h.name,
            number(h.value),
            tx.map_see_table
        ),
        None => format!(
            "{} {}. {} {}",
            plotted.len(),
            tx.map_areas,
            tx.map_all_zero,
            tx.map_see_table
        ),
    };
    MapView {
        title: String::new(),
        desc,
        view_box,
        hatch,
        areas,
        tiles,
        legend,
        legend_zero: zero_label.to_string(),
        table: MapTable {
            caption: String::new(),
            area_header: String::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            total: Vec::new(),
            note: None,
        },
        how: Vec::new(),
        counted: String::new(),
        missing,
    }
}

/// The zero class is hatched: its fill refers to the pattern.
fn zero_or(fill: &'static str, pattern: &str) -> String {
    if fill == geo::ZERO_FILL {
        format!("url(#{pattern})")
    } else {
        fill.to_string()
    }
}

fn counted_text(tx: &Texts, at: &str) -> String {
    let when = Timestamp::parse(at)
        .map(Timestamp::dutch)
        .unwrap_or_else(|_| at.to_string());
    format!("{} {when}.", tx.map_counted_at)
}

/// The class column of the table: the range of the value's colour.
fn class_label(classes: &Classes, v: i64, zero: &str) -> String {
    match classes.class_of(v) {
        0 => zero.to_string(),
        c => classes.ranges.get(c - 1).map(|r| range_label(*r)).unwrap_or_default(),
    }
}

/// A filter value that is not one of the options: the field shows why.
fn refuse(field: &mut Field, tx: &Texts, given: &str) {
    field.error = Some(format!("{} “{given}”: {}", tx.map_unknown_value, tx.map_unknown_choose));
}

fn level_field(tx: &Texts, province_name: &str, value: &str) -> Field {
    Field::new("niveau", tx.map_level, FieldKind::Select)
        .options(vec![
            (
                MapLevel::Municipalities.code().to_string(),
                format!("{} {province_name}", tx.map_municipalities_of),
            ),
            (MapLevel::Provinces.code().to_string(), tx.map_provinces_nl.to_string()),
        ])
        .value(value)
        .filter()
}

/// Parses an optional coded filter; an unknown value marks the field.
fn coded<T: Coded>(value: &Option<String>, field: &mut Field, tx: &Texts) -> Option<T> {
    match T::optional(value.as_deref()) {
        Ok(v) => v,
        Err(_) => {
            refuse(field, tx, value.as_deref().unwrap_or_default());
            None
        }
    }
}

fn area_header(tx: &Texts, level: MapLevel) -> String {
    match level {
        MapLevel::Municipalities => tx.map_municipality.to_string(),
        MapLevel::Provinces => tx.map_province.to_string(),
    }
}

fn where_label(tx: &Texts, level: MapLevel, province_name: &str) -> String {
    match level {
        MapLevel::Municipalities => format!("{} {province_name}", tx.map_where_municipalities),
        MapLevel::Provinces => tx.map_where_provinces.to_string(),
    }
}

/// The answer to a request with an unknown filter value: the form with the value marked, no
/// map, status 400 (not cached).
fn refused(mut p: MapPage) -> Response {
    p.error = Some(p.chrome.tx.map_bad_filter.to_string());
    p.chrome.has_errors = true;
    match p.render() {
        Ok(html) => (StatusCode::BAD_REQUEST, Html(html)).into_response(),
        Err(e) => AppError::Internal(e.to_string()).into_response(),
    }
}

async fn strength(
    State(s): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    PageQuery(q): PageQuery<MapQuery>,
) -> Result<Response, AppError> {
    let (tx, lang) = (visitor.tx, visitor.lang);
    let (_, province_name) = s.services.map_province();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut layer_field = Field::new("laag", tx.map_layer, FieldKind::Select)
        .options(coded_options::<StrengthLayer>(lang))
        .value(opt(&q.laag))
        .filter();
    let mut stage_field = Field::new("fase", tx.map_stage, FieldKind::Select)
        .options(coded_options::<JourneyStage>(lang))
        .empty(tx.map_all_stages)
        .hint(tx.map_stage_hint)
        .value(opt(&q.fase))
        .filter();
    let mut level_field = level_field(tx, province_name, &opt(&q.niveau));
    let layer = coded::<StrengthLayer>(&q.laag, &mut layer_field, tx);
    let stage = coded::<JourneyStage>(&q.fase, &mut stage_field, tx);
    let level = coded::<MapLevel>(&q.niveau, &mut level_field, tx);
    let mut p = MapPage::new(
        visitor.chrome(tx.pub_strength_map, Nav::StrengthMap),
        (tx.pub_strength_map, tx.map_strength_intro),
        "/kaarten/krachtenkaart",
        vec![layer_field, stage_field, level_field],
    );
    if p.refuses() {
        return Ok(refused(p));
    }
    let layer = layer.unwrap_or(StrengthLayer::Companies);
    let level = level.unwrap_or(MapLevel::Municipalities);
    // The stage only narrows the companies layer.
    let stage = stage.filter(|_| layer == StrengthLayer::Companies);
    let m = s.services.strength_map(level, layer, stage).await?;
    let what = match stage {
        Some(st) => format!("{} ({})", layer.label(lang), st.label(lang).to_lowercase()),
        None => layer.label(lang).to_string(),
    };
    let plotted: Vec<Plotted> = m
        .areas
        .iter()
        .map(|a| Plotted {
            code: a.code.clone(),
            name: a.name.clone(),
            value: a.value,
            tooltip: format!("{}: {}", a.name, number(a.value)),
        })
        .collect();
    let classes = Classes::of(&plotted.iter().map(|p| p.value).collect::<Vec<_>>());
    let mut view = draw(tx, &plotted, &m.shapes, &classes, tx.map_legend_zero);
    view.title = format!(
        "{}: {what}, {}",
        tx.pub_strength_map,
        where_label(tx, level, province_name)
    );
    view.table = MapTable {
        caption: format!("{}: {what}", tx.map_table_caption),
        area_header: area_header(tx, level),
        columns: vec![what.clone(), tx.map_class.to_string()],
        rows: plotted
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    vec![number(p.value), class_label(&classes, p.value, "0")],
                )
            })
            .collect(),
        total: vec![number(m.total), String::new()],
        note: (layer != StrengthLayer::Companies).then(|| tx.map_total_once.to_string()),
    };
    view.how = vec![
        match layer {
            StrengthLayer::Companies => tx.map_how_companies,
            StrengthLayer::NetworkMembers => tx.map_how_members,
            StrengthLayer::Projects => tx.map_how_projects,
            StrengthLayer::Examples => tx.map_how_examples,
            StrengthLayer::Support => tx.map_how_support,
        }
        .to_string(),
        tx.map_how_private.to_string(),
    ];
    view.counted = counted_text(tx, &m.counted_at);
    p.map = Some(view);
    Ok(page(&headers, &p))
}

async fn opportunity(
    State(s): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    PageQuery(q): PageQuery<MapQuery>,
) -> Result<Response, AppError> {
    let (tx, lang) = (visitor.tx, visitor.lang);
    let (_, province_name) = s.services.map_province();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let themes = s.services.map_themes().await?;
    let mut sector_field = Field::new("sector", tx.map_sector, FieldKind::Select)
        .options(coded_options::<Sector>(lang))
        .empty(tx.map_all_sectors)
        .value(opt(&q.sector))
        .filter();
    let mut theme_field = Field::new("thema", tx.map_theme, FieldKind::Select)
        .options(themes.iter().map(|(id, name)| (id.to_string(), name.clone())).collect())
        .empty(tx.map_all_themes)
        .value(opt(&q.thema))
        .filter();
    let mut level_field = level_field(tx, province_name, &opt(&q.niveau));
    let sector = coded::<Sector>(&q.sector, &mut sector_field, tx);
    let level = coded::<MapLevel>(&q.niveau, &mut level_field, tx);
    let theme = match q.thema.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(t) => match t
            .parse::<i64>()
            .ok()
            .and_then(|id| themes.iter().find(|(i, _)| *i == id))
        {
            Some((id, name)) => Some((*id, name.clone())),
            None => {
                refuse(&mut theme_field, tx, t);
                None
            }
        },
    };
    let mut p = MapPage::new(
        visitor.chrome(tx.pub_opportunity_map, Nav::OpportunityMap),
        (tx.pub_opportunity_map, tx.map_opportunity_intro),
        "/kaarten/kansenkaart",
        vec![sector_field, theme_field, level_field],
    );
    if p.refuses() {
        return Ok(refused(p));
    }
    let level = level.unwrap_or(MapLevel::Municipalities);
    let m = s
        .services
        .opportunity_map(
            level,
            OpportunityFilter {
                sector,
                theme_id: theme.as_ref().map(|(id, _)| *id),
            },
        )
        .await?;
    let mut which: Vec<String> = Vec::new();
    if let Some(sec) = sector {
        which.push(sec.label(lang).to_string());
    }
    if let Some((_, name)) = &theme {
        which.push(name.clone());
    }
    let which = if which.is_empty() {
        String::new()
    } else {
        format!(" ({})", which.join(", "))
    };
    let plotted: Vec<Plotted> = m
        .areas
        .iter()
        .map(|a| Plotted {
            code: a.code.clone(),
            name: a.name.clone(),
            value: a.opportunity(),
            tooltip: format!(
                "{}: {} {}, {} {}, {} {}",
                a.name,
                tx.map_opportunity.to_lowercase(),
                number(a.opportunity()),
                number(a.interested),
                tx.map_interested.to_lowercase(),
                number(a.implementing),
                tx.map_implementing.to_lowercase()
            ),
        })
        .collect();
    let classes = Classes::of(&plotted.iter().map(|p| p.value).collect::<Vec<_>>());
    let mut view = draw(tx, &plotted, &m.shapes, &classes, tx.map_legend_zero_opportunity);
    view.title = format!(
        "{}: {}{which}",
        tx.pub_opportunity_map,
        where_label(tx, level, province_name)
    );
    let (interested, implementing) = m
        .areas
        .iter()
        .fold((0, 0), |(a, b), x| (a + x.interested, b + x.implementing));
    view.table = MapTable {
        caption: format!("{}: {}{which}", tx.map_table_caption, tx.pub_opportunity_map),
        area_header: area_header(tx, level),
        columns: vec![
            tx.map_interested.to_string(),
            tx.map_implementing.to_string(),
            tx.map_opportunity.to_string(),
            tx.map_class.to_string(),
        ],
        rows: m
            .areas
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    vec![
                        number(a.interested),
                        number(a.implementing),
                        number(a.opportunity()),
                        class_label(&classes, a.opportunity(), tx.map_legend_zero_opportunity),
                    ],
                )
            })
            .collect(),
        total: vec![
            number(interested),
            number(implementing),
            number(interested - implementing),
            String::new(),
        ],
        note: None,
    };
    view.how = vec![
        tx.map_how_opportunity.to_string(),
        tx.map_how_sector.to_string(),
        tx.map_how_private.to_string(),
    ];
    view.counted = counted_text(tx, &m.counted_at);
    p.map = Some(view);
    Ok(page(&headers, &p))
}
