#!/usr/bin/env bash
# Set up (first run only) and start the map app: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# geo/app/server.py serves app.py with framing headers and writes the map site at start-up
# (the first reader does not wait for it); a plain `streamlit run app.py` works too.
exec .venv/bin/streamlit run geo/app/server.py "$@"
