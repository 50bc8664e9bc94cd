-- Incoming advice letters with our case number and reply reference, the decision and the reply.
-- Same on both backends, apart from the id column and the document bytes. Advice records are
-- never deleted, so a case number, once given, stays used.

-- One counter per kind ('zaak' for case numbers, 'antwoord' for reply references) and year,
-- raised by one atomic UPDATE inside the transaction that uses the number.
CREATE TABLE advice_counters (
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (kind, year)
);

CREATE TABLE advices (
    id INTEGER PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    advisory_body TEXT NOT NULL,
    addressee TEXT,
    received_on TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    their_reference TEXT,
    subject TEXT NOT NULL,
    summary TEXT,
    deadline TEXT NOT NULL,
    decision TEXT,
    reply_reference TEXT UNIQUE,
    reply_date TEXT,
    reply_body TEXT,
    contact_name TEXT,
    contact_phone TEXT,
    contact_email TEXT,
    signatories TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX advices_open ON advices(reply_date, deadline);

CREATE TABLE advice_documents (
    advice_id BIGINT PRIMARY KEY REFERENCES advices(id),
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    data BLOB NOT NULL,
    uploaded_at TEXT NOT NULL
);

CREATE TABLE advice_objectives (
    advice_id BIGINT NOT NULL REFERENCES advices(id),
    objective_id BIGINT NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
    PRIMARY KEY (advice_id, objective_id)
);

CREATE TABLE advice_themes (
    advice_id BIGINT NOT NULL REFERENCES advices(id),
    theme_id BIGINT NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (advice_id, theme_id)
);
