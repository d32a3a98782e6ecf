"""Imported first by the benchmark scripts: puts the repository root on ``sys.path`` so that
``tests.support`` imports without ``PYTHONPATH=.`` (``python scripts/benchmark_app.py``)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
