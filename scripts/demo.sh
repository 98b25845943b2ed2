#!/usr/bin/env bash
# Set-up command 1: install what is needed, build, and run kehoach on the bundled fixtures.
# Writes out/<stem>.json and out/<stem>.txt for every seed plan and scan, plus out/plans.xlsx
# and out/models.csv, then scores each seed's JSON against its answer key. For the scores, each
# seed is restored by a model trained without it (--leave-out), as in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release --quiet
./target/release/kehoach extract fixtures/seeds fixtures/scans --out out \
  --csv out/models.csv --xlsx out/plans.xlsx
for gold in fixtures/gold/*.gold.json; do
  doc=$(basename "$gold" .gold.json)
  seed=$(ls fixtures/seeds/"$doc"_*.txt 2>/dev/null | head -n 1 || true)
  [ -n "$seed" ] || continue
  ./target/release/kehoach extract "$seed" --out out/scored --leave-out "$doc" >/dev/null
  echo "== $doc (restored without $doc)"
  ./target/release/kehoach eval struct --gold "$gold" "out/scored/$(basename "$seed" .txt).json"
done
