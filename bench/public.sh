#!/usr/bin/env bash
# Public-site benchmark (issue 6): every public page (home, exhibition, signpost, strength and
# opportunity maps, open data and its downloads) over HTTP on loopback, as a visitor without an
# account. First p50/p95/p99 per page over sequential requests, then a load of concurrent
# requests over all of them with wrk (round robin over bench/public_paths.txt), and the
# server's peak RSS. SQLite with the demo ecosystem plus N synthetic organisations (default
# 1,000,000) and 2,000,000 support records, with the boundaries built into Middenveld (every
# municipality and province). The database is built once per N and kept in bench/results/.
# Usage: bench/public.sh [N] [REQUESTS_PER_PAGE] [LOAD_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
REQUESTS=${2:-500}
SECONDS_LOAD=${3:-30}
CONNECTIONS=${4:-32}
ADDR=127.0.0.1:18092
OUT=bench/results
mkdir -p "$OUT"
DB="$OUT/public-$N.db"

cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/middenveld
if ! command -v wrk >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

if [ ! -f "$DB" ]; then
  echo "== building $DB: the demo ecosystem, $N synthetic organisations, 2,000,000 support records"
  "$BIN" demo --database "sqlite://$DB" >/dev/null
  /usr/bin/time -f "scale: %e s, %M KB peak" "$BIN" demo --scale "$N" --database "sqlite://$DB" >/dev/null
  sqlite3 "$DB" <<'SQL'
PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000)
INSERT INTO support_records (organisation_id, provider_id, instrument, status, amount_requested_cents,
    applied_on, created_at, updated_at)
SELECT abs(random()) % (SELECT MAX(id) FROM organisations) + 1, NULL,
       CASE i % 3 WHEN 0 THEN 'innovatievoucher' WHEN 1 THEN 'adviesgesprek' ELSE 'mit-haalbaarheid' END,
       'aangevraagd', 1000000,
       strftime('%Y-%m-%d', '2017-01-01', '+' || (i % 3000) || ' days'),
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n;
COMMIT;
ANALYZE;
SQL
fi
echo "== $(sqlite3 "$DB" 'SELECT COUNT(*) FROM organisations') organisations, $(sqlite3 "$DB" 'SELECT COUNT(*) FROM support_records') support records, $(sqlite3 "$DB" "SELECT COUNT(*) FROM examples WHERE status = 'gepubliceerd'") published examples"

"$BIN" serve --database "sqlite://$DB" --bind "$ADDR" >"$OUT/public-server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fsS "http://$ADDR/gezond" >/dev/null 2>&1 && break; sleep 0.2; done

# The first request of each page counts its figures; time that once.
echo "== first request of each page (counting from the register)"
while read -r path; do
  [[ -z $path || $path == \#* ]] && continue
  curl -fsS -o /dev/null -w "%{http_code} %{time_total}s  $path\n" "http://$ADDR$path"
done <bench/public_paths.txt

python3 bench/public_latency.py "http://$ADDR" bench/public_paths.txt "$REQUESTS"

echo "== load: wrk, 2 threads, $CONNECTIONS connections, ${SECONDS_LOAD}s, all public pages round robin"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_LOAD}s" --timeout 5s -s bench/public_wrk.lua "http://$ADDR/"
echo "== server peak RSS: $(grep VmHWM /proc/$PID/status | awk '{print $2 / 1024 " MB"}')"
