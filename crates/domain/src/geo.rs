//! Municipality and province boundaries from GeoJSON, projected to SVG paths, and the tile grid used when none are loaded.
