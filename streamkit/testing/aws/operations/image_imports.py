"""CreateImportedImage (an EC2 AMI made into an AppStream image) and DescribeAppLicenseUsage
(the license-included application subscriptions billed in a month).

An import takes an AMI (``SourceAmiId``, with the role AppStream reads it with) or a
WorkSpaces image, not both; ``DryRun`` checks the request and answers
DryRunOperationException (412) instead of importing. The image is IMPORTING, then AVAILABLE
after ``image_create`` seconds. The emulator bills no license-included applications, so
DescribeAppLicenseUsage answers no records for a well-formed ``BillingPeriod`` (``YYYY-MM``).
"""

from __future__ import annotations

import re

from streamkit.testing.aws.errors import ApiError, param_combination
from streamkit.testing.aws.operations.call import OPERATIONS, Body, Context
from streamkit.testing.aws.resources import Image, arn

__all__: list[str] = []

_AMI = r"^ami-[a-z0-9]{8,17}$"
_WORKSPACE_IMAGE = r"^wsi-[0-9a-z]{8,63}$"
_ROLE_ARN = r"^arn:aws(?:-cn|-iso-b|-iso|-us-gov)?:iam::\d{12}:role/.+$"
_TEXT = r"^[a-zA-Z0-9_.() -]+$"
_BILLING_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@OPERATIONS("CreateImportedImage")
def create_imported_image(ctx: Context) -> Body:
    params = ctx.params
    name = params.name("Name")
    ami = params.text("SourceAmiId", pattern=_AMI)
    workspace = params.text("WorkspaceImageId", min_len=12, max_len=67, pattern=_WORKSPACE_IMAGE)
    role = params.text("IamRoleArn", pattern=_ROLE_ARN)
    description = params.text("Description", min_len=0, max_len=256, pattern=_TEXT)
    display_name = params.text("DisplayName", min_len=0, max_len=100, pattern=_TEXT)
    params.tags()
    params.text("AgentSoftwareVersion")
    if (ami is None) == (workspace is None):
        raise param_combination("Specify either SourceAmiId or WorkspaceImageId.")
    if ami is not None and role is None:
        raise param_combination("An import from SourceAmiId needs the IamRoleArn AppStream "
                                "reads the AMI with.")
    if name in ctx.store.images:
        raise ApiError("ResourceAlreadyExistsException", f"The image '{name}' already exists.")
    if params.boolean("DryRun"):
        raise ApiError("DryRunOperationException", "The request would have succeeded, but "
                       "DryRun was set.", status=412)
    image = Image(name=name, arn=arn(ctx.region, "image", name), created=ctx.now,
                  state="IMPORTING", visibility="PRIVATE", platform="WINDOWS_SERVER_2022",
                  description=description, display_name=display_name)
    ctx.store.images.add(name, (image.created, name), image)
    generation = image.generation

    def imported(_due: float) -> None:
        if image.generation == generation and image.state == "IMPORTING":
            image.state = "AVAILABLE"

    ctx.state.after(ctx.state.timings.image_create, imported)
    return {"Image": image.render()}


@OPERATIONS("DescribeAppLicenseUsage")
def describe_app_license_usage(ctx: Context) -> Body:
    params = ctx.params
    period = params.required("BillingPeriod")
    params.integer("MaxResults", minimum=0)
    if not _BILLING_PERIOD.match(period):
        raise param_combination(f"BillingPeriod '{period}' is not a month as YYYY-MM.")
    return {"AppLicenseUsages": []}
