-- Events (a network meeting, a workshop, a Track session, …) and their registrations with
-- attendance. Times are Europe/Amsterdam wall-clock times as 'YYYY-MM-DDTHH:MM' text, so
-- they sort and compare as text and the iCalendar feed writes them with TZID as entered.
-- Same on both backends, apart from the id column.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT,
    location TEXT,
    organiser_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    network_id BIGINT REFERENCES networks(id) ON DELETE SET NULL,
    description TEXT,
    website TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_starts ON events(starts_at, id);
CREATE INDEX events_organiser ON events(organiser_id, starts_at);
CREATE INDEX events_network ON events(network_id, starts_at);

-- A person's registration for an event, on behalf of an organisation or not; the status moves
-- from registered to attended or no-show once the event has begun.
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (event_id, person_id)
);
CREATE INDEX registrations_person ON registrations(person_id, event_id);
CREATE INDEX registrations_organisation ON registrations(organisation_id, event_id);
