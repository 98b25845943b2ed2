#!/usr/bin/env bash
# OCR speed benchmark: kehoach (in-process hayro render + Tesseract, 2 rayon workers) against
# the tesseract CLI on the same pages pre-rendered to PGM (2 in parallel, rendering not timed)
# and against `ocrmypdf --jobs 2 -l vie` on the same PDF.
#
# usage: scripts/bench_ocr.sh SCANNED.pdf [TRUTH.txt]
# needs: tesseract-ocr-vie, poppler-utils (pdftoppm, only to pre-render for the CLI baseline),
#        ocrmypdf, GNU time (/usr/bin/time). Prints a Markdown table on stdout.
set -euo pipefail
pdf=$(realpath "$1")
truth=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_THREAD_LIMIT=1 # Tesseract's OpenMP off for every contender, as kehoach runs it
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')

(cd "$root" && cargo build --release -q -p kehoach-pdf --example extract)
bin="$root/target/release/examples/extract"

now() { date +%s.%N; }
rate() { python3 -c "import sys; print(f'{$pages/($2-$1)*60:.2f}')" "$@"; }

# 1. kehoach, with peak RSS.
t0=$(now)
/usr/bin/time -v "$bin" "$pdf" >"$work/kehoach.txt" 2>"$work/kehoach.time"
t1=$(now)
k_s=$(python3 -c "print(f'{$t1-$t0:.2f}')")
k_rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/kehoach.time")

# 2. tesseract CLI on pre-rendered pages, 2 at a time (render time excluded).
pdftoppm -r 300 -gray "$pdf" "$work/p"
t0=$(now)
/usr/bin/time -v -o "$work/cli.time" sh -c \
  'ls "$1"/p-*.pgm | xargs -P2 -I{} tesseract {} {} -l vie --dpi 300 quiet' _ "$work"
t1=$(now)
c_s=$(python3 -c "print(f'{$t1-$t0:.2f}')")
cat "$work"/p-*.pgm.txt >"$work/cli.txt"

# 3. ocrmypdf.
t0=$(now)
/usr/bin/time -v -o "$work/ocrmypdf.time" ocrmypdf --jobs 2 -l vie "$pdf" "$work/ocrmypdf.pdf" >/dev/null 2>&1
t1=$(now)
o_s=$(python3 -c "print(f'{$t1-$t0:.2f}')")

cpu() { awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u+s}' "$1"; }
python3 - "$pages" "$k_s" "$c_s" "$o_s" "$k_rss" "$(cpu "$work/kehoach.time")" \
  "$(cpu "$work/cli.time")" "$(cpu "$work/ocrmypdf.time")" "$(uptime)" <<'PY'
import sys
pages, k, c, o, rss = int(sys.argv[1]), *map(float, sys.argv[2:5]), int(sys.argv[5])
kc, cc, oc = map(float, sys.argv[6:9])
ppm = lambda s: pages / s * 60
print("| contender | wall s | pages/min | kehoach ÷ contender (pages/min) | CPU s (user+sys) |")
print("|---|---|---|---|---|")
print(f"| kehoach (hayro render + OCR in-process, 2 workers) | {k:.2f} | {ppm(k):.2f} | 1.000 | {kc:.1f} |")
print(f"| tesseract CLI on pre-rendered PGM, 2 in parallel | {c:.2f} | {ppm(c):.2f} | {ppm(k)/ppm(c):.3f} | {cc:.1f} |")
print(f"| ocrmypdf --jobs 2 -l vie | {o:.2f} | {ppm(o):.2f} | {ppm(k)/ppm(o):.3f} | {oc:.1f} |")
print(f"\nkehoach peak RSS: {rss/1024:.0f} MiB ({pages} pages). Machine at the end: {sys.argv[9].strip()}")
PY
if [ -n "$truth" ]; then
  for f in kehoach cli; do
    printf '%s syllable accuracy vs truth: ' "$f"
    python3 "$root/scripts/syllable_accuracy.py" "$work/$f.txt" "$truth"
  done
fi
