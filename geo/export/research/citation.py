"""How to cite the data: plain text and BibTeX, from ``CITATION.cff``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from geo import config
from geo.data.credits import MAP_TITLE, data_as_of, provenance
from geo.data.selection import Layers
from geo.data.text import source_citation
from geo.errors import OptionError


def citation_meta(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise OptionError(f"{path}: not valid YAML: {exc}") from None
    return meta if isinstance(meta, dict) else {}


def author_names(meta: Mapping[str, Any]) -> list[str]:
    names = []
    for author in meta.get("authors") or []:
        if "name" in author:
            names.append(str(author["name"]))
        else:
            names.append(" ".join(str(author[k]) for k in ("given-names", "family-names")
                                  if author.get(k)))
    return names or ["Tren de Aragua map contributors"]


def citation_authors(path: Path = config.ROOT / "CITATION.cff") -> list[str]:
    """Author names of ``CITATION.cff`` (the project's contributors when there are none)."""
    return author_names(citation_meta(path))


def _bibtex_text(text: str) -> str:
    for char in "\\{}&%$#_":
        text = text.replace(char, f"\\{char}")
    return text


def citation_text(layers: Layers, *,
                  citation_path: Path = config.ROOT / "CITATION.cff") -> str:
    """How to cite the data (plain text and BibTeX), from ``CITATION.cff`` when present."""
    meta = citation_meta(citation_path)
    as_of = data_as_of(layers)
    version = str(meta.get("version") or provenance(layers)["data_version"])
    title = str(meta.get("title") or MAP_TITLE)
    year = str(meta.get("date-released") or as_of)[:4]
    authors = author_names(meta)
    where = str(f"https://doi.org/{meta['doi']}" if meta.get("doi")
                else meta.get("repository-code") or meta.get("url") or "")
    licence = str(meta.get("license") or config.DATA_LICENSE)
    plain = (f"{'; '.join(authors)} ({year}). {title} (version {version}, data as of {as_of})"
             f" [Data set]. Licence {licence}." + (f" {where}" if where else ""))
    articles = "\n".join(f"- {source_citation(s, layers.sources)}" for s in sorted(layers.sources))
    bib_fields = [("author", " and ".join(f"{{{a}}}" if " " in a else a for a in authors)),
                  ("title", title), ("year", year), ("version", version),
                  ("note", f"Data as of {as_of}; licence {licence}")]
    if where:
        bib_fields.append(("url", where))
    bibtex = "@misc{tda-map-" + version.replace(".", "-") + ",\n" + ",\n".join(
        f"  {key} = {{{value if key == 'author' else _bibtex_text(value)}}}"
        for key, value in bib_fields) + "\n}"
    return (f"Cite this data as:\n{plain}\n\nAnd cite the articles it is built from:\n"
            f"{articles}\n\nBibTeX:\n{bibtex}\n")
