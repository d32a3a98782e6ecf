"""`geo export html` and `geo export site`: one self-contained file; a hashed site folder."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geo.data.selection import Layers, load_layers
from geo.errors import OptionError
from geo.export.cli import ExportOptions, write_export


class _Scripts(HTMLParser):
    """Every start tag, and the text of every inline script."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: list[str] = []
        self._attrs: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._attrs = dict(attrs)

    def handle_data(self, data: str) -> None:
        if self._attrs is not None and "type" not in self._attrs and "src" not in self._attrs:
            self.inline.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._attrs = None


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


def _csp(page: str) -> str:
    match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert match is not None
    return match.group(1).replace("&#x27;", "'")


def test_html_export_is_one_self_contained_file(tmp_path: Path, layers: Layers) -> None:
    out = tmp_path / "map.html"
    written = write_export("html", layers=layers, options=ExportOptions(year=2022), out=out)
    assert list(written) == [out]
    page = out.read_text(encoding="utf-8")
    parser = _Scripts()
    parser.feed(page)
    assert not [a for t, a in parser.tags if t == "script" and a.get("src")]
    assert not [a for t, a in parser.tags if t == "link"]
    csp = _csp(page)
    assert "default-src 'none'" in csp
    assert "connect-src 'none'" in csp
    for script in parser.inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert '"initial":{"filters":' in page and '"year":2022' in page


def test_site_export_writes_a_hashed_folder(tmp_path: Path, layers: Layers) -> None:
    out = tmp_path / "site"
    written = write_export("site", layers=layers, options=ExportOptions(), out=out)
    names = sorted(p.name for p in written)
    assert "index.html" in names
    assert all(p.parent == out for p in written)
    assert any(re.fullmatch(r"timefilter\.[0-9a-f]{8}\.js", n) for n in names)
    assert any(re.fullmatch(r"data-es\.[0-9a-f]{8}\.json", n) for n in names)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporaries
    again = write_export("site", layers=layers, options=ExportOptions(), out=out)
    assert sorted(again) == sorted(written)  # deterministic names: replaced in place


def test_site_export_is_all_or_nothing(tmp_path: Path, layers: Layers) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OptionError, match="is not a folder"):
        write_export("site", layers=layers, options=ExportOptions(), out=blocker / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
