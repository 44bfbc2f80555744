"""What every AppStream operation receives (:class:`Context`), its registry, and paging."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from streamkit.testing.aws.errors import (
    ApiError,
    not_available,
    not_found,
    param_combination,
    validation,
)
from streamkit.testing.aws.protocol import Params
from streamkit.testing.aws.resources import Fleet, Image, ImageBuilder, Stack
from streamkit.testing.aws.state import AwsState, OrderedIndex, RegionState, SortKey
from streamkit.testing.core.service import Body, Call, Operations
from streamkit.testing.core.tokens import InvalidToken, listing_id

__all__ = ["OPERATIONS", "Body", "Context", "page_index", "page_list", "page_named",
           "with_token"]

_R = TypeVar("_R")
_IMAGE_ARN = re.compile(r"^arn:aws:appstream:([^:]*):(\d*):image/(.+)$")


@attrs.frozen
class Context(Call[AwsState, Params]):
    """One AppStream call, with lookups in the caller's region that answer as AppStream does."""

    @property
    def store(self) -> RegionState:
        """The resources of the region the request was signed for."""
        return self.state.region(self.region)

    def stack(self, name: str) -> Stack:
        """The stack called ``name``; ResourceNotFoundException otherwise (same for the rest)."""
        stack = self.store.stacks.get(name)
        if stack is None:
            raise not_found("stack", name)
        return stack

    def fleet(self, name: str) -> Fleet:
        fleet = self.store.fleets.get(name)
        if fleet is None:
            raise not_found("fleet", name)
        return fleet

    def builder(self, name: str) -> ImageBuilder:
        builder = self.store.builders.get(name)
        if builder is None:
            raise not_found("image builder", name)
        return builder

    def image(self, name: str) -> Image:
        image = self.store.images.get(name)
        if image is None:
            raise not_found("image", name)
        return image

    def image_by_arn(self, arn: str) -> Image:
        """The image with exactly this ARN in the caller's region."""
        match = _IMAGE_ARN.match(arn)
        image = self.store.images.get(match.group(3)) if match else None
        if image is None or image.arn != arn:
            raise ApiError("ResourceNotFoundException", f"The resource '{arn}' does not exist.")
        return image

    def source_image(self, *, required: bool) -> Image | None:
        """The image named by ``ImageName`` or ``ImageArn`` (exactly one), AVAILABLE."""
        name = self.params.text("ImageName")
        image_arn = self.params.text("ImageArn")
        if name is not None and image_arn is not None:
            raise param_combination("Specify either ImageName or ImageArn, not both.")
        if name is None and image_arn is None:
            if required:
                raise param_combination("Either ImageName or ImageArn is required.")
            return None
        image = self.image(name) if name is not None else self.image_by_arn(str(image_arn))
        if image.state != "AVAILABLE":
            raise not_available(f"The image '{image.name}' is not available "
                                f"(state {image.state}).")
        return image




def _limit(value: int | None, default: int) -> int:
    return value if value else default


def page_index(ctx: Context, index: OrderedIndex[_R], listing: str,
               limit: int | None, default: int,
               keep: Callable[[_R], bool] | None = None) -> tuple[list[_R], str | None]:
    """One page of ``index`` after the request's NextToken, and the token for the next page."""
    token = ctx.params.text("NextToken")
    after = _cursor_key(_decode(ctx, listing, token)) if token else None
    items, last = index.page(after, _limit(limit, default), keep)
    return items, (None if last is None else ctx.state.tokens.encode(listing, list(last)))


def page_list(ctx: Context, items: Sequence[_R], listing: str,
              limit: int | None, default: int) -> tuple[list[_R], str | None]:
    """One page of an explicit list (e.g. resolved ``Names``), by offset."""
    token = ctx.params.text("NextToken")
    offset = 0
    if token:
        try:
            offset = ctx.state.tokens.decode_offset(listing, token)
        except InvalidToken as exc:
            raise validation("Invalid NextToken") from exc
    size = _limit(limit, default)
    page = list(items[offset:offset + size])
    more = offset + size < len(items)
    return page, (ctx.state.tokens.encode(listing, offset + size) if more else None)


def page_named(ctx: Context, index: OrderedIndex[_R], lookup: Callable[[str], _R],
               limit: int | None, default: int, member: str = "Names"
               ) -> tuple[list[_R], str | None]:
    """One page of the resources the request's ``member`` lists (each must exist), or of all."""
    names = ctx.params.strings(member)
    if names:
        wanted = [lookup(name) for name in dict.fromkeys(names)]
        return page_list(ctx, wanted, listing_id(ctx.operation, names), limit, default)
    return page_index(ctx, index, listing_id(ctx.operation), limit, default)


def with_token(result: dict[str, Any], token: str | None) -> dict[str, Any]:
    """Add ``NextToken`` only when there is a next page: botocore rejects ``""``."""
    if token is not None:
        result["NextToken"] = token
    return result


def _decode(ctx: Context, listing: str, token: str) -> Any:
    try:
        return ctx.state.tokens.decode(listing, token)
    except InvalidToken as exc:
        raise validation("Invalid NextToken") from exc


def _cursor_key(cursor: Any) -> SortKey:
    if (isinstance(cursor, list) and len(cursor) == 2 and isinstance(cursor[0], (int, float))
            and not isinstance(cursor[0], bool) and isinstance(cursor[1], str)):
        return float(cursor[0]), cursor[1]
    raise validation("Invalid NextToken")


OPERATIONS: Operations[Context] = Operations()
"""AppStream's simulated operations: ``@OPERATIONS("CreateStack")`` registers one."""
