#!/usr/bin/env bash
# Set up and run every check: lint, types, layer build and validation, unit, app and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq chromium >/dev/null
fi
py=.venv/bin/python
$py -m ruff check .
$py -m mypy
.venv/bin/lint-imports --no-cache
$py -m geo build
if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet -- layers docs; then
  echo "error: the committed layers differ from a fresh 'python -m geo build':" >&2
  git --no-pager diff --stat -- layers docs >&2
  exit 1
fi
$py -m geo validate
$py -m geo assets
# The map page's JavaScript (geo/views/leaflet/frontend): lint, unit tests, and the committed
# bundles must equal a fresh build (like layers/ above).
frontend=geo/views/leaflet/frontend
if [ ! -d "$frontend/node_modules" ] || [ "$frontend/package-lock.json" -nt "$frontend/node_modules/.package-lock.json" ]; then
  (cd "$frontend" && npm ci --no-audit --no-fund)
fi
(cd "$frontend" && npx eslint . && node --test test/ && node build.mjs --check)
$py -m pytest "$@"
