"""Fleet operations."""

from __future__ import annotations

import math
from typing import Any

from streamkit.testing.aws import lifecycle
from streamkit.testing.aws.errors import ApiError, concurrent, in_use, param_combination
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_named,
    with_token,
)
from streamkit.testing.aws.protocol import Params, check_members
from streamkit.testing.aws.resources import Fleet, arn

__all__ = ["ARN_PATTERN", "ELASTIC_PLATFORMS", "INSTANCE_TYPE_PATTERN", "STRUCT_MEMBERS"]

# The model's only InstanceType pattern (on RuntimeValidationConfig); a fair sanity check.
INSTANCE_TYPE_PATTERN = (r"^[a-zA-Z0-9-]+(\.[a-z0-9-]+)+"
                         r"\.(small|medium|large|xlarge|\d+xlarge|metal)$")
_ATTRIBUTE_MEMBERS = {"VPC_CONFIGURATION": "VpcConfig", "DOMAIN_JOIN_INFO": "DomainJoinInfo",
                      "IAM_ROLE_ARN": "IamRoleArn",
                      "USB_DEVICE_FILTER_STRINGS": "UsbDeviceFilterStrings",
                      "SESSION_SCRIPT_S3_LOCATION": "SessionScriptS3Location",
                      "MAX_SESSIONS_PER_INSTANCE": "MaxSessionsPerInstance",
                      "VOLUME_CONFIGURATION": "RootVolumeConfig"}
_DEFAULTS: dict[str, Any] = {"MaxUserDurationInSeconds": 57600, "DisconnectTimeoutInSeconds": 900,
                             "IdleDisconnectTimeoutInSeconds": 0, "StreamView": "APP",
                             "EnableDefaultInternetAccess": False}
# What UpdateFleet may change on a RUNNING fleet (the API reference, by fleet type); anything
# else needs a STOPPED fleet. Name only says which fleet.
_RUNNING_UPDATES = {
    "ALWAYS_ON": frozenset({"Name", "DisplayName", "ComputeCapacity", "ImageArn", "ImageName",
                            "IdleDisconnectTimeoutInSeconds", "DisconnectTimeoutInSeconds"}),
    "ELASTIC": frozenset({"Name", "DisplayName", "IdleDisconnectTimeoutInSeconds",
                          "DisconnectTimeoutInSeconds", "MaxConcurrentSessions",
                          "SessionScriptS3Location", "UsbDeviceFilterStrings"}),
}
_RUNNING_UPDATES["ON_DEMAND"] = _RUNNING_UPDATES["ALWAYS_ON"]
# CreateFleet's documented limits of Elastic fleets (VpcConfig, Platform, DomainJoinInfo).
ELASTIC_PLATFORMS = ("WINDOWS_SERVER_2019", "AMAZON_LINUX2", "UBUNTU_PRO_2404")
ELASTIC_MIN_SUBNETS = 2


# The model's Arn pattern (IamRoleArn).
ARN_PATTERN = (r"^arn:aws(?:\-cn|\-iso\-b|\-iso|\-us\-gov)?:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:"
               r"[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.\\-]"
               r"{0,1023}$")
STRUCT_MEMBERS = ("VpcConfig", "DomainJoinInfo", "SessionScriptS3Location")


def _settings(params: Params) -> dict[str, Any]:
    """The pass-through fleet members present in the request, validated."""
    # CreateFleet, UpdateFleet and CreateImageBuilder share these members' shapes
    check_members(params.data, "CreateFleet", STRUCT_MEMBERS)
    out: dict[str, Any] = {}
    description = params.text("Description", min_len=0, max_len=256)
    if description is not None:
        out["Description"] = description
    display = params.text("DisplayName", min_len=0, max_len=100)
    if display is not None:
        out["DisplayName"] = display
    for member, lo, hi in (("MaxUserDurationInSeconds", 600, 432000),
                           ("DisconnectTimeoutInSeconds", 60, 36000),
                           ("MaxSessionsPerInstance", 1, None)):
        value = params.integer(member, minimum=lo, maximum=hi)
        if value is not None:
            out[member] = value
    idle = params.integer("IdleDisconnectTimeoutInSeconds", minimum=0, maximum=36000)
    if idle is not None:
        if 0 < idle < 60:
            raise ApiError("ValidationException", "IdleDisconnectTimeoutInSeconds must be 0 "
                           "(disabled) or between 60 and 36000.")
        out["IdleDisconnectTimeoutInSeconds"] = idle
    for member in ("EnableDefaultInternetAccess", "DisableIMDSV1"):
        flag = params.boolean(member)
        if flag is not None:
            out[member] = flag
    view = params.text("StreamView")
    if view is not None:
        out["StreamView"] = view
    role = params.text("IamRoleArn", pattern=ARN_PATTERN)
    if role is not None:
        out["IamRoleArn"] = role
    usb = params.strings("UsbDeviceFilterStrings")
    if usb is not None:
        out["UsbDeviceFilterStrings"] = usb
    for member in ("VpcConfig", "DomainJoinInfo", "SessionScriptS3Location", "RootVolumeConfig"):
        struct = params.struct(member)
        if struct is not None:
            out[member] = struct
    volume = out.get("RootVolumeConfig", {}).get("VolumeSizeInGb")
    if volume is not None and (not isinstance(volume, int) or not 200 <= volume <= 500):
        raise ApiError("ValidationException", "RootVolumeConfig.VolumeSizeInGb must be 200-500.")
    return out


def _capacity(params: Params, per_instance: int | None) -> tuple[int, int | None]:
    """(desired instances, desired user sessions) from ComputeCapacity."""
    capacity = params.struct("ComputeCapacity") or {}
    instances, sessions = capacity.get("DesiredInstances"), capacity.get("DesiredSessions")
    for value in (instances, sessions):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 0):
            raise ApiError("ValidationException",
                           "ComputeCapacity values must be whole numbers >= 0.")
    if (instances is None) == (sessions is None):
        raise param_combination("Specify exactly one of ComputeCapacity.DesiredInstances and "
                                "ComputeCapacity.DesiredSessions.")
    if sessions is not None:
        if per_instance is None:
            raise param_combination("DesiredSessions requires MaxSessionsPerInstance "
                                    "(a multi-session fleet).")
        return math.ceil(sessions / per_instance), sessions
    assert isinstance(instances, int)
    if per_instance is not None:
        raise param_combination("Multi-session fleets take ComputeCapacity.DesiredSessions.")
    return instances, None


def _check_elastic(params: Params, platform: str | None) -> None:
    """What CreateFleet documents for Elastic fleets: a VPC with two subnets or more, no
    domain join, and only some platforms."""
    subnets = (params.struct("VpcConfig") or {}).get("SubnetIds")
    if not isinstance(subnets, list) or len(subnets) < ELASTIC_MIN_SUBNETS:
        raise param_combination("Elastic fleets require a VpcConfig with at least "
                                f"{ELASTIC_MIN_SUBNETS} subnets in different availability "
                                "zones.")
    if params.has("DomainJoinInfo"):
        raise param_combination("DomainJoinInfo is not allowed for Elastic fleets.")
    if platform is not None and platform not in ELASTIC_PLATFORMS:
        raise param_combination(f"Platform {platform} is not supported for Elastic fleets; "
                                f"use one of {', '.join(ELASTIC_PLATFORMS)}.")


@OPERATIONS("CreateFleet")
def create_fleet(ctx: Context) -> Body:
    params = ctx.params
    name = params.name()
    instance_type = params.required("InstanceType", pattern=INSTANCE_TYPE_PATTERN)
    fleet_type = params.text("FleetType") or "ON_DEMAND"
    settings = _settings(params)
    tags = params.tags() or {}
    platform = params.text("Platform")
    max_sessions = params.integer("MaxConcurrentSessions", minimum=1)
    elastic = fleet_type == "ELASTIC"
    desired_sessions: int | None = None
    if elastic:
        _check_elastic(params, platform)
        if params.has("ComputeCapacity"):
            raise param_combination("ComputeCapacity is not supported for Elastic fleets; "
                                    "use MaxConcurrentSessions.")
        if max_sessions is None:
            raise param_combination("MaxConcurrentSessions is required for Elastic fleets.")
        desired = max_sessions
        settings["MaxConcurrentSessions"] = max_sessions
    else:
        if not params.has("ComputeCapacity"):
            raise param_combination(f"ComputeCapacity is required for {fleet_type} fleets.")
        if max_sessions is not None:
            raise param_combination("MaxConcurrentSessions is only supported for Elastic fleets.")
        desired, desired_sessions = _capacity(params, settings.get("MaxSessionsPerInstance"))
    if name in ctx.store.fleets:
        raise ApiError("ResourceAlreadyExistsException", f"The fleet '{name}' already exists.")
    image = ctx.source_image(required=not elastic)
    fleet = Fleet(name=name, arn=arn(ctx.region, "fleet", name), created=ctx.now,
                  instance_type=instance_type, fleet_type=fleet_type, desired=desired,
                  desired_sessions=desired_sessions,
                  image_name=image.name if image else None, image_arn=image.arn if image else None,
                  platform=image.platform if image else platform,
                  settings={**_DEFAULTS, **settings}, tags=tags)
    ctx.store.fleets.add(name, (fleet.created, name), fleet)
    return {"Fleet": fleet.render(ctx.now)}


@OPERATIONS("DescribeFleets")
def describe_fleets(ctx: Context) -> Body:
    page, token = page_named(ctx, ctx.store.fleets, ctx.fleet, None,
                             ctx.state.page_sizes.fleets)
    return with_token({"Fleets": [f.render(ctx.now) for f in page]}, token)


@OPERATIONS("UpdateFleet")
def update_fleet(ctx: Context) -> Body:
    params = ctx.params
    # The model makes Name optional, but there is nothing to update without it.
    fleet = ctx.fleet(params.name())
    if fleet.state in ("STARTING", "STOPPING"):
        raise concurrent(f"The fleet '{fleet.name}' is {fleet.state}; update it once it is "
                         "RUNNING or STOPPED.")
    if fleet.state == "RUNNING":
        allowed = _RUNNING_UPDATES.get(fleet.fleet_type, _RUNNING_UPDATES["ALWAYS_ON"])
        blocked = sorted(m for m, v in params.data.items() if v is not None and m not in allowed)
        if blocked:
            raise param_combination(f"{', '.join(blocked)} can only be changed while the fleet "
                                    f"is STOPPED; a RUNNING {fleet.fleet_type} fleet takes "
                                    f"{', '.join(sorted(allowed - {'Name'}))}.")
    instance_type = params.text("InstanceType", pattern=INSTANCE_TYPE_PATTERN)
    platform = params.text("Platform")
    settings = _settings(params)
    deletes = params.strings("AttributesToDelete") or []
    max_sessions = params.integer("MaxConcurrentSessions", minimum=1)
    elastic = fleet.fleet_type == "ELASTIC"
    capacity: tuple[int, int | None] | None = None
    if params.has("ComputeCapacity"):
        if elastic:
            raise param_combination("ComputeCapacity is not supported for Elastic fleets.")
        per_instance = settings.get("MaxSessionsPerInstance",
                                    fleet.settings.get("MaxSessionsPerInstance"))
        capacity = _capacity(params, per_instance)
    if max_sessions is not None and not elastic:
        raise param_combination("MaxConcurrentSessions is only supported for Elastic fleets.")
    image = ctx.source_image(required=False)
    # Everything is validated: apply.
    if image is not None:
        fleet.image_name, fleet.image_arn, fleet.platform = image.name, image.arn, image.platform
    if instance_type is not None:
        fleet.instance_type = instance_type
    if platform is not None and image is None:
        fleet.platform = platform
    for attribute in deletes:
        if attribute == "VPC_CONFIGURATION_SECURITY_GROUP_IDS":
            fleet.settings.get("VpcConfig", {}).pop("SecurityGroupIds", None)
        else:
            fleet.settings.pop(_ATTRIBUTE_MEMBERS[attribute], None)
    if params.boolean("DeleteVpcConfig"):
        fleet.settings.pop("VpcConfig", None)
    fleet.settings.update(settings)
    if capacity is not None:
        fleet.desired, fleet.desired_sessions = capacity
    if max_sessions is not None:
        fleet.desired = max_sessions
        fleet.settings["MaxConcurrentSessions"] = max_sessions
    if fleet.state == "RUNNING":
        # Kept simple: a running fleet reaches its new capacity at once.
        fleet.running = fleet.desired
    return {"Fleet": fleet.render(ctx.now)}


@OPERATIONS("DeleteFleet")
def delete_fleet(ctx: Context) -> Body:
    params = ctx.params
    fleet = ctx.fleet(params.required("Name"))
    if fleet.state != "STOPPED":
        raise in_use(f"The fleet '{fleet.name}' is {fleet.state}; stop it before deleting it.")
    if ctx.store.stacks_of_fleet.get(fleet.name):
        raise in_use(f"The fleet '{fleet.name}' is associated with a stack; disassociate it "
                     "first.")
    ctx.store.fleets.remove(fleet.name)
    ctx.store.stacks_of_fleet.pop(fleet.name, None)
    return {}


@OPERATIONS("StartFleet")
def start_fleet(ctx: Context) -> Body:
    params = ctx.params
    fleet = ctx.fleet(params.required("Name"))
    lifecycle.start_fleet(ctx.state, ctx.store, fleet)
    return {}


@OPERATIONS("StopFleet")
def stop_fleet(ctx: Context) -> Body:
    params = ctx.params
    fleet = ctx.fleet(params.required("Name"))
    lifecycle.stop_fleet(ctx.state, ctx.store, fleet)
    return {}


