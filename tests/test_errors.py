"""Every error the package raises on purpose is a `geo.errors.GeoError`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from geo import config, errors
from geo.dates import parse_partial_date
from geo.errors import GeoError, OptionError

# OSError stays allowed: a failed system call (jsonio's renameat2) is reported as the OS does.
BUILTIN = {"ValueError", "KeyError", "TypeError", "RuntimeError", "Exception", "LookupError",
           "AttributeError", "IndexError"}


def _builtin_raises(path: Path, *, root: Path = config.ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name) and target.id in BUILTIN:
                found.append(f"{path.relative_to(root)}:{node.lineno}: {target.id}")
    return found


def test_no_module_raises_a_builtin_error() -> None:
    files = sorted((config.ROOT / "geo").rglob("*.py"))
    assert len(files) > 40
    assert [hit for path in files for hit in _builtin_raises(path)] == []


def test_the_scan_finds_a_builtin_raise(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    raise KeyError('x')\n\ndef g():\n    raise OSError(5)\n",
                      encoding="utf-8")
    assert _builtin_raises(sample, root=tmp_path) == ["sample.py:2: KeyError"]


def test_every_error_class_is_a_geo_error_and_a_value_error() -> None:
    classes = [c for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, Exception)]
    assert sorted(c.__name__ for c in classes) == [
        "DataError", "GeoError", "GeometryError", "LayerValidationError", "OptionError",
        "RefusedTargetError", "RouteError"]
    assert all(issubclass(c, GeoError) for c in classes)
    assert all(issubclass(c, ValueError) for c in classes if c is not GeoError)


def test_a_bad_date_is_an_option_error_naming_the_value() -> None:
    with pytest.raises(OptionError, match=r"date '2022-13' is not a calendar date"):
        parse_partial_date("2022-13", precision="month")
