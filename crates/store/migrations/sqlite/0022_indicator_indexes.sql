-- Indicators filtered by organisation kind or municipality look up the organisation of every
-- counted record. This narrow index answers that without reading the wide table (measured at
-- 1,000,000 organisations: 185,000 grants to one kind in 0.24 s instead of 0.49 s, 216,000
-- participants in 0.33 s instead of 0.58 s).
CREATE INDEX organisations_facets ON organisations(id, kind, municipality_code);
-- Grants are counted by decision date; with the organisation in the index, that count and its
-- kind filter no longer read the support records themselves.
DROP INDEX support_records_decided;
CREATE INDEX support_records_decided ON support_records(decided_on, status, organisation_id);
