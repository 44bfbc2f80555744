"""Image operations."""

from __future__ import annotations

import re

from streamkit.testing.aws import lifecycle
from streamkit.testing.aws.errors import (
    ApiError,
    concurrent,
    in_use,
    not_available,
    not_permitted,
    param_combination,
    validation,
)
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_index,
    page_list,
    with_token,
)
from streamkit.testing.aws.protocol import check_members
from streamkit.testing.aws.resources import ACCOUNT_ID, Image, arn
from streamkit.testing.core.tokens import listing_id

__all__: list[str] = []

_REGION_PATTERN = r"^[a-z]{2}(-[a-z]+)+-\d+$"


@OPERATIONS("DescribeImages")
def describe_images(ctx: Context) -> Body:
    params = ctx.params
    names = params.strings("Names")
    arns = params.strings("Arns")
    visibility = params.text("Type")
    limit = params.integer("MaxResults", minimum=0, maximum=25)
    default = ctx.state.page_sizes.images
    if names and arns:
        raise param_combination("Specify Names or Arns, not both.")
    if names or arns:
        if names:
            wanted = [ctx.image(n) for n in dict.fromkeys(names)]
        else:
            wanted = [ctx.image_by_arn(a) for a in dict.fromkeys(arns or [])]
        if visibility is not None:
            wanted = [i for i in wanted if i.visibility == visibility]
        listing = listing_id("DescribeImages", names, arns, visibility)
        page, token = page_list(ctx, wanted, listing, limit, default)
    else:
        def keep(image: Image) -> bool:
            return visibility is None or image.visibility == visibility

        page, token = page_index(ctx, ctx.store.images,
                                 listing_id("DescribeImages", visibility), limit, default, keep)
    return with_token({"Images": [i.render() for i in page]}, token)


@OPERATIONS("DeleteImage")
def delete_image(ctx: Context) -> Body:
    params = ctx.params
    image = ctx.image(params.name())
    if image.visibility == "PUBLIC":
        raise not_permitted(f"The image '{image.name}' is a public AppStream image and cannot "
                            "be deleted.")
    users = [f.name for f in ctx.store.fleets if f.image_name == image.name]
    users += [b.name for b in ctx.store.builders
              if b.image_name == image.name and b.state != "DELETING"]
    if users:
        raise in_use(f"The image '{image.name}' is in use by {', '.join(sorted(users))}.")
    if image.state not in ("AVAILABLE", "FAILED"):
        raise concurrent(f"The image '{image.name}' is {image.state}; it cannot be deleted now.")
    lifecycle.delete_image(ctx.state, ctx.store, image)
    return {"Image": image.render()}


@OPERATIONS("CopyImage")
def copy_image(ctx: Context) -> Body:
    params = ctx.params
    source = ctx.image(params.name("SourceImageName"))
    destination_name = params.name("DestinationImageName")
    destination_region = params.required("DestinationRegion", pattern=_REGION_PATTERN, max_len=32)
    description = params.text("DestinationImageDescription", min_len=0, max_len=256)
    if source.state != "AVAILABLE":
        raise not_available(f"The image '{source.name}' is {source.state}; only AVAILABLE "
                            "images can be copied.")
    target = ctx.state.region(destination_region)
    if destination_name in target.images:
        raise ApiError("ResourceAlreadyExistsException",
                       f"The image '{destination_name}' already exists in "
                       f"{destination_region}.")
    copy = Image(
        name=destination_name, arn=arn(destination_region, "image", destination_name),
        created=ctx.now, state="PENDING", visibility="PRIVATE", platform=source.platform,
        applications=[dict(a) for a in source.applications],
        description=description if description is not None else source.description,
        display_name=source.display_name,
        base_image_arn=source.base_image_arn or source.arn,
    )
    target.images.add(copy.name, (copy.created, copy.name), copy)
    lifecycle.copy_image_done(ctx.state, target, copy)
    return {"DestinationImageName": destination_name}




# Image sharing: only a private image of the caller's account can be shared, with other
# accounts by their 12-digit id.
_ACCOUNT = re.compile(r"^\d{12}$")
MAX_SHARED_ACCOUNTS = 100  # the service quota of accounts one image is shared with


def _owned(ctx: Context, member: str = "Name") -> Image:
    image = ctx.image(ctx.params.name(member))
    if image.visibility != "PRIVATE":
        raise not_available(f"The image '{image.name}' is {image.visibility}; only private "
                            "images you own can be shared.")
    return image


def _account(ctx: Context) -> str:
    account = ctx.params.required("SharedAccountId", pattern=r"^\d+$")
    if not _ACCOUNT.match(account):
        raise validation(f"1 validation error detected: Value '{account}' at "
                         "'sharedAccountId' failed to satisfy constraint: Member must be a "
                         "12-digit AWS account ID")
    if account == ACCOUNT_ID:
        raise validation("An image cannot be shared with the account that owns it.")
    return account


@OPERATIONS("UpdateImagePermissions")
def update_image_permissions(ctx: Context) -> Body:
    image = _owned(ctx)
    account = _account(ctx)
    check_members(ctx.params.data, "UpdateImagePermissions", ("ImagePermissions",))
    allowed = ctx.params.struct("ImagePermissions") or {}
    if image.state != "AVAILABLE":
        raise not_available(f"The image '{image.name}' is {image.state}; only AVAILABLE "
                            "images can be shared.")
    if account not in image.shared_with and len(image.shared_with) >= MAX_SHARED_ACCOUNTS:
        raise ApiError("LimitExceededException", f"The image '{image.name}' is shared with "
                       f"{MAX_SHARED_ACCOUNTS} accounts already.")
    image.shared_with[account] = {"allowFleet": bool(allowed.get("allowFleet")),
                                  "allowImageBuilder": bool(allowed.get("allowImageBuilder"))}
    return {}


@OPERATIONS("DeleteImagePermissions")
def delete_image_permissions(ctx: Context) -> Body:
    image = _owned(ctx)
    account = _account(ctx)
    if image.shared_with.pop(account, None) is None:
        raise ApiError("ResourceNotFoundException", f"The image '{image.name}' is not shared "
                       f"with account {account}.")
    return {}


@OPERATIONS("DescribeImagePermissions")
def describe_image_permissions(ctx: Context) -> Body:
    params = ctx.params
    image = ctx.image(params.name())
    limit = params.integer("MaxResults", minimum=0, maximum=500)
    wanted = params.strings("SharedAwsAccountIds", min_items=1, max_items=5)
    accounts = sorted(a for a in image.shared_with if wanted is None or a in wanted)
    listing = listing_id("DescribeImagePermissions", image.name, wanted)
    page, token = page_list(ctx, accounts, listing, limit, 500)
    return with_token({"Name": image.name, "SharedImagePermissionsList": [
        {"sharedAccountId": a, "imagePermissions": dict(image.shared_with[a])} for a in page]},
        token)


# Managed image updates: a Windows image you own, AVAILABLE, patched into a new one.
_UPDATABLE_PLATFORMS = ("WINDOWS", "WINDOWS_SERVER_2016", "WINDOWS_SERVER_2019",
                        "WINDOWS_SERVER_2022", "WINDOWS_SERVER_2025")


@OPERATIONS("CreateUpdatedImage")
def create_updated_image(ctx: Context) -> Body:
    params = ctx.params
    source = ctx.image(params.name("existingImageName"))
    new_name = params.name("newImageName")
    description = params.text("newImageDescription", min_len=0, max_len=256)
    display = params.text("newImageDisplayName", min_len=0, max_len=100)
    tags = params.tags("newImageTags") or {}
    dry_run = bool(params.boolean("dryRun"))
    if source.visibility != "PRIVATE":
        raise not_permitted(f"The image '{source.name}' is {source.visibility}; only images "
                            "you own can be updated.")
    if source.platform not in _UPDATABLE_PLATFORMS:
        raise ApiError("IncompatibleImageException", f"The image '{source.name}' runs "
                       f"{source.platform}; managed image updates are for Windows images.")
    if source.state != "AVAILABLE" or any(
            i.updated_from == source.name and i.state == "PENDING" for i in ctx.store.images):
        raise concurrent(f"The image '{source.name}' is {source.state} or being updated; "
                         "try again when it is AVAILABLE.")
    if dry_run:
        return {"image": source.render(), "canUpdateImage": source.updates_available}
    if new_name in ctx.store.images:
        raise ApiError("ResourceAlreadyExistsException",
                       f"The image '{new_name}' already exists.")
    image = Image(name=new_name, arn=arn(ctx.region, "image", new_name), created=ctx.now,
                  state="PENDING", visibility="PRIVATE", platform=source.platform,
                  applications=[dict(a) for a in source.applications],
                  description=description, display_name=display,
                  base_image_arn=source.base_image_arn or source.arn, tags=tags,
                  updates_available=False, updated_from=source.name)
    ctx.store.images.add(image.name, (image.created, image.name), image)
    lifecycle.updated_image_done(ctx.state, ctx.store, image)
    return {"image": image.render(), "canUpdateImage": source.updates_available}
