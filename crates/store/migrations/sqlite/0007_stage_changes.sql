-- The journey-stage history of organisations: every change with who, when and why. The funnel
-- counts moves between stages in a period from it; the organisation's timeline shows it.
-- Same on both backends, apart from the id column.
CREATE TABLE stage_changes (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    from_stage TEXT,
    to_stage TEXT,
    reason TEXT NOT NULL,
    user_id BIGINT,
    user_name TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX stage_changes_organisation ON stage_changes(organisation_id, changed_at);
CREATE INDEX stage_changes_at ON stage_changes(changed_at, from_stage, to_stage);
