"""The paging engine: lazy iteration and opaque, restart-proof cursors over any listing.

An adapter describes a listing with a fetch function ``fetch(token, page_size) -> (items,
next_token)``, where the token is whatever JSON value the cloud pages by (AWS ``NextToken``,
an Alibaba page number). Users only ever see cursors: URL-safe base64 of a small JSON
document that names the listing it came from, so a cursor from another listing is refused.
Adapters check the token they get back (:func:`bad_token`) before they send it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

import attrs

from streamkit.errors import InvalidRequest, ValidationError
from streamkit.models import Page
from streamkit.validation import check_optional_int

__all__ = ["Listing", "bad_token"]

T = TypeVar("T")
FetchPage = Callable[[Any, "int | None"], "tuple[Sequence[T], Any]"]

_CURSOR_VERSION = 1


@attrs.frozen
class Listing(Generic[T]):
    """One listing: what it is (``key``, e.g. ``aws/us-east-1/fleets``) and how to fetch a page.

    ``max_page_size`` is the largest page the caller may ask for. When the cloud's call has no
    page-size parameter, the fetch function ignores it and pages are cut on our side (the
    cursor then remembers how far into the cloud's page it is).
    """

    key: str
    fetch: FetchPage[T]
    max_page_size: int = 100

    def __iter__(self) -> Iterator[T]:
        token: Any = None
        while True:
            items, token = self.fetch(token, None)
            yield from items
            if token is None:
                return

    def page(self, page_size: int | None = None, cursor: str | None = None) -> Page[T]:
        check_optional_int("page_size", page_size, minimum=1, maximum=self.max_page_size)
        token, skip = self._decode(cursor) if cursor is not None else (None, 0)
        try:
            items, next_token = self.fetch(token, page_size)
        except InvalidRequest as exc:
            if cursor is None:
                raise
            raise ValidationError("cursor", "was refused by the cloud (expired or forged)",
                                  show_value=False) from exc
        if page_size is None:
            page_size = max(len(items) - skip, 1)
        window = tuple(items[skip : skip + page_size])
        if skip + page_size < len(items):
            return Page(items=window, next_cursor=self._encode(token, skip + page_size))
        nxt = None if next_token is None else self._encode(next_token, 0)
        return Page(items=window, next_cursor=nxt)

    @property
    def _digest(self) -> str:
        return hashlib.sha256(self.key.encode()).hexdigest()[:16]

    def _encode(self, token: Any, skip: int) -> str:
        doc = {"v": _CURSOR_VERSION, "l": self._digest, "t": token, "s": skip}
        raw = json.dumps(doc, separators=(",", ":"), sort_keys=True).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _decode(self, cursor: object) -> tuple[Any, int]:
        if not isinstance(cursor, str) or not cursor or len(cursor) > 8192:
            raise ValidationError("cursor", "must be a cursor string from a previous page",
                                  cursor)
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            doc = json.loads(raw)
        except (binascii.Error, ValueError):
            raise ValidationError("cursor", "is not a streamkit cursor", cursor) from None
        if (not isinstance(doc, dict) or doc.get("v") != _CURSOR_VERSION
                or not isinstance(doc.get("s"), int) or doc["s"] < 0 or "t" not in doc):
            raise ValidationError("cursor", "is not a streamkit cursor", cursor)
        if doc.get("l") != self._digest:
            raise ValidationError("cursor", "belongs to another listing", cursor)
        return doc["t"], doc["s"]


def bad_token() -> ValidationError:
    """The error for a cursor whose token does not have the shape its listing hands out."""
    return ValidationError("cursor", "is not a cursor of this listing", show_value=False)
