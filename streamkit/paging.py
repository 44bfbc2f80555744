"""The paging engine: paginators as data, one loop, opaque restart-proof cursors.

A cloud listing is declared as a paginator (like botocore's ``paginators-1.json``):
:class:`TokenPaginator` for APIs that hand out a next token (AWS ``NextToken``),
:class:`PageNumberPaginator` for APIs that count pages (Alibaba ``PageNumber``). Their
methods are pure: the parameters of one page, the items of an answer, the token of the next
page. :func:`fetcher` joins a paginator to a send function into a page fetcher,
``fetch(token, page_size) -> (items, next_token)``; :func:`partitioned` walks one fetcher per
part (each fleet of a stack, ...); :func:`walk` is the one loop over all pages.

Users only ever see cursors: URL-safe base64 of a small JSON document that names the listing
it came from, so a cursor from another listing is refused. A token read back from a cursor is
checked against its paginator's shape before it is sent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from streamkit.errors import InvalidRequest, ValidationError
from streamkit.models import Page
from streamkit.validation import check_optional_int

__all__ = ["Listing", "PageNumberPaginator", "Paginator", "TokenPaginator", "bad_token",
           "fetcher", "partitioned", "walk"]

T = TypeVar("T")
P = TypeVar("P")
FetchPage = Callable[[Any, "int | None"], "tuple[Sequence[T], Any]"]
Body = Mapping[str, Any]

_CURSOR_VERSION = 1


def bad_token() -> ValidationError:
    """The error for a cursor whose token does not have the shape its listing hands out."""
    return ValidationError("cursor", "is not a cursor of this listing", show_value=False)


@attrs.frozen(kw_only=True)
class TokenPaginator:
    """A listing paged by an opaque token the cloud returns (None at the end).

    ``limit_key`` names the page-size parameter (None: the cloud picks, and pages are cut on
    our side); ``max_page`` is the largest page it takes, asked for when the caller names no
    size.
    """

    result_key: str
    input_token: str = "NextToken"
    output_token: str = "NextToken"
    limit_key: str | None = None
    max_page: int = 100

    def params(self, base: Body, token: Any, page_size: int | None) -> dict[str, Any]:
        """The request's parameters for the page at ``token`` (None: the first)."""
        params = dict(base)
        if token is not None:
            if not isinstance(token, str) or not token:
                raise bad_token()
            params[self.input_token] = token
        if self.limit_key is not None:  # no size asked: the largest page, fewest calls
            params[self.limit_key] = page_size or self.max_page
        return params

    def next_token(self, body: Body, token: Any, page_size: int | None, got: int) -> Any:
        """The token of the next page, or None after the last."""
        following = body.get(self.output_token)
        return following if isinstance(following, str) and following else None


@attrs.frozen(kw_only=True)
class PageNumberPaginator:
    """A listing paged by page number (from 1) and page size; the token is ``[page, size]``.

    The last page is known from ``total_key`` (the count of all items) when the cloud sends
    it, else from a short page.
    """

    result_key: str
    page_key: str = "PageNumber"
    size_key: str = "PageSize"
    max_page: int = 100
    total_key: str | None = "TotalCount"
    #: where the answer names the page it served and that page's size, if it does (ListNodes:
    #: ToPage, PerPageSize); the end is then counted from them
    served_keys: tuple[str, str] | None = None

    def params(self, base: Body, token: Any, page_size: int | None) -> dict[str, Any]:
        """The request's parameters for the page at ``token`` (None: the first)."""
        if token is None:
            page, size = 1, page_size or self.max_page
        elif (isinstance(token, list) and len(token) == 2
              and all(isinstance(t, int) and not isinstance(t, bool) and t > 0 for t in token)
              and token[1] <= self.max_page):
            page, size = token
        else:
            raise bad_token()
        return {**base, self.page_key: page, self.size_key: size}

    def next_token(self, body: Body, token: Any, page_size: int | None, got: int) -> Any:
        """The token of the next page, or None after the last."""
        page, size = token if token is not None else (1, page_size or self.max_page)
        total = body.get(self.total_key) if self.total_key is not None else None
        if isinstance(total, int) and not isinstance(total, bool):
            served = [v for v in (body.get(key) for key in self.served_keys or ())
                      if isinstance(v, int) and not isinstance(v, bool) and v > 0]
            if len(served) == 2:
                page, per = served
                more = page * per < total
            else:
                more = page * size < total
        else:
            more = got >= size
        return [page + 1, size] if more else None


Paginator = TokenPaginator | PageNumberPaginator


def fetcher(send: Callable[[dict[str, Any]], Body], paginator: Paginator, base: Body,
            item: Callable[[Any], T | None]) -> FetchPage[T]:
    """A page fetcher: ``send`` one page's parameters, translate each item (None drops it)."""

    def fetch(token: Any, page_size: int | None) -> tuple[list[T], Any]:
        body = send(paginator.params(base, token, page_size))
        raw = body.get(paginator.result_key) or ()
        items = [found for found in map(item, raw) if found is not None]
        return items, paginator.next_token(body, token, page_size, len(raw))

    return fetch


def partitioned(parts: Sequence[P], fetch_part: Callable[[P], FetchPage[T]]) -> FetchPage[T]:
    """One listing over several: every page of ``fetch_part(parts[0])``, then the next part.

    The token is ``[index of the part, the part's own token]``.
    """

    def fetch(token: Any, page_size: int | None) -> tuple[Sequence[T], Any]:
        if token is None:
            index, inner = 0, None
        elif (isinstance(token, list) and len(token) == 2 and isinstance(token[0], int)
              and not isinstance(token[0], bool) and 0 <= token[0] < len(parts)):
            index, inner = token
        else:
            raise bad_token()
        if not parts:
            return [], None
        items, following = fetch_part(parts[index])(inner, page_size)
        if following is not None:
            return items, [index, following]
        return items, [index + 1, None] if index + 1 < len(parts) else None

    return fetch


def walk(fetch: FetchPage[T]) -> Iterator[T]:
    """Every item of every page, fetched lazily: the one loop over a listing's pages."""
    token: Any = None
    while True:
        items, token = fetch(token, None)
        yield from items
        if token is None:
            return


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
        return walk(self.fetch)

    def page(self, page_size: int | None = None, cursor: str | None = None) -> Page[T]:
        """One page of at most ``page_size`` items, from ``cursor`` (None: the first)."""
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
