#!/usr/bin/env bash
# Re-resolve every dependency in a new, empty venv and write requirements.lock (exact versions
# that scripts/setup.sh installs). Run after changing pyproject.toml's dependencies or to
# upgrade; then run scripts/test.sh and commit the lock with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet -e ".[test]"
{
  echo "# Exact versions tested with this project; scripts/setup.sh installs them."
  echo "# Regenerate with scripts/lock.sh (python $("$tmp/venv/bin/python" -c 'import sys; print(*sys.version_info[:3], sep=".")'))."
  "$tmp/venv/bin/python" -m pip freeze --exclude-editable --all | grep -v -E '^(pip|setuptools|wheel)==' | LC_ALL=C sort -f
} > requirements.lock.tmp
mv requirements.lock.tmp requirements.lock
echo "wrote requirements.lock ($(grep -vc '^#' requirements.lock) packages)"
