#!/usr/bin/env bash
# Installs the system packages kehoach needs on Debian/Ubuntu (idempotent).
# - tesseract-ocr, its Vietnamese and English models, its orientation model (pages scanned
#   sideways or upside down), libtesseract-dev, libleptonica-dev,
#   pkg-config and a C toolchain: OCR through the system libtesseract (tesseract-rs links it);
#   clang for binding generation.
# - hunspell-vi: the Vietnamese syllable list the generated syllable inventory is checked against.
# - poppler-utils: comparison benchmarks and fixture generation only.
# - Serif fonts with Vietnamese glyphs, for kehoach-synth's rendered test scans. Debian's
#   fonts-liberation (1.07) has no Vietnamese letters; fonts-liberation2 has.
set -euo pipefail
PACKAGES=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd libtesseract-dev libleptonica-dev
  clang libclang-dev pkg-config build-essential hunspell-vi poppler-utils
  fonts-liberation2 fonts-freefont-ttf fonts-noto-core fonts-dejavu-core
)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v cargo >/dev/null || { echo "error: cargo not found; install Rust (rustup) first" >&2; exit 1; }
