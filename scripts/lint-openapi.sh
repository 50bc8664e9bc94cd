#!/usr/bin/env bash
# Lint a published OpenAPI document against the Dutch API Design Rules (ADR)
# Spectral ruleset, vendored in scripts/adr/linter.yaml (pinned; see scripts/adr/NOTICE.md).
#
#   scripts/lint-openapi.sh URL_OR_FILE
#
# Fails (exit 1) on any rule of severity "error"; warnings are printed only.
# Spectral comes from e2e/node_modules (run `npm ci` in e2e/ first).
# Override locations with ADR_RULESET=... and SPECTRAL=... if needed.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 URL_OR_FILE" >&2
  exit 2
fi
src=$1

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ruleset=${ADR_RULESET:-$root/scripts/adr/linter.yaml}
spectral=${SPECTRAL:-$root/e2e/node_modules/.bin/spectral}

if [[ ! -f $ruleset ]]; then
  echo "lint-openapi: ruleset not found: $ruleset" >&2
  exit 1
fi
if [[ ! -x $spectral ]]; then
  echo "lint-openapi: spectral not found at $spectral (run: npm ci --prefix e2e)" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
doc=$tmp/openapi.json

if [[ $src == http://* || $src == https://* ]]; then
  curl -fsS --max-time 30 -o "$doc" "$src"
else
  cp "$src" "$doc"
fi

# Must be JSON; pretty-print it so Spectral's line:column positions are readable.
if ! node -e '
  const fs = require("fs");
  try {
    const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    fs.writeFileSync(process.argv[1], JSON.stringify(doc, null, 2) + "\n");
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }' "$doc"; then
  echo "lint-openapi: $src is not valid JSON" >&2
  exit 1
fi

echo "lint-openapi: $src against $(realpath "$ruleset")"
# --fail-severity error: only errors fail; warnings are reported but allowed.
# --display-only-failures is NOT used so warnings stay visible.
"$spectral" lint --ruleset "$ruleset" --fail-severity error --format stylish "$doc"
