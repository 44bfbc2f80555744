"""What every service's test controls share: reading a JSON payload and changing settings.

A control route (``POST /_streamkit/<service>/<route>``) gets its JSON object as a
:class:`Payload`; every refusal is a :class:`~streamkit.testing.core.server.ControlError`
(HTTP 400) that names the key and the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from streamkit.testing.core.clock import check_seconds
from streamkit.testing.core.server import ControlError

__all__ = ["Payload", "evolve_settings"]

_S = TypeVar("_S")
_REQUIRED: Any = object()


class Payload:
    """A control request's JSON object, read key by key."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data

    def text(self, key: str, default: str = _REQUIRED) -> str:
        """A non-empty string (``default`` when absent; required without one)."""
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value:
            raise ControlError(f"{key!r} must be a non-empty string")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise ControlError(f"{key!r} must be a string or null")
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise ControlError(f"{key!r} must be true or false")
        return value

    def integer(self, key: str, default: int | None = None, *,
                minimum: int | None = None) -> int | None:
        """A whole number (``default`` when absent or null)."""
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ControlError(f"{key!r} must be an integer or null")
        if minimum is not None and value < minimum:
            raise ControlError(f"{key!r} must be >= {minimum}")
        return value

    def seconds(self, key: str) -> float | None:
        """A finite number of seconds >= 0, at most ten years (None when absent)."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return check_seconds(value, repr(key))
        except ValueError as exc:
            raise ControlError(str(exc)) from exc

    def strings(self, key: str) -> list[str] | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ControlError(f"{key!r} must be a list of strings")
        return [str(v) for v in value]

    def objects(self, key: str) -> list[Payload]:
        """A non-empty list of objects."""
        value = self.data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict)
                                                                for v in value):
            raise ControlError(f"{key!r} must be a non-empty list of objects")
        return [Payload(v) for v in value]

    def region(self, default: str) -> str:
        """The ``region`` a control acts in (every payload may carry one)."""
        return self.text("region", default)


def evolve_settings(current: _S, changes: Mapping[str, Any]) -> _S:
    """``current`` (an attrs class of seconds or sizes) with ``changes`` applied.

    A field whose default is an ``int`` is a size (a whole number >= 1); any other is a
    finite number of seconds >= 0. Unknown fields and bad values raise ControlError.
    """
    fields = {f.name: f for f in attrs.fields(type(current))}  # type: ignore[arg-type]
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        field = fields.get(key)
        if field is None:
            raise ControlError(f"unknown field {key!r}; known: {', '.join(sorted(fields))}")
        if isinstance(field.default, int):
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not float(value).is_integer() or value < 1:
                raise ControlError(f"{key!r} must be a whole number >= 1")
            clean[key] = int(value)
        else:
            seconds = Payload(changes).seconds(key)
            assert seconds is not None
            clean[key] = seconds
    return attrs.evolve(current, **clean)  # type: ignore[misc]
