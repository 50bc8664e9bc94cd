//! Municipality and province boundaries from GeoJSON, projected to SVG paths, and the tile grid used when none are loaded.
//!
//! Also the rest of what the strength and opportunity maps need without IO: the layers a
//! visitor can choose, and the classification of the numbers into five colour classes.

use crate::Lang;
use crate::enums::{Coded, coded_enum};
use crate::municipality::{OVERIJSSEL, PROVINCES};
use serde_json::Value;

coded_enum! {
    /// Which areas a map shows: the configured province's municipalities, or the provinces.
    MapLevel {
        Municipalities => "gemeenten", "Gemeenten", "Municipalities";
        Provinces => "provincies", "Provincies", "Provinces";
    }
}

impl MapLevel {
    /// The level as stored in the boundaries table.
    pub fn storage_code(self) -> &'static str {
        match self {
            MapLevel::Municipalities => "gemeente",
            MapLevel::Provinces => "provincie",
        }
    }

    /// The level an area code belongs to: GM0193 a municipality, PV23 a province.
    pub fn of_area_code(code: &str) -> Option<MapLevel> {
        let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
        if let Some(rest) = code.strip_prefix("GM") {
            digits(rest, 4).then_some(MapLevel::Municipalities)
        } else if let Some(rest) = code.strip_prefix("PV") {
            digits(rest, 2).then_some(MapLevel::Provinces)
        } else {
            None
        }
    }
}

coded_enum! {
    /// What the strength map ("krachtenkaart") counts per area.
    StrengthLayer {
        Companies => "bedrijven", "Bedrijven per fase", "Companies per stage";
        NetworkMembers => "netwerkleden", "Netwerkleden", "Network members";
        Projects => "projecten", "Projecten", "Projects";
        Examples => "goede-voorbeelden", "Goede voorbeelden", "Good examples";
        Support => "ondersteuning", "Ondersteunde organisaties", "Organisations supported";
    }
}

// ---------------------------------------------------------------------------------------
// GeoJSON
// ---------------------------------------------------------------------------------------

/// Why a boundary file was refused. A problem with one feature names it by its position
/// (counting from 1) and, when it has one, its code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    #[error("the file is not valid JSON: {0}")]
    NotJson(String),
    #[error(
        "the file is not a GeoJSON FeatureCollection (expected {{\"type\": \"FeatureCollection\", \"features\": [...]}})"
    )]
    NotFeatureCollection,
    #[error("the file has no features")]
    Empty,
    #[error("feature {number} of {total}{}: {problem}", code.as_ref().map(|c| format!(" ({c})")).unwrap_or_default())]
    Feature {
        /// Position in the file, counting from 1.
        number: usize,
        total: usize,
        code: Option<String>,
        problem: String,
    },
}

/// One area of a boundary file, checked and projected.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryFeature {
    pub level: MapLevel,
    /// GM0193 or PV23.
    pub code: String,
    pub name: String,
    /// The province of a municipality, when the file says.
    pub province_code: Option<String>,
    pub inhabitants: Option<i64>,
    /// The GeoJSON geometry as given.
    pub geometry: String,
    /// The projected outline as SVG path data, in map units.
    pub svg_path: String,
    pub bbox: BBox,
}

/// A bounding box in map units (x to the east, y to the south).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BBox {
    pub min_x: i64,
    pub min_y: i64,
    pub max_x: i64,
    pub max_y: i64,
}

impl BBox {
    pub fn union(self, o: BBox) -> BBox {
        BBox {
            min_x: self.min_x.min(o.min_x),
            min_y: self.min_y.min(o.min_y),
            max_x: self.max_x.max(o.max_x),
            max_y: self.max_y.max(o.max_y),
        }
    }

    pub fn width(self) -> i64 {
        self.max_x - self.min_x
    }

    pub fn height(self) -> i64 {
        self.max_y - self.min_y
    }
}

/// Map units per degree of latitude.
pub const UNITS_PER_DEGREE: f64 = 1000.0;
/// The latitude whose scale the equirectangular projection keeps (the middle of the country).
pub const STANDARD_PARALLEL: f64 = 52.2;

/// Projects WGS84 longitude and latitude to map units: equirectangular, x shrunk by the
/// cosine of 52.2° so shapes look right in the Netherlands, y flipped so north is up.
pub fn project(lon: f64, lat: f64) -> (f64, f64) {
    let x = lon * STANDARD_PARALLEL.to_radians().cos() * UNITS_PER_DEGREE;
    let y = -lat * UNITS_PER_DEGREE;
    (x, y)
}

/// A number with one decimal, without a trailing ".0".
fn fmt1(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let s = format!("{r:.1}");
    let s = s.strip_suffix(".0").map(str::to_string).unwrap_or(s);
    if s == "-0" { "0".into() } else { s }
}

/// Parses and checks a GeoJSON FeatureCollection of municipalities (codes GMxxxx) or
/// provinces (PVxx); one level per file. Everything is checked before anything is returned,
/// so a caller that writes the result writes all of it or nothing.
pub fn parse_boundaries(text: &str) -> Result<Vec<BoundaryFeature>, GeoError> {
    let doc: Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| GeoError::NotJson(e.to_string()))?;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(GeoError::NotFeatureCollection);
    }
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or(GeoError::NotFeatureCollection)?;
    if features.is_empty() {
        return Err(GeoError::Empty);
    }
    let total = features.len();
    let mut out: Vec<BoundaryFeature> = Vec::with_capacity(total);
    let mut seen = std::collections::HashSet::new();
    for (i, f) in features.iter().enumerate() {
        let code = f
            .get("properties")
            .and_then(|p| p.get("code"))
            .and_then(Value::as_str)
            .map(|c| c.trim().to_ascii_uppercase());
        let fail = |problem: String| GeoError::Feature {
            number: i + 1,
            total,
            code: code.clone().filter(|c| !c.is_empty()),
            problem,
        };
        let feature = parse_feature(f, code.as_deref()).map_err(fail)?;
        if let Some(first) = out.first()
            && first.level != feature.level
        {
            return Err(fail(format!(
                "a file holds one level; feature 1 is a {} and this one a {}",
                first.level.storage_code(),
                feature.level.storage_code()
            )));
        }
        if !seen.insert(feature.code.clone()) {
            return Err(fail("the code occurs twice in the file".into()));
        }
        out.push(feature);
    }
    Ok(out)
}

fn parse_feature(f: &Value, code: Option<&str>) -> Result<BoundaryFeature, String> {
    if f.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err("not a GeoJSON Feature (\"type\": \"Feature\")".into());
    }
    let props = f.get("properties").and_then(Value::as_object);
    let code = match code {
        Some(c) if !c.is_empty() => c.to_string(),
        _ => return Err("no \"code\" property (a CBS code such as GM0193 or PV23)".into()),
    };
    let level = MapLevel::of_area_code(&code).ok_or_else(|| {
        "the code is neither a municipality code (GM and 4 digits) nor a province code (PV and 2 digits)".to_string()
    })?;
    let name = props
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| "no \"name\" property".to_string())?
        .to_string();
    let province_code = match props.and_then(|p| p.get("province_code")) {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) if MapLevel::of_area_code(p.trim()) == Some(MapLevel::Provinces) => {
            Some(p.trim().to_string())
        }
        Some(other) => {
            return Err(format!(
                "\"province_code\" {other} is not a province code (PV and 2 digits)"
            ));
        }
    };
    let inhabitants = match props.and_then(|p| p.get("inhabitants")) {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_i64()
                .filter(|n| *n >= 0)
                .ok_or_else(|| format!("\"inhabitants\" {v} is not a whole number"))?,
        ),
    };
    let geometry = f.get("geometry").filter(|g| !g.is_null()).ok_or("no geometry")?;
    let polygons: Vec<&Value> = match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => vec![geometry.get("coordinates").ok_or("a Polygon without coordinates")?],
        Some("MultiPolygon") => geometry
            .get("coordinates")
            .and_then(Value::as_array)
            .ok_or("a MultiPolygon without a list of polygons")?
            .iter()
            .collect(),
        Some(other) => {
            return Err(format!(
                "the geometry is a {other}; only Polygon and MultiPolygon are accepted"
            ));
        }
        None => return Err("the geometry has no type".into()),
    };
    if polygons.is_empty() {
        return Err("a MultiPolygon without polygons".into());
    }
    let mut path = String::new();
    let mut bbox: Option<(f64, f64, f64, f64)> = None;
    for (p, polygon) in polygons.iter().enumerate() {
        let rings = polygon
            .as_array()
            .filter(|r| !r.is_empty())
            .ok_or_else(|| format!("polygon {} has no rings", p + 1))?;
        for (r, ring) in rings.iter().enumerate() {
            let where_ = || format!("polygon {}, ring {}", p + 1, r + 1);
            let positions = ring
                .as_array()
                .ok_or_else(|| format!("{}: not a list of positions", where_()))?;
            if positions.len() < 4 {
                return Err(format!(
                    "{}: a ring needs at least 4 positions (closed), it has {}",
                    where_(),
                    positions.len()
                ));
            }
            let mut first: Option<(String, String)> = None;
            let mut last: Option<(String, String)> = None;
            let mut emitted = 0;
            for (k, pos) in positions.iter().enumerate() {
                let (lon, lat) = position(pos).map_err(|e| format!("{}, position {}: {e}", where_(), k + 1))?;
                let (x, y) = project(lon, lat);
                bbox = Some(match bbox {
                    None => (x, y, x, y),
                    Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x), d.max(y)),
                });
                let point = (fmt1(x), fmt1(y));
                // Repeated points after rounding, and the closing position (Z closes), add nothing.
                let closing = k + 1 == positions.len() && first.as_ref() == Some(&point);
                if last.as_ref() == Some(&point) || closing {
                    continue;
                }
                path.push(match emitted {
                    0 => 'M',
                    1 => 'L',
                    _ => ' ',
                });
                path.push_str(&point.0);
                path.push(' ');
                path.push_str(&point.1);
                emitted += 1;
                if first.is_none() {
                    first = Some(point.clone());
                }
                last = Some(point);
            }
            path.push('Z');
        }
    }
    let (min_x, min_y, max_x, max_y) = bbox.ok_or("the geometry has no positions")?;
    Ok(BoundaryFeature {
        level,
        code,
        name,
        province_code: if level == MapLevel::Municipalities {
            province_code
        } else {
            None
        },
        inhabitants,
        geometry: geometry.to_string(),
        svg_path: path,
        bbox: BBox {
            min_x: min_x.floor() as i64,
            min_y: min_y.floor() as i64,
            max_x: max_x.ceil() as i64,
            max_y: max_y.ceil() as i64,
        },
    })
}

/// A GeoJSON position: [longitude, latitude] in WGS84 degrees.
fn position(pos: &Value) -> Result<(f64, f64), String> {
    let a = pos.as_array().ok_or("not a [longitude, latitude] pair")?;
    if a.len() < 2 {
        return Err("not a [longitude, latitude] pair".into());
    }
    let lon = a[0]
        .as_f64()
        .ok_or_else(|| format!("longitude {} is not a number", a[0]))?;
    let lat = a[1]
        .as_f64()
        .ok_or_else(|| format!("latitude {} is not a number", a[1]))?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "[{lon}, {lat}] is outside longitude -180..180 / latitude -90..90; the file must use WGS84 \
             degrees (EPSG:4326), not RD coordinates"
        ));
    }
    Ok((lon, lat))
}

// ---------------------------------------------------------------------------------------
// Tile grid
// ---------------------------------------------------------------------------------------

/// The place of one area in the tile grid: column and row from the top left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tile {
    pub col: u32,
    pub row: u32,
}

/// The provinces as tiles, roughly where they lie.
const PROVINCE_TILES: [(&str, u32, u32); 12] = [
    ("PV21", 2, 0), // Fryslân
    ("PV20", 3, 0), // Groningen
    ("PV27", 1, 1), // Noord-Holland
    ("PV24", 2, 1), // Flevoland
    ("PV22", 3, 1), // Drenthe
    ("PV28", 0, 2), // Zuid-Holland
    ("PV26", 1, 2), // Utrecht
    ("PV25", 2, 2), // Gelderland
    ("PV23", 3, 2), // Overijssel
    ("PV29", 0, 3), // Zeeland
    ("PV30", 1, 3), // Noord-Brabant
    ("PV31", 2, 3), // Limburg
];

/// The 25 municipalities of Overijssel as tiles, roughly where they lie.
const OVERIJSSEL_TILES: [(&str, u32, u32); 25] = [
    ("GM1708", 1, 0), // Steenwijkerland
    ("GM0180", 2, 0), // Staphorst
    ("GM0160", 4, 0), // Hardenberg
    ("GM0166", 0, 1), // Kampen
    ("GM1896", 1, 1), // Zwartewaterland
    ("GM0148", 2, 1), // Dalfsen
    ("GM0175", 3, 1), // Ommen
    ("GM1700", 4, 1), // Twenterand
    ("GM0193", 1, 2), // Zwolle
    ("GM0177", 2, 2), // Raalte
    ("GM0163", 3, 2), // Hellendoorn
    ("GM0141", 4, 2), // Almelo
    ("GM0183", 5, 2), // Tubbergen
    ("GM1774", 6, 2), // Dinkelland
    ("GM1773", 1, 3), // Olst-Wijhe
    ("GM1742", 2, 3), // Rijssen-Holten
    ("GM0189", 3, 3), // Wierden
    ("GM0147", 4, 3), // Borne
    ("GM0173", 5, 3), // Oldenzaal
    ("GM0168", 6, 3), // Losser
    ("GM0150", 1, 4), // Deventer
    ("GM1735", 2, 4), // Hof van Twente
    ("GM0158", 3, 4), // Haaksbergen
    ("GM0164", 4, 4), // Hengelo
    ("GM0153", 5, 4), // Enschede
];

/// Places areas (code, name) in a tile grid: the hand-made grid of the provinces or of
/// Overijssel when the set is exactly one of those, otherwise an alphabetical square grid.
/// The tiles come back in the order of `areas`.
pub fn tile_grid(areas: &[(String, String)]) -> Vec<Tile> {
    let same_set = |known: &[(&str, u32, u32)]| {
        areas.len() == known.len() && areas.iter().all(|(c, _)| known.iter().any(|(k, _, _)| k == c))
    };
    let from = |known: &[(&str, u32, u32)]| {
        areas
            .iter()
            .map(|(c, _)| {
                known
                    .iter()
                    .find(|(k, _, _)| k == c)
                    .map(|(_, col, row)| Tile { col: *col, row: *row })
                    .unwrap_or(Tile { col: 0, row: 0 })
            })
            .collect()
    };
    if same_set(&PROVINCE_TILES) {
        return from(&PROVINCE_TILES);
    }
    if same_set(&OVERIJSSEL_TILES) {
        return from(&OVERIJSSEL_TILES);
    }
    let cols = (areas.len() as f64).sqrt().ceil().max(1.0) as usize;
    let mut order: Vec<usize> = (0..areas.len()).collect();
    order.sort_by_key(|i| areas[*i].1.to_lowercase());
    let mut tiles = vec![Tile { col: 0, row: 0 }; areas.len()];
    for (place, i) in order.into_iter().enumerate() {
        tiles[i] = Tile {
            col: (place % cols) as u32,
            row: (place / cols) as u32,
        };
    }
    tiles
}

/// Whether the reference lists behind the hand-made grids are the ones in `municipality`.
pub fn hand_made_grids_cover_the_reference_lists() -> bool {
    PROVINCES
        .iter()
        .all(|(c, _)| PROVINCE_TILES.iter().any(|(k, _, _)| k == c))
        && OVERIJSSEL
            .iter()
            .all(|(c, _)| OVERIJSSEL_TILES.iter().any(|(k, _, _)| k == c))
}

// ---------------------------------------------------------------------------------------
// Classes and colours
// ---------------------------------------------------------------------------------------

/// The fill of the five classes, light to dark: ColorBrewer YlGnBu, which stays ordered for
/// the common forms of colour blindness. Chosen so that a label on a tile reaches 4.5:1 with
/// dark text (#1a1a1a) on the first three and white on the last two.
pub const PALETTE: [&str; 5] = ["#edf8b1", "#7fcdbb", "#1d91c0", "#225ea8", "#081d58"];
/// Areas with nothing to count (0, or no data): white with grey hatching.
pub const ZERO_FILL: &str = "#ffffff";

/// The text colour readable on a class's fill (0 is the zero class).
pub fn text_colour(class: usize) -> &'static str {
    if class >= 4 { "#ffffff" } else { "#1a1a1a" }
}

/// The fill of a class (0 is the zero class).
pub fn fill(class: usize) -> &'static str {
    match class {
        0 => ZERO_FILL,
        c => PALETTE[(c - 1).min(PALETTE.len() - 1)],
    }
}

/// Equal-interval classes of whole numbers above 0: up to five classes of the same width
/// between the lowest and the highest value above 0. Values of 0 or less form the zero class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classes {
    /// Inclusive ranges (from, to) of classes 1, 2, …
    pub ranges: Vec<(i64, i64)>,
}

impl Classes {
    pub fn of(values: &[i64]) -> Classes {
        let positive: Vec<i64> = values.iter().copied().filter(|v| *v > 0).collect();
        let (Some(lo), Some(hi)) = (positive.iter().min(), positive.iter().max()) else {
            return Classes { ranges: Vec::new() };
        };
        let span = hi - lo + 1;
        let n = span.min(PALETTE.len() as i64);
        let width = (span + n - 1) / n;
        let mut ranges = Vec::new();
        let mut from = *lo;
        while from <= *hi {
            let to = (from + width - 1).min(*hi);
            ranges.push((from, to));
            from = to + 1;
        }
        Classes { ranges }
    }

    /// The class of a value: 0 for the zero class, else 1 to the number of classes.
    pub fn class_of(&self, v: i64) -> usize {
        if v <= 0 {
            return 0;
        }
        self.ranges
            .iter()
            .position(|(from, to)| v >= *from && v <= *to)
            .map(|i| i + 1)
            .unwrap_or(self.ranges.len())
    }

    /// Spreads the classes over the palette: with fewer than five classes, the darkest class
    /// still gets the darkest colour. Returns the palette class (1 to 5) of class `class`.
    pub fn shade(&self, class: usize) -> usize {
        let n = self.ranges.len();
        if class == 0 || n == 0 {
            return 0;
        }
        if n == 1 {
            return PALETTE.len();
        }
        1 + (class - 1) * (PALETTE.len() - 1) / (n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(features: &str) -> String {
        format!("{{\"type\":\"FeatureCollection\",\"features\":[{features}]}}")
    }

    fn square(code: &str, name: &str) -> String {
        format!(
            "{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{code}\",\"name\":\"{name}\",\"province_code\":\"PV23\"}},\
             \"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[6.0,52.0],[6.1,52.0],[6.1,52.1],[6.0,52.1],[6.0,52.0]]]}}}}"
        )
    }

    #[test]
    fn a_feature_collection_is_parsed_and_projected() {
        let text = collection(&format!(
            "{},{}",
            square("GM0193", "Zwolle"),
            square("gm0150", "Deventer")
        ));
        let parsed = parse_boundaries(&text);
        assert!(parsed.is_ok(), "{parsed:?}");
        let features = parsed.unwrap_or_default();
        assert_eq!(features.len(), 2);
        let f = &features[1];
        assert_eq!((f.code.as_str(), f.level), ("GM0150", MapLevel::Municipalities));
        assert_eq!(f.province_code.as_deref(), Some("PV23"));
        // x = 6.0 * cos(52.2°) * 1000 = 3677.4; y = -52000, north up.
        assert!(
            f.svg_path
                .starts_with("M3677.4 -52000L3738.7 -52000 3738.7 -52100 3677.4 -52100Z"),
            "{}",
            f.svg_path
        );
        assert_eq!(
            f.bbox,
            BBox {
                min_x: 3677,
                min_y: -52100,
                max_x: 3739,
                max_y: -52000
            }
        );
        assert!(f.geometry.starts_with("{\"coordinates\"") || f.geometry.starts_with("{\"type\""));
    }

    fn problem(text: &str) -> String {
        match parse_boundaries(text) {
            Err(e) => e.to_string(),
            Ok(_) => "accepted".into(),
        }
    }

    #[test]
    fn a_bad_file_is_refused_naming_the_feature() {
        assert!(problem("{not json").starts_with("the file is not valid JSON"));
        assert!(problem("{\"type\":\"Feature\"}").contains("not a GeoJSON FeatureCollection"));
        assert_eq!(problem(&collection("")), "the file has no features");
        let no_code = square("GM0148", "Dalfsen").replace("\"code\":\"GM0148\",", "");
        let text = collection(&format!(
            "{},{},{}",
            square("GM0193", "Zwolle"),
            square("GM0150", "Deventer"),
            no_code
        ));
        assert!(
            problem(&text).starts_with("feature 3 of 3: no \"code\" property"),
            "{}",
            problem(&text)
        );
        let bad_code = collection(&square("XY12", "Nergens"));
        assert!(problem(&bad_code).starts_with("feature 1 of 1 (XY12): the code is neither"));
        let line = square("GM0193", "Zwolle").replace("\"Polygon\"", "\"LineString\"");
        assert!(problem(&collection(&line)).contains("(GM0193): the geometry is a LineString"));
        let short = square("GM0193", "Zwolle").replace("[6.1,52.1],[6.0,52.1],", "");
        assert!(problem(&collection(&short)).contains("polygon 1, ring 1: a ring needs at least 4 positions"));
        let text_lon = square("GM0193", "Zwolle").replace("[6.1,52.0]", "[\"6.1\",52.0]");
        assert!(problem(&collection(&text_lon)).contains("position 2: longitude \"6.1\" is not a number"));
        let rd = square("GM0193", "Zwolle").replace("[6.1,52.0]", "[203000,503000]");
        assert!(problem(&collection(&rd)).contains("not RD coordinates"));
        let mixed = collection(&format!(
            "{},{}",
            square("GM0193", "Zwolle"),
            square("PV23", "Overijssel")
        ));
        assert!(problem(&mixed).starts_with("feature 2 of 2 (PV23): a file holds one level"));
        let twice = collection(&format!(
            "{},{}",
            square("GM0193", "Zwolle"),
            square("GM0193", "Zwolle")
        ));
        assert!(problem(&twice).contains("occurs twice"));
    }

    #[test]
    fn the_tile_grids_place_every_area_once() {
        assert!(hand_made_grids_cover_the_reference_lists());
        let provinces: Vec<(String, String)> = PROVINCES.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect();
        let overijssel: Vec<(String, String)> =
            OVERIJSSEL.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect();
        for areas in [&provinces, &overijssel] {
            let tiles = tile_grid(areas);
            let mut places: Vec<(u32, u32)> = tiles.iter().map(|t| (t.col, t.row)).collect();
            places.sort();
            places.dedup();
            assert_eq!(places.len(), areas.len());
        }
        // Groningen lies north-east of Zeeland.
        let tiles = tile_grid(&provinces);
        assert!(tiles[0].col > tiles[9].col && tiles[0].row < tiles[9].row);
        let other: Vec<(String, String)> = ["Cc", "Aa", "Bb", "Dd", "Ee"]
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("GM000{i}"), n.to_string()))
            .collect();
        let tiles = tile_grid(&other);
        assert_eq!(tiles[1], Tile { col: 0, row: 0 });
        assert_eq!(tiles[2], Tile { col: 1, row: 0 });
        assert_eq!(tiles[0], Tile { col: 2, row: 0 });
        assert_eq!(tiles[3], Tile { col: 0, row: 1 });
    }

    #[test]
    fn values_fall_in_five_equal_classes_with_zero_apart() {
        let c = Classes::of(&[0, 1, 10, 3, 0, 7]);
        assert_eq!(c.ranges, vec![(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]);
        assert_eq!(
            (c.class_of(0), c.class_of(1), c.class_of(7), c.class_of(10)),
            (0, 1, 4, 5)
        );
        let few = Classes::of(&[2, 3]);
        assert_eq!(few.ranges, vec![(2, 2), (3, 3)]);
        assert_eq!((few.shade(1), few.shade(2)), (1, 5));
        assert_eq!(Classes::of(&[0, 0]).ranges, Vec::<(i64, i64)>::new());
        assert_eq!(Classes::of(&[-3, 0]).class_of(-3), 0);
        let wide = Classes::of(&[1, 12]);
        assert_eq!(wide.ranges, vec![(1, 3), (4, 6), (7, 9), (10, 12)]);
        assert_eq!(fill(0), ZERO_FILL);
        assert_eq!(text_colour(5), "#ffffff");
    }
}
