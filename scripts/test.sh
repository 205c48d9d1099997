#!/usr/bin/env bash
# Set up and run the whole test suite: system packages, the package with its dev tools,
# lint, type checks, tests. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Headless Chromium for the HTML view tests (Debian's package; no browser download).
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

python3 -m pip install -q -e '.[dev]'
python3 -m ruff check kg tests bench eval
python3 -m mypy kg
python3 -m pytest -q -p no:cacheprovider "$@"
