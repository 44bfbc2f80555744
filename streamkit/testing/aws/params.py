"""Typed readers for request members, enforcing the constraints botocore leaves to the server."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from streamkit.testing.aws.errors import ApiError, validation

__all__ = ["NAME_PATTERN", "Params", "check_tag_key"]

NAME_PATTERN = r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$"
_TAG_KEY = re.compile(r"^(?!aws:)[\w\s.:/=+\-@]*$")
_TAG_VALUE = re.compile(r"^[\w\s.:/=+\-@]*$")


def _camel(member: str) -> str:
    # AWS validation messages name members in lowerCamelCase ("Value null at 'name' ...").
    return member[:1].lower() + member[1:]


def _constraint(value: Any, member: str, constraint: str) -> ApiError:
    shown = "null" if value is None else f"'{value}'"
    return validation(f"1 validation error detected: Value {shown} at '{_camel(member)}' failed "
                      f"to satisfy constraint: {constraint}")


def _wrong_type(member: str, expected: str) -> ApiError:
    return ApiError("SerializationException", f"Member '{member}' must be {expected}.")


class Params:
    """The decoded JSON body of one request, read member by member."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data

    def has(self, member: str) -> bool:
        return self.data.get(member) is not None

    def string(self, member: str, *, required: bool = False, pattern: str | None = None,
               min_len: int = 1, max_len: int | None = None,
               enum: Collection[str] | None = None) -> str | None:
        """A string member (None when absent), checked against the model's facets."""
        value = self.data.get(member)
        if value is None:
            if required:
                raise _constraint(None, member, "Member must not be null")
            return None
        if not isinstance(value, str):
            raise _wrong_type(member, "a string")
        if len(value) < min_len:
            raise _constraint(value, member,
                              f"Member must have length greater than or equal to {min_len}")
        if max_len is not None and len(value) > max_len:
            raise _constraint(value, member,
                              f"Member must have length less than or equal to {max_len}")
        if pattern is not None and not re.fullmatch(pattern, value):
            raise _constraint(value, member,
                              f"Member must satisfy regular expression pattern: {pattern}")
        if enum is not None and value not in enum:
            raise _constraint(value, member,
                              f"Member must satisfy enum value set: [{', '.join(enum)}]")
        return value

    def req(self, member: str, *, pattern: str | None = None, max_len: int | None = None) -> str:
        """A required string member."""
        value = self.string(member, required=True, pattern=pattern, max_len=max_len)
        assert value is not None
        return value

    def name(self, member: str = "Name") -> str:
        """A required member of the model's ``Name`` shape (pattern-checked)."""
        return self.req(member, pattern=NAME_PATTERN)

    def integer(self, member: str, *, minimum: int | None = None,
                maximum: int | None = None) -> int | None:
        value = self.data.get(member)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong_type(member, "an integer")
        if minimum is not None and value < minimum:
            raise _constraint(value, member,
                              f"Member must have value greater than or equal to {minimum}")
        if maximum is not None and value > maximum:
            raise _constraint(value, member,
                              f"Member must have value less than or equal to {maximum}")
        return value

    def boolean(self, member: str) -> bool | None:
        value = self.data.get(member)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise _wrong_type(member, "a boolean")
        return value

    def strings(self, member: str, *, required: bool = False, min_items: int = 0,
                max_items: int | None = None,
                enum: Collection[str] | None = None) -> list[str] | None:
        """A list-of-strings member; duplicates are kept in order."""
        value = self.data.get(member)
        if value is None:
            if required:
                raise _constraint(None, member, "Member must not be null")
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _wrong_type(member, "a list of strings")
        items: list[str] = list(value)
        if len(items) < min_items:
            raise _constraint(items, member,
                              f"Member must have length greater than or equal to {min_items}")
        if max_items is not None and len(items) > max_items:
            raise _constraint(items, member,
                              f"Member must have length less than or equal to {max_items}")
        if enum is not None:
            for item in items:
                if item not in enum:
                    raise _constraint(item, member, f"Member must satisfy enum value set: "
                                                    f"[{', '.join(enum)}]")
        return items

    def struct(self, member: str) -> dict[str, Any] | None:
        value = self.data.get(member)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise _wrong_type(member, "a structure")
        return dict(value)

    def raw_list(self, member: str) -> list[Any] | None:
        value = self.data.get(member)
        if value is None:
            return None
        if not isinstance(value, list):
            raise _wrong_type(member, "a list")
        return list(value)

    def tags(self, member: str = "Tags", *, required: bool = False) -> dict[str, str] | None:
        """A ``Tags`` map: 1-50 entries, keys 1-128 chars without ``aws:``, values <= 256."""
        value = self.data.get(member)
        if value is None:
            if required:
                raise _constraint(None, member, "Member must not be null")
            return None
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise _wrong_type(member, "a map of strings")
        tags: dict[str, str] = dict(value)
        if not 1 <= len(tags) <= 50:
            raise _constraint(len(tags), member,
                              "Member must have between 1 and 50 entries")
        for key, val in tags.items():
            check_tag_key(key, member)
            if len(val) > 256 or not _TAG_VALUE.fullmatch(val):
                raise _constraint(val, f"{member}.{key}", "Member must have length less than "
                                  "or equal to 256 and satisfy pattern ^([\\p{L}\\p{Z}\\p{N}"
                                  "_.:/=+\\-@]*)$")
        return tags


def check_tag_key(key: str, member: str = "TagKeys") -> None:
    """Tag keys: 1-128 characters, no ``aws:`` prefix (reserved for AWS)."""
    if not 1 <= len(key) <= 128 or not _TAG_KEY.fullmatch(key):
        raise _constraint(key, member, "Member must have length between 1 and 128 and satisfy "
                          "pattern ^(^(?!aws:).[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$")
