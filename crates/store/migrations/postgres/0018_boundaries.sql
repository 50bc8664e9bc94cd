-- Boundaries of municipalities and provinces for the maps, from a CBS GeoJSON file
-- (`middenveld geo import FILE`). `geometry` keeps the GeoJSON geometry as given (open data
-- serves it); `svg_path` is its projection for the server-rendered maps, in map units of
-- 1/1000 degree latitude, with its bounding box. A new file of a level replaces that level.
-- Keep in step with ../sqlite/0018_boundaries.sql (a test compares the two).
CREATE TABLE boundaries (
    level TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    province_code TEXT,
    geometry TEXT NOT NULL,
    svg_path TEXT NOT NULL,
    min_x BIGINT NOT NULL,
    min_y BIGINT NOT NULL,
    max_x BIGINT NOT NULL,
    max_y BIGINT NOT NULL,
    loaded_at TEXT NOT NULL,
    PRIMARY KEY (level, code),
    CHECK (level IN ('gemeente', 'provincie'))
);

-- The map layers count companies per municipality by kind, stage and SBI division; with
-- the SBI code in the index they read it alone (measured at 200,000 organisations: the
-- opportunity map of one sector in 30 ms instead of 300 ms).
CREATE INDEX organisations_map ON organisations(municipality_code, kind, journey_stage, sbi_code);
