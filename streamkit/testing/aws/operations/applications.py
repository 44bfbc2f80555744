"""Applications of Elastic fleets and the fleets that offer them."""

from __future__ import annotations

from streamkit.testing.aws.elastic import Application
from streamkit.testing.aws.errors import ApiError, in_use, not_found, param_combination
from streamkit.testing.aws.operations.app_blocks import by_arn, page_by_arns
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_list,
    with_token,
)
from streamkit.testing.aws.operations.fleets import ELASTIC_PLATFORMS
from streamkit.testing.aws.protocol import check_members
from streamkit.testing.aws.resources import arn
from streamkit.testing.core.tokens import listing_id

__all__ = ["INSTANCE_FAMILIES"]

#: CreateApplication's documented instance families
INSTANCE_FAMILIES = ("GENERAL_PURPOSE", "GRAPHICS_G4")
_MEMBERS = ("DisplayName", "Description", "IconS3Location", "LaunchPath", "WorkingDirectory",
            "LaunchParameters", "AppBlockArn")
_DELETABLE = {"LAUNCH_PARAMETERS": "LaunchParameters", "WORKING_DIRECTORY": "WorkingDirectory"}
# the platform of an Elastic fleet created without one
_DEFAULT_PLATFORM = "WINDOWS_SERVER_2019"


def _application(ctx: Context, name: str) -> Application:
    found = ctx.store.applications.get(name)
    if found is None:
        raise not_found("application", name)
    return found


def _icon(ctx: Context) -> None:
    icon = ctx.params.struct("IconS3Location")
    if icon is not None and icon.get("S3Key") is None:
        raise param_combination("IconS3Location.S3Key is required.")


@OPERATIONS("CreateApplication")
def create_application(ctx: Context) -> Body:
    params = ctx.params
    name = params.name()
    check_members(params.data, ctx.operation, (*_MEMBERS, "Platforms", "InstanceFamilies"))
    for member in ("IconS3Location", "LaunchPath", "AppBlockArn"):
        if params.raw(member) is None:
            raise params.missing(member)
    platforms = params.strings("Platforms", required=True) or []
    families = params.strings("InstanceFamilies", required=True) or []
    tags = params.tags() or {}
    _icon(ctx)
    unknown = [f for f in families if f not in INSTANCE_FAMILIES]
    if unknown:
        raise ApiError("ValidationException", f"Instance families {', '.join(unknown)} are "
                       f"not supported; use {' or '.join(INSTANCE_FAMILIES)}.")
    by_arn(ctx.store.app_blocks, str(params.text("AppBlockArn")))
    if name in ctx.store.applications:
        raise ApiError("ResourceAlreadyExistsException", f"The application '{name}' already "
                       "exists.")
    members = {m: params.raw(m) for m in _MEMBERS if params.raw(m) is not None}
    made = Application(name=name, arn=arn(ctx.region, "application", name), created=ctx.now,
                       members={**members, "Platforms": platforms,
                                "InstanceFamilies": families}, tags=tags)
    ctx.store.applications.add(name, (made.created, name), made)
    return {"Application": made.render()}


@OPERATIONS("DescribeApplications")
def describe_applications(ctx: Context) -> Body:
    page, token = page_by_arns(ctx, ctx.store.applications, ctx.state.page_sizes.stacks)
    return with_token({"Applications": [a.render() for a in page]}, token)


@OPERATIONS("UpdateApplication")
def update_application(ctx: Context) -> Body:
    params = ctx.params
    app = _application(ctx, params.name())
    check_members(params.data, ctx.operation, (*_MEMBERS, "AttributesToDelete"))
    deletes = params.strings("AttributesToDelete") or []
    _icon(ctx)
    for attribute in deletes:
        if params.raw(_DELETABLE[attribute]) is not None:
            raise param_combination(f"{_DELETABLE[attribute]} cannot be both set and deleted.")
    block_arn = params.text("AppBlockArn")
    if block_arn is not None:
        by_arn(ctx.store.app_blocks, block_arn)
    for member in _MEMBERS:
        if params.raw(member) is not None:
            app.members[member] = params.raw(member)
    for attribute in deletes:
        app.members.pop(_DELETABLE[attribute], None)
    return {"Application": app.render()}


def _fleet_names(ctx: Context, app_arn: str) -> list[str]:
    """The live fleets offering the application (a deleted fleet's associations are gone)."""
    return [f for a, f in ctx.store.application_fleets
            if a == app_arn and f in ctx.store.fleets]


@OPERATIONS("DeleteApplication")
def delete_application(ctx: Context) -> Body:
    app = _application(ctx, ctx.params.name())
    fleets = _fleet_names(ctx, app.arn)
    if fleets:
        raise in_use(f"The application '{app.name}' is associated with fleets: "
                     f"{', '.join(fleets)}; disassociate it first.")
    ctx.store.applications.remove(app.name)
    return {}


@OPERATIONS("AssociateApplicationFleet")
def associate_application_fleet(ctx: Context) -> Body:
    params = ctx.params
    fleet = ctx.fleet(params.name("FleetName"))
    app = by_arn(ctx.store.applications, str(params.required("ApplicationArn")))
    # The API reference: only Elastic fleets, running a platform the application supports.
    if fleet.fleet_type != "ELASTIC":
        raise param_combination(f"The fleet '{fleet.name}' is {fleet.fleet_type}: "
                                "applications are only associated with Elastic fleets.")
    platform = fleet.platform or _DEFAULT_PLATFORM
    if platform not in app.members.get("Platforms", ()) or platform not in ELASTIC_PLATFORMS:
        raise param_combination(f"The application '{app.name}' does not support the fleet's "
                                f"platform {platform}.")
    pair = (app.arn, fleet.name)
    if pair not in ctx.store.application_fleets:
        ctx.store.application_fleets.append(pair)
    return {"ApplicationFleetAssociation": {"FleetName": fleet.name, "ApplicationArn": app.arn}}


@OPERATIONS("DisassociateApplicationFleet")
def disassociate_application_fleet(ctx: Context) -> Body:
    params = ctx.params
    pair = (str(params.required("ApplicationArn")), params.name("FleetName"))
    if pair in ctx.store.application_fleets:
        ctx.store.application_fleets.remove(pair)
    return {}


@OPERATIONS("DescribeApplicationFleetAssociations")
def describe_application_fleet_associations(ctx: Context) -> Body:
    params = ctx.params
    fleet = params.text("FleetName")
    app_arn = params.text("ApplicationArn")
    if fleet is None and app_arn is None:
        raise param_combination("Either ApplicationArn or FleetName must be specified.")
    pairs = [(a, f) for a, f in ctx.store.application_fleets
             if f in ctx.store.fleets and fleet in (None, f) and app_arn in (None, a)]
    limit = params.integer("MaxResults", minimum=0, maximum=25)
    page, token = page_list(ctx, pairs, listing_id(ctx.operation, fleet, app_arn), limit,
                            ctx.state.page_sizes.associations)
    return with_token({"ApplicationFleetAssociations": [
        {"FleetName": f, "ApplicationArn": a} for a, f in page]}, token)
