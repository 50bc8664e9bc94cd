//! The boundaries and municipalities that ship with Middenveld (CBS / Kadaster, CC BY 4.0).
//!
//! The files of `data/geo/` are compiled into the binary, so a new database knows every
//! municipality of the Netherlands and the maps draw real outlines without an import. They
//! are kept uncompressed: about 430 KB in a binary of tens of megabytes, where a
//! decompressor would cost more build time than the bytes it saves.

use crate::geo::{BoundaryFeature, GeoError, MapLevel, parse_boundaries};
use std::sync::OnceLock;

/// The 12 provinces (boundaries of 2025).
pub const PROVINCES_GEOJSON: &str = include_str!("../../../data/geo/provinces.geojson");
/// The 342 municipalities (boundaries of 2023), with their province and inhabitants.
pub const MUNICIPALITIES_GEOJSON: &str = include_str!("../../../data/geo/municipalities.geojson");
/// The same municipalities as a table: `code;name;province_code;province_name;inhabitants`.
pub const MUNICIPALITIES_CSV: &str = include_str!("../../../data/geo/municipalities.csv");

/// A municipality of the built-in reference table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceMunicipality {
    pub code: &'static str,
    pub name: &'static str,
    pub province_code: &'static str,
    pub inhabitants: Option<i64>,
}

/// Every municipality of the built-in table, in code order.
pub fn municipalities() -> Vec<ReferenceMunicipality> {
    MUNICIPALITIES_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cells = line.split(';');
            let code = cells.next()?;
            let name = cells.next()?;
            let province_code = cells.next()?;
            let _province_name = cells.next()?;
            let inhabitants = cells.next().and_then(|n| n.trim().parse().ok());
            Some(ReferenceMunicipality {
                code,
                name,
                province_code,
                inhabitants,
            })
        })
        .collect()
}

/// The built-in boundaries of a level, parsed and projected once per process.
pub fn features(level: MapLevel) -> Result<&'static [BoundaryFeature], GeoError> {
    static PROVINCES: OnceLock<Result<Vec<BoundaryFeature>, GeoError>> = OnceLock::new();
    static MUNICIPALITIES: OnceLock<Result<Vec<BoundaryFeature>, GeoError>> = OnceLock::new();
    let parsed = match level {
        MapLevel::Provinces => PROVINCES.get_or_init(|| parse_boundaries(PROVINCES_GEOJSON)),
        MapLevel::Municipalities => MUNICIPALITIES.get_or_init(|| parse_boundaries(MUNICIPALITIES_GEOJSON)),
    };
    match parsed {
        Ok(features) => Ok(features.as_slice()),
        Err(e) => Err(e.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::municipality::{OVERIJSSEL, PROVINCES};

    #[test]
    fn the_built_in_files_parse_and_agree_with_each_other() {
        let provinces = features(MapLevel::Provinces).unwrap();
        assert_eq!(provinces.len(), 12);
        let codes: Vec<&str> = provinces.iter().map(|f| f.code.as_str()).collect();
        let known: Vec<&str> = PROVINCES.iter().map(|(c, _)| *c).collect();
        for code in &codes {
            assert!(known.contains(code), "{code} is one of the twelve");
        }
        let shapes = features(MapLevel::Municipalities).unwrap();
        let table = municipalities();
        assert_eq!((shapes.len(), table.len()), (342, 342));
        for (shape, row) in shapes.iter().zip(&table) {
            assert_eq!(
                (shape.code.as_str(), shape.name.as_str(), shape.province_code.as_deref()),
                (row.code, row.name, Some(row.province_code)),
                "the table and the outlines list the same municipalities in the same order"
            );
            assert_eq!(shape.inhabitants, row.inhabitants);
            assert!(known.contains(&row.province_code));
        }
        let zwolle = table.iter().find(|m| m.code == "GM0193").unwrap();
        assert_eq!((zwolle.name, zwolle.province_code), ("Zwolle", "PV23"));
        assert!(zwolle.inhabitants.unwrap() > 100_000);
    }

    #[test]
    fn overijssel_in_the_built_in_table_is_the_written_in_list() {
        let mut built_in: Vec<(&str, &str)> = municipalities()
            .into_iter()
            .filter(|m| m.province_code == "PV23")
            .map(|m| (m.code, m.name))
            .collect();
        built_in.sort();
        let mut written: Vec<(&str, &str)> = OVERIJSSEL.to_vec();
        written.sort();
        assert_eq!(built_in, written);
    }
}
