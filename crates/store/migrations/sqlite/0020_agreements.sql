-- Agreements (parties, commitments, themes, indicators) and their yearly confirmation and evaluation.
-- Same on both backends, apart from the id column.
CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    description TEXT,
    start_year BIGINT NOT NULL,
    end_year BIGINT,
    due_month BIGINT NOT NULL,
    due_day BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX agreements_sort ON agreements(sort_name, id);

-- Free-text parties such as "IPO" or "Rijk", in the order given.
CREATE TABLE agreement_parties (
    agreement_id BIGINT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (agreement_id, position)
);

-- Commitments in order: kind aanbod (offer) or vraag (ask).
CREATE TABLE agreement_commitments (
    agreement_id BIGINT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (agreement_id, position)
);

CREATE TABLE agreement_organisations (
    agreement_id BIGINT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (agreement_id, organisation_id)
);
CREATE INDEX agreement_organisations_organisation ON agreement_organisations(organisation_id, agreement_id);

CREATE TABLE agreement_themes (
    agreement_id BIGINT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    theme_id BIGINT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (agreement_id, theme_id)
);
CREATE INDEX agreement_themes_theme ON agreement_themes(theme_id, agreement_id);

CREATE TABLE agreement_indicators (
    agreement_id BIGINT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    PRIMARY KEY (agreement_id, indicator_id)
);

CREATE TABLE agreement_objectives (
    agreement_id BIGINT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    objective_id BIGINT NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
    PRIMARY KEY (agreement_id, objective_id)
);

-- One record per agreement and year: confirmed, adjusted (with what changed) or ended.
CREATE TABLE agreement_years (
    agreement_id BIGINT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    status TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    evaluation TEXT NOT NULL,
    change TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (agreement_id, year)
);
