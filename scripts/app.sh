#!/usr/bin/env bash
# Set up (first run only) and start the map app: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m geo assets
exec .venv/bin/streamlit run app.py "$@"
