#!/usr/bin/env bash
# Create .venv and install the project with its test tools at the locked versions
# (requirements.lock; idempotent, quick when up to date). Refresh the lock: scripts/lock.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=.venv/.installed-$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --constraint requirements.lock -e ".[test]"
  rm -f .venv/.installed-* && touch "$stamp"
fi
