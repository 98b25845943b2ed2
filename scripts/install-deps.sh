#!/usr/bin/env bash
# Installs the system packages kehoach needs on Debian/Ubuntu (idempotent).
# Tesseract + its Vietnamese model and development files (OCR), Leptonica, clang and pkg-config
# (binding generation), hunspell-vi (syllable list the dictionaries are checked against),
# poppler-utils (comparison benchmarks only), serif fonts (synthetic scans for tests).
set -euo pipefail
PACKAGES=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng libtesseract-dev libleptonica-dev
  clang libclang-dev pkg-config hunspell-vi poppler-utils
  fonts-liberation fonts-dejavu-core
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
