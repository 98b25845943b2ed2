#!/usr/bin/env bash
# Set-up command 1: install what is needed, build, and run kehoach on the bundled fixtures.
# Writes out/<stem>.json and out/<stem>.txt for each seed plan, then scores each JSON against
# its answer key.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release --quiet
./target/release/kehoach extract fixtures/seeds --out out
for gold in fixtures/gold/*.gold.json; do
  doc=$(basename "$gold" .gold.json)
  json=$(ls out/"$doc"_*.json 2>/dev/null | head -n 1 || true)
  [ -n "$json" ] || continue
  echo "== $doc ($json)"
  ./target/release/kehoach eval struct --gold "$gold" "$json"
done
