-- Foundation: reference facts, accounts, the ecosystem register, the audit log.
-- Keep in step with ../postgres/0001_foundation.sql (a test compares the two).

CREATE TABLE provinces (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE municipalities (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    province_code TEXT NOT NULL REFERENCES provinces(code),
    inhabitants BIGINT
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    kvk_number TEXT UNIQUE,
    kind TEXT NOT NULL,
    size_class TEXT,
    sbi_code TEXT,
    address TEXT,
    postcode TEXT,
    city TEXT,
    municipality_code TEXT REFERENCES municipalities(code),
    journey_stage TEXT,
    spin_off_of BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    spin_off_date TEXT,
    website TEXT,
    description TEXT,
    search_text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisations_sort ON organisations(sort_name, id);
CREATE INDEX organisations_municipality ON organisations(municipality_code, sort_name);
CREATE INDEX organisations_kind ON organisations(kind, sort_name);
CREATE INDEX organisations_stage ON organisations(journey_stage, sort_name);
CREATE INDEX organisations_spin_off ON organisations(spin_off_of);
CREATE INDEX organisations_updated ON organisations(updated_at);

CREATE TABLE organisation_themes (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    theme_id BIGINT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, theme_id)
);
CREATE INDEX organisation_themes_theme ON organisation_themes(theme_id, organisation_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    function TEXT,
    consent_basis TEXT NOT NULL,
    consent_date TEXT NOT NULL,
    consent_purpose TEXT,
    search_text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_sort ON people(sort_name, id);
CREATE INDEX people_email ON people(email);

CREATE TABLE person_organisations (
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, organisation_id)
);
CREATE INDEX person_organisations_organisation ON person_organisations(organisation_id, person_id);

CREATE TABLE networks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT,
    facilitator_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    website TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE network_themes (
    network_id BIGINT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
    theme_id BIGINT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (network_id, theme_id)
);
CREATE INDEX network_themes_theme ON network_themes(theme_id, network_id);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    network_id BIGINT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
    organisation_id BIGINT REFERENCES organisations(id) ON DELETE CASCADE,
    person_id BIGINT REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT,
    created_at TEXT NOT NULL,
    CHECK ((organisation_id IS NULL) <> (person_id IS NULL))
);
CREATE INDEX memberships_network ON memberships(network_id, status);
CREATE INDEX memberships_organisation ON memberships(organisation_id, network_id);
CREATE INDEX memberships_person ON memberships(person_id, network_id);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    description TEXT,
    stage TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    network_id BIGINT REFERENCES networks(id) ON DELETE SET NULL,
    website TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX projects_sort ON projects(sort_name, id);
CREATE INDEX projects_network ON projects(network_id);

CREATE TABLE project_themes (
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    theme_id BIGINT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, theme_id)
);
CREATE INDEX project_themes_theme ON project_themes(theme_id, project_id);

CREATE TABLE project_participants (
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (project_id, organisation_id)
);
CREATE INDEX project_participants_organisation ON project_participants(organisation_id, project_id);

CREATE TABLE audit_entries (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id BIGINT,
    user_name TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_entries_entity ON audit_entries(entity, entity_id, id);

-- Full-text search (backend-specific): FTS5 over the normalised search_text column.
CREATE VIRTUAL TABLE organisations_fts USING fts5(
    search_text, content='organisations', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER organisations_fts_insert AFTER INSERT ON organisations BEGIN
    INSERT INTO organisations_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER organisations_fts_delete AFTER DELETE ON organisations BEGIN
    INSERT INTO organisations_fts(organisations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER organisations_fts_update AFTER UPDATE OF search_text ON organisations BEGIN
    INSERT INTO organisations_fts(organisations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO organisations_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE VIRTUAL TABLE people_fts USING fts5(
    search_text, content='people', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_fts(people_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER people_fts_update AFTER UPDATE OF search_text ON people BEGIN
    INSERT INTO people_fts(people_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO people_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
