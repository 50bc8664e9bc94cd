#!/usr/bin/env bash
# Import benchmark (issue 3): a CSV of N organisations (default 1,000,000; Dutch Excel style:
# ';', Dutch headers, KvK numbers, postcodes, municipality names) imported with
# `middenveld import organisaties` into a fresh SQLite database, end to end (parse, validate,
# match, write, audit), with rows/s and peak RSS; then the sqlite3 shell's `.import` of the
# same file into a bare table, the physical-limit reference, and the ratio.
# Usage: bench/import.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
OUT=bench/results
mkdir -p "$OUT"
CSV="$OUT/organisaties-$N.csv"

cargo build --release --quiet
BIN=target/release/middenveld

if [ ! -f "$CSV" ]; then
  echo "== writing $CSV"
  python3 - "$N" "$CSV" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
towns = ["Zwolle", "Enschede", "Deventer", "Hengelo", "Almelo", "Kampen", "Hardenberg", "Oldenzaal", "Raalte", "Ommen"]
words = ["Groen", "Circulair", "Techniek", "Metaal", "Bouw", "Zorg", "Energie", "Logistiek", "Voedsel", "Data"]
forms = ["B.V.", "V.O.F.", "Coöperatie", "Holding B.V.", ""]
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("Bedrijfsnaam;KvK-nummer;Adres;Postcode;Vestigingsplaats;Gemeente;Soort\r\n")
    for i in range(n):
        town = towns[i % len(towns)]
        name = f"{rnd.choice(words)} {rnd.choice(words)} {i} {rnd.choice(forms)}".strip()
        kvk = f"{30000000 + i:08d}"
        pc = f"{7000 + i % 1000} {chr(65 + i % 26)}{chr(65 + (i // 26) % 26)}"
        f.write(f"{name};{kvk};Hoofdstraat {i % 300 + 1};{pc};{town};{town};mkb\r\n")
PY
fi
ls -la "$CSV"

DB="$OUT/import-$N.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" migrate --database "sqlite://$DB" >/dev/null 2>&1
echo "== middenveld import organisaties ($N rows)"
START=$(date +%s.%N)
/usr/bin/time -v "$BIN" import organisaties "$CSV" --database "sqlite://$DB" 2> "$OUT/import-$N.log" >/dev/null
END=$(date +%s.%N)
grep -E "rijen in|Maximum resident" "$OUT/import-$N.log"
MV=$(python3 -c "print($END - $START)")

REF="$OUT/sqlite3-import-$N.db"
rm -f "$REF"
echo "== sqlite3 .import of the same file (bare table, no validation)"
START=$(date +%s.%N)
sqlite3 "$REF" <<SQL
CREATE TABLE organisations (name TEXT, kvk TEXT, address TEXT, postcode TEXT, city TEXT, municipality TEXT, kind TEXT);
.mode csv
.separator ";"
.import --skip 1 $CSV organisations
SQL
END=$(date +%s.%N)
REFT=$(python3 -c "print($END - $START)")
python3 - "$N" "$MV" "$REFT" <<'PY'
import sys
n, mv, ref = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"middenveld import: {mv:.1f} s, {n / mv:,.0f} rows/s (whole process, incl. start and migration check)")
print(f"sqlite3 .import:   {ref:.1f} s, {n / ref:,.0f} rows/s")
print(f"ratio: middenveld takes {mv / ref:.1f}x the time of the physical-limit reference")
PY
