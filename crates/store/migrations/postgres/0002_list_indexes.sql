-- Composite indexes for the organisation list's common filter combinations, so that both the
-- count and the first pages are answered from an index at a million organisations.
-- Same on both backends.
CREATE INDEX organisations_municipality_kind ON organisations(municipality_code, kind, sort_name);
CREATE INDEX organisations_municipality_stage ON organisations(municipality_code, journey_stage, sort_name);
CREATE INDEX organisations_municipality_kind_stage ON organisations(municipality_code, kind, journey_stage, sort_name);
CREATE INDEX organisations_municipality_updated ON organisations(municipality_code, updated_at);
CREATE INDEX organisations_kind_stage ON organisations(kind, journey_stage, sort_name);
