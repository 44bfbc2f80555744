"""The two paging styles of appstream-center: page numbers, and NextToken/MaxResults."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import TypeVar

import attrs

from streamkit.testing.alibaba.errors import invalid
from streamkit.testing.alibaba.protocol import Params

__all__ = ["PageRequest", "TokenPage", "page_of", "read_page", "token_page"]

T = TypeVar("T")


@attrs.frozen
class PageRequest:
    """A 1-based page number and a page size."""

    number: int
    size: int


def read_page(params: Params, *, default_size: int, max_size: int,
              required: bool = False) -> PageRequest:
    """``PageNumber``/``PageSize``; a size over ``max_size`` is ``InvalidParameter.PageSize``."""
    number = params.integer("PageNumber", default=1, minimum=1, required=required)
    size = params.integer("PageSize", default=default_size, minimum=1, maximum=max_size,
                          required=required)
    assert number is not None and size is not None  # defaults given
    return PageRequest(number, size)


def page_of(items: Sequence[T], page: PageRequest) -> list[T]:
    """The items on ``page``; past the last page this is empty."""
    start = (page.number - 1) * page.size
    return list(items[start:start + page.size])


@attrs.frozen
class TokenPage:
    """Where a NextToken page starts, how many it holds, and the token for the next one."""

    start: int
    size: int
    total: int

    @property
    def next_token(self) -> str | None:
        """An opaque token for the following page, or None on the last page."""
        end = self.start + self.size
        if end >= self.total:
            return None
        return base64.urlsafe_b64encode(f"offset:{end}".encode()).decode()

    def of(self, items: Sequence[T]) -> list[T]:
        """The items on this page."""
        return list(items[self.start:self.start + self.size])


def token_page(params: Params, total: int, *, default_size: int, max_size: int) -> TokenPage:
    """``NextToken``/``MaxResults``; a token this service did not hand out is refused."""
    size = params.integer("MaxResults", default=default_size, minimum=1, maximum=max_size)
    assert size is not None
    token = params.text("NextToken")
    start = 0
    if token:
        try:
            decoded = base64.urlsafe_b64decode(token.encode()).decode()
            label, _, offset = decoded.partition(":")
            start = int(offset)
            if label != "offset" or start < 0:
                raise ValueError(decoded)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise invalid("NextToken", "the token was not issued by this service") from None
    return TokenPage(start=start, size=size, total=total)
