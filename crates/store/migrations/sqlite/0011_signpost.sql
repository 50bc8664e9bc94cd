-- The signpost's directory: which partner helps with which kind of question, at which journey
-- stages (none: all) and in which sector (none: all), and the next step. Same on both
-- backends, apart from the id column.
CREATE TABLE partner_offers (
    id INTEGER PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    sector TEXT,
    description TEXT NOT NULL,
    next_step TEXT NOT NULL,
    website TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX partner_offers_kind ON partner_offers(kind, id);
CREATE INDEX partner_offers_partner ON partner_offers(partner_id, id);

CREATE TABLE offer_stages (
    offer_id BIGINT NOT NULL REFERENCES partner_offers(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    PRIMARY KEY (offer_id, stage)
);
