#!/usr/bin/env bash
# Register benchmark (issue 2): filtered list page, search and detail page over HTTP on
# loopback, p50/p95/p99 latency (right after start, and again with warm caches), and the server's peak RSS, on SQLite with N synthetic
# organisations (default 1,000,000). The database is built once per N and kept in
# bench/results/ (gitignored). Usage: bench/run.sh [N] [REQUESTS_PER_SCENARIO]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
REQUESTS=${2:-1000}
ADDR=127.0.0.1:18090
mkdir -p bench/results
DB="bench/results/scale-$N.db"

cargo build --release --quiet
BIN=target/release/middenveld

if [ ! -f "$DB" ]; then
  echo "== building $DB with $N organisations"
  /usr/bin/time -v "$BIN" demo --scale "$N" --database "sqlite://$DB" 2> >(grep -E "Elapsed|Maximum resident" >&2)
  echo "bench-wachtwoord-123" | "$BIN" user add bench --role viewer --password-stdin --database "sqlite://$DB" >/dev/null
fi
ls -la "$DB"

"$BIN" serve --database "sqlite://$DB" --bind "$ADDR" > bench/results/server.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://$ADDR/gezond" >/dev/null 2>&1 && break; sleep 0.2; done

echo "== first requests after start (cold caches)"
WARMUP=20 python3 bench/latency.py "http://$ADDR" "$REQUESTS" "$N"
echo "== the same server again (caches warm, as in daily use)"
WARMUP=0 python3 bench/latency.py "http://$ADDR" "$REQUESTS" "$N"
echo "== server memory (pid $PID)"
grep -E "VmRSS|VmHWM" /proc/$PID/status
