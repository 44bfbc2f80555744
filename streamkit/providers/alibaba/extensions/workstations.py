"""``cloud.alibaba.workstations``: cloud workstations (WuyingServer), which AWS has no
counterpart for.

A workstation is one cloud desktop machine made from an image in an office network; the
WuyingServer operations of appstream-center create, list, describe, start, stop, restart,
change, renew and delete them. Its models, operations and waits live here; the waiters are
``cloud.alibaba.wait_until_workstation_running`` / ``_stopped``.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

import attrs

from streamkit.errors import ValidationError
from streamkit.extensions import ExtensionContext
from streamkit.models import Page, Provider, ResourceError, Secret
from streamkit.operations import Applied, Operation
from streamkit.paging import Listing, PageNumberPaginator
from streamkit.providers.alibaba.translate import parse_time
from streamkit.retry import CallKind
from streamkit.validation import (
    check_bool,
    check_id,
    check_int,
    check_optional_int,
    check_optional_str,
    check_str,
    check_str_tuple,
)
from streamkit.waiting import FLEET_START_POLL, PollSchedule, WaitSpec

__all__ = [
    "OPERATIONS",
    "WAITS",
    "WORKSTATION_RUNNING",
    "WORKSTATION_STATES",
    "WORKSTATION_STOPPED",
    "Workstation",
    "WorkstationDisk",
    "WorkstationEip",
    "WorkstationOrder",
    "WorkstationSpec",
    "WorkstationState",
    "Workstations",
]

#: the ProductType the workstation operations take (UpdateWuyingServerImage documents it)
PRODUCT = "WuyingServer"
CHARGE_TYPES = ("PostPaid", "PrePaid")
PERIOD_UNITS = ("Month", "Year")
ISPS = ("ChinaMobile", "ChinaTelecom", "ChinaUnicom")
BANDWIDTH = (2, 100)  # Mbit/s, DirectIp networks only
MAX_AMOUNT = 100
MAX_SECONDARY_IPS = 50  # AssignWuyingServerPrivateAddresses


class WorkstationState(str, enum.Enum):
    """A workstation's state (``Status``); any other value is UNKNOWN, kept in ``raw_state``."""

    CREATING = "CREATING"
    STARTING = "STARTING"
    RUNNING = "RUNNING"
    STOPPING = "STOPPING"
    STOPPED = "STOPPED"
    RESTARTING = "RESTARTING"
    UPDATING = "UPDATING"
    DELETING = "DELETING"
    EXPIRED = "EXPIRED"
    FAILED = "FAILED"
    UNKNOWN = "UNKNOWN"


#: ``Status`` (any case) -> state. Neither the SDK nor the API reference enumerates the values
#: (the reference's example is RUNNING); these are the lifecycle the operations describe.
WORKSTATION_STATES: Mapping[str, WorkstationState] = {
    **{s.value: s for s in WorkstationState if s is not WorkstationState.UNKNOWN},
    "REBOOTING": WorkstationState.RESTARTING,
    "CREATE_FAILED": WorkstationState.FAILED,
}
#: why a workstation in this state cannot serve (the answers carry no reason field)
WORKSTATION_FAILURES: Mapping[WorkstationState, str] = {
    WorkstationState.FAILED: "the workstation failed to be created or started",
    WorkstationState.EXPIRED: "the workstation's subscription expired",
}


def _read_only(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class Workstation:
    """A cloud workstation (WuyingServer).

    Args:
        id: The workstation id (``ws-...``).
        name: Its name.
        provider: Always Alibaba.
        region: The region it lives in.
        state: The state; see :class:`WorkstationState`.
        raw_state: The cloud's own ``Status``, kept when ``state`` is ``UNKNOWN`` too.
        image_id: The image it runs.
        image_name: That image's name, if the cloud says.
        instance_type: Its instance type, if the answer says (listings do).
        os_type: The operating system, if the cloud says.
        charge_type: ``PostPaid`` or ``PrePaid``, if the cloud says.
        office_site_id: The office network it is in.
        private_ip: Its primary internal IP address.
        private_ips: Every private IP address (primary first), where the answer lists them.
        users: The users authorized on it, where the answer lists them.
        created_at: When it was made, if the cloud says.
        expires_at: When its subscription ends, if it has one.
        raw: The cloud's own answer, read-only (not compared by ``==``).
    """

    id: str
    name: str
    provider: Provider = Provider.ALIBABA
    region: str
    state: WorkstationState
    raw_state: str
    image_id: str | None = None
    image_name: str | None = None
    instance_type: str | None = None
    os_type: str | None = None
    charge_type: str | None = None
    office_site_id: str | None = None
    private_ip: str | None = None
    private_ips: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    created_at: datetime | None = None
    expires_at: datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, converter=_read_only, repr=False,
                                         eq=False)

    @property
    def errors(self) -> tuple[ResourceError, ...]:
        """Why the workstation cannot serve, in a failure state (the status is the reason)."""
        reason = WORKSTATION_FAILURES.get(self.state)
        return () if reason is None else (ResourceError(code=self.raw_state, message=reason),)


@attrs.frozen(kw_only=True)
class WorkstationOrder:
    """What CreateWuyingServer answers: the order and the workstations it makes.

    Args:
        order_id: The billing order, if the cloud says.
        workstation_ids: The new workstations (``amount`` of them), CREATING.
    """

    order_id: str | None
    workstation_ids: tuple[str, ...]


@attrs.frozen(kw_only=True)
class WorkstationEip:
    """A workstation's elastic IP (DescribeWuyingServerEipInfo).

    Args:
        ip_address: The public IP address.
        eip_id: The EIP's id, if the cloud says.
        network_interface_id: The network interface it is bound to.
        port_range: The service port range (``6606/6607``).
    """

    ip_address: str | None
    eip_id: str | None = None
    network_interface_id: str | None = None
    port_range: str | None = None


def _secret(value: Any) -> Any:
    return Secret(value) if isinstance(value, str) else value


def _check_password(field: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, Secret) or not 8 <= len(value.reveal()) <= 30:
        raise ValidationError(field, "must be 8-30 characters (a str or Secret)",
                              show_value=False)


def _checked(check: Any, **rule: Any) -> Any:
    """An attrs validator running ``check(field, value, **rule)``."""

    def validator(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check(attribute.name, value, **rule)

    return validator


def _one_of(field: str, value: object, *, allowed: Sequence[str]) -> None:
    if value is not None and value not in allowed:
        raise ValidationError(field, f"must be one of {', '.join(allowed)}", value)


def _tuple(value: Any) -> Any:
    # any iterable is read once here; a string passes through for the validator to refuse
    return tuple(value) if isinstance(value, Iterable) and not isinstance(
        value, (str, bytes, Mapping)) else value


@attrs.frozen(kw_only=True)
class WorkstationDisk:
    """A system or data cloud disk.

    Args:
        category: The disk category (``cloud_essd``, ``cloud_auto``...).
        size_gib: Its size in GiB (20-32768).
        performance_level: The ESSD performance level (``PL0``...), if any.
    """

    category: str = attrs.field(validator=_checked(check_str, max_len=64))
    size_gib: int = attrs.field(validator=_checked(check_int, minimum=20, maximum=32768))
    performance_level: str | None = attrs.field(
        default=None, validator=_checked(check_optional_str, max_len=16))


def _disks(field: str, value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(d, WorkstationDisk) for d in value):
        raise ValidationError(field, "must be a list of WorkstationDisk", value)
    if len(value) > 16:
        raise ValidationError(field, "must have at most 16 disks", len(value))


def _optional_disk(field: str, value: object) -> None:
    if value is not None and not isinstance(value, WorkstationDisk):
        raise ValidationError(field, "must be a WorkstationDisk", value)


@attrs.frozen(kw_only=True)
class WorkstationSpec:
    """Workstations to create (CreateWuyingServer).

    Args:
        name: Their name (1-64 characters; with ``amount`` > 1 the cloud numbers them).
        image_id: The image to run.
        instance_type: The workstation instance type.
        office_site_id: The office network they join.
        amount: How many to make (1-100).
        charge_type: ``PostPaid`` (default) or ``PrePaid`` (then ``period`` is required).
        period: Subscription length in ``period_unit``s (PrePaid only).
        period_unit: ``Month`` or ``Year``.
        auto_pay: Pay the order at once (a workstation whose order is unpaid cannot be
            renewed).
        auto_renew: Renew the subscription when it ends (PrePaid only).
        password: The logon password (8-30 characters), kept as a :class:`~streamkit.Secret`.
        host_name: The host name (2-64 characters).
        system_disk: The system disk.
        data_disks: Data disks (at most 16).
        vswitch_ids: vSwitches of the office network to place them in.
        network_strategy_type: The network policy (``DirectIp`` gives a public address).
        bandwidth: Public bandwidth in Mbit/s (2-100), DirectIp only.
    """

    name: str = attrs.field(validator=_checked(check_str, max_len=64))
    image_id: str = attrs.field(validator=_checked(check_id))
    instance_type: str = attrs.field(validator=_checked(check_str, max_len=100))
    office_site_id: str = attrs.field(validator=_checked(check_id))
    amount: int = attrs.field(default=1, validator=_checked(check_int, minimum=1,
                                                            maximum=MAX_AMOUNT))
    charge_type: str = attrs.field(default="PostPaid",
                                   validator=_checked(_one_of, allowed=CHARGE_TYPES))
    period: int | None = attrs.field(default=None, validator=_checked(
        check_optional_int, minimum=1, maximum=60))
    period_unit: str | None = attrs.field(default=None,
                                          validator=_checked(_one_of, allowed=PERIOD_UNITS))
    auto_pay: bool = attrs.field(default=True, validator=_checked(check_bool))
    auto_renew: bool | None = attrs.field(default=None)
    password: Secret | None = attrs.field(default=None, converter=_secret,
                                          validator=_checked(_check_password))
    host_name: str | None = attrs.field(default=None, validator=_checked(
        check_optional_str, max_len=64))
    system_disk: WorkstationDisk | None = attrs.field(default=None,
                                                      validator=_checked(_optional_disk))
    data_disks: tuple[WorkstationDisk, ...] = attrs.field(default=(), converter=_tuple,
                                                          validator=_checked(_disks))
    vswitch_ids: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_checked(
        check_str_tuple, max_items=16))
    network_strategy_type: str | None = attrs.field(default=None, validator=_checked(
        check_optional_str, max_len=32))
    bandwidth: int | None = attrs.field(default=None, validator=_checked(
        check_optional_int, minimum=BANDWIDTH[0], maximum=BANDWIDTH[1]))

    def __attrs_post_init__(self) -> None:
        if self.auto_renew is not None:
            check_bool("auto_renew", self.auto_renew)
        if self.charge_type == "PrePaid" and self.period is None:
            raise ValidationError("period", "is required with charge_type='PrePaid'")
        if self.charge_type == "PostPaid" and (self.period is not None or self.auto_renew):
            raise ValidationError("period", "and auto_renew are for charge_type='PrePaid' only",
                                  self.period)
        if self.bandwidth is not None and self.network_strategy_type != "DirectIp":
            raise ValidationError("bandwidth", "takes effect only with "
                                  "network_strategy_type='DirectIp'", self.bandwidth)


# -- requests ----------------------------------------------------------------------------------

def _optional(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def _disk(disk: WorkstationDisk, prefix: str) -> dict[str, Any]:
    return _optional(**{f"{prefix}Category": disk.category, f"{prefix}Size": disk.size_gib,
                        f"{prefix}PerformanceLevel": disk.performance_level})


def create_request(region: str, spec: WorkstationSpec, token: str) -> dict[str, Any]:
    """CreateWuyingServer; ``token`` (IdempotenceToken) makes sending it again safe."""
    system = _disk(spec.system_disk, "SystemDisk") if spec.system_disk else {}
    return {
        "BizRegionId": region, "WuyingServerName": spec.name, "ImageId": spec.image_id,
        "ServerInstanceType": spec.instance_type, "OfficeSiteId": spec.office_site_id,
        "Amount": spec.amount, "ChargeType": spec.charge_type, "AutoPay": spec.auto_pay,
        "IdempotenceToken": token, **system,
        **_optional(Period=spec.period, PeriodUnit=spec.period_unit,
                    AutoRenew=spec.auto_renew,
                    Password=spec.password.reveal() if spec.password else None,
                    HostName=spec.host_name, NetworkStrategyType=spec.network_strategy_type,
                    Bandwidth=spec.bandwidth,
                    VSwitchIds=list(spec.vswitch_ids) or None,
                    DataDisk=[_disk(d, "DataDisk") for d in spec.data_disks] or None),
    }


def list_request(region: str, name_or_id: str | None = None, status: str | None = None,
                 ids: Sequence[str] | None = None) -> dict[str, Any]:
    """ListWuyingServer in ``region``, optionally filtered."""
    return {"BizRegionId": region, **_optional(
        WuyingServerNameOrId=name_or_id, Status=status,
        WuyingServerIdList=list(ids) if ids else None)}


def one(workstation_id: str) -> dict[str, Any]:
    """The operations that name one workstation by ``WuyingServerId``."""
    return {"WuyingServerId": workstation_id}


def several(workstation_id: str) -> dict[str, Any]:
    """Start/Restart: a list of workstations (streamkit sends one)."""
    return {"WuyingServerIdList": [workstation_id], "ProductType": PRODUCT}


def stop_request(workstation_id: str, force: bool = False) -> dict[str, Any]:
    return {**several(workstation_id), **_optional(Force=force or None)}


def modify_request(workstation_id: str, name: str | None, password: Secret | None
                   ) -> dict[str, Any]:
    return {**one(workstation_id), "ProductType": PRODUCT, **_optional(
        WuyingServerName=name, Password=password.reveal() if password else None)}


def update_image_request(workstation_id: str, image_id: str) -> dict[str, Any]:
    return {**one(workstation_id), "ImageId": image_id, "ProductType": PRODUCT}


def renew_request(workstation_id: str, period: int, period_unit: str, auto_pay: bool
                  ) -> dict[str, Any]:
    return {**one(workstation_id), "Period": period, "PeriodUnit": period_unit,
            "AutoPay": auto_pay}


def eip_request(workstation_id: str, isp: str | None = None) -> dict[str, Any]:
    return {**one(workstation_id), **_optional(Isp=isp)}


def assign_request(workstation_id: str, count: int) -> dict[str, Any]:
    return {**one(workstation_id), "SecondaryPrivateIpAddressCount": count}


def unassign_request(workstation_id: str, addresses: Sequence[str]) -> dict[str, Any]:
    return {**one(workstation_id), "PrivateIpAddresses": list(addresses)}


# -- answers -----------------------------------------------------------------------------------

def _str(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    return value if isinstance(value, str) and value else None


#: DescribeWuyingServer writes times in US English with a 12-hour clock (the SDK says so; the
#: listing writes ISO 8601); read as UTC, the answer naming no zone
_US_TIMES = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y, %I:%M:%S %p", "%b %d, %Y %I:%M:%S %p",
             "%b %d, %Y, %I:%M:%S %p")


def _time(value: Any) -> datetime | None:
    found = parse_time(value)
    if found is not None or not isinstance(value, str):
        return found
    for layout in _US_TIMES:
        try:
            return datetime.strptime(value.strip(), layout).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def _private_ips(d: Mapping[str, Any]) -> tuple[str, ...]:
    sets: Any = d.get("PrivateIpSets")
    found: list[Mapping[str, Any]] = [
        s for s in sets if isinstance(s, dict) and _str(s, "PrivateIpAddress")
    ] if isinstance(sets, list) else []
    found.sort(key=lambda s: s.get("Primary") is not True)  # the primary first
    return tuple(str(s["PrivateIpAddress"]) for s in found)


def workstation(d: Any, region: str) -> Workstation | None:
    """A listed or described workstation (None for an item without an id)."""
    if not isinstance(d, dict) or not _str(d, "WuyingServerId"):
        return None
    raw_state = _str(d, "Status") or ""
    info = d.get("ServerInstanceTypeInfo")
    users = d.get("Users")
    return Workstation(
        id=d["WuyingServerId"], name=_str(d, "WuyingServerName") or d["WuyingServerId"],
        region=_str(d, "BizRegionId") or region, raw_state=raw_state,
        state=WORKSTATION_STATES.get(raw_state.upper(), WorkstationState.UNKNOWN),
        image_id=_str(d, "ImageId"), image_name=_str(d, "ImageName"),
        instance_type=_str(info, "ServerInstanceType") if isinstance(info, dict) else None,
        os_type=_str(d, "OsType"), charge_type=_str(d, "ChargeType"),
        office_site_id=_str(d, "OfficeSiteId"), private_ip=_str(d, "NetworkInterfaceIp"),
        private_ips=_private_ips(d),
        users=tuple(u for u in users if isinstance(u, str)) if isinstance(users, list) else (),
        created_at=_time(d.get("CreateTime")), expires_at=_time(d.get("ExpiredTime")), raw=d)


def described(body: Mapping[str, Any], region: str) -> Workstation:
    """DescribeWuyingServer's ``Data``."""
    found = workstation(body.get("Data"), region)
    if found is None:
        raise ValueError("DescribeWuyingServer answered no workstation")
    return found


def order(body: Mapping[str, Any], _region: str) -> WorkstationOrder:
    data = body.get("Data")
    data = data if isinstance(data, dict) else {}
    ids = data.get("WuyingServerIdList")
    return WorkstationOrder(order_id=_str(data, "OrderId"), workstation_ids=tuple(
        i for i in ids if isinstance(i, str)) if isinstance(ids, list) else ())


def order_id(body: Mapping[str, Any], _region: str) -> str | None:
    return _str(body, "OrderId")


def task_id(body: Mapping[str, Any], _region: str) -> str | None:
    return _str(body, "TaskId")


def eip(body: Mapping[str, Any], _region: str) -> WorkstationEip:
    model = body.get("EipInfoModel")
    model = model if isinstance(model, dict) else {}
    return WorkstationEip(ip_address=_str(model, "IpAddress"), eip_id=_str(model, "EipId"),
                          network_interface_id=_str(model, "NetworkInterfaceId"),
                          port_range=_str(model, "ServerPortRange"))


def assigned(body: Mapping[str, Any], _region: str) -> tuple[str, ...]:
    found = body.get("AssignedPrivateIpAddresses")
    return tuple(a for a in found if isinstance(a, str)) if isinstance(found, list) else ()


def nothing(_body: Mapping[str, Any], _region: str) -> None:
    return None


# -- the operations ----------------------------------------------------------------------------

LIST_PAGINATOR = PageNumberPaginator(result_key="WuyingServerList", id_key="WuyingServerId")
_DESCRIBE: Operation[Workstation] = Operation(
    name="DescribeWuyingServer", request=one, answer=described,
    used_by=("alibaba.workstations.get", "alibaba.wait_until_workstation_running",
             "alibaba.wait_until_workstation_stopped"))


def _its(workstation_id: str, *_: object) -> tuple[str]:
    return (workstation_id,)


def _in(*states: WorkstationState) -> Any:
    """Whether a write of ``(workstation_id, ...)`` shows: the workstation is in ``states``."""

    def done(found: Workstation, *_: object) -> bool:
        return found.state in states

    return done


def _image_updating(found: Workstation, _workstation_id: str, image_id: str) -> bool:
    return found.image_id == image_id or found.state is WorkstationState.UPDATING


_W = CallKind.WRITE
_STARTED = _in(WorkstationState.STARTING, WorkstationState.RUNNING)
OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    # the token makes a create safe to send again: the cloud answers the same order
    Operation(name="CreateWuyingServer", request=create_request, kind=_W, answer=order,
              used_by=("alibaba.workstations.create",)),
    Operation(name="ListWuyingServer", request=list_request, answer=workstation,
              paginator=LIST_PAGINATOR,
              used_by=("alibaba.workstations.list", "alibaba.workstations.list_page")),
    _DESCRIBE,
    # start, stop and restart refuse a workstation already on its way: after a lost answer
    # each looks whether it took before sending again
    Operation(name="StartWuyingServer", request=several, kind=_W, answer=nothing,
              applied=Applied(read=_DESCRIBE, args=_its, done=_STARTED),
              used_by=("alibaba.workstations.start",)),
    Operation(name="StopWuyingServer", request=stop_request, kind=_W, answer=nothing,
              applied=Applied(read=_DESCRIBE, args=_its, done=_in(
                  WorkstationState.STOPPING, WorkstationState.STOPPED)),
              used_by=("alibaba.workstations.stop",)),
    Operation(name="RestartWuyingServer", request=several, kind=_W, answer=nothing,
              applied=Applied(read=_DESCRIBE, args=_its, done=_in(
                  WorkstationState.RESTARTING)),
              used_by=("alibaba.workstations.restart",)),
    Operation(name="ModifyWuyingServerAttribute", request=modify_request, kind=_W,
              answer=nothing, used_by=("alibaba.workstations.modify",)),
    Operation(name="UpdateWuyingServerImage", request=update_image_request, kind=_W,
              answer=task_id, applied=Applied(read=_DESCRIBE, args=_its, done=_image_updating),
              used_by=("alibaba.workstations.update_image",)),
    # a renewal sent twice is paid twice: never sent again after it may have acted
    Operation(name="RenewWuyingServer", request=renew_request, kind=CallKind.CREATE,
              answer=order_id, used_by=("alibaba.workstations.renew",)),
    Operation(name="DeleteWuyingServer", request=one, kind=CallKind.DELETE, answer=nothing,
              used_by=("alibaba.workstations.delete",)),
    Operation(name="DescribeWuyingServerEipInfo", request=eip_request, answer=eip,
              used_by=("alibaba.workstations.eip",)),
    Operation(name="AssignWuyingServerPrivateAddresses", request=assign_request,
              kind=CallKind.CREATE, answer=assigned,
              used_by=("alibaba.workstations.assign_private_ips",)),
    Operation(name="UnassignWuyingServerPrivateAddresses", request=unassign_request, kind=_W,
              answer=nothing, used_by=("alibaba.workstations.unassign_private_ips",)),
)}

# -- the waits ---------------------------------------------------------------------------------

#: a workstation is made in minutes and starts in about one: polled as fleets, with a
#: shorter quiet start (the emulator's shortest start)
WORKSTATION_POLL: PollSchedule = attrs.evolve(FLEET_START_POLL, quiet_for=60.0)
WORKSTATION_RUNNING = WaitSpec(
    name="workstation running",
    success=frozenset({WorkstationState.RUNNING}),
    failure=frozenset({WorkstationState.FAILED, WorkstationState.EXPIRED,
                       WorkstationState.DELETING}),
    grace=frozenset({WorkstationState.STOPPED, WorkstationState.STOPPING}),
    timeout=1200.0, schedule=WORKSTATION_POLL,
    resource="alibaba.workstations", id_name="workstation_id", grace_seconds=60.0,
)
WORKSTATION_STOPPED = WaitSpec(
    name="workstation stopped",
    success=frozenset({WorkstationState.STOPPED}),
    failure=frozenset({WorkstationState.FAILED, WorkstationState.DELETING}),
    grace=frozenset({WorkstationState.RUNNING, WorkstationState.STARTING}),
    timeout=1200.0, schedule=attrs.evolve(WORKSTATION_POLL, quiet_for=30.0),
    resource="alibaba.workstations", id_name="workstation_id", grace_seconds=60.0,
)
#: the area's waits: ``cloud.alibaba.wait_until_<name>``, ``streamkit wait <command>``
WAITS: tuple[WaitSpec, ...] = (WORKSTATION_RUNNING, WORKSTATION_STOPPED)


# -- the area ----------------------------------------------------------------------------------

def _workstation_id(value: object, field: str = "workstation_id") -> str:
    return check_id(field, value)


class Workstations:
    """Cloud workstations (WuyingServer): ``cloud.alibaba.workstations``.

    Follow a create or start with ``cloud.alibaba.wait_until_workstation_running``, a stop
    with ``cloud.alibaba.wait_until_workstation_stopped``.
    """

    max_page_size = LIST_PAGINATOR.max_page

    def __init__(self, context: ExtensionContext) -> None:
        self._calls = context.calls

    def __repr__(self) -> str:
        return "streamkit.alibaba.Workstations()"

    def create(self, spec: WorkstationSpec) -> WorkstationOrder:
        """Order ``spec.amount`` workstations; they start CREATING, then RUNNING."""
        if not isinstance(spec, WorkstationSpec):
            raise ValidationError("spec", "must be a WorkstationSpec", spec)
        made: WorkstationOrder = self._calls.run(OPERATIONS["CreateWuyingServer"],
                                                 self._calls.region, spec, uuid.uuid4().hex)
        return made

    def _listing(self, name_or_id: str | None, state: WorkstationState | None
                 ) -> Listing[Workstation]:
        if name_or_id is not None:
            check_str("name_or_id", name_or_id, max_len=128)
        status = None
        if state is not None:
            if not isinstance(state, WorkstationState) or state is WorkstationState.UNKNOWN:
                raise ValidationError("state", "must be a WorkstationState other than UNKNOWN",
                                      state)
            status = state.value
        region = self._calls.region
        key = "/".join(("alibaba", region, "workstations", name_or_id or "*", status or "*"))
        fetch = self._calls.pages(OPERATIONS["ListWuyingServer"], region, name_or_id, status)
        return Listing(key=key, fetch=fetch, max_page_size=self.max_page_size)

    def list(self, *, name_or_id: str | None = None, state: WorkstationState | None = None
             ) -> Iterator[Workstation]:
        """Every workstation in the region (optionally by name or id, or in one state),
        fetched page by page as you iterate."""
        return iter(self._listing(name_or_id, state))

    def list_page(self, page_size: int | None = None, cursor: str | None = None, *,
                  name_or_id: str | None = None, state: WorkstationState | None = None
                  ) -> Page[Workstation]:
        """One page of :meth:`list`; pass ``next_cursor`` back for the next."""
        return self._listing(name_or_id, state).page(page_size, cursor)

    def get(self, workstation_id: str) -> Workstation:
        """One workstation (DescribeWuyingServer); NotFound if there is none with this id."""
        return self._calls.run(_DESCRIBE, _workstation_id(workstation_id))

    def start(self, workstation_id: str) -> None:
        """Start a stopped workstation; follow with ``wait_until_workstation_running``."""
        self._calls.run(OPERATIONS["StartWuyingServer"], _workstation_id(workstation_id))

    def stop(self, workstation_id: str, *, force: bool = False) -> None:
        """Stop a running workstation (``force``: without a clean shut down); follow with
        ``wait_until_workstation_stopped``."""
        self._calls.run(OPERATIONS["StopWuyingServer"], _workstation_id(workstation_id),
                        check_bool("force", force))

    def restart(self, workstation_id: str) -> None:
        """Restart a running workstation; it is RESTARTING, then RUNNING again."""
        self._calls.run(OPERATIONS["RestartWuyingServer"], _workstation_id(workstation_id))

    def modify(self, workstation_id: str, *, name: str | None = None,
               password: str | Secret | None = None) -> None:
        """Rename the workstation and/or set its logon password (8-30 characters)."""
        if name is None and password is None:
            raise ValidationError("name", "or password must be given")
        if name is not None:
            check_str("name", name, max_len=64)
        secret = _secret(password)
        _check_password("password", secret)
        self._calls.run(OPERATIONS["ModifyWuyingServerAttribute"],
                        _workstation_id(workstation_id), name, secret)

    def update_image(self, workstation_id: str, image_id: str) -> str | None:
        """Move the workstation to another image; returns the update task's id.

        It is UPDATING meanwhile, then back in the state it was in.
        """
        task: str | None = self._calls.run(OPERATIONS["UpdateWuyingServerImage"],
                                           _workstation_id(workstation_id),
                                           check_id("image_id", image_id))
        return task

    def renew(self, workstation_id: str, period: int, period_unit: str = "Month", *,
              auto_pay: bool = True) -> str | None:
        """Extend a subscription workstation by ``period`` ``period_unit``s; the order id.

        Never sent twice: a renewal whose answer was lost raises rather than pay again.
        """
        _one_of("period_unit", period_unit, allowed=PERIOD_UNITS)
        renewal: str | None = self._calls.run(
            OPERATIONS["RenewWuyingServer"], _workstation_id(workstation_id),
            check_int("period", period, minimum=1, maximum=60), period_unit,
            check_bool("auto_pay", auto_pay))
        return renewal

    def delete(self, workstation_id: str) -> None:
        """Delete the workstation (DELETING, then gone)."""
        self._calls.run(OPERATIONS["DeleteWuyingServer"], _workstation_id(workstation_id))

    def eip(self, workstation_id: str, *, isp: str | None = None) -> WorkstationEip:
        """The workstation's elastic IP (``isp``: ChinaMobile, ChinaTelecom or ChinaUnicom)."""
        _one_of("isp", isp, allowed=ISPS)
        found: WorkstationEip = self._calls.run(OPERATIONS["DescribeWuyingServerEipInfo"],
                                                _workstation_id(workstation_id), isp)
        return found

    def assign_private_ips(self, workstation_id: str, count: int) -> tuple[str, ...]:
        """Give the workstation ``count`` (1-50) more private IPs; returns them."""
        fresh: tuple[str, ...] = self._calls.run(
            OPERATIONS["AssignWuyingServerPrivateAddresses"], _workstation_id(workstation_id),
            check_int("count", count, minimum=1, maximum=MAX_SECONDARY_IPS))
        return fresh

    def unassign_private_ips(self, workstation_id: str, addresses: Sequence[str]) -> None:
        """Take secondary private IPs back from the workstation."""
        found = check_str_tuple("addresses", addresses, max_items=MAX_SECONDARY_IPS)
        if not found:
            raise ValidationError("addresses", "must name at least one address", addresses)
        self._calls.run(OPERATIONS["UnassignWuyingServerPrivateAddresses"],
                        _workstation_id(workstation_id), found)
