-- Launching-customer cases and their suppliers. Same on both backends, apart from the id column.
CREATE TABLE launching_cases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    challenge TEXT NOT NULL,
    innovation TEXT,
    status TEXT NOT NULL,
    outcome TEXT,
    start_date TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX launching_cases_sort ON launching_cases(sort_name, id);

CREATE TABLE launching_case_suppliers (
    case_id BIGINT NOT NULL REFERENCES launching_cases(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (case_id, organisation_id)
);
CREATE INDEX launching_case_suppliers_organisation ON launching_case_suppliers(organisation_id, case_id);
