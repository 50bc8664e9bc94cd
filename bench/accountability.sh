#!/usr/bin/env bash
# Accountability benchmark (issue 5): all indicators of one year, and the annual report of one
# year, at 1,000,000 organisations and over 10,000,000 activity records on SQLite.
# Starts from the database of bench/journey.sh (1,000,000 organisations; 4,000,000 stage
# changes, 3,000,000 support records, 3,000,000 contact moments), adds 100,000 people,
# 100,000 events with 2,000,000 attendances, 200,000 network memberships, 20,000 consortia
# with 60,000 participants, 1,000 spin-offs and 50 launching-customer cases, and defines three
# objectives with 15 indicators: every measure, some with a filter, each with a 2024 target.
# Then times `middenveld report annual 2024` as indicators (xlsx: every indicator of the year
# counted) and as the Word report, each run five times in a fresh process.
# Usage: bench/accountability.sh [YEAR]
set -euo pipefail
cd "$(dirname "$0")/.."
YEAR=${1:-2024}
OUT=bench/results
SRC="$OUT/journey-1000000.db"
DB="$OUT/accountability-1000000.db"
[ -f "$SRC" ] || { echo "run bench/import.sh and bench/journey.sh first (they make $SRC)"; exit 1; }
cargo build --release --quiet
BIN=target/release/middenveld

if [ ! -f "$DB" ]; then
  echo "== copying $SRC and adding the records the indicators count"
  cp "$SRC" "$DB"
  "$BIN" migrate --database "sqlite://$DB" >/dev/null
  time sqlite3 -bail "$DB" <<'SQL' || { rm -f "$DB" "$DB-wal" "$DB-shm"; exit 1; }
PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO people (name, sort_name, consent_basis, consent_date, search_text, created_at, updated_at)
SELECT 'Deelnemer ' || i, 'deelnemer ' || i, 'gerechtvaardigd-belang', '2018-01-01', 'deelnemer ' || i,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
INSERT INTO networks (name, created_at, updated_at)
SELECT 'Benchmarknetwerk ' || value, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM generate_series(1, 10);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO events (name, sort_name, kind, starts_at, network_id, created_at, updated_at)
SELECT 'Bijeenkomst ' || i, 'bijeenkomst ' || i, 'workshop',
       strftime('%Y-%m-%dT10:00', '2018-01-01', '+' || (i % 2900) || ' days'),
       (SELECT MIN(id) FROM networks WHERE name LIKE 'Benchmarknetwerk %') + (i % 10),
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999999)
INSERT INTO registrations (event_id, person_id, organisation_id, status, created_at, updated_at)
SELECT (SELECT MIN(id) FROM events WHERE name LIKE 'Bijeenkomst %') + (i % 100000),
       (SELECT MIN(id) FROM people WHERE name LIKE 'Deelnemer %') + (i / 100000) * 5000 + (i % 5000),
       abs(random()) % 1000000 + 1,
       CASE WHEN i % 9 = 0 THEN 'afwezig' ELSE 'aanwezig' END,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
INSERT INTO memberships (network_id, organisation_id, status, since, created_at)
SELECT (SELECT MIN(id) FROM networks WHERE name LIKE 'Benchmarknetwerk %') + (i % 10), i * 5,
       CASE WHEN i % 4 = 0 THEN 'betrokken' ELSE 'actief' END,
       date('2016-01-01', '+' || (i % 3600) || ' days'), '2026-01-01T00:00:00Z' FROM n;
UPDATE organisations SET kind = 'kennisinstelling' WHERE id % 50 = 0;
UPDATE organisations SET spin_off_of = id - 1, spin_off_date = date('2018-01-01', '+' || (id % 2900) || ' days')
 WHERE id % 1000 = 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO projects (name, sort_name, stage, start_date, created_at, updated_at)
SELECT 'Consortium ' || i, 'consortium ' || i, 'uitvoering', date('2018-01-01', '+' || (i % 2900) || ' days'),
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
INSERT INTO project_participants (project_id, organisation_id, role)
SELECT p.id, (p.id * 37 + k.value * 7919) % 1000000 + 1, 'partner'
FROM projects p, generate_series(0, 2) k WHERE p.name LIKE 'Consortium %';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
INSERT INTO launching_cases (name, sort_name, challenge, status, start_date, created_at, updated_at)
SELECT 'Opgave ' || i, 'opgave ' || i, 'Een opgave van de provincie', 'verkennen',
       date('2018-01-01', '+' || (i * 58) || ' days'), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
UPDATE support_records SET decided_on = date(applied_on, '+45 days') WHERE status = 'toegekend';

INSERT INTO programmes (name, start_year, reserve_name, created_at, updated_at)
VALUES ('Benchmarkprogramma', 2018, 'Kwaliteit van de regio', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO objectives (programme_id, code, name, context, portfolio_holder, created_at, updated_at)
SELECT (SELECT MAX(id) FROM programmes), 'B.' || value, 'Benchmarkprestatie ' || value, 'Context ' || value,
       'Gedeputeerde', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM generate_series(1, 3);
INSERT INTO actions (objective_id, position, text, created_at, updated_at)
SELECT o.id, a.value, 'Actie ' || a.value || ' van ' || o.code, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM objectives o, generate_series(1, 2) a WHERE o.code LIKE 'B.%';
CREATE TEMP TABLE plan (measure TEXT, instrument TEXT, kind TEXT, municipality TEXT);
INSERT INTO plan VALUES
 ('evenementen', NULL, NULL, NULL), ('deelnemers', NULL, NULL, NULL), ('deelnemers', NULL, 'mkb', NULL),
 ('consortia', NULL, NULL, NULL), ('consortia-privaat', NULL, NULL, NULL), ('consortia-publiek-privaat', NULL, NULL, NULL),
 ('ondersteunde-organisaties', NULL, NULL, NULL), ('ondersteunde-organisaties', 'innovatievoucher', NULL, NULL),
 ('spin-offs', NULL, NULL, NULL), ('launching-customer', NULL, NULL, NULL), ('actieve-netwerkleden', NULL, NULL, NULL),
 ('actieve-netwerken', NULL, NULL, NULL), ('aanvragen', 'mit-haalbaarheid', NULL, NULL), ('toekenningen', NULL, NULL, NULL),
 ('toekenningen', NULL, 'mkb', NULL);
INSERT INTO indicators (action_id, position, name, measure, comparison, display, instrument, organisation_kind,
    municipality_code, created_at, updated_at)
SELECT a.id, p.rowid, 'Indicator ' || p.measure || COALESCE(' ' || p.instrument, '') || COALESCE(' ' || p.kind, ''),
       p.measure, 'minimaal', 'exact', p.instrument, p.kind, p.municipality, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM plan p JOIN actions a ON a.id = (SELECT MIN(id) FROM actions WHERE text LIKE 'Actie %') + (p.rowid % 6);
INSERT INTO targets (indicator_id, from_year, to_year, value) SELECT id, 2024, 2024, 1000 FROM indicators;
COMMIT;
ANALYZE;
SQL
fi

echo "== $(sqlite3 "$DB" "SELECT COUNT(*) FROM indicators") indicators over $(sqlite3 "$DB" "SELECT COUNT(*) FROM objectives") objectives"
time_runs() {
  local what=$1; shift
  local times=()
  for _ in 1 2 3 4 5; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v w="$what" '{a[NR]=$1} END {printf "%-48s min %.2f s  median %.2f s  max %.2f s\n", w, a[1], a[3], a[5]}'
}
time_runs "all indicators of $YEAR (xlsx)" "$BIN" report annual "$YEAR" --format xlsx --out "$OUT/indicatoren-$YEAR.xlsx" --database "sqlite://$DB"
time_runs "annual report $YEAR (docx)" "$BIN" report annual "$YEAR" --format docx --out "$OUT/jaarverslag-$YEAR.docx" --database "sqlite://$DB"
time_runs "annual report $YEAR (markdown)" "$BIN" report annual "$YEAR" --format md --out "$OUT/jaarverslag-$YEAR.md" --database "sqlite://$DB"
echo "== peak memory of one report run"
/usr/bin/time -v "$BIN" report annual "$YEAR" --format docx --out "$OUT/jaarverslag-$YEAR.docx" --database "sqlite://$DB" 2>&1 \
  | grep -E "Maximum resident|Elapsed"
