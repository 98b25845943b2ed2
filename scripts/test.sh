#!/usr/bin/env bash
# Set-up command 2: the whole test suite (formatting, lints, unit and end-to-end tests).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace
