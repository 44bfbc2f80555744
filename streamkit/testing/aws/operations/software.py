"""License-included software on image builders: AssociateSoftwareToImageBuilder,
DisassociateSoftwareFromImageBuilder, DescribeSoftwareAssociations and
StartSoftwareDeploymentToImageBuilder.

Associating stages a product for installation, disassociating stages it for removal; a
deployment (the builder must be RUNNING) installs and removes what is staged. A deployment
that failed is tried again only with ``RetryFailedDeployments``.
"""

from __future__ import annotations

from streamkit.testing.aws.errors import ApiError, not_found, not_permitted, param_combination
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_list,
    with_token,
)
from streamkit.testing.aws.resources import ImageBuilder
from streamkit.testing.core.tokens import listing_id

__all__: list[str] = []

MAX_PAGE = 100
_STAGED = {"STAGED_FOR_INSTALLATION": "INSTALLED", "PENDING_INSTALLATION": "INSTALLED",
           "STAGED_FOR_UNINSTALLATION": None, "PENDING_UNINSTALLATION": None}
_FAILED = {"FAILED_TO_INSTALL": "INSTALLED", "FAILED_TO_UNINSTALL": None}


def _names(ctx: Context) -> tuple[ImageBuilder, list[str]]:
    builder = ctx.builder(ctx.params.name("ImageBuilderName"))
    names = ctx.params.strings("SoftwareNames", required=True) or []
    if not names:
        raise param_combination("SoftwareNames must name at least one product.")
    return builder, names


@OPERATIONS("AssociateSoftwareToImageBuilder")
def associate_software(ctx: Context) -> Body:
    builder, names = _names(ctx)
    software = ctx.store.software.setdefault(builder.name, {})
    for name in names:
        if software.get(name) not in ("INSTALLED", "STAGED_FOR_INSTALLATION"):
            software[name] = "STAGED_FOR_INSTALLATION"
    return {}


@OPERATIONS("DisassociateSoftwareFromImageBuilder")
def disassociate_software(ctx: Context) -> Body:
    builder, names = _names(ctx)
    software = ctx.store.software.setdefault(builder.name, {})
    missing = [name for name in names if name not in software]
    if missing:
        raise param_combination(f"Not associated with '{builder.name}': {', '.join(missing)}.")
    for name in names:
        if software[name] == "STAGED_FOR_INSTALLATION":
            del software[name]  # never installed: nothing to remove
        else:
            software[name] = "STAGED_FOR_UNINSTALLATION"
    return {}


@OPERATIONS("DescribeSoftwareAssociations")
def describe_software_associations(ctx: Context) -> Body:
    params = ctx.params
    resource = params.required("AssociatedResource")
    limit = params.integer("MaxResults", minimum=0)
    builder = next((b for b in ctx.store.builders if b.arn == resource), None)
    if builder is None:
        raise ApiError("ResourceNotFoundException", f"The resource '{resource}' does not exist.")
    rows = [{"SoftwareName": name, "Status": status, "DeploymentError": []}
            for name, status in sorted(ctx.store.software.get(builder.name, {}).items())]
    page, token = page_list(ctx, rows, listing_id("DescribeSoftwareAssociations", resource),
                            limit, MAX_PAGE)
    return with_token({"AssociatedResource": resource, "SoftwareAssociations": page}, token)


@OPERATIONS("StartSoftwareDeploymentToImageBuilder")
def start_software_deployment(ctx: Context) -> Body:
    params = ctx.params
    builder = ctx.builder(params.name("ImageBuilderName"))
    retry = params.boolean("RetryFailedDeployments")
    if builder.state != "RUNNING":
        raise not_permitted(f"The image builder '{builder.name}' is {builder.state}; software "
                            "deploys to a RUNNING builder.")
    software = ctx.store.software.get(builder.name)
    if software is None:
        raise not_found("software association of the image builder", builder.name)
    outcomes = {**_STAGED, **(_FAILED if retry else {})}
    for name, status in list(software.items()):
        if status in outcomes:
            done = outcomes[status]
            if done is None:
                del software[name]
            else:
                software[name] = done
    return {}
