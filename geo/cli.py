"""Command line: ``python -m geo build | validate [PATH ...] | assets``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo import config
from geo.data.validate import read_layers_dir, validate_paths
from geo.errors import GeoError, LayerValidationError, RefusedTargetError
from geo.export.cli import add_export_command
from geo.ingest.cli import add_ingest_command
from geo.pipeline.build import build
from geo.views.leaflet.assets import STATIC_DIR, install_assets


def _build(args: argparse.Namespace) -> str:
    counts = build(seeds_dir=args.seeds, layers_dir=args.layers, docs_dir=args.docs)
    return "built " + ", ".join(f"{name}: {n}" for name, n in counts.items())


def _validate(args: argparse.Namespace) -> str:
    articles: Path | None = None if args.no_articles else args.articles
    quotes = (f"; article hashes and quotes checked against {articles}" if articles else
              "; quotes NOT checked (--no-articles)")
    paths: list[Path] = args.paths or [config.LAYERS_DIR]
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    problems = []
    features = 0
    for folder in folders:
        contents = read_layers_dir(folder, articles_dir=articles)
        problems += contents.problems
        if not contents.problems:
            features += sum(len(c["features"]) for c in contents.collections.values())
    checked = 0
    try:
        checked = validate_paths(files, articles_dir=articles) if files else 0
    except LayerValidationError as exc:
        problems += exc.problems
    if problems:
        raise LayerValidationError(problems)
    what = [f"{len(folders)} folder(s) (file set, provenance hashes), {features} feature(s)"
            ] if folders else []
    what += [f"{len(files)} layer(s), {checked} feature(s)"] if files else []
    return f"valid: {'; '.join(what)}{quotes}"


def _assets(_: argparse.Namespace) -> str:
    files = install_assets(static_dir=STATIC_DIR)
    return f"installed {len(files)} file(s) into {STATIC_DIR / 'vendor'}"


_NEGATIVE_VALUE_OPTIONS = ("--extent",)  # values that may start with '-': -82,-56,-34,13


def _join_negative_values(argv: list[str]) -> list[str]:
    """``--extent -82,-56,-34,13`` as ``--extent=-82,-56,-34,13`` (argparse would take a
    value starting with '-' for an option)."""
    joined: list[str] = []
    items = iter(argv)
    for item in items:
        if item in _NEGATIVE_VALUE_OPTIONS:
            value = next(items, None)
            if value is not None and value.startswith("-") and value[1:2].isdigit():
                joined.append(f"{item}={value}")
                continue
            joined.append(item)
            if value is not None:
                joined.append(value)
            continue
        joined.append(item)
    return joined


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 data problems, 2 usage or a refused
    output folder)."""
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help="build every layer of layers/ from seeds/ (the "
                               "folder is replaced as a whole, atomically)")
    make.add_argument("--seeds", type=Path, default=config.SEEDS_DIR,
                      help="folder of seed tables (default: seeds/)")
    make.add_argument("--layers", type=Path, default=config.LAYERS_DIR,
                      help="layers folder to write (default: layers/)")
    make.add_argument("--docs", type=Path, default=config.DOCS_DIR,
                      help="folder of the generated data dictionary (default: docs/)")
    make.set_defaults(run=_build)
    check = commands.add_parser("validate", help="validate layers, reporting every problem")
    check.add_argument("paths", nargs="*", type=Path,
                       help="layers folders (every file, provenance hashes) or single layer "
                       "files (default: the layers/ folder)")
    check.add_argument("--articles", type=Path, default=config.ARTICLES_DIR,
                       help="folder of the source articles (default: seeds/articles/); "
                       "each must match its recorded SHA-256 and hold its quotes verbatim")
    check.add_argument("--no-articles", action="store_true",
                       help="check the layers without the articles (quotes are not checked)")
    check.set_defaults(run=_validate)
    add_export_command(commands)
    add_ingest_command(commands)
    commands.add_parser("assets", help="copy the map's JavaScript/CSS (Leaflet) into static/ "
                        "so the app works offline").set_defaults(run=_assets)
    args = parser.parse_args(_join_negative_values(sys.argv[1:] if argv is None else argv))
    try:
        print(args.run(args))
    except RefusedTargetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
