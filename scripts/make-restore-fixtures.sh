#!/usr/bin/env bash
# Regenerates the OCR inputs in fixtures/restore/ used by the restoration benchmarks.
# Needs poppler-utils (pdftoppm) and tesseract-ocr with the eng and vie models.
#   004.eng.txt : English-model OCR of the 300 dpi scan of seed 004 (damage channel 1)
#   004.vie.txt : Vietnamese-model OCR of the same scan (damage channel 4)
#   003.vie.txt : Vietnamese-model OCR of the 150 dpi fax scan of seed 003 (damage channel 4)
#   003.eng.txt : English-model OCR of the fax scan of seed 003
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ocr() { # pdf resolution lang out
  pdftoppm -r "$2" -gray "$1" "$tmp/p"
  : > "$4"
  for img in "$tmp"/p-*.pgm; do
    OMP_THREAD_LIMIT=1 tesseract "$img" - -l "$3" --psm 4 2>/dev/null >> "$4"
  done
  rm -f "$tmp"/p-*.pgm
}
ocr fixtures/scans/004.p1-4.jpeg.pdf 300 eng fixtures/restore/004.eng.txt
ocr fixtures/scans/004.p1-4.jpeg.pdf 300 vie fixtures/restore/004.vie.txt
ocr fixtures/scans/003.p1-3.ccitt.pdf 150 vie fixtures/restore/003.vie.txt
ocr fixtures/scans/003.p1-3.ccitt.pdf 150 eng fixtures/restore/003.eng.txt

# Full-document English-model OCR of seed 004 rendered to a 26-page scan by the synthetic-scan
# pipeline (kehoach-synth; the PDF is its artifact 004.full.jpeg.pdf). Pass its path as $1.
if [ -n "${1:-}" ]; then
  ocr "$1" 300 eng fixtures/restore/004.full.eng.txt
fi
