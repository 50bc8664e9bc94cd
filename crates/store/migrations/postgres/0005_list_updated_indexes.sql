-- The organisation list sorted by "last changed" with kind and/or journey-stage filters: these
-- indexes give the rows in that order, instead of sorting every match (measured at 1,000,000
-- organisations: 68 ms warm, 415 ms cold, for one municipality and stage). Same on both backends.
CREATE INDEX organisations_municipality_kind_updated ON organisations(municipality_code, kind, updated_at);
CREATE INDEX organisations_municipality_stage_updated ON organisations(municipality_code, journey_stage, updated_at);
CREATE INDEX organisations_municipality_kind_stage_updated ON organisations(municipality_code, kind, journey_stage, updated_at);
