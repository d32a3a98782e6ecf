"""Bad input to ``python -m geo ingest`` (issue 16 §5b): a clear message, exit code 1, and
nothing written to the seeds folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from geo import config
from geo.ingest.cli import main

GOOD = ("Police arrested 12 members of the Tren de Aragua in Lima on May 3, the prosecutor "
        "said. Peru has seen a rise in extortion.")


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


CASES = {"empty.txt": "ingest-empty", "blank.txt": "ingest-empty",
         "binary.txt": "ingest-binary", "big.txt": "ingest-too-large",
         "french.txt": "ingest-other-language", "noplace.txt": "ingest-no-place",
         "future.txt": "ingest-future-date", "badlang.pdf": "ingest-not-an-article"}


def doc_rows() -> dict[str, str]:
    """The ingest rows of docs/bad-input.md: case → the message the user sees."""
    rows = {}
    for line in (config.DOCS_DIR / "bad-input.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| ingest-"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0]] = cells[3]
    return rows


@pytest.mark.parametrize(("name", "content", "args", "message"), [
    ("empty.txt", b"", [], "the file is empty"),
    ("blank.txt", b"  \n\n ", [], "the file is empty"),
    ("binary.txt", bytes(range(256)) * 40, [], "binary file"),
    ("big.txt", b"Police arrested members in Lima. " * 160_000, [], "too large"),
    ("french.txt", "La police a arrêté douze membres du gang à Lima jeudi, selon le "
     "procureur. Le gouvernement veut renforcer les contrôles aux frontières.".encode(), [],
     "not in English or Spanish"),
    ("noplace.txt", b"Police arrested 12 members of the gang on May 3, the prosecutor said. "
     b"The investigation continues and more arrests are expected.", [], "no place found"),
    ("future.txt", GOOD.encode(), ["--published", "2999-01-01"], "in the future"),
    ("badlang.pdf", GOOD.encode(), [], "expected a .txt or .html"),
])
def test_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,  # noqa: PLR0917
                   content: bytes, args: list[str], message: str) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "sources.json").write_text("[]\n", encoding="utf-8")
    before, repo_before = _tree(seeds), _tree(config.SEEDS_DIR)
    article = tmp_path / name
    article.write_bytes(content)
    argv = ["ingest", str(article), "--published", "2024-05-10", "--out",
            str(tmp_path / "out.json"), "--seeds", str(seeds), "--accept", "all", *args]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert _tree(seeds) == before
    assert _tree(config.SEEDS_DIR) == repo_before
    assert not (tmp_path / "out.json").exists()
    assert f"`{message}`" in doc_rows()[CASES[name]]


@pytest.mark.parametrize("inside", ["custom", "repo"])
def test_out_inside_seeds_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     inside: str) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    out = (seeds if inside == "custom" else config.SEEDS_DIR) / "candidates.json"
    assert main(["ingest", str(article), "--published", "2024-05-10", "--out", str(out),
                 "--seeds", str(seeds)]) == 1
    assert "inside the seeds folder" in capsys.readouterr().err
    assert not out.exists()
    assert "`inside the seeds folder`" in doc_rows()["ingest-out-in-seeds"]


def test_good_input_writes_candidates_only(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["ingest", str(article), "--published", "2024-05-10", "--out", str(out),
                 "--seeds", str(seeds)]) == 0
    assert '"events"' in out.read_text(encoding="utf-8")
    assert _tree(seeds) == {}
