"""The repository stands on its own: the articles are committed with the seeds, and nothing
in geo/, scripts/ or tests/ reads a path outside the repository (statically and at run time)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo import config

ROOT = config.ROOT
CODE_DIRS = ("geo", "scripts", "tests")
# Ways out of the repository: the folder beside it, a parent of the root, a relative climb.
_ESCAPES = re.compile(r"ROOT\.parent|ROOT\.parents|[\"']shared[\"']|/work/|[\"']\.\./|"
                      r"[\"']\.\.[\"']|os\.pardir")
_FILE_PARENTS = re.compile(r"Path\(__file__\)(?:\.resolve\(\))?((?:\.parent)+)"
                           r"(?:\.parents\[(\d+)\])?|Path\(__file__\)(?:\.resolve\(\))?\.parents\[(\d+)\]")


def _code_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", *CODE_DIRS], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.split()
    return [ROOT / name for name in listed
            if name.endswith((".py", ".sh"))]


def test_code_names_no_path_outside_the_repository() -> None:
    files = _code_files()
    assert len(files) > 50
    offenders = []
    for path in files:
        depth = len(path.relative_to(ROOT).parts) - 1  # folders between the root and the file
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if path.name == "test_data_repository.py":
                continue
            if _ESCAPES.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
            for match in _FILE_PARENTS.finditer(line):
                ups = (match.group(1) or "").count(".parent")
                if match.group(2) is not None:
                    ups += int(match.group(2)) + 1
                if match.group(3) is not None:
                    ups = int(match.group(3)) + 1
                if ups > depth + 1:  # Path(__file__).parent is the file's own folder
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: climbs {ups} levels "
                                     f"from a file {depth} below the root")
    assert offenders == []


def test_the_static_check_catches_the_old_articles_folder() -> None:
    assert _ESCAPES.search('ARTICLES_DIR = ROOT.parent / "shared" / "seeds"')
    assert config.ARTICLES_DIR == ROOT / "seeds" / "articles"


def test_every_source_names_its_committed_article_and_hash() -> None:
    catalog = json.loads((config.SEEDS_DIR / "sources.json").read_text("utf-8"))
    assert len(catalog) == 5
    for source in catalog:
        data = (config.ARTICLES_DIR / source["seed_file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source["sha256"], source["id"]
    tracked = subprocess.run(["git", "ls-files", "seeds/articles"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split()
    assert sorted(tracked) == sorted(f"seeds/articles/{s['seed_file']}" for s in catalog)


# A child process records every file it opens or lists (audit hooks), runs the command, and
# prints the paths; each must lie in the repository, the Python installation or the system.
_PROBE = """
import json, sys
seen = []
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], str):
        seen.append(args[0])
sys.addaudithook(hook)
from geo.cli import main
code = main(sys.argv[1:])
print("\\nPATHS " + json.dumps(seen))
sys.exit(code)
"""


@pytest.mark.parametrize("command", [["validate"], ["build"]])
def test_the_pipeline_reads_nothing_outside_the_repository(command: list[str],
                                                           tmp_path: Path) -> None:
    args = command if command != ["build"] else [
        "build", "--layers", str(tmp_path / "layers"), "--docs", str(tmp_path / "docs")]
    env = {**os.environ, "HOME": str(tmp_path), "MPLCONFIGDIR": str(tmp_path / "mpl"),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}  # tool caches and fonts, not data
    run = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    paths = json.loads(run.stdout.rsplit("PATHS ", 1)[1])
    allowed = [ROOT, tmp_path, Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
               Path("/usr"), Path("/etc"), Path("/proc"), Path("/sys"), Path("/dev")]
    opened = {Path(p).resolve() if Path(p).is_absolute() else (tmp_path / p).resolve()
              for p in paths}
    assert any(p.is_relative_to(config.ARTICLES_DIR) for p in opened)
    outside = sorted(str(p) for p in opened
                     if not any(p.is_relative_to(a.resolve()) for a in allowed))
    assert outside == []
