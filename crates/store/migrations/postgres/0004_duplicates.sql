-- Likely duplicate organisations (the page /organisaties/dubbel): `match_name` is the
-- normalised name (`sort_name`) without legal forms and words such as "holding", so that
-- "Groene Schakel B.V.", "Groene Schakel BV" and "Holding Groene Schakel" all compare as
-- "groene schakel". Computed by the database from `sort_name`, so every way of writing an
-- organisation (forms, API, import, bulk load) keeps it right. The list of words is
-- middenveld_domain::duplicate::LEGAL_FORMS (a test checks both files contain each).
-- Same columns and index names on both backends; here a STORED column, on SQLite a VIRTUAL one.
ALTER TABLE organisations ADD COLUMN match_name TEXT GENERATED ALWAYS AS (
    trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(' ' || sort_name || ' ', ' b v ', ' '), ' bv ', ' '), ' n v ', ' '), ' nv ', ' '), ' v o f ', ' '), ' vof ', ' '), ' u a ', ' '), ' ua ', ' '), ' w a ', ' '), ' wa ', ' '), ' holding ', ' '), ' stichting ', ' '), ' vereniging ', ' '), ' cooperatie ', ' '))
) STORED;
-- Walks organisations per postcode in name order, for neighbours with a similar name. Byte
-- order ("C"), as on SQLite: a linguistic collation would ignore the spaces between words.
CREATE INDEX organisations_postcode_match ON organisations(postcode, match_name COLLATE "C", id);
