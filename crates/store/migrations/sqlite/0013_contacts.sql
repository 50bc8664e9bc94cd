-- Contact moments with an organisation. Same on both backends, apart from the id column.
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    person_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    contact_date TEXT NOT NULL,
    summary TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX contacts_organisation ON contacts(organisation_id, contact_date);
