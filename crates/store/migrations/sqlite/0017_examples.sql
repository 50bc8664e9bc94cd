-- Good examples for the public exhibition, with their editorial workflow; public contact
-- requests become referrals. Same on both backends, apart from id, blob and full-text columns.
CREATE TABLE examples (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    sort_title TEXT NOT NULL,
    summary TEXT NOT NULL,
    story TEXT NOT NULL,
    municipality_code TEXT REFERENCES municipalities(code),
    sector TEXT,
    contact_partner_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    consent_organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    consent_signer TEXT,
    consent_date TEXT,
    consent_note TEXT,
    status TEXT NOT NULL,
    published_on TEXT,
    search_text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX examples_status ON examples(status, published_on, id);
CREATE INDEX examples_sort ON examples(sort_title, id);
CREATE INDEX examples_municipality ON examples(municipality_code, id);

CREATE TABLE example_themes (
    example_id BIGINT NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    theme_id BIGINT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (example_id, theme_id)
);
CREATE INDEX example_themes_theme ON example_themes(theme_id, example_id);

CREATE TABLE example_organisations (
    example_id BIGINT NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (example_id, organisation_id)
);
CREATE INDEX example_organisations_organisation ON example_organisations(organisation_id, example_id);

CREATE TABLE example_projects (
    example_id BIGINT NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    PRIMARY KEY (example_id, project_id)
);
CREATE INDEX example_projects_project ON example_projects(project_id, example_id);

-- Pictures live in the database, so a backup holds everything.
CREATE TABLE example_pictures (
    id INTEGER PRIMARY KEY,
    example_id BIGINT NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    alt_text TEXT NOT NULL,
    content_type TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX example_pictures_example ON example_pictures(example_id, position, id);

-- Full-text search (backend-specific): FTS5 over the normalised search_text column.
CREATE VIRTUAL TABLE examples_fts USING fts5(
    search_text, content='examples', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
CREATE TRIGGER examples_fts_insert AFTER INSERT ON examples BEGIN
    INSERT INTO examples_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER examples_fts_delete AFTER DELETE ON examples BEGIN
    INSERT INTO examples_fts(examples_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER examples_fts_update AFTER UPDATE OF search_text ON examples BEGIN
    INSERT INTO examples_fts(examples_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO examples_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

-- A visitor's contact request has no company in the register: company_id becomes optional,
-- and the referral keeps the visitor's own contact data, the example and when consent was
-- given. SQLite cannot drop NOT NULL, so the table is rebuilt (nothing references it) the
-- same way on both backends, which keeps the two schemas comparable.
ALTER TABLE referrals RENAME TO referrals_old;
CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    company_id BIGINT REFERENCES organisations(id) ON DELETE CASCADE,
    from_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    to_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    closed_at TEXT,
    contact_name TEXT,
    contact_email TEXT,
    contact_organisation TEXT,
    example_id BIGINT REFERENCES examples(id) ON DELETE SET NULL,
    consent_at TEXT
);
INSERT INTO referrals (id, company_id, from_id, to_id, kind, question, status, outcome, created_by,
    created_at, updated_at, closed_at)
SELECT id, company_id, from_id, to_id, kind, question, status, outcome, created_by, created_at, updated_at,
    closed_at FROM referrals_old;
DROP TABLE referrals_old;
CREATE INDEX referrals_to ON referrals(to_id, status, id);
CREATE INDEX referrals_company ON referrals(company_id, id);
CREATE INDEX referrals_from ON referrals(from_id, id);
CREATE INDEX referrals_status ON referrals(status, id);
CREATE INDEX referrals_example ON referrals(example_id, id);
