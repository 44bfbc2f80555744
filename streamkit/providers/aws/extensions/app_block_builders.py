"""``cloud.aws.app_block_builders``: the instances that package APPSTREAM2 app blocks, their
app block, their streaming URL (a secret) and their waits."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from streamkit.errors import NotFound, ValidationError
from streamkit.extensions import Area
from streamkit.models import Page, Provider, ResourceError, StreamingAccess
from streamkit.operations import Operation
from streamkit.paging import Listing, TokenPaginator
from streamkit.providers.aws import translate as t
from streamkit.providers.aws.extensions.shapes import (
    MAX_PAGE,
    answer_in,
    check_arn,
    read_strings,
)
from streamkit.providers.aws.operations import named
from streamkit.retry import CallKind
from streamkit.validation import (
    check_instance_type,
    check_name,
    check_optional_bool,
    check_optional_int,
    check_optional_str,
    check_str_tuple,
    check_tags,
)
from streamkit.waiting import FLEET_START_POLL, FLEET_STOP_POLL, Observation, WaitSpec

__all__ = ["APP_BLOCK_BUILDER_RUNNING", "APP_BLOCK_BUILDER_STOPPED", "OPERATIONS",
           "AppBlockBuilder", "AppBlockBuilderAssociation", "AppBlockBuilderState",
           "AppBlockBuilders"]

_VPCE = re.compile(r"vpce-[0-9a-z]{1,32}")
#: the attribute UpdateAppBlockBuilder's AttributesToDelete removes, by the field that an
#: empty value ("" or ()) removes
_DELETABLE = {"iam_role_arn": "IAM_ROLE_ARN", "access_endpoints": "ACCESS_ENDPOINTS",
              "security_group_ids": "VPC_CONFIGURATION_SECURITY_GROUP_IDS"}
#: a streaming URL's validity, in seconds (the API reference's bounds)
STREAMING_VALIDITY = (1, 604_800)
#: the documented minimum of subnets (in different availability zones)
MIN_SUBNETS = 2


class AppBlockBuilderState(str, enum.Enum):
    """An app block builder's state."""

    STARTING = "STARTING"
    RUNNING = "RUNNING"
    STOPPING = "STOPPING"
    STOPPED = "STOPPED"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class AppBlockBuilder:
    """An app block builder.

    Args:
        id: Its name (AppStream's ids are names).
        name: Its name.
        arn: Its ARN.
        provider: Always AWS.
        region: The region it lives in.
        state: Its state (UNKNOWN: the cloud's value in ``raw_state``).
        raw_state: The cloud's state string.
        platform: Its platform (``WINDOWS_SERVER_2019``).
        instance_type: Its instance type.
        subnet_ids: Its subnets.
        security_group_ids: Its security groups.
        enable_internet_access: Whether it has default internet access.
        iam_role_arn: The IAM role it runs with, if any.
        access_endpoints: The interface VPC endpoints admins connect through.
        disable_imdsv1: Whether IMDSv1 is off.
        display_name: Its display name, if set.
        description: Its description, if set.
        created_at: When it was made.
        errors: Its errors and the reason of its last state change, if any.
        raw: The cloud's own payload.
    """

    id: str
    name: str
    arn: str
    provider: Provider
    region: str
    state: AppBlockBuilderState
    raw_state: str = ""
    platform: str | None = None
    instance_type: str | None = None
    subnet_ids: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    enable_internet_access: bool | None = None
    iam_role_arn: str | None = None
    access_endpoints: tuple[str, ...] = ()
    disable_imdsv1: bool | None = None
    display_name: str | None = None
    description: str | None = None
    created_at: datetime | None = None
    errors: tuple[ResourceError, ...] = ()
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


@attrs.frozen(kw_only=True)
class AppBlockBuilderAssociation:
    """An app block an app block builder packages.

    Args:
        builder_id: The app block builder.
        app_block_arn: The app block.
    """

    builder_id: str
    app_block_arn: str


#: ``cloud.aws.app_block_builders.wait_until_running``: STOPPED/STOPPING are tolerated for the
#: grace period (a start may not show yet); STOPPED with errors fails at once
APP_BLOCK_BUILDER_RUNNING = WaitSpec(
    name="app block builder running",
    success=frozenset({AppBlockBuilderState.RUNNING}),
    grace=frozenset({AppBlockBuilderState.STOPPED, AppBlockBuilderState.STOPPING}),
    errors_fail_in=frozenset({AppBlockBuilderState.STOPPED}),
    timeout=1800.0, schedule=FLEET_START_POLL,
    resource="aws.app_block_builders", id_name="builder_id", grace_seconds=60.0,
)
#: ``cloud.aws.app_block_builders.wait_until_stopped``
APP_BLOCK_BUILDER_STOPPED = WaitSpec(
    name="app block builder stopped",
    success=frozenset({AppBlockBuilderState.STOPPED}),
    grace=frozenset({AppBlockBuilderState.RUNNING, AppBlockBuilderState.STARTING}),
    timeout=1800.0, schedule=FLEET_STOP_POLL,
    resource="aws.app_block_builders", id_name="builder_id", grace_seconds=60.0,
)


# Requests and answers -----------------------------------------------------------------------


def _bool(d: Mapping[str, Any], key: str) -> bool | None:
    value = d.get(key)
    return value if isinstance(value, bool) else None


def app_block_builder(d: Mapping[str, Any], region: str) -> AppBlockBuilder:
    """One AppBlockBuilder, tolerantly."""
    name = t.read_str(d, "Name") or ""
    raw_state = t.read_state(d.get("State"))
    vpc = t.read_dict(d.get("VpcConfig"))
    reason = t.read_dict(d.get("StateChangeReason"))
    errors = t.read_errors(d, "AppBlockBuilderErrors")
    if reason.get("Code") or reason.get("Message"):
        errors += (ResourceError(code=str(reason.get("Code") or "UNKNOWN"),
                                 message=str(reason.get("Message") or "")),)
    return AppBlockBuilder(
        id=name, name=name, arn=t.read_str(d, "Arn") or "", provider=Provider.AWS,
        region=region,
        state=AppBlockBuilderState.__members__.get(raw_state, AppBlockBuilderState.UNKNOWN),
        raw_state=raw_state, platform=t.read_str(d, "Platform"),
        instance_type=t.read_str(d, "InstanceType"), subnet_ids=read_strings(vpc, "SubnetIds"),
        security_group_ids=read_strings(vpc, "SecurityGroupIds"),
        enable_internet_access=_bool(d, "EnableDefaultInternetAccess"),
        iam_role_arn=t.read_str(d, "IamRoleArn"),
        access_endpoints=tuple(v for e in t.read_maps(d, "AccessEndpoints")
                               if (v := t.read_str(e, "VpceId")) is not None),
        disable_imdsv1=_bool(d, "DisableIMDSV1"), display_name=t.read_str(d, "DisplayName"),
        description=t.read_str(d, "Description"), created_at=t.read_time(d, "CreatedTime"),
        errors=errors, raw=t.raw_view(d))


def association(d: Mapping[str, Any], region: str) -> AppBlockBuilderAssociation:
    """One AppBlockBuilderAppBlockAssociation."""
    return AppBlockBuilderAssociation(builder_id=t.read_str(d, "AppBlockBuilderName") or "",
                                      app_block_arn=t.read_str(d, "AppBlockArn") or "")


def _members(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The given fields as the API's members (an empty one: left out, see _DELETABLE)."""
    names = {"display_name": "DisplayName", "description": "Description",
             "platform": "Platform", "instance_type": "InstanceType",
             "enable_internet_access": "EnableDefaultInternetAccess",
             "iam_role_arn": "IamRoleArn", "disable_imdsv1": "DisableIMDSV1"}
    out: dict[str, Any] = {names[k]: v for k, v in fields.items()
                           if k in names and v is not None and v != ""}
    vpc = {member: list(fields[field]) for field, member in (
        ("subnet_ids", "SubnetIds"), ("security_group_ids", "SecurityGroupIds"))
        if fields.get(field)}
    if vpc:
        out["VpcConfig"] = vpc
    if fields.get("access_endpoints"):
        out["AccessEndpoints"] = [{"EndpointType": "STREAMING", "VpceId": e}
                                  for e in fields["access_endpoints"]]
    return out


def _create(name: str, fields: Mapping[str, Any], tags: Mapping[str, str]) -> dict[str, Any]:
    out = {"Name": name, **_members(fields)}
    return {**out, "Tags": dict(tags)} if tags else out


def _update(name: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    out = {"Name": name, **_members(fields)}
    deletes = [attribute for field, attribute in _DELETABLE.items()
               if fields.get(field) is not None and not fields[field]]
    return {**out, "AttributesToDelete": deletes} if deletes else out


def _names(name: str | None = None) -> dict[str, Any]:
    return {"Names": [name]} if name else {}


def _pair(builder_id: str, app_block_arn: str) -> dict[str, Any]:
    return {"AppBlockBuilderName": builder_id, "AppBlockArn": app_block_arn}


def _filter(builder_id: str | None, app_block_arn: str | None) -> dict[str, Any]:
    out = {"AppBlockBuilderName": builder_id, "AppBlockArn": app_block_arn}
    return {k: v for k, v in out.items() if v is not None}


def _url(builder_id: str, validity: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {"AppBlockBuilderName": builder_id}
    return {**out, "Validity": validity} if validity is not None else out


_USED = "aws.app_block_builders."
_BUILDER = answer_in("AppBlockBuilder", app_block_builder)
DESCRIBE = Operation(name="DescribeAppBlockBuilders", request=_names, answer=app_block_builder,
                     paginator=TokenPaginator(result_key="AppBlockBuilders",
                                              limit_key="MaxResults", max_page=MAX_PAGE),
                     used_by=(_USED + "list", _USED + "get", _USED + "wait_until_running",
                              _USED + "wait_until_stopped"))
CREATE = Operation(name="CreateAppBlockBuilder", request=_create, kind=CallKind.CREATE,
                   answer=_BUILDER, used_by=(_USED + "create",))
UPDATE = Operation(name="UpdateAppBlockBuilder", request=_update, kind=CallKind.WRITE,
                   answer=_BUILDER, used_by=(_USED + "update",))
DELETE = Operation(name="DeleteAppBlockBuilder", request=named, kind=CallKind.DELETE,
                   answer=t.nothing, used_by=(_USED + "delete",))
START = Operation(name="StartAppBlockBuilder", request=named, kind=CallKind.WRITE,
                  answer=_BUILDER, used_by=(_USED + "start",))
STOP = Operation(name="StopAppBlockBuilder", request=named, kind=CallKind.WRITE,
                 answer=_BUILDER, used_by=(_USED + "stop",))
ASSOCIATE = Operation(name="AssociateAppBlockBuilderAppBlock", request=_pair,
                      kind=CallKind.WRITE, answer=t.nothing,
                      used_by=(_USED + "associate_app_block",))
DISASSOCIATE = Operation(name="DisassociateAppBlockBuilderAppBlock", request=_pair,
                         kind=CallKind.WRITE, answer=t.nothing,
                         used_by=(_USED + "disassociate_app_block",))
ASSOCIATIONS = Operation(name="DescribeAppBlockBuilderAppBlockAssociations", request=_filter,
                         answer=association,
                         paginator=TokenPaginator(
                             result_key="AppBlockBuilderAppBlockAssociations",
                             limit_key="MaxResults", max_page=MAX_PAGE),
                         used_by=(_USED + "list_app_block_associations",))
STREAMING_URL = Operation(name="CreateAppBlockBuilderStreamingURL", request=_url,
                          answer=t.streaming_url, used_by=(_USED + "connect",))

OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    DESCRIBE, CREATE, UPDATE, DELETE, START, STOP, ASSOCIATE, DISASSOCIATE, ASSOCIATIONS,
    STREAMING_URL)}


# Input ----------------------------------------------------------------------------------------


def _ids(field: str, value: object, *, update: bool, low: int, high: int | None
         ) -> tuple[str, ...] | None:
    """A list of ids; on an update an empty one removes it (None: unchanged)."""
    if value is None:
        return None
    items = check_str_tuple(field, value, max_items=high)
    if (items or not update) and len(items) < low:
        raise ValidationError(field, f"must hold at least {low} id(s)", len(items))
    return items


def _endpoints(value: object, *, update: bool) -> tuple[str, ...] | None:
    items = _ids("access_endpoints", value, update=update, low=1, high=4)
    for i, item in enumerate(items or ()):
        if not _VPCE.fullmatch(item):
            raise ValidationError(f"access_endpoints[{i}]", "must be an interface VPC "
                                  "endpoint id (vpce-...)", item)
    return items


def _fields(*, update: bool, **given: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "display_name": check_optional_str("display_name", given["display_name"], max_len=100),
        "description": check_optional_str("description", given["description"], max_len=256),
        "enable_internet_access": check_optional_bool("enable_internet_access",
                                                      given["enable_internet_access"]),
        "disable_imdsv1": check_optional_bool("disable_imdsv1", given["disable_imdsv1"]),
        "subnet_ids": _ids("subnet_ids", given["subnet_ids"], update=False,
                           low=MIN_SUBNETS, high=None),
        "security_group_ids": _ids("security_group_ids", given["security_group_ids"],
                                   update=update, low=1, high=5),
        "access_endpoints": _endpoints(given["access_endpoints"], update=update),
    }
    if given["instance_type"] is not None:
        fields["instance_type"] = check_instance_type("instance_type", given["instance_type"])
    if given["platform"] is not None:
        fields["platform"] = check_name("platform", given["platform"])
    role = given["iam_role_arn"]
    if role is not None:
        fields["iam_role_arn"] = "" if update and role == "" else check_arn("iam_role_arn",
                                                                              role)
    return fields


class AppBlockBuilders(Area):
    """App block builders (AWS): package APPSTREAM2 app blocks on a streaming instance."""

    def list(self) -> Iterator[AppBlockBuilder]:
        """Every app block builder in the region, fetched page by page as you iterate."""
        return iter(self._builders())

    def list_page(self, page_size: int | None = None, cursor: str | None = None
                  ) -> Page[AppBlockBuilder]:
        """One page of app block builders; pass ``next_cursor`` back for the next."""
        return self._builders().page(page_size, cursor)

    def _builders(self) -> Listing[AppBlockBuilder]:
        return self._listing("app_block_builders", self._context.calls.pages(DESCRIBE),
                             max_page_size=MAX_PAGE)

    def get(self, builder_id: str) -> AppBlockBuilder:
        """One app block builder; :class:`~streamkit.NotFound` if there is none."""
        builder_id = check_name("builder_id", builder_id)
        for builder in self._context.calls.pages(DESCRIBE, builder_id)(None, None)[0]:
            if builder.id == builder_id:
                return builder
        raise NotFound(f"app block builder {builder_id} does not exist", provider=Provider.AWS,
                       operation=DESCRIBE.name, code="ResourceNotFoundException")

    def create(self, name: str, *, instance_type: str, subnet_ids: Sequence[str],
               security_group_ids: Sequence[str] | None = None,
               platform: str = "WINDOWS_SERVER_2019", display_name: str | None = None,
               description: str | None = None, enable_internet_access: bool | None = None,
               iam_role_arn: str | None = None, access_endpoints: Sequence[str] | None = None,
               disable_imdsv1: bool | None = None, tags: Mapping[str, str] | None = None
               ) -> AppBlockBuilder:
        """Create an app block builder, STOPPED: associate an app block, then :meth:`start`.

        ``subnet_ids``: two or more, in different availability zones; ``access_endpoints``:
        interface VPC endpoint ids (``vpce-...``) admins connect through.
        """
        if instance_type is None:
            raise ValidationError("instance_type", "is required", None)
        if subnet_ids is None:
            raise ValidationError("subnet_ids", "is required", None)
        fields = _fields(update=False, display_name=display_name, description=description,
                         enable_internet_access=enable_internet_access,
                         disable_imdsv1=disable_imdsv1, subnet_ids=subnet_ids,
                         security_group_ids=security_group_ids,
                         access_endpoints=access_endpoints, instance_type=instance_type,
                         platform=platform, iam_role_arn=iam_role_arn)
        made: AppBlockBuilder = self._context.calls.run(
            CREATE, check_name("name", name), fields,
            check_tags("tags", {} if tags is None else tags))
        return made

    def update(self, builder_id: str, *, display_name: str | None = None,
               description: str | None = None, instance_type: str | None = None,
               platform: str | None = None, subnet_ids: Sequence[str] | None = None,
               security_group_ids: Sequence[str] | None = None,
               enable_internet_access: bool | None = None, iam_role_arn: str | None = None,
               access_endpoints: Sequence[str] | None = None,
               disable_imdsv1: bool | None = None) -> AppBlockBuilder:
        """Change the given fields; the others stay. A RUNNING builder takes only
        ``display_name`` and ``description``. ``iam_role_arn=""``,
        ``security_group_ids=()`` and ``access_endpoints=()`` remove them."""
        fields = _fields(update=True, display_name=display_name, description=description,
                         enable_internet_access=enable_internet_access,
                         disable_imdsv1=disable_imdsv1, subnet_ids=subnet_ids,
                         security_group_ids=security_group_ids,
                         access_endpoints=access_endpoints, instance_type=instance_type,
                         platform=platform, iam_role_arn=iam_role_arn)
        updated: AppBlockBuilder = self._context.calls.run(
            UPDATE, check_name("builder_id", builder_id), fields)
        return updated

    def delete(self, builder_id: str) -> None:
        """Delete a stopped app block builder that has no app block."""
        self._context.calls.run(DELETE, check_name("builder_id", builder_id))

    def start(self, builder_id: str) -> AppBlockBuilder:
        """Start the builder (it needs its app block); follow with :meth:`wait_until_running`."""
        started: AppBlockBuilder = self._context.calls.run(START,
                                                           check_name("builder_id", builder_id))
        return started

    def stop(self, builder_id: str) -> AppBlockBuilder:
        """Stop the builder (its instance goes); follow with :meth:`wait_until_stopped`."""
        stopped: AppBlockBuilder = self._context.calls.run(STOP,
                                                           check_name("builder_id", builder_id))
        return stopped

    def associate_app_block(self, builder_id: str, app_block_arn: str) -> None:
        """Give the builder the APPSTREAM2 app block to package (one per builder)."""
        self._context.calls.run(ASSOCIATE, check_name("builder_id", builder_id),
                                check_arn("app_block_arn", app_block_arn))

    def disassociate_app_block(self, builder_id: str, app_block_arn: str) -> None:
        """Take the app block from the builder."""
        self._context.calls.run(DISASSOCIATE, check_name("builder_id", builder_id),
                                check_arn("app_block_arn", app_block_arn))

    def _associations(self, builder_id: str | None, app_block_arn: str | None
                      ) -> Listing[AppBlockBuilderAssociation]:
        builder = None if builder_id is None else check_name("builder_id", builder_id)
        arn = None if app_block_arn is None else check_arn("app_block_arn", app_block_arn)
        return self._listing("app_block_builder_app_blocks",
                             self._context.calls.pages(ASSOCIATIONS, builder, arn),
                             builder or "*", arn or "*", max_page_size=MAX_PAGE)

    def list_app_block_associations(self, *, builder_id: str | None = None,
                                    app_block_arn: str | None = None
                                    ) -> Iterator[AppBlockBuilderAssociation]:
        """Which builders package which app blocks (all, or those of one or both)."""
        return iter(self._associations(builder_id, app_block_arn))

    def list_app_block_associations_page(self, *, builder_id: str | None = None,
                                         app_block_arn: str | None = None,
                                         page_size: int | None = None,
                                         cursor: str | None = None
                                         ) -> Page[AppBlockBuilderAssociation]:
        """One page of :meth:`list_app_block_associations`."""
        return self._associations(builder_id, app_block_arn).page(page_size, cursor)

    def connect(self, builder_id: str, *, validity: int | None = None) -> StreamingAccess:
        """A URL to the RUNNING builder's desktop, a secret (``validity``: seconds, AWS's
        default 3600)."""
        check_optional_int("validity", validity, minimum=STREAMING_VALIDITY[0],
                           maximum=STREAMING_VALIDITY[1])
        access: StreamingAccess = self._context.calls.run(
            STREAMING_URL, check_name("builder_id", builder_id), validity)
        return access

    def wait_until_running(self, builder_id: str, *, timeout: float | None = None,
                           on_progress: Callable[[Observation[Any]], None] | None = None,
                           grace: float = 60.0) -> AppBlockBuilder:
        """Poll until the builder is RUNNING (default timeout 30 min).

        STOPPED/STOPPING are tolerated for ``grace`` seconds; STOPPED with errors fails at
        once with :class:`~streamkit.WaiterFailed`.
        """
        builder: AppBlockBuilder = self._context.wait(APP_BLOCK_BUILDER_RUNNING, builder_id,
                                                      timeout, on_progress, grace)
        return builder

    def wait_until_stopped(self, builder_id: str, *, timeout: float | None = None,
                           on_progress: Callable[[Observation[Any]], None] | None = None,
                           grace: float = 60.0) -> AppBlockBuilder:
        """Poll until the builder is STOPPED (default timeout 30 min)."""
        builder: AppBlockBuilder = self._context.wait(APP_BLOCK_BUILDER_STOPPED, builder_id,
                                                      timeout, on_progress, grace)
        return builder
