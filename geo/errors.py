"""One error hierarchy for the project: every message names the file, feature id and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in an input: where it is and what is wrong."""

    file: str
    feature_id: str
    field: str
    message: str

    def __str__(self) -> str:
        """``file: feature 'id': field 'name': message`` (a part that does not apply, ``-``,
        is left out)."""
        where = [self.file]
        where += [f"feature {self.feature_id!r}"] if self.feature_id != "-" else []
        where += [f"field {self.field!r}"] if self.field != "-" else []
        return ": ".join([*where, self.message])


class GeoError(Exception):
    """Base class of every error this package raises on purpose."""


class DataError(GeoError, ValueError):
    """An input (seed, layer, corridor, option) is invalid; holds every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found:\n{lines}")


class LayerValidationError(DataError):
    """A GeoJSON layer breaks the schema or a validation rule."""


class RouteError(DataError):
    """A corridor definition cannot be built into a route."""


class OptionError(GeoError, ValueError):
    """A user option (year, country, filter value, path) is not one the data allows."""


class GeometryError(GeoError, ValueError):
    """A geometric construction (a latitude band, a snapped point, a route) has no answer."""


class RefusedTargetError(OptionError):
    """An output folder an export will not replace (a user's files, ``.``, the repository
    root, a symbolic link): nothing is written; the command exits with code 2."""
