"""AWS payloads to the neutral model. The state tables are data, checkable against the reference.

Every reader tolerates missing and unexpected fields: a payload the cloud changes tomorrow
becomes a model with UNKNOWN states, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

from streamkit.clock import as_utc
from streamkit.errors import NotFound, ProviderError, ValidationError
from streamkit.models import (
    AccessKind,
    Application,
    Capacity,
    ConnectionState,
    DomainJoin,
    FastLaunchImage,
    FastLaunchState,
    Fleet,
    FleetState,
    FleetType,
    Image,
    ImageBuilder,
    ImageBuilderState,
    ImagePermission,
    ImageState,
    ImageUpdate,
    InstanceType,
    LaunchTemplateRef,
    Provider,
    Region,
    ResourceError,
    Secret,
    Session,
    SessionState,
    Stack,
    StreamingAccess,
)
from streamkit.stack_settings import StackSettings, StorageConnector

FLEET_STATES: dict[str, FleetState] = {
    "STARTING": FleetState.STARTING,
    "RUNNING": FleetState.RUNNING,
    "STOPPING": FleetState.STOPPING,
    "STOPPED": FleetState.STOPPED,
}
FLEET_TYPES: dict[str, FleetType] = {
    "ALWAYS_ON": FleetType.ALWAYS_ON,
    "ON_DEMAND": FleetType.ON_DEMAND,
    "ELASTIC": FleetType.ELASTIC,
}
IMAGE_STATES: dict[str, ImageState] = {
    "PENDING": ImageState.PENDING,
    "CREATING": ImageState.PENDING,
    "IMPORTING": ImageState.PENDING,
    "VALIDATING": ImageState.PENDING,
    "AVAILABLE": ImageState.AVAILABLE,
    "FAILED": ImageState.FAILED,
    "COPYING": ImageState.COPYING,
    "DELETING": ImageState.DELETING,
}
IMAGE_BUILDER_STATES: dict[str, ImageBuilderState] = {
    "PENDING": ImageBuilderState.PENDING,
    "PENDING_QUALIFICATION": ImageBuilderState.PENDING,
    "PENDING_IMAGE_IMPORT": ImageBuilderState.PENDING,
    "UPDATING_AGENT": ImageBuilderState.UPDATING,
    "UPDATING": ImageBuilderState.UPDATING,
    "PENDING_SYNCING_APPS": ImageBuilderState.UPDATING,
    "SYNCING_APPS": ImageBuilderState.UPDATING,
    "RUNNING": ImageBuilderState.RUNNING,
    "STOPPING": ImageBuilderState.STOPPING,
    "STOPPED": ImageBuilderState.STOPPED,
    "REBOOTING": ImageBuilderState.REBOOTING,
    "SNAPSHOTTING": ImageBuilderState.SNAPSHOTTING,
    "DELETING": ImageBuilderState.DELETING,
    "FAILED": ImageBuilderState.FAILED,
}
SESSION_STATES: dict[str, SessionState] = {
    "PENDING": SessionState.PENDING,
    "ACTIVE": SessionState.ACTIVE,
    "EXPIRED": SessionState.EXPIRED,
}
CONNECTION_STATES: dict[str, ConnectionState] = {
    "CONNECTED": ConnectionState.CONNECTED,
    "NOT_CONNECTED": ConnectionState.NOT_CONNECTED,
}
#: EC2 ``FastLaunchStateCode`` -> neutral state; anything else is UNKNOWN (raw kept)
FAST_LAUNCH_STATES: dict[str, FastLaunchState] = {
    "enabling": FastLaunchState.ENABLING,
    "enabling-failed": FastLaunchState.ENABLING_FAILED,
    "enabled": FastLaunchState.ENABLED,
    "enabled-failed": FastLaunchState.ENABLED_FAILED,
    "disabling": FastLaunchState.DISABLING,
    "disabling-failed": FastLaunchState.DISABLING_FAILED,
}


#: StackSettings flags -> AppStream UserSetting actions (each ENABLED or DISABLED)
USER_SETTING_ACTIONS: Mapping[str, str] = {
    "clipboard_copy_from_local": "CLIPBOARD_COPY_FROM_LOCAL_DEVICE",
    "clipboard_copy_to_local": "CLIPBOARD_COPY_TO_LOCAL_DEVICE",
    "file_upload": "FILE_UPLOAD",
    "file_download": "FILE_DOWNLOAD",
    "printing": "PRINTING_TO_LOCAL_DEVICE",
    "domain_password_signin": "DOMAIN_PASSWORD_SIGNIN",
    "domain_smart_card_signin": "DOMAIN_SMART_CARD_SIGNIN",
    "time_zone_redirection": "AUTO_TIME_ZONE_REDIRECTION",
}
#: StackSettings lists -> the stack's member and its AttributesToDelete value (an update
#: given an empty tuple removes the member)
STACK_LISTS: Mapping[str, tuple[str, str]] = {
    "storage_connectors": ("StorageConnectors", "STORAGE_CONNECTORS"),
    "embed_host_domains": ("EmbedHostDomains", "EMBED_HOST_DOMAINS"),
    "access_endpoints": ("AccessEndpoints", "ACCESS_ENDPOINTS"),
}

#: each StackSettings field AppStream takes -> the member it goes to (the docs' table)
STACK_SETTING_MEMBERS: Mapping[str, str] = {
    **{field: f"UserSettings {action}" for field, action in USER_SETTING_ACTIONS.items()},
    **{field: member for field, (member, _) in STACK_LISTS.items()},
    "persistent_app_settings": "ApplicationSettings.Enabled",
    "app_settings_group": "ApplicationSettings.SettingsGroup",
    "preferred_protocol": "StreamingExperienceSettings.PreferredProtocol",
}


def _str(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    return value if isinstance(value, str) and value else None


def _int(d: Mapping[str, Any], key: str) -> int | None:
    value = d.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _time(d: Mapping[str, Any], key: str) -> datetime | None:
    """botocore's timestamps (in the machine's local zone) as aware UTC datetimes."""
    value = d.get(key)
    return as_utc(value) if isinstance(value, datetime) else None


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _maps(d: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The mappings in the list at ``key`` (a missing or non-list value: none)."""
    items = d.get(key)
    return [i for i in items if isinstance(i, Mapping)] if isinstance(items, list) else []


def _strs(d: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """The strings in the list at ``key`` (a missing or non-list value: none)."""
    items = d.get(key)
    return tuple(i for i in items if isinstance(i, str)) if isinstance(items, list) else ()


def _domain_join(d: Mapping[str, Any]) -> DomainJoin | None:
    info = _dict(d.get("DomainJoinInfo"))
    directory = _str(info, "DirectoryName")
    return None if directory is None else DomainJoin(
        directory_name=directory,
        organizational_unit=_str(info, "OrganizationalUnitDistinguishedName"))


def _failed_because(failed: bool, d: Mapping[str, Any]) -> tuple[ResourceError, ...]:
    """A failed image's or builder's StateChangeReason as its error (when it lists none)."""
    reason = _dict(d.get("StateChangeReason"))
    if not failed or not reason:
        return ()
    return (ResourceError(code=str(reason.get("Code") or "UNKNOWN"),
                          message=str(reason.get("Message") or "")),)


def _errors(d: Mapping[str, Any], key: str) -> tuple[ResourceError, ...]:
    if not d.get(key):
        return ()
    return tuple(
        ResourceError(code=str(item.get("ErrorCode") or "UNKNOWN"),
                      message=str(item.get("ErrorMessage") or ""),
                      time=_time(item, "ErrorTimestamp"))
        for item in _maps(d, key)
    )


def _text(raw: Any) -> str:
    """A state as the cloud sent it ("" if it is not text), kept beside its UNKNOWN."""
    return raw if isinstance(raw, str) else ""


def _view(d: Mapping[str, Any]) -> Mapping[str, Any]:
    """The payload as the model's ``raw``: a read-only view of the answer's own dict (the
    answer is streamkit's alone, so no copy is needed; one fewer allocation per item)."""
    return MappingProxyType(d)


def stack_settings(d: Mapping[str, Any]) -> StackSettings:
    """A stack's user settings, storage, domains, endpoints and experience, as reported."""
    permissions = {str(u.get("Action")): u.get("Permission") for u in _maps(d, "UserSettings")}
    flags: dict[str, Any] = {field: permissions[action] == "ENABLED"
             for field, action in USER_SETTING_ACTIONS.items()
             if permissions.get(action) in ("ENABLED", "DISABLED")}
    connectors = None
    if isinstance(d.get("StorageConnectors"), list):
        connectors = tuple(
            StorageConnector(kind=str(c["ConnectorType"]),
                             resource_identifier=_str(c, "ResourceIdentifier"),
                             domains=tuple(x for x in c.get("Domains") or () if isinstance(x, str)))
            for c in _maps(d, "StorageConnectors")
            if c.get("ConnectorType") in ("HOMEFOLDERS", "GOOGLE_DRIVE", "ONE_DRIVE"))
    domains = d.get("EmbedHostDomains")
    endpoints = [_str(e, "VpceId") for e in _maps(d, "AccessEndpoints")]
    app = _dict(d.get("ApplicationSettings"))
    enabled = app.get("Enabled")
    protocol = _dict(d.get("StreamingExperienceSettings")).get("PreferredProtocol")
    return StackSettings(
        **flags, storage_connectors=connectors,
        embed_host_domains=tuple(x for x in domains if isinstance(x, str))
        if isinstance(domains, list) else None,
        access_endpoints=tuple(e for e in endpoints if e) if endpoints else None,
        persistent_app_settings=enabled if isinstance(enabled, bool) else None,
        app_settings_group=_str(app, "SettingsGroup") if enabled is True else None,
        preferred_protocol=protocol if protocol in ("TCP", "UDP") else None)


def stack(d: Mapping[str, Any], region: str) -> Stack:
    name = _str(d, "Name") or ""
    errors = tuple(
        ResourceError(code=str(item.get("ErrorCode") or "UNKNOWN"),
                      message=str(item.get("ErrorMessage") or ""))
        for item in _maps(d, "StackErrors")
    )
    return Stack(id=name, name=name, provider=Provider.AWS, region=region,
                 display_name=_str(d, "DisplayName"), description=_str(d, "Description"),
                 created_at=_time(d, "CreatedTime"), errors=errors,
                 settings=_settings_or_none(d), raw=_view(d))


def _settings_or_none(d: Mapping[str, Any]) -> StackSettings:
    # an answer streamkit's own rules refuse (a domain it would not send) reads as "not
    # reported" rather than failing the read; raw keeps it
    try:
        return stack_settings(d)
    except ValidationError:
        return StackSettings()


def fleet(d: Mapping[str, Any], region: str) -> Fleet:
    name = _str(d, "Name") or ""
    raw_state = _text(d.get("State"))
    state = FLEET_STATES.get(raw_state, FleetState.UNKNOWN)
    cap = _dict(d.get("ComputeCapacityStatus"))
    vpc = _dict(d.get("VpcConfig"))
    script = _dict(d.get("SessionScriptS3Location"))
    bucket, key = _str(script, "S3Bucket"), _str(script, "S3Key")
    desired = _int(cap, "Desired")
    if desired is None:
        desired = _int(d, "MaxConcurrentSessions") or 0
    return Fleet(
        id=name, name=name, provider=Provider.AWS, region=region, state=state,
        raw_state=raw_state, instance_type=_str(d, "InstanceType") or "",
        capacity=Capacity(desired=desired, running=_int(cap, "Running") or 0,
                          in_use=_int(cap, "InUse") or 0, available=_int(cap, "Available") or 0),
        fleet_type=FLEET_TYPES.get(str(d.get("FleetType")), FleetType.UNKNOWN),
        image_id=_str(d, "ImageName"), display_name=_str(d, "DisplayName"),
        description=_str(d, "Description"), created_at=_time(d, "CreatedTime"),
        max_user_duration_seconds=_int(d, "MaxUserDurationInSeconds"),
        disconnect_timeout_seconds=_int(d, "DisconnectTimeoutInSeconds"),
        idle_disconnect_timeout_seconds=_int(d, "IdleDisconnectTimeoutInSeconds"),
        platform=_str(d, "Platform"),
        max_sessions_per_instance=_int(d, "MaxSessionsPerInstance"),
        max_concurrent_sessions=_int(d, "MaxConcurrentSessions"),
        subnet_ids=_strs(vpc, "SubnetIds"), security_group_ids=_strs(vpc, "SecurityGroupIds"),
        iam_role_arn=_str(d, "IamRoleArn"), domain_join=_domain_join(d),
        session_script=f"s3://{bucket}/{key}" if bucket and key else None,
        errors=_errors(d, "FleetErrors"), raw=_view(d))


def image(d: Mapping[str, Any], region: str) -> Image:
    name = _str(d, "Name") or ""
    raw_state = _text(d.get("State"))
    state = IMAGE_STATES.get(raw_state, ImageState.UNKNOWN)
    apps = tuple(
        Application(id=str(a.get("Name") or ""), name=str(a.get("Name") or ""),
                    display_name=_str(a, "DisplayName"))
        for a in _maps(d, "Applications")
    )
    errors = _errors(d, "ImageErrors") or _failed_because(state is ImageState.FAILED, d)
    return Image(id=name, name=name, provider=Provider.AWS, region=region, state=state,
                 raw_state=raw_state, platform=_str(d, "Platform"),
                 visibility=_str(d, "Visibility"), display_name=_str(d, "DisplayName"),
                 description=_str(d, "Description"), created_at=_time(d, "CreatedTime"),
                 applications=apps, errors=errors, raw=_view(d))


def image_permission(d: Any, region: str) -> ImagePermission | None:
    """One SharedImagePermissions item; None (left out) if it names no account."""
    if not isinstance(d, Mapping) or _str(d, "sharedAccountId") is None:
        return None
    allowed = _dict(d.get("imagePermissions"))
    return ImagePermission(account_id=str(d["sharedAccountId"]),
                           fleets=allowed.get("allowFleet") is True,
                           builders=allowed.get("allowImageBuilder") is True)


def image_update(d: Mapping[str, Any], region: str) -> ImageUpdate:
    """CreateUpdatedImage's answer: the image and whether it can be updated."""
    can = d.get("canUpdateImage")
    return ImageUpdate(image=image(_dict(d.get("image")), region),
                       updates_available=can if isinstance(can, bool) else None)


def image_builder(d: Mapping[str, Any], region: str) -> ImageBuilder:
    name = _str(d, "Name") or ""
    raw_state = _text(d.get("State"))
    state = IMAGE_BUILDER_STATES.get(raw_state, ImageBuilderState.UNKNOWN)
    image_arn = _str(d, "ImageArn")
    return ImageBuilder(
        id=name, name=name, provider=Provider.AWS, region=region, state=state,
        raw_state=raw_state, instance_type=_str(d, "InstanceType"),
        image_id=image_arn.rsplit("/", 1)[-1] if image_arn else None,
        display_name=_str(d, "DisplayName"), description=_str(d, "Description"),
        created_at=_time(d, "CreatedTime"), platform=_str(d, "Platform"),
        agent_version=_str(d, "AppstreamAgentVersion"), iam_role_arn=_str(d, "IamRoleArn"),
        domain_join=_domain_join(d),
        errors=_errors(d, "ImageBuilderErrors")
        or _failed_because(state is ImageBuilderState.FAILED, d), raw=_view(d))


def session(d: Mapping[str, Any], region: str) -> Session:
    raw_state = _text(d.get("State"))
    state = SESSION_STATES.get(raw_state, SessionState.UNKNOWN)
    connection = CONNECTION_STATES.get(_text(d.get("ConnectionState")), ConnectionState.UNKNOWN)
    return Session(id=_str(d, "Id") or "", user_id=_str(d, "UserId") or "",
                   stack_id=_str(d, "StackName") or "", fleet_id=_str(d, "FleetName") or "",
                   provider=Provider.AWS, region=region, state=state, raw_state=raw_state,
                   connection=connection, started_at=_time(d, "StartTime"),
                   expires_at=_time(d, "MaxExpirationTime"), raw=_view(d))


def fast_launch_image(d: Mapping[str, Any], region: str) -> FastLaunchImage:
    """One ``DescribeFastLaunchImagesSuccessItem`` (or an Enable/Disable answer), tolerantly."""
    raw_state = _text(d.get("State"))
    state = FAST_LAUNCH_STATES.get(raw_state, FastLaunchState.UNKNOWN)
    template = _dict(d.get("LaunchTemplate"))
    return FastLaunchImage(
        image_id=_str(d, "ImageId") or "", provider=Provider.AWS, region=region,
        state=state, raw_state=raw_state, resource_type=_str(d, "ResourceType"),
        snapshot_target_count=_int(_dict(d.get("SnapshotConfiguration")), "TargetResourceCount"),
        launch_template=LaunchTemplateRef(id=_str(template, "LaunchTemplateId"),
                                          name=_str(template, "LaunchTemplateName"),
                                          version=_str(template, "Version"))
        if template else None,
        max_parallel_launches=_int(d, "MaxParallelLaunches"), owner_id=_str(d, "OwnerId"),
        state_reason=_str(d, "StateTransitionReason"),
        state_changed_at=_time(d, "StateTransitionTime"), raw=_view(d))


def fast_launch_item(d: Any, region: str) -> FastLaunchImage | None:
    """One item of DescribeFastLaunchImages; None (left out) if it is not an object."""
    return fast_launch_image(d, region) if isinstance(d, Mapping) else None


def fast_launch_answer(d: Mapping[str, Any], region: str) -> FastLaunchImage:
    """An EnableFastLaunch / DisableFastLaunch answer: its fields without ``ResponseMetadata``."""
    return fast_launch_image({k: v for k, v in d.items() if k != "ResponseMetadata"}, region)


def streaming_url(d: Mapping[str, Any], region: str) -> StreamingAccess:
    """A CreateStreamingURL / CreateImageBuilderStreamingURL answer (the URL is a secret)."""
    return StreamingAccess(kind=AccessKind.URL, secret=Secret(str(d["StreamingURL"])),
                           provider=Provider.AWS, region=region, expires_at=_time(d, "Expires"))


def item_name(d: Any, region: str) -> str:
    """An item that is a name (ListAssociatedFleets)."""
    return str(d)


def user_name(d: Mapping[str, Any], region: str) -> str:
    """One UserStackAssociation: its user."""
    return str(d.get("UserName"))


#: the tag a create carries to prove, after its answer was lost, that it made the resource
#: (tags under this prefix are streamkit's own and not shown among a resource's tags)
CREATE_TOKEN_TAG = "streamkit:create-token"
INTERNAL_TAG_PREFIX = "streamkit:"


def tags(d: Mapping[str, Any], region: str) -> dict[str, str]:
    return {key: value for key, value in (d.get("Tags") or {}).items()
            if not key.startswith(INTERNAL_TAG_PREFIX)}


def all_tags(d: Mapping[str, Any], region: str) -> dict[str, str]:
    """ListTagsForResource's tags, streamkit's own included."""
    return {str(key): str(value) for key, value in (d.get("Tags") or {}).items()}


def create_token(d: Mapping[str, Any], region: str) -> str | None:
    """The create token a resource was tagged with (ListTagsForResource's answer), if any."""
    token = (d.get("Tags") or {}).get(CREATE_TOKEN_TAG)
    return token if isinstance(token, str) else None


def nothing(d: Mapping[str, Any], region: str) -> None:
    """The answer of a call whose result is only that it succeeded."""


#: BatchAssociateUserStack per-item error codes
USER_ERRORS: Mapping[str, type[ProviderError]] = {
    "STACK_NOT_FOUND": NotFound, "USER_NAME_NOT_FOUND": NotFound,
    "DIRECTORY_NOT_FOUND": NotFound,
}


def user_batch(operation: str) -> Callable[[Mapping[str, Any], str], None]:
    """The answer of a Batch(Dis)AssociateUserStack: raises its first per-item error."""

    def answer(d: Mapping[str, Any], region: str) -> None:
        for error in d.get("errors") or []:
            code = str(error.get("ErrorCode") or "INTERNAL_ERROR")
            raise USER_ERRORS.get(code, ProviderError)(
                str(error.get("ErrorMessage") or code), provider=Provider.AWS,
                operation=operation, code=code,
                request_id=d.get("ResponseMetadata", {}).get("RequestId"))

    return answer


# Discovery: AppStream has no API for either list, so both are data ---------------------------

#: the regions AppStream 2.0 serves (botocore's endpoint data for ``appstream2``, and the two
#: AWS GovCloud regions)
REGIONS: tuple[str, ...] = (
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
    "ap-southeast-2", "ap-southeast-5", "ca-central-1", "ca-west-1", "eu-central-1",
    "eu-central-2", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "il-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-2", "us-gov-east-1",
    "us-gov-west-1",
)
#: family -> size -> (vCPUs, memory GiB, GPUs): the instance types of the AppStream 2.0
#: documentation, with the figures of the EC2 instances they run on (None: not published)
_Figures = tuple[float | None, float | None, float | None]
INSTANCE_FAMILIES: Mapping[str, Mapping[str, _Figures]] = {
    "stream.standard": {"small": (2, 2, 0), "medium": (2, 4, 0), "large": (2, 8, 0),
                        "xlarge": (4, 16, 0), "2xlarge": (8, 32, 0)},
    "stream.compute": {"large": (2, 3.75, 0), "xlarge": (4, 7.5, 0), "2xlarge": (8, 15, 0),
                       "4xlarge": (16, 30, 0), "8xlarge": (36, 60, 0)},
    "stream.memory": {"large": (2, 15.25, 0), "xlarge": (4, 30.5, 0), "2xlarge": (8, 61, 0),
                      "4xlarge": (16, 122, 0), "8xlarge": (32, 244, 0)},
    "stream.memory.z1d": {"large": (2, 16, 0), "xlarge": (4, 32, 0), "2xlarge": (8, 64, 0),
                          "3xlarge": (12, 96, 0), "6xlarge": (24, 192, 0),
                          "12xlarge": (48, 384, 0)},
    "stream.graphics.g4dn": {"xlarge": (4, 16, 1), "2xlarge": (8, 32, 1),
                             "4xlarge": (16, 64, 1), "8xlarge": (32, 128, 1),
                             "12xlarge": (48, 192, 4), "16xlarge": (64, 256, 1)},
    "stream.graphics.g5": {"xlarge": (4, 16, 1), "2xlarge": (8, 32, 1), "4xlarge": (16, 64, 1),
                           "8xlarge": (32, 128, 1), "12xlarge": (48, 192, 4),
                           "16xlarge": (64, 256, 1), "24xlarge": (96, 384, 4)},
    "stream.graphics.g6": {"xlarge": (4, 16, 1), "2xlarge": (8, 32, 1), "4xlarge": (16, 64, 1),
                           "8xlarge": (32, 128, 1), "12xlarge": (48, 192, 4),
                           "16xlarge": (64, 256, 1), "24xlarge": (96, 384, 4)},
    "stream.graphics.gr6": {"4xlarge": (16, 128, 1), "8xlarge": (32, 256, 1)},
    "stream.graphics.g6f": {size: (None, None, None)
                            for size in ("large", "xlarge", "2xlarge", "4xlarge")},
    "stream.graphics.gr6f": {"4xlarge": (None, None, None)},
    "stream.graphics.g7": {size: (None, None, None) for size in (
        "2xlarge", "4xlarge", "8xlarge", "12xlarge", "24xlarge", "48xlarge")},
}


def regions() -> list[Region]:
    return [Region(id=region, provider=Provider.AWS) for region in REGIONS]


def instance_types() -> list[InstanceType]:
    found = []
    for family, sizes in INSTANCE_FAMILIES.items():
        for size, (cpu, memory, gpu) in sizes.items():
            found.append(InstanceType(
                name=f"{family}.{size}", provider=Provider.AWS, family=family,
                cpu=None if cpu is None else float(cpu),
                memory_mib=None if memory is None else int(memory * 1024),
                gpu=None if gpu is None else float(gpu)))
    return found


#: the readers of this module, for the extension areas' payloads (cloud.aws.*)
read_str, read_int, read_time, read_maps, read_errors = _str, _int, _time, _maps, _errors
read_state, read_dict, raw_view = _text, _dict, _view
