"""tests/support."""

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
"""Where browser tests write their screenshots (git-ignored)."""
