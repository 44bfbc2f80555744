"""Opaque NextTokens and creation-ordered indexes that page in O(page) rather than O(n)."""

from __future__ import annotations

import base64
import bisect
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from streamkit.testing.aws.errors import validation

__all__ = ["OrderedIndex", "SortKey", "TokenCodec", "cursor_key", "listing_id"]

SortKey = tuple[float, str]
_R = TypeVar("_R")


class TokenCodec:
    """Signs page cursors so a token only works for the listing that issued it.

    A token is ``base64(json{listing, cursor}) + "." + mac``; the MAC key is random per
    emulator instance, so forged, edited or foreign tokens are refused like AWS does.
    """

    def __init__(self) -> None:
        self._key = secrets.token_bytes(16)

    def encode(self, listing: str, cursor: Any) -> str:
        body = base64.urlsafe_b64encode(
            json.dumps({"l": listing, "c": cursor}, separators=(",", ":")).encode()).decode()
        return f"{body}.{self._mac(body)}"

    def decode(self, listing: str, token: str) -> Any:
        """The cursor inside ``token``; ValidationException unless it came from ``listing``."""
        body, _, mac = token.partition(".")
        if not hmac.compare_digest(self._mac(body), mac):
            raise validation("Invalid NextToken")
        try:
            data = json.loads(base64.urlsafe_b64decode(body.encode()))
        except ValueError as exc:
            raise validation("Invalid NextToken") from exc
        if not isinstance(data, dict) or data.get("l") != listing:
            raise validation("Invalid NextToken")
        return data.get("c")

    def _mac(self, body: str) -> str:
        return hmac.new(self._key, body.encode(), hashlib.sha256).hexdigest()[:24]


def cursor_key(cursor: Any) -> SortKey:
    """A decoded cursor as an index key; ValidationException if it is not one."""
    if (isinstance(cursor, list) and len(cursor) == 2 and isinstance(cursor[0], (int, float))
            and not isinstance(cursor[0], bool) and isinstance(cursor[1], str)):
        return float(cursor[0]), cursor[1]
    raise validation("Invalid NextToken")


def listing_id(operation: str, *parts: Any) -> str:
    """A listing marker: the operation plus a digest of the filters that shape its results."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return f"{operation}:{digest[:16]}"


class OrderedIndex(Generic[_R]):
    """Items by name, also kept sorted by ``(created, tiebreak)`` for stable paging."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[SortKey, _R]] = {}
        self._keys: list[SortKey] = []
        self._by_key: dict[SortKey, _R] = {}

    def add(self, name: str, key: SortKey, item: _R) -> None:
        if name in self._items:
            self.remove(name)
        self._items[name] = (key, item)
        self._by_key[key] = item
        # Keys usually arrive in order (the clock only moves forward): insort hits the tail.
        bisect.insort(self._keys, key)

    def remove(self, name: str) -> _R | None:
        entry = self._items.pop(name, None)
        if entry is None:
            return None
        key, item = entry
        del self._by_key[key]
        pos = bisect.bisect_left(self._keys, key)
        del self._keys[pos]
        return item

    def get(self, name: str) -> _R | None:
        entry = self._items.get(name)
        return None if entry is None else entry[1]

    def key_of(self, name: str) -> SortKey | None:
        entry = self._items.get(name)
        return None if entry is None else entry[0]

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[_R]:
        """Items in sort order."""
        return (self._by_key[k] for k in list(self._keys))

    def page(self, after: SortKey | None, limit: int,
             keep: Callable[[_R], bool] | None = None) -> tuple[list[_R], SortKey | None]:
        """Up to ``limit`` items sorted after ``after``; the cursor is None on the last page."""
        start = 0 if after is None else bisect.bisect_right(self._keys, after)
        found: list[_R] = []
        last: SortKey | None = None
        for pos in range(start, len(self._keys)):
            key = self._keys[pos]
            item = self._by_key[key]
            if keep is not None and not keep(item):
                continue
            if len(found) == limit:
                # One more match exists, so this page is not the last.
                return found, last
            found.append(item)
            last = key
        return found, None
