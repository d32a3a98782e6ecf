"""``python -m geo ingest ARTICLE --published DATE --out CANDIDATES.json [--accept …]``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from geo import config
from geo.errors import GeoError, OptionError
from geo.ingest.accept import layers_dir, save_story, seeds_dir
from geo.ingest.candidates import ingest_text
from geo.ingest.text import decode_article
from geo.jsonio import write_bytes_atomically


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def run_ingest(args: argparse.Namespace) -> str:
    """Read the article, write the candidates; with ``--accept``, save them into the seeds."""
    seeds: Path = args.seeds or seeds_dir()
    for folder in {seeds, config.SEEDS_DIR}:
        if _inside(args.out, folder):
            raise OptionError(f"--out {args.out} is inside the seeds folder {folder}; "
                              "candidates are written elsewhere and enter seeds/ only "
                              "through --accept")
    path: Path = args.article
    if not path.is_file():
        raise OptionError(f"{path}: no such file")
    if path.suffix.lower() not in (".txt", ".html", ".htm"):
        raise OptionError(f"{path}: expected a .txt or .html article")
    with path.open("rb") as handle:
        data = handle.read(5_000_001)
    text = decode_article(data, name=str(path))
    candidates = ingest_text(text=text, published=args.published, lang=args.lang,
                             source_id=args.source_id, outlet=args.outlet, author=args.author,
                             file_name=path.name, seeds_dir=seeds,
                             layers_dir=config.LAYERS_DIR if seeds == config.SEEDS_DIR
                             else None, today=dt.date.today())
    candidates["article"]["text"] = text
    write_bytes_atomically({args.out: (json.dumps(candidates, ensure_ascii=False, indent=2)
                                       + "\n").encode("utf-8")})
    counts = ", ".join(f"{t}: {len(candidates[t])}" for t in ("places", "events", "presence",
                                                              "corridors"))
    message = f"wrote {args.out} ({counts})"
    if args.accept:
        # a seeds folder of one's own builds beside it, never over the project's layers/
        layers = args.layers or (seeds.parent / "layers" if args.seeds else layers_dir())
        saved = save_story(candidates=candidates, accept=args.accept, text=text, seeds=seeds,
                           layers=layers)
        added = ", ".join(f"{t}: {len(v)}" for t, v in saved.added.items())
        message += (f"; saved into {seeds} (added {added}; corroborated "
                    f"{len(saved.corroborated)}); built {layers}: {saved.build}")
    return message


def add_ingest_command(commands: Any) -> None:
    """Register ``ingest`` on the CLI's subcommands."""
    cmd = commands.add_parser("ingest", help="article text → candidate records (and, with "
                              "--accept, reviewed records appended to seeds/)")
    cmd.add_argument("article", type=Path, help="the article, .txt or .html")
    cmd.add_argument("--published", required=True, help="publication date: YYYY-MM-DD, "
                     "YYYY-MM or YYYY")
    cmd.add_argument("--lang", default="auto", choices=("auto", "en", "es"))
    cmd.add_argument("--source-id", help="id of the new source record (default: from the "
                     "outlet, date and text hash)")
    cmd.add_argument("--outlet", help="the outlet's name")
    cmd.add_argument("--author", help="the author's name")
    cmd.add_argument("--out", type=Path, required=True, help="candidates JSON to write "
                     "(never inside seeds/)")
    cmd.add_argument("--accept", help="'all' or comma-separated candidate ids: append them "
                     "to the seeds, build and validate (rolled back on failure)")
    cmd.add_argument("--seeds", type=Path, default=None, help="seeds folder (default: "
                     "$TDA_SEEDS_DIR or seeds/)")
    cmd.add_argument("--layers", type=Path, default=None, help="layers folder the save "
                     "builds (default: layers/ beside --seeds when given, else "
                     "$TDA_LAYERS_DIR or layers/)")
    cmd.set_defaults(run=run_ingest)


def main(argv: list[str] | None = None) -> int:
    """``python -m geo ingest …`` without importing the map, print and export libraries.

    The same command is registered on `geo.cli`; this entry point only starts faster.
    """
    parser = argparse.ArgumentParser(prog="python -m geo")
    add_ingest_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        print(args.run(args))
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
