"""What every operation receives, the registry they are declared on, and the two paging styles
of appstream-center (page numbers, and NextToken/MaxResults)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import attrs

from streamkit.testing.alibaba.errors import invalid
from streamkit.testing.alibaba.protocol import Params
from streamkit.testing.alibaba.state import AlibabaState
from streamkit.testing.core.service import Body, Call, Operations
from streamkit.testing.core.tokens import InvalidToken

__all__ = ["OPERATIONS", "AlibabaCall", "Body", "PageRequest", "TokenPage", "page_of",
           "read_page", "token_page"]

T = TypeVar("T")

AlibabaCall = Call[AlibabaState, Params]
"""One API call: its action, parameters, the account's state, and the time it arrived."""

OPERATIONS: Operations[AlibabaCall] = Operations()
"""The simulated actions: ``@OPERATIONS("ListImage")`` registers one by its ``x-acs-action``."""


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
    next_token: str | None

    def of(self, items: Sequence[T]) -> list[T]:
        """The items on this page."""
        return list(items[self.start:self.start + self.size])


def token_page(call: AlibabaCall, listing: str, total: int, *, default_size: int,
               max_size: int) -> TokenPage:
    """``NextToken``/``MaxResults``; a token this listing did not hand out is refused."""
    params = call.params
    size = params.integer("MaxResults", default=default_size, minimum=1, maximum=max_size)
    assert size is not None
    token = params.text("NextToken")
    start = 0
    if token:
        try:
            start = call.state.tokens.decode_offset(listing, token)
        except InvalidToken:
            raise invalid("NextToken", "the token was not issued by this service") from None
    end = start + size
    following = call.state.tokens.encode(listing, end) if end < total else None
    return TokenPage(start=start, size=size, total=total, next_token=following)
