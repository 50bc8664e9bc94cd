-- Column mappings remembered per kind of import: the next file with the same header maps by
-- itself. Same on both backends.
CREATE TABLE import_mappings (
    kind TEXT NOT NULL,
    header_key TEXT NOT NULL,
    field TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, header_key)
);
