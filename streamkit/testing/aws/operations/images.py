"""Image operations."""

from __future__ import annotations

from streamkit.testing.aws import lifecycle
from streamkit.testing.aws.errors import (
    ApiError,
    concurrent,
    in_use,
    not_available,
    not_permitted,
    param_combination,
)
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_index,
    page_list,
    with_token,
)
from streamkit.testing.aws.resources import Image, arn
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


