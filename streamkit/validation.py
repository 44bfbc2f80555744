"""The rules input must follow, checked before any call (botocore and the Tea SDK check little).

Each check names the field it guards and raises :class:`~streamkit.errors.ValidationError`.
The rules follow the AWS model, the stricter of the two clouds, so a spec valid here is
portable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from streamkit.errors import ValidationError

T = TypeVar("T")

NAME_RE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}")
INSTANCE_TYPE_RE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}")
USER_ID_RE = re.compile(r"[\w+=,.@-]{2,128}")
TAG_KEY_RE = re.compile(r"(?!aws:)[\w\s.:/=+\-@]{1,128}")
TAG_VALUE_RE = re.compile(r"[\w\s.:/=+\-@]{0,256}")
ID_RE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]+")
MAX_ID_LENGTH = 512
MAX_TAGS = 50


def check_instance(field: str, value: object, cls: type[T]) -> T:
    if not isinstance(value, cls):
        raise ValidationError(field, f"must be a {cls.__name__}", value)
    return value


def check_str(field: str, value: object, *, min_len: int = 1, max_len: int | None = None) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, "must be a string", value)
    if len(value) < min_len:
        raise ValidationError(field, f"must have at least {min_len} character(s)", value)
    if max_len is not None and len(value) > max_len:
        raise ValidationError(field, f"must have at most {max_len} characters", value)
    return value


def check_optional_str(field: str, value: object, *, max_len: int) -> str | None:
    if value is None:
        return None
    return check_str(field, value, min_len=1, max_len=max_len)


def check_name(field: str, value: object) -> str:
    """Resource names: 1-101 letters, digits, ``_ . -``, starting with a letter or digit."""
    text = check_str(field, value, max_len=101)
    if not NAME_RE.fullmatch(text):
        raise ValidationError(
            field, "must be 1-101 letters, digits, '_', '.' or '-', starting with a letter "
            "or digit", value)
    return text


def check_id(field: str, value: object) -> str:
    """An id streamkit handed out: a non-empty string without spaces or control characters."""
    text = check_str(field, value, max_len=MAX_ID_LENGTH)
    if not ID_RE.fullmatch(text):
        raise ValidationError(field, "must not contain spaces or control characters", value)
    return text


def check_instance_type(field: str, value: object) -> str:
    text = check_str(field, value, max_len=100)
    if not INSTANCE_TYPE_RE.fullmatch(text):
        raise ValidationError(field, "must look like 'stream.standard.medium' or "
                              "'appstreaming.general.4c8g'", value)
    return text


def check_user_id(field: str, value: object) -> str:
    text = check_str(field, value, min_len=2, max_len=128)
    if not USER_ID_RE.fullmatch(text):
        raise ValidationError(field, "must be 2-128 letters, digits or '+=,.@_-'", value)
    return text


def check_int(field: str, value: object, *, minimum: int | None = None,
              maximum: int | None = None) -> int:
    # bool is an int subclass; True as a capacity is a bug, not a 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, "must be an integer", value)
    if minimum is not None and value < minimum:
        raise ValidationError(field, f"must be >= {minimum}", value)
    if maximum is not None and value > maximum:
        raise ValidationError(field, f"must be <= {maximum}", value)
    return value


def check_optional_int(field: str, value: object, *, minimum: int | None = None,
                       maximum: int | None = None) -> int | None:
    if value is None:
        return None
    return check_int(field, value, minimum=minimum, maximum=maximum)


def check_number(field: str, value: object, *, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(field, "must be a number of seconds", value)
    if not value >= minimum:  # also rejects NaN
        raise ValidationError(field, f"must be >= {minimum}", value)
    return float(value)


def check_bool(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(field, "must be True or False", value)
    return value


def check_optional_bool(field: str, value: object) -> bool | None:
    return None if value is None else check_bool(field, value)


def check_str_tuple(field: str, value: object, *, max_items: int | None = None,
                    item_max_len: int = 255) -> tuple[str, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValidationError(field, "must be a list of strings", value)
    items = tuple(value)
    if max_items is not None and len(items) > max_items:
        raise ValidationError(field, f"must have at most {max_items} item(s)", value)
    for i, item in enumerate(items):
        check_id(f"{field}[{i}]", item)
        check_str(f"{field}[{i}]", item, max_len=item_max_len)
    return items


def check_tags(field: str, value: object) -> dict[str, str]:
    """Tags: at most 50; keys 1-128 chars not starting with ``aws:``; values 0-256 chars."""
    if not isinstance(value, Mapping):
        raise ValidationError(field, "must be a mapping of str to str", value)
    tags: Mapping[Any, Any] = value
    if len(tags) > MAX_TAGS:
        raise ValidationError(field, f"must have at most {MAX_TAGS} tags", len(tags))
    out: dict[str, str] = {}
    for key, val in tags.items():
        if not isinstance(key, str) or not TAG_KEY_RE.fullmatch(key):
            raise ValidationError(f"{field} key", "must be 1-128 letters, digits, spaces or "
                                  "'_.:/=+-@' and not start with 'aws:'", key)
        if not isinstance(val, str) or not TAG_VALUE_RE.fullmatch(val):
            raise ValidationError(f"{field}[{key!r}]", "must be 0-256 letters, digits, "
                                  "spaces or '_.:/=+-@'", val)
        out[key] = val
    return out


def check_tag_keys(field: str, value: object) -> tuple[str, ...]:
    keys = check_str_tuple(field, value, max_items=MAX_TAGS, item_max_len=128)
    if not keys:
        raise ValidationError(field, "must name at least one tag key", value)
    return keys


def check_page_size(value: object, maximum: int) -> int | None:
    return check_optional_int("page_size", value, minimum=1, maximum=maximum)


def check_timeout(field: str, value: object) -> float:
    return check_number(field, value, minimum=0.0)
