-- Referrals of a company's question from one partner to another: the receiving partner's
-- queue. Same on both backends, apart from the id column.
CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    from_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    to_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX referrals_to ON referrals(to_id, status, id);
CREATE INDEX referrals_company ON referrals(company_id, id);
CREATE INDEX referrals_from ON referrals(from_id, id);
CREATE INDEX referrals_status ON referrals(status, id);
