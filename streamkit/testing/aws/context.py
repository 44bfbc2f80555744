"""What every operation handler gets, plus the lookups and paging they share."""

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
from streamkit.testing.aws.pagination import OrderedIndex, cursor_key
from streamkit.testing.aws.params import Params
from streamkit.testing.aws.resources import Fleet, Image, ImageBuilder, Stack
from streamkit.testing.aws.state import CloudState, RegionState

__all__ = ["Context", "Handler", "page_index", "page_list", "with_token"]

_R = TypeVar("_R")
_IMAGE_ARN = re.compile(r"^arn:aws:appstream:([^:]*):(\d*):image/(.+)$")


@attrs.frozen
class Context:
    """One request's view: the whole cloud, the caller's region, and the time it arrived."""

    cloud: CloudState
    region: RegionState
    now: float

    def stack(self, name: str) -> Stack:
        """The stack called ``name``; ResourceNotFoundException otherwise (same for the rest)."""
        stack = self.region.stacks.get(name)
        if stack is None:
            raise not_found("stack", name)
        return stack

    def fleet(self, name: str) -> Fleet:
        fleet = self.region.fleets.get(name)
        if fleet is None:
            raise not_found("fleet", name)
        return fleet

    def builder(self, name: str) -> ImageBuilder:
        builder = self.region.builders.get(name)
        if builder is None:
            raise not_found("image builder", name)
        return builder

    def image(self, name: str) -> Image:
        image = self.region.images.get(name)
        if image is None:
            raise not_found("image", name)
        return image

    def image_by_arn(self, arn: str) -> Image:
        """The image with exactly this ARN in the caller's region."""
        match = _IMAGE_ARN.match(arn)
        image = self.region.images.get(match.group(3)) if match else None
        if image is None or image.arn != arn:
            raise ApiError("ResourceNotFoundException", f"The resource '{arn}' does not exist.")
        return image

    def source_image(self, params: Params, *, required: bool) -> Image | None:
        """The image named by ``ImageName`` or ``ImageArn`` (exactly one), AVAILABLE."""
        name = params.string("ImageName")
        image_arn = params.string("ImageArn")
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


Handler = Callable[[Context, Params], dict[str, Any]]


def _limit(value: int | None, default: int) -> int:
    return value if value else default


def page_index(ctx: Context, params: Params, index: OrderedIndex[_R], listing: str,
               limit: int | None, default: int,
               keep: Callable[[_R], bool] | None = None) -> tuple[list[_R], str | None]:
    """One page of ``index`` after the request's NextToken, and the token for the next page."""
    token = params.string("NextToken")
    after = cursor_key(ctx.cloud.tokens.decode(listing, token)) if token else None
    items, last = index.page(after, _limit(limit, default), keep)
    return items, (None if last is None else ctx.cloud.tokens.encode(listing, list(last)))


def page_list(ctx: Context, params: Params, items: Sequence[_R], listing: str,
              limit: int | None, default: int) -> tuple[list[_R], str | None]:
    """One page of an explicit list (e.g. resolved ``Names``), by offset."""
    token = params.string("NextToken")
    offset = 0
    if token:
        cursor = ctx.cloud.tokens.decode(listing, token)
        if isinstance(cursor, bool) or not isinstance(cursor, int) or cursor < 0:
            raise validation("Invalid NextToken")
        offset = cursor
    size = _limit(limit, default)
    page = list(items[offset:offset + size])
    more = offset + size < len(items)
    return page, (ctx.cloud.tokens.encode(listing, offset + size) if more else None)


def with_token(result: dict[str, Any], token: str | None) -> dict[str, Any]:
    """Add ``NextToken`` only when there is a next page: botocore rejects ``""``."""
    if token is not None:
        result["NextToken"] = token
    return result
