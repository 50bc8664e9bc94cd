#!/usr/bin/env bash
# Journey benchmark (issue 4): an organisation's page with its timeline, and the funnel page,
# on SQLite with 1,000,000 organisations and 10,000,000 journey records (4,000,000 stage
# changes, 3,000,000 support records, 3,000,000 contact moments), spread at random over the
# organisations. Starts from the database of bench/import.sh (run that first; its file has
# 1,000,000 rows of which about 995,000 import), adds the records with the sqlite3 shell, and
# reports p50/p95/p99 over sequential requests.
# Usage: bench/journey.sh [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=${1:-500}
OUT=bench/results
SRC="$OUT/import-1000000.db"
DB="$OUT/journey-1000000.db"
ADDR=127.0.0.1:18091
[ -f "$SRC" ] || { echo "run bench/import.sh first (it makes $SRC)"; exit 1; }
cargo build --release --quiet
BIN=target/release/middenveld

if [ ! -f "$DB" ]; then
  echo "== copying $SRC and adding 10,000,000 journey records"
  cp "$SRC" "$DB"
  "$BIN" migrate --database "sqlite://$DB" >/dev/null
  time sqlite3 "$DB" <<'SQL'
PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000000)
INSERT INTO stage_changes (organisation_id, from_stage, to_stage, reason, user_id, user_name, changed_at)
SELECT abs(random()) % 1000000 + 1,
       CASE i % 4 WHEN 0 THEN NULL WHEN 1 THEN 'onbewust' WHEN 2 THEN 'geinteresseerd' ELSE 'plannen' END,
       CASE i % 4 WHEN 0 THEN 'onbewust' WHEN 1 THEN 'geinteresseerd' WHEN 2 THEN 'plannen' ELSE 'implementeren' END,
       'Benchmark', NULL, 'bench',
       strftime('%Y-%m-%dT%H:%M:%SZ', '2018-01-01', '+' || (i % 2900) || ' days')
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000)
INSERT INTO support_records (organisation_id, provider_id, instrument, status, amount_requested_cents,
    applied_on, created_at, updated_at)
SELECT abs(random()) % 1000000 + 1, NULL,
       CASE i % 3 WHEN 0 THEN 'innovatievoucher' WHEN 1 THEN 'adviesgesprek' ELSE 'mit-haalbaarheid' END,
       CASE i % 2 WHEN 0 THEN 'aangevraagd' ELSE 'toegekend' END, 1000000,
       date('2018-01-01', '+' || (i % 2900) || ' days'), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000)
INSERT INTO contacts (organisation_id, person_id, kind, contact_date, summary, recorded_by, created_at)
SELECT abs(random()) % 1000000 + 1, NULL, 'telefoon', date('2018-01-01', '+' || (i % 2900) || ' days'),
       'Benchmarkgesprek', 'bench', '2026-01-01T00:00:00Z'
FROM n;
UPDATE organisations SET journey_stage = CASE id % 5 WHEN 0 THEN 'onbewust' WHEN 1 THEN 'geinteresseerd'
    WHEN 2 THEN 'plannen' WHEN 3 THEN 'implementeren' ELSE NULL END WHERE id % 10 = 0;
COMMIT;
ANALYZE;
SQL
  echo "bench-wachtwoord-123" | "$BIN" user add bench --role viewer --password-stdin --database "sqlite://$DB" >/dev/null
fi

"$BIN" serve --database "sqlite://$DB" --bind "$ADDR" > "$OUT/journey-server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://$ADDR/gezond" >/dev/null 2>&1 && break; sleep 0.2; done
python3 bench/journey.py "http://$ADDR" "$REQUESTS"
echo "== server memory (pid $PID)"
grep -E "VmHWM|VmRSS" /proc/$PID/status
