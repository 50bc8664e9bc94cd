#!/usr/bin/env bash
# Check that the API does what its OpenAPI document says, with Schemathesis (PyPI, 4.x):
# starts a demo server on a loopback port with DATABASE_URL, creates an admin API token, runs
# `st run` with all default checks and the settings in schemathesis.toml (fixed seed, bounded
# time), writes a text and a JUnit report, stops the server, and exits non-zero on any failure.
#
#   scripts/schemathesis.sh DATABASE_URL
#
# DATABASE_URL must name an empty database (the demo data is loaded into it), e.g.
# sqlite:///tmp/st/demo.db or postgres://postgres@127.0.0.1:5432/st_demo (create it first).
# Builds nothing: the server binary is MIDDENVELD_BIN, by default
# ${CARGO_TARGET_DIR:-target}/debug/middenveld. Other settings:
#   SCHEMATHESIS_MAX_TIME    time budget of the run in seconds (default 180)
#   SCHEMATHESIS_REPORT_DIR  where the reports go (default target/schemathesis)
#   ST                       the Schemathesis command (default st)
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 DATABASE_URL" >&2
  exit 2
fi
database=$1

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bin=${MIDDENVELD_BIN:-${CARGO_TARGET_DIR:-target}/debug/middenveld}
max_time=${SCHEMATHESIS_MAX_TIME:-180}
report_dir=${SCHEMATHESIS_REPORT_DIR:-target/schemathesis}
st=${ST:-st}

if [[ ! -x $bin ]]; then
  echo "schemathesis: no server binary at $bin (run cargo build first, or set MIDDENVELD_BIN)" >&2
  exit 1
fi
if ! command -v "$st" >/dev/null; then
  echo "schemathesis: '$st' not found (pip install 'schemathesis>=4,<5')" >&2
  exit 1
fi

case $database in
  sqlite:*) backend=sqlite ;;
  postgres:* | postgresql:*) backend=postgres ;;
  *) backend=other ;;
esac
mkdir -p "$report_dir"
server_log=$report_dir/server-$backend.log
text_report=$report_dir/schemathesis-$backend.txt
junit_report=$report_dir/schemathesis-$backend.xml

# A free loopback port (the kernel picks one; the short race is harmless on a CI runner).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base=http://127.0.0.1:$port

server=
stop_server() {
  if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
}
trap stop_server EXIT

"$bin" serve --demo --database "$database" --bind "127.0.0.1:$port" >"$server_log" 2>&1 &
server=$!

ready=
for _ in $(seq 1 240); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "schemathesis: the server stopped; its log ($server_log):" >&2
    tail -n 30 "$server_log" >&2
    exit 1
  fi
  if curl -fsS --max-time 5 -o /dev/null "$base/api/v1/openapi.json" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.5
done
if [[ -z $ready ]]; then
  echo "schemathesis: the server did not answer within 120 s; its log ($server_log):" >&2
  tail -n 30 "$server_log" >&2
  exit 1
fi

# The token is the last word of the command's last line.
token=$("$bin" token create --user admin --name schemathesis --database "$database" | tail -n 1 | awk '{print $NF}')
if [[ -z $token ]]; then
  echo "schemathesis: could not create an API token" >&2
  exit 1
fi

echo "schemathesis: $backend, $base, at most ${max_time}s; reports in $report_dir"
status=0
"$st" --config-file "$root/schemathesis.toml" run "$base/api/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --max-time "$max_time" \
  --report junit --report-junit-path "$junit_report" \
  2>&1 | tee "$text_report" || status=$?

if [[ $status -ne 0 ]]; then
  echo "schemathesis: FAILED on $backend (exit $status); see $text_report and $server_log" >&2
  exit "$status"
fi
echo "schemathesis: passed on $backend"
