"""Reading a desired state from a TOML, YAML or JSON file.

One deployment: top-level ``stack`` and ``fleet`` tables (and ``users``); several: a
``deployments`` list of such tables, each with its ``name``. ``name`` at the top names the
state (default: the file's stem). Every error names the file, the line and the field.
"""

from __future__ import annotations

import enum
import importlib
import json
import re
import sys
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from streamkit.declarative.spec import DesiredDeployment, DesiredState
from streamkit.errors import SpecFileError, ValidationError
from streamkit.specs import FleetSpec, StackSpec

__all__ = ["load_desired", "parse_desired"]

_DEPLOYMENT_KEYS = ("name", "stack", "fleet", "users")
_FORMATS = {".toml": "toml", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}
_TOML_LINE = re.compile(r"at line (\d+)")


def load_desired(path: str | Path) -> DesiredState:
    """The desired state in the file at ``path`` (``.toml``, ``.yaml``/``.yml``, ``.json``).

    Raises :class:`~streamkit.SpecFileError` naming the file, the line and the field.
    YAML needs PyYAML (``pip install pyyaml``).
    """
    file = Path(path)
    fmt = _FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise SpecFileError(str(file), None, "", "must end in .toml, .yaml, .yml or .json")
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecFileError(str(file), None, "", f"cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SpecFileError(str(file), None, "", "is not UTF-8 text") from None
    return parse_desired(text, fmt, source=str(file), default_name=file.stem)


def parse_desired(text: str, fmt: str, *, source: str = "<string>",
                  default_name: str = "default") -> DesiredState:
    """The desired state in ``text``, written in ``fmt`` (``toml``, ``yaml`` or ``json``)."""
    data = _parse(text, fmt, source)
    locate = _Locator(text, source)
    if not isinstance(data, Mapping):
        raise SpecFileError(source, 1, "", "must hold a table (mapping) at the top")
    top = dict(data)
    name = top.pop("name", default_name)
    if "deployments" in top:
        extra = sorted(set(top) - {"deployments"})
        if extra:
            raise locate.error((extra[0],), "is not allowed beside 'deployments' (give each "
                               "deployment its own)")
        items = top["deployments"]
        if not isinstance(items, Sequence) or isinstance(items, (str, bytes)):
            raise locate.error(("deployments",), "must be a list of tables")
        deployments = [_deployment(item, ("deployments", i), locate)
                       for i, item in enumerate(items)]
    else:
        deployments = [_deployment(top, (), locate)]
    try:
        return DesiredState(name=name, deployments=deployments)
    except ValidationError as exc:
        raise locate.error(_path_of(exc.field), exc.rule) from None


def _parse(text: str, fmt: str, source: str) -> Any:
    if fmt == "toml":
        toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
        try:
            return toml.loads(text)
        except toml.TOMLDecodeError as exc:
            found = _TOML_LINE.search(str(exc))
            raise SpecFileError(source, int(found.group(1)) if found else None, "",
                                f"is not valid TOML: {exc}") from None
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecFileError(source, exc.lineno, "", f"is not valid JSON: {exc.msg}") from None
    if fmt == "yaml":
        try:
            yaml = importlib.import_module("yaml")
        except ImportError:
            raise SpecFileError(source, None, "", "YAML needs PyYAML: pip install pyyaml "
                                "(or write the state in TOML or JSON)") from None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise SpecFileError(source, None if mark is None else mark.line + 1, "",
                                f"is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    raise SpecFileError(source, None, "", f"format {fmt!r} is not toml, yaml or json")


def _deployment(data: Any, at: tuple[str | int, ...], locate: _Locator) -> DesiredDeployment:
    if not isinstance(data, Mapping):
        raise locate.error(at, "must be a table (mapping)")
    for key in data:
        if key not in _DEPLOYMENT_KEYS:
            raise locate.error((*at, str(key)), f"is not a field of a deployment (fields: "
                               f"{', '.join(_DEPLOYMENT_KEYS)})")
    for key in ("stack", "fleet"):
        if key not in data:
            raise locate.error(at, f"{key} is required", field=".".join(map(str, (*at, key))))
    stack = _build(StackSpec, data["stack"], (*at, "stack"), locate)
    fleet = _build(FleetSpec, data["fleet"], (*at, "fleet"), locate)
    kwargs = {key: data[key] for key in ("name", "users") if key in data}
    try:
        return DesiredDeployment(stack=stack, fleet=fleet, **kwargs)
    except ValidationError as exc:
        raise locate.error((*at, *_path_of(exc.field)), exc.rule) from None


def _build(cls: type[Any], data: Any, at: tuple[str | int, ...], locate: _Locator) -> Any:
    """An attrs spec from a table: nested tables become nested specs, strings enums."""
    if not isinstance(data, Mapping):
        raise locate.error(at, f"must be a table of {cls.__name__} fields")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in attrs.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            raise locate.error((*at, str(key)), f"is not a field of {cls.__name__} (fields: "
                               f"{', '.join(fields)})")
        kwargs[key] = _value(hints[key], value, (*at, key), locate)
    missing = [f.name for f in fields.values()
               if f.default is attrs.NOTHING and f.name not in kwargs]
    if missing:
        raise locate.error(at, f"{missing[0]} is required",
                           field=".".join(map(str, (*at, missing[0]))))
    try:
        return cls(**kwargs)
    except ValidationError as exc:
        raise locate.error((*at, *_path_of(exc.field)), exc.rule) from None


def _value(hint: Any, value: Any, at: tuple[str | int, ...], locate: _Locator) -> Any:
    options = [a for a in typing.get_args(hint) if a is not type(None)] \
        if typing.get_origin(hint) in (typing.Union, types.UnionType) else [hint]
    for option in options:
        if attrs.has(option) and isinstance(value, Mapping):
            return _build(option, value, at, locate)
        item = typing.get_args(option)[:1]
        if (typing.get_origin(option) is tuple and item and attrs.has(item[0])
                and isinstance(value, list)):
            return tuple(_value(item[0], v, (*at, i), locate) for i, v in enumerate(value))
        if isinstance(option, type) and issubclass(option, enum.Enum) and isinstance(value, str):
            try:
                return option(value)
            except ValueError:
                names = ", ".join(m.value for m in option if m.value != "UNKNOWN")
                raise locate.error(at, f"must be one of {names}") from None
    return value


def _path_of(field: str) -> tuple[str | int, ...]:
    """``deployments[1].fleet.scaling.max_capacity`` -> its parts."""
    parts: list[str | int] = []
    for piece in re.findall(r"[^.\[\]]+|\[\d+\]", field.split(" ")[0]):
        parts.append(int(piece[1:-1]) if piece.startswith("[") else piece)
    return tuple(parts)


class _Locator:
    """Finds the line of a field in the file's text, to name it in errors (best effort: the
    parsers keep no positions)."""

    def __init__(self, text: str, source: str) -> None:
        self._lines = text.splitlines()
        self._source = source

    def line_of(self, at: Sequence[str | int]) -> int | None:
        start, found, skip = 0, None, 0
        for part in at:
            if isinstance(part, int):
                skip = part  # the part's n-th table: skip the first n occurrences of the next
                continue
            pattern = re.compile(rf'(?<![\w-])["\']?{re.escape(part)}["\']?\s*[=:\]]')
            for number in range(start, len(self._lines)):
                if pattern.search(self._lines[number].split("#")[0]):
                    if skip:
                        skip -= 1
                        continue
                    start, found = number, number + 1
                    break
            else:
                return found
        return found

    def error(self, at: Sequence[str | int], rule: str, *, field: str | None = None
              ) -> SpecFileError:
        shown = field if field is not None else "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in at).lstrip(".")
        return SpecFileError(self._source, self.line_of(at), shown, rule)
