"""Reading a request's parameters: one interface for every simulated service.

:class:`ParamReader` holds the checks every model declares (required, length, pattern, enum,
range, list size); a protocol subclass says where values live (:meth:`~ParamReader.raw`,
:meth:`~ParamReader.raw_list`) and how its cloud refuses (:meth:`~ParamReader.missing`,
:meth:`~ParamReader.invalid`, :meth:`~ParamReader.wrong_type`). The rules are worded the way
AWS words its validation messages; each cloud wraps them in its own error.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Collection
from typing import ClassVar

__all__ = ["ParamReader"]

_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})


class ParamReader(ABC):
    """One request's parameters, read by name with the model's constraints."""

    #: the shortest string a member may hold when the caller names no ``min_len``
    default_min_len: ClassVar[int] = 0
    #: whether an empty value counts as absent (form- and query-encoded protocols)
    blank_is_absent: ClassVar[bool] = True

    @abstractmethod
    def raw(self, name: str) -> object | None:
        """The value as it arrived, None when absent."""

    @abstractmethod
    def raw_list(self, name: str) -> list[object] | None:
        """A list parameter's items as they arrived, None when absent."""

    @abstractmethod
    def missing(self, name: str) -> Exception:
        """The cloud's refusal of an absent required parameter."""

    @abstractmethod
    def invalid(self, name: str, value: object, rule: str) -> Exception:
        """The cloud's refusal of a value that breaks ``rule``."""

    def wrong_type(self, name: str, value: object, expected: str) -> Exception:
        """The cloud's refusal of a value of the wrong type (``expected``: "an integer")."""
        return self.invalid(name, value, f"Member must be {expected}")

    # -- shared reads ------------------------------------------------------------------------

    def _present(self, name: str) -> object | None:
        value = self.raw(name)
        if value == "" and self.blank_is_absent:
            return None
        return value

    def has(self, name: str) -> bool:
        """Whether the parameter was sent."""
        return self._present(name) is not None

    def text(self, name: str, *, required: bool = False, default: str | None = None,
             min_len: int | None = None, max_len: int | None = None,
             pattern: str | None = None, enum: Collection[str] | None = None) -> str | None:
        """A string parameter (``default`` when absent), checked against the model's facets."""
        value = self._present(name)
        if value is None:
            if required:
                raise self.missing(name)
            return default
        if not isinstance(value, str):
            raise self.wrong_type(name, value, "a string")
        self._check_text(name, value, min_len, max_len, pattern, enum)
        return value

    def required(self, name: str, *, min_len: int | None = None, max_len: int | None = None,
                 pattern: str | None = None, enum: Collection[str] | None = None) -> str:
        """A required string parameter."""
        value = self.text(name, required=True, min_len=min_len, max_len=max_len,
                          pattern=pattern, enum=enum)
        assert value is not None
        return value

    def integer(self, name: str, *, required: bool = False, default: int | None = None,
                minimum: int | None = None, maximum: int | None = None) -> int | None:
        """An integer parameter (``default`` when absent), range-checked."""
        value = self._present(name)
        if value is None:
            if required:
                raise self.missing(name)
            return default
        number = self.to_int(name, value)
        self._check_range(name, value, number, minimum, maximum)
        return number

    def number(self, name: str, *, minimum: float | None = None) -> float | None:
        """A finite number (None when absent)."""
        value = self._present(name)
        if value is None:
            return None
        try:
            number = float(value) if isinstance(value, (int, float, str)) else math.nan
        except ValueError:
            number = math.nan
        if isinstance(value, bool) or not math.isfinite(number):
            raise self.wrong_type(name, value, "a number")
        self._check_range(name, value, number, minimum, None)
        return number

    def boolean(self, name: str, *, default: bool | None = None) -> bool | None:
        """A boolean parameter (``default`` when absent)."""
        value = self._present(name)
        return default if value is None else self.to_bool(name, value)

    def strings(self, name: str, *, required: bool = False, min_items: int = 0,
                max_items: int | None = None,
                enum: Collection[str] | None = None) -> list[str] | None:
        """A list of strings (None when absent), in order, duplicates kept."""
        items = self.raw_list(name)
        if items is None:
            if required:
                raise self.missing(name)
            return None
        if not all(isinstance(item, str) for item in items):
            raise self.wrong_type(name, items, "a list of strings")
        found = [str(item) for item in items]
        if len(found) < min_items:
            raise self.invalid(name, found, "Member must have length greater than or equal "
                               f"to {min_items}")
        if max_items is not None and len(found) > max_items:
            raise self.invalid(name, found, "Member must have length less than or equal "
                               f"to {max_items}")
        for item in found:
            self._check_text(name, item, 0, None, None, enum)
        return found

    # -- how values are typed (text protocols; JSON protocols override) ---------------------

    def to_int(self, name: str, value: object) -> int:
        """A whole number from the wire: text protocols send ``"5"`` (or ``"5.0"``)."""
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                number = float("nan")
            if number.is_integer():
                return int(number)
        raise self.wrong_type(name, value, "an integer")

    def to_bool(self, name: str, value: object) -> bool:
        """A flag from the wire: ``true``/``false`` in any case (or ``1``/``0``)."""
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in _TRUE or lowered in _FALSE:
                return lowered in _TRUE
        raise self.wrong_type(name, value, "a boolean")

    def _check_range(self, name: str, value: object, number: float, minimum: float | None,
                     maximum: float | None) -> None:
        if minimum is not None and number < minimum:
            raise self.invalid(name, value, "Member must have value greater than or equal "
                               f"to {minimum}")
        if maximum is not None and number > maximum:
            raise self.invalid(name, value, "Member must have value less than or equal "
                               f"to {maximum}")

    def _check_text(self, name: str, value: str, min_len: int | None, max_len: int | None,
                    pattern: str | None, enum: Collection[str] | None) -> None:
        shortest = self.default_min_len if min_len is None else min_len
        if len(value) < shortest:
            raise self.invalid(name, value, "Member must have length greater than or equal "
                               f"to {shortest}")
        if max_len is not None and len(value) > max_len:
            raise self.invalid(name, value, "Member must have length less than or equal "
                               f"to {max_len}")
        if pattern is not None and not re.fullmatch(pattern, value):
            raise self.invalid(name, value, "Member must satisfy regular expression pattern: "
                               f"{pattern}")
        if enum is not None and value not in enum:
            raise self.invalid(name, value, "Member must satisfy enum value set: "
                               f"[{', '.join(enum)}]")
