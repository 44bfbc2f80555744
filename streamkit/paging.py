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

_CURSOR_VERSION = 2  # 1 counted the items to skip; 2 marks the items returned
_MARK_LEN = 12  # hex digits of an item's digest in a cursor
_MAX_MARKS = 200  # marks a cursor keeps: the largest cloud page
_LAST_MARKS = 10  # marks of a page's last items a page-number token keeps


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

    def next_token(self, body: Body, token: Any, page_size: int | None, got: int,
                   raw: Sequence[Any] = ()) -> Any:
        """The token of the next page, or None after the last."""
        following = body.get(self.output_token)
        return following if isinstance(following, str) and following else None

    def look_back(self, body: Body, token: Any) -> list[Any]:
        """A token starts where the last page ended: never a page to read again."""
        return []

    def after_last(self, token: Any, raw: Sequence[Any]) -> Sequence[Any]:
        """The items of the page as they are (a token's page holds no item read before)."""
        return raw


@attrs.frozen(kw_only=True)
class PageNumberPaginator:
    """A listing paged by page number (from 1) and page size; the token is ``[page, size]``.

    The last page is known from ``total_key`` (the count of all items) when the cloud sends
    it, else from a short page.

    Page numbers count positions, which move when earlier items are deleted. With
    ``id_key`` (where an item's id is) and a total, the token of the next page also holds
    the total and a digest of the last items' ids: if the listing has shrunk since, the page
    before is read too (items may have moved onto it) and the page resumes after the last
    of those items.
    """

    result_key: str
    page_key: str = "PageNumber"
    size_key: str = "PageSize"
    max_page: int = 100
    total_key: str | None = "TotalCount"
    #: where the answer names the page it served and that page's size, if it does (ListNodes:
    #: ToPage, PerPageSize); the end is then counted from them
    served_keys: tuple[str, str] | None = None
    id_key: str | None = None

    def _read(self, token: Any) -> tuple[int, int, int | None, list[str]]:
        """Page, size, and if the token has them the total then and the last items' marks."""
        if not isinstance(token, list) or len(token) not in (2, 4) or not all(
                isinstance(t, int) and not isinstance(t, bool) and t > 0 for t in token[:2]):
            raise bad_token()
        page, size, *rest = token
        if size > self.max_page:
            raise bad_token()
        if not rest:
            return page, size, None, []
        total, marks = rest
        if (not isinstance(total, int) or isinstance(total, bool) or total < 0
                or not isinstance(marks, list) or len(marks) > _LAST_MARKS
                or not all(isinstance(m, str) for m in marks)):
            raise bad_token()
        return page, size, total, marks

    def params(self, base: Body, token: Any, page_size: int | None) -> dict[str, Any]:
        """The request's parameters for the page at ``token`` (None: the first)."""
        page, size = (1, page_size or self.max_page) if token is None else self._read(token)[:2]
        return {**base, self.page_key: page, self.size_key: size}

    def _total(self, body: Body) -> int | None:
        total = body.get(self.total_key) if self.total_key is not None else None
        return total if isinstance(total, int) and not isinstance(total, bool) else None

    def look_back(self, body: Body, token: Any) -> list[Any]:
        """The pages before this one that items may have moved onto.

        None unless the listing shrank since ``token`` was handed out; as many pages as it
        shrank by.
        """
        if token is None:
            return []
        page, size, then, _ = self._read(token)
        now = self._total(body)
        if then is None or now is None or now >= then:
            return []
        first = max(1, page - -(-(then - now) // size))
        return [[earlier, size] for earlier in range(first, page)]

    def after_last(self, token: Any, raw: Sequence[Any]) -> Sequence[Any]:
        """The items after the last one the page before ended with, if the token says."""
        marks = set(self._read(token)[3]) if token is not None else set()
        last = max((i for i, item in enumerate(raw) if self._mark(item) in marks), default=-1)
        return raw[last + 1:]

    def _mark(self, item: Any) -> str | None:
        found = item.get(self.id_key) if self.id_key and isinstance(item, Mapping) else None
        return None if found is None else mark(found)

    def next_token(self, body: Body, token: Any, page_size: int | None, got: int,
                   raw: Sequence[Any] = ()) -> Any:
        """The token of the next page, or None after the last.

        With ``id_key``, it also holds the total and the marks of the page's last items.
        """
        following = self._following(body, token, page_size, got)
        total = self._total(body)
        marks = [m for m in map(self._mark, raw[-_LAST_MARKS:]) if m is not None]
        if following is None or total is None or not marks:
            return following
        return [*following, total, marks]

    def _following(self, body: Body, token: Any, page_size: int | None, got: int) -> Any:
        page, size = (1, page_size or self.max_page) if token is None else self._read(token)[:2]
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
        raw = list(body.get(paginator.result_key) or ())
        read: list[Any] = []
        for back in paginator.look_back(body, token):  # items may have moved up onto these
            read += send(paginator.params(base, back, page_size)).get(paginator.result_key) or ()
        read += raw
        items = [found for found in map(item, paginator.after_last(token, read))
                 if found is not None]
        return items, paginator.next_token(body, token, page_size, len(raw), raw)

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


def mark(resource_id: object) -> str:
    """A short digest of an id, as cursors and tokens remember items by."""
    return hashlib.sha256(str(resource_id).encode()).hexdigest()[:_MARK_LEN]


def _mark(item: Any) -> str:
    """The mark of an item's id (of the item itself when it is an id)."""
    return mark(getattr(item, "id", item))


def _after_marked(items: Sequence[T], marks: Sequence[str]) -> list[T]:
    """The items after the last one whose mark is in ``marks`` (all of them if none is)."""
    known = set(marks)
    last = max((i for i, item in enumerate(items) if _mark(item) in known), default=-1)
    return list(items[last + 1:])


@attrs.frozen
class Listing(Generic[T]):
    """One listing: what it is (``key``, e.g. ``aws/us-east-1/fleets``) and how to fetch a page.

    ``max_page_size`` is the largest page the caller may ask for. When the cloud's call has no
    page-size parameter, the fetch function ignores it and pages are cut on our side.

    A cursor resumes after the last item its page returned, not at an offset: it holds the
    token of the cloud page it came from and a digest of each item returned from that page,
    and the next page starts after the last of those the cloud page still holds. Items
    deleted or added in between move no other item in or out of the listing.
    """

    key: str
    fetch: FetchPage[T]
    max_page_size: int = 100

    def __iter__(self) -> Iterator[T]:
        return walk(self.fetch)

    def page(self, page_size: int | None = None, cursor: str | None = None) -> Page[T]:
        """One page of at most ``page_size`` items, from ``cursor`` (None: the first)."""
        check_optional_int("page_size", page_size, minimum=1, maximum=self.max_page_size)
        token, returned, skip = self._decode(cursor) if cursor is not None else (None, [], 0)
        try:
            items, next_token = self.fetch(token, page_size)
        except InvalidRequest as exc:
            if cursor is None:
                raise
            raise ValidationError("cursor", "was refused by the cloud (expired or forged)",
                                  show_value=False) from exc
        fresh = _after_marked(items, returned)[skip:]
        if page_size is None:
            page_size = max(len(fresh), 1)
        window = tuple(fresh[:page_size])
        if page_size < len(fresh):  # more of this cloud page: come back to it
            marks = [*returned, *map(_mark, window)][-_MAX_MARKS:]
            return Page(items=window, next_cursor=self._encode(token, marks))
        nxt = None if next_token is None else self._encode(next_token, [])
        return Page(items=window, next_cursor=nxt)

    @property
    def _digest(self) -> str:
        return hashlib.sha256(self.key.encode()).hexdigest()[:16]

    def _encode(self, token: Any, marks: list[str]) -> str:
        doc = {"v": _CURSOR_VERSION, "l": self._digest, "t": token, "a": marks}
        raw = json.dumps(doc, separators=(",", ":"), sort_keys=True).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _decode(self, cursor: object) -> tuple[Any, list[str], int]:
        """The token, the marks of the items returned from its page, and the items to skip.

        Only a cursor of the first version, which counted, skips items.
        """
        if not isinstance(cursor, str) or not cursor or len(cursor) > 8192:
            raise ValidationError("cursor", "must be a cursor string from a previous page",
                                  cursor)
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            doc = json.loads(raw)
        except (binascii.Error, ValueError):
            raise ValidationError("cursor", "is not a streamkit cursor", cursor) from None
        if not isinstance(doc, dict) or "t" not in doc or not (
                (doc.get("v") == _CURSOR_VERSION and isinstance(doc.get("a"), list)
                 and all(isinstance(m, str) for m in doc["a"]))
                or (doc.get("v") == 1 and isinstance(doc.get("s"), int)
                    and not isinstance(doc["s"], bool) and doc["s"] >= 0)):
            raise ValidationError("cursor", "is not a streamkit cursor", cursor)
        if doc.get("l") != self._digest:
            raise ValidationError("cursor", "belongs to another listing", cursor)
        if doc["v"] == 1:
            return doc["t"], [], doc["s"]
        return doc["t"], doc["a"], 0
