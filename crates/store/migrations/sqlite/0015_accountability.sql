-- Accountability: programmes, objectives ("prestaties") with actions, indicators and targets,
-- values entered by hand, progress notes, finances per year, and frozen years with the
-- snapshot of their realised values. Same on both backends, apart from the id column.
CREATE TABLE programmes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT,
    start_year BIGINT NOT NULL,
    end_year BIGINT,
    decision_reference TEXT,
    reserve_name TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE objectives (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    context TEXT,
    portfolio_holder TEXT,
    province_role TEXT,
    duration TEXT,
    reserve_relation TEXT,
    decision_references TEXT,
    website TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX objectives_programme ON objectives(programme_id, code);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    objective_id BIGINT NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX actions_objective ON actions(objective_id, position);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    measure TEXT NOT NULL,
    unit TEXT,
    comparison TEXT NOT NULL,
    baseline BIGINT,
    display TEXT NOT NULL,
    display_step BIGINT,
    theme_id BIGINT REFERENCES themes(id) ON DELETE RESTRICT,
    network_id BIGINT REFERENCES networks(id) ON DELETE RESTRICT,
    instrument TEXT,
    organisation_kind TEXT,
    municipality_code TEXT REFERENCES municipalities(code),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX indicators_action ON indicators(action_id, position);

CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    from_year BIGINT NOT NULL,
    to_year BIGINT NOT NULL,
    value BIGINT NOT NULL,
    UNIQUE (indicator_id, from_year, to_year),
    CHECK (to_year >= from_year)
);

CREATE TABLE indicator_values (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    value BIGINT NOT NULL,
    source TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (indicator_id, year)
);

CREATE TABLE progress_notes (
    objective_id BIGINT NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (objective_id, year)
);

CREATE TABLE finances (
    objective_id BIGINT NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    budget_cents BIGINT,
    realised_cents BIGINT,
    balance_cents BIGINT NOT NULL,
    composition TEXT,
    acknowledged BIGINT NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (objective_id, year)
);

CREATE TABLE finance_lines (
    id INTEGER PRIMARY KEY,
    objective_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    text TEXT NOT NULL,
    FOREIGN KEY (objective_id, year) REFERENCES finances(objective_id, year) ON DELETE CASCADE,
    CHECK (amount_cents >= 0)
);
CREATE INDEX finance_lines_year ON finance_lines(objective_id, year, position);

-- A frozen year: its report is final. The realised value of every counted indicator is kept
-- as it was at the moment of freezing.
CREATE TABLE frozen_years (
    year BIGINT PRIMARY KEY,
    frozen_at TEXT NOT NULL,
    frozen_by TEXT NOT NULL
);

CREATE TABLE indicator_snapshots (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    year BIGINT NOT NULL REFERENCES frozen_years(year) ON DELETE CASCADE,
    value BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, year)
);

-- What the indicators count by period, covering what they filter on and count.
CREATE INDEX support_records_applied ON support_records(applied_on, instrument, organisation_id);
CREATE INDEX registrations_event_status ON registrations(event_id, status, organisation_id);
CREATE INDEX support_records_decided ON support_records(decided_on, status);
CREATE INDEX projects_start ON projects(start_date);
CREATE INDEX organisations_spin_off_date ON organisations(spin_off_date) WHERE spin_off_of IS NOT NULL;
CREATE INDEX launching_cases_start ON launching_cases(start_date);
