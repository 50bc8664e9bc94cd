-- Tracks: multi-session programmes whose sessions are events, the companies enrolled (alone
-- or as a chain), and follow-up tasks. Same on both backends, apart from the id column.
CREATE TABLE tracks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    provider_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    trainers TEXT,
    follow_up_weeks BIGINT NOT NULL,
    description TEXT,
    completed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX tracks_sort ON tracks(sort_name, id);

ALTER TABLE events ADD COLUMN track_id BIGINT REFERENCES tracks(id) ON DELETE SET NULL;
CREATE INDEX events_track ON events(track_id, starts_at);

CREATE TABLE enrolments (
    track_id BIGINT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    chain TEXT,
    enrolled_at TEXT NOT NULL,
    PRIMARY KEY (track_id, organisation_id)
);
CREATE INDEX enrolments_organisation ON enrolments(organisation_id, track_id);

-- Follow-up tasks (the call after a Track), with the outcome once done.
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    track_id BIGINT REFERENCES tracks(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    due_on TEXT NOT NULL,
    assignee TEXT,
    outcome TEXT,
    note TEXT,
    done_at TEXT,
    done_by TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX tasks_open ON tasks(done_at, due_on, id);
CREATE INDEX tasks_organisation ON tasks(organisation_id, id);
CREATE INDEX tasks_track ON tasks(track_id, organisation_id);
