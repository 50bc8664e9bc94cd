-- Support records (advice, vouchers, MIT subsidies, financing, coaching, student assignments)
-- with amounts in euro cents, and the history of their status. Same on both backends, apart
-- from the id column.
CREATE TABLE support_records (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    provider_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    instrument TEXT NOT NULL,
    status TEXT NOT NULL,
    description TEXT,
    amount_requested_cents BIGINT,
    amount_granted_cents BIGINT,
    applied_on TEXT,
    decided_on TEXT,
    project_id BIGINT REFERENCES projects(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (amount_requested_cents IS NULL OR amount_requested_cents >= 0),
    CHECK (amount_granted_cents IS NULL OR amount_granted_cents >= 0)
);
CREATE INDEX support_records_organisation ON support_records(organisation_id, id);
CREATE INDEX support_records_provider ON support_records(provider_id, status);
CREATE INDEX support_records_instrument ON support_records(instrument, status);
CREATE INDEX support_records_status ON support_records(status, id);

CREATE TABLE support_status_changes (
    id INTEGER PRIMARY KEY,
    support_id BIGINT NOT NULL REFERENCES support_records(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    user_id BIGINT,
    user_name TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX support_status_changes_support ON support_status_changes(support_id, id);
