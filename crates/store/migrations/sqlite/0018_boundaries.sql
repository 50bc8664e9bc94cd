-- Boundaries of municipalities and provinces for the maps, from a CBS GeoJSON file.
-- (filled in by the maps work)
SELECT 1;
