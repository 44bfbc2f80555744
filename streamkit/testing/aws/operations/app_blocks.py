"""App blocks (Elastic fleets): CreateAppBlock, DescribeAppBlocks, DeleteAppBlock."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from streamkit.testing.aws.elastic import AppBlock
from streamkit.testing.aws.errors import ApiError, in_use, param_combination
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_index,
    page_list,
    with_token,
)
from streamkit.testing.aws.protocol import check_members
from streamkit.testing.aws.resources import arn
from streamkit.testing.aws.state import OrderedIndex
from streamkit.testing.core.tokens import listing_id

__all__ = ["by_arn", "page_by_arns"]

_MEMBERS = ("SourceS3Location", "SetupScriptDetails", "PostSetupScriptDetails", "Description",
            "DisplayName", "PackagingType")


class _HasArn(Protocol):
    arn: str


_A = TypeVar("_A", bound=_HasArn)


def by_arn(index: OrderedIndex[_A], resource_arn: str) -> _A:
    """The resource of ``index`` with this ARN; ResourceNotFoundException otherwise."""
    found = index.get(resource_arn.rsplit("/", 1)[-1])
    if found is None or found.arn != resource_arn:
        raise ApiError("ResourceNotFoundException", f"The resource '{resource_arn}' does not "
                       "exist.")
    return found


def page_by_arns(ctx: Context, index: OrderedIndex[_A], default: int
                 ) -> tuple[list[_A], str | None]:
    """One page of the resources ``Arns`` names (each must exist), or of all of them."""
    limit = ctx.params.integer("MaxResults", minimum=0)
    arns = ctx.params.strings("Arns")
    if arns:
        wanted = [by_arn(index, a) for a in dict.fromkeys(arns)]
        return page_list(ctx, wanted, listing_id(ctx.operation, arns), limit, default)
    return page_index(ctx, index, listing_id(ctx.operation), limit, default)


def _has_key(location: Any) -> bool:
    return isinstance(location, dict) and location.get("S3Key") is not None


@OPERATIONS("CreateAppBlock")
def create_app_block(ctx: Context) -> Body:
    params = ctx.params
    name = params.name()
    check_members(params.data, ctx.operation, (*_MEMBERS, "Tags"))
    source = params.struct("SourceS3Location")
    if source is None:
        raise params.missing("SourceS3Location")
    packaging = params.text("PackagingType") or "CUSTOM"
    setup, post_setup = params.struct("SetupScriptDetails"), params.struct(
        "PostSetupScriptDetails")
    tags = params.tags() or {}
    # The API reference: CUSTOM needs setup script details and the VHD's key; only
    # APPSTREAM2 takes post setup script details (its package may not exist yet).
    if packaging == "CUSTOM":
        if setup is None:
            raise param_combination("SetupScriptDetails must be provided for the CUSTOM "
                                    "PackagingType.")
        if post_setup is not None:
            raise param_combination("PostSetupScriptDetails can only be provided for the "
                                    "APPSTREAM2 PackagingType.")
        if not _has_key(source):
            raise param_combination("SourceS3Location.S3Key is required for the CUSTOM "
                                    "PackagingType.")
    elif setup is not None:
        raise param_combination("SetupScriptDetails can only be provided for the CUSTOM "
                                "PackagingType.")
    for script in (setup, post_setup):
        if script is not None and not _has_key(script.get("ScriptS3Location")):
            raise param_combination("ScriptS3Location.S3Key is required for script details.")
    if name in ctx.store.app_blocks:
        raise ApiError("ResourceAlreadyExistsException", f"The app block '{name}' already "
                       "exists.")
    # An APPSTREAM2 block is INACTIVE until it has a package: one named in S3, or one an
    # app block builder makes.
    active = packaging == "CUSTOM" or _has_key(source)
    members = {m: params.raw(m) for m in _MEMBERS if params.raw(m) is not None}
    block = AppBlock(name=name, arn=arn(ctx.region, "app-block", name), created=ctx.now,
                     packaging=packaging, state="ACTIVE" if active else "INACTIVE",
                     members={**members, "PackagingType": packaging}, tags=tags)
    ctx.store.app_blocks.add(name, (block.created, name), block)
    return {"AppBlock": block.render()}


@OPERATIONS("DescribeAppBlocks")
def describe_app_blocks(ctx: Context) -> Body:
    page, token = page_by_arns(ctx, ctx.store.app_blocks,
                               ctx.state.page_sizes.stacks)
    return with_token({"AppBlocks": [b.render() for b in page]}, token)


@OPERATIONS("DeleteAppBlock")
def delete_app_block(ctx: Context) -> Body:
    name = ctx.params.name()
    block = ctx.store.app_blocks.get(name)
    if block is None:
        raise ApiError("ResourceNotFoundException", f"The app block '{name}' does not exist.")
    users = [a.name for a in ctx.store.applications
             if a.members.get("AppBlockArn") == block.arn]
    if users:
        raise in_use(f"The app block '{name}' is used by applications: {', '.join(users)}.")
    if any(b == block.arn for b, _ in ctx.store.builder_app_blocks):
        raise in_use(f"The app block '{name}' is associated with an app block builder.")
    ctx.store.app_blocks.remove(name)
    return {}
