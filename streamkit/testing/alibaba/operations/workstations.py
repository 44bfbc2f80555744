"""Workstations (WuyingServer): create, list, describe, start, stop, restart, change, update
the image, renew, delete, EIP and secondary private IPs.

Parameters and answers follow the SDK's models (``*WuyingServer*Request`` / ``ResponseBody``);
the only code the SDK documents for these operations is ``WuyingServerError.NotFound``
(unknown id, and an unpaid order on RenewWuyingServer). A workstation whose status does not
allow an action is refused with ``IncorrectWuyingServerStatus``, the ECS-style code.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Any, Final

from streamkit.testing.alibaba.errors import ApiError, invalid
from streamkit.testing.alibaba.operations.call import (
    OPERATIONS,
    AlibabaCall,
    Body,
    page_of,
    read_page,
)
from streamkit.testing.alibaba.operations.groups import read_region, usable_image
from streamkit.testing.alibaba.protocol import Params
from streamkit.testing.alibaba.state import iso_time, new_id
from streamkit.testing.alibaba.workstations import (
    WORKSTATION_TYPES,
    Workstation,
    WorkstationStatus,
    wrong_status,
)

__all__ = [
    "assign_wuying_server_private_addresses",
    "create_wuying_server",
    "delete_wuying_server",
    "describe_wuying_server",
    "describe_wuying_server_eip_info",
    "list_wuying_server",
    "modify_wuying_server_attribute",
    "renew_wuying_server",
    "restart_wuying_server",
    "start_wuying_server",
    "stop_wuying_server",
    "unassign_wuying_server_private_addresses",
    "update_wuying_server_image",
]

PRODUCT: Final = "WuyingServer"
CHARGE_TYPES: Final = ("PostPaid", "PrePaid")
PERIOD_UNITS: Final = {"Month": 30 * 86400, "Year": 365 * 86400}
ISPS: Final = ("ChinaMobile", "ChinaTelecom", "ChinaUnicom")
ENI_IP_QUANTITY: Final = 10  # private IPs per network interface, the primary included
_S = WorkstationStatus
_DELETABLE: Final = frozenset({_S.RUNNING, _S.STOPPED, _S.FAILED})


# -- reading parameters -------------------------------------------------------------------

def _product_type(params: Params) -> None:
    value = params.text("ProductType")
    if value is not None and value != PRODUCT:
        raise ApiError("InvalidParameter.ProductType",
                       f"The parameter ProductType is invalid: {value!r} is not supported "
                       f"by this operation (expected {PRODUCT}).")


def _password(params: Params) -> str | None:
    value = params.text("Password")
    if value is not None and not 8 <= len(value) <= 30:
        raise invalid("Password", "must be 8 to 30 characters")  # never echo a password
    return value


def _disk(params: Params, prefix: str, default: tuple[str, int, str | None]
          ) -> tuple[str, int, str | None]:
    size = params.integer(f"{prefix}Size", minimum=20, maximum=32768)
    return (params.text(f"{prefix}Category") or default[0],
            default[1] if size is None else size,
            params.text(f"{prefix}PerformanceLevel") or default[2])


def _data_disks(params: Params) -> list[tuple[str, int, str | None]]:
    disks = []
    for index, record in enumerate(params.records("DataDisk"), start=1):
        size = record.get("DataDiskSize")
        if size is None or not size.isdecimal() or not 20 <= int(size) <= 32768:
            raise invalid(f"DataDisk.{index}.DataDiskSize", "must be 20 to 32768 GB")
        disks.append((record.get("DataDiskCategory") or "cloud_auto", int(size),
                      record.get("DataDiskPerformanceLevel")))
    if len(disks) > 16:
        raise invalid("DataDisk", "at most 16 data disks")
    return disks


def _server_ids(call: AlibabaCall) -> list[Workstation]:
    ids = list(dict.fromkeys(call.params.strings("WuyingServerIdList", required=True,
                                                 min_items=1, max_items=100)))
    return [call.state.workstations.get(server_id) for server_id in ids]


def _server(call: AlibabaCall) -> Workstation:
    return call.state.workstations.get(call.params.required("WuyingServerId"))


def _in_status(servers: list[Workstation], allowed: frozenset[str], action: str) -> None:
    for server in servers:  # all are checked before any moves
        if server.status not in allowed:
            raise wrong_status(server, action)


# -- rendering ------------------------------------------------------------------------------

def _us_time(epoch: float) -> str:
    """DescribeWuyingServer's times: US English, 12-hour clock (``12/1/2026, 1:05:09 PM``)."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    hour = moment.hour % 12 or 12
    return (f"{moment.month}/{moment.day}/{moment.year}, {hour}:{moment.minute:02d}:"
            f"{moment.second:02d} {'AM' if moment.hour < 12 else 'PM'}")


def _ip_sets(server: Workstation) -> list[dict[str, Any]]:
    return [{"PrivateIpAddress": server.private_ip, "Primary": True},
            *({"PrivateIpAddress": ip, "Primary": False} for ip in server.secondary_ips)]


def _common(server: Workstation) -> dict[str, Any]:
    """The fields ListWuyingServer and DescribeWuyingServer both answer."""
    model: dict[str, Any] = {
        "WuyingServerId": server.server_id, "WuyingServerName": server.name,
        "Status": server.status, "BizRegionId": server.region, "ImageId": server.image_id,
        "ImageName": server.image_name, "OsType": server.os_type,
        "ChargeType": server.charge_type, "NetworkInterfaceIp": server.private_ip,
        "OfficeSiteId": server.office_site_id, "OfficeSiteName": server.office_site_id,
        "OfficeSiteType": "SIMPLE", "PrivateIpSets": _ip_sets(server),
        "EniPrivateIpAddressQuantity": ENI_IP_QUANTITY, "SupportASP": True,
        "SystemDiskCategory": server.system_disk[0], "SystemDiskSize": server.system_disk[1],
    }
    if server.bandwidth is not None:
        model["Bandwidth"] = server.bandwidth
    return model


def _listed(server: Workstation) -> dict[str, Any]:
    spec = WORKSTATION_TYPES[server.instance_type]
    model = {
        **_common(server), "ZoneId": server.zone, "CreateTime": iso_time(server.created),
        "ServerInstanceTypeInfo": {
            "ServerInstanceType": server.instance_type, "Cpu": spec.cpu,
            "Memory": spec.memory, "Gpu": spec.gpu, "GpuMemory": spec.gpu_memory,
            "GpuSpec": spec.gpu_spec},
        "InstanceInfoList": [{"InstanceId": server.instance_id,
                              "NetworkInterfaceId": server.network_interface_id}],
        "DataDisk": [{"DataDiskCategory": category, "DataDiskSize": size,
                      "DataDiskPerformanceLevel": level, "DataDiskNo": str(number),
                      "DataDiskId": f"d-{server.server_id[3:]}{number}"}
                     for number, (category, size, level) in enumerate(server.data_disks, 1)],
        "SystemDiskId": f"d-{server.server_id[3:]}0", "Users": list(server.users),
        "Sessions": [], "ErdmaStatus": "disabled",
    }
    if server.system_disk[2]:
        model["SystemDiskPerformanceLevel"] = server.system_disk[2]
    if server.expires is not None:
        model["ExpiredTime"] = iso_time(server.expires)
    return model


def _described(server: Workstation) -> dict[str, Any]:
    model = {**_common(server), "CreateTime": _us_time(server.created)}
    if server.expires is not None:
        model["ExpiredTime"] = _us_time(server.expires)
    return model


# -- operations -------------------------------------------------------------------------------

@OPERATIONS("CreateWuyingServer")
def create_wuying_server(call: AlibabaCall) -> Body:
    """CreateWuyingServer: ``Amount`` workstations, CREATING until they run.

    The SDK marks no parameter required; a workstation cannot be made without an image,
    an instance type and an office network, so those three are refused when absent. The
    same ``IdempotenceToken`` answers the same order again.
    """
    p, state, now = call.params, call.state, call.now
    token = p.text("IdempotenceToken", max_len=64)
    if token is not None and token in state.workstations.orders:
        return state.workstations.orders[token]
    region = read_region(p)
    image = usable_image(state, p.required("ImageId"), region)
    instance_type = p.required("ServerInstanceType")
    if instance_type not in WORKSTATION_TYPES:
        raise invalid("ServerInstanceType", f"{instance_type!r} is not a workstation "
                      f"instance type; one of {', '.join(WORKSTATION_TYPES)}")
    office_site_id = p.required("OfficeSiteId")
    name = p.text("WuyingServerName", max_len=64)
    amount = p.integer("Amount", default=1, minimum=1, maximum=100)
    charge_type = p.choice("ChargeType", CHARGE_TYPES, default="PostPaid")
    expires = None
    if charge_type == "PrePaid":
        period = p.integer("Period", required=True, minimum=1, maximum=60)
        unit = p.choice("PeriodUnit", PERIOD_UNITS, default="Month")
        assert period is not None and unit is not None
        expires = now + period * PERIOD_UNITS[unit]
    strategy = p.text("NetworkStrategyType")
    bandwidth = p.integer("Bandwidth", minimum=2, maximum=100)
    if bandwidth is not None and strategy != "DirectIp":
        raise invalid("Bandwidth", "takes effect only with NetworkStrategyType DirectIp")
    host_name = p.text("HostName", min_len=2, max_len=64)
    password = _password(p)
    system_disk = _disk(p, "SystemDisk", ("cloud_auto", 100, None))
    data_disks = _data_disks(p)
    p.strings("VSwitchIds", max_items=16)
    assert amount is not None and charge_type is not None
    order_id = str(secrets.randbelow(10**14) + 10**14)
    ids = []
    for number in range(1, amount + 1):
        server_id = new_id("ws")
        octets = secrets.randbelow(250) + 2, secrets.randbelow(250) + 2
        server = Workstation(
            server_id=server_id, name=(f"{name}{number:03d}" if amount > 1 else name) if name
            else server_id, region=region, zone=f"{region}-b", image_id=image.image_id,
            image_name=image.name, os_type=image.os_type, instance_type=instance_type,
            office_site_id=office_site_id, charge_type=charge_type, order_id=order_id,
            paid=bool(p.boolean("AutoPay", default=False)), created=now,
            sequence=state.next_sequence(), private_ip=f"10.1.{octets[0]}.{octets[1]}",
            network_interface_id=new_id("eni", 20), instance_id=new_id("i", 20),
            expires=expires, auto_renew=bool(p.boolean("AutoRenew", default=False)),
            password=password, host_name=host_name, system_disk=system_disk,
            data_disks=list(data_disks), bandwidth=bandwidth, network_strategy_type=strategy)
        state.workstations.servers[server_id] = server
        state.workstations.begin(server, _S.CREATING, _S.RUNNING,
                                 now + state.timings.workstation_create)
        ids.append(server_id)
    body: dict[str, Any] = {"Data": {"OrderId": order_id, "WuyingServerIdList": ids}}
    if token is not None:
        state.workstations.orders[token] = body
    return body


def _matches(server: Workstation, p: Params, ids: list[str]) -> bool:
    name_or_id = p.text("WuyingServerNameOrId")
    wanted = {"Status": server.status, "ImageId": server.image_id,
              "OfficeSiteId": server.office_site_id, "BizRegionId": server.region,
              "ServerInstanceType": server.instance_type, "ChargeType": server.charge_type}
    return ((not ids or server.server_id in ids)
            and (name_or_id is None or name_or_id == server.server_id
                 or name_or_id in server.name)
            and all(p.text(key) in (None, value) for key, value in wanted.items()))


@OPERATIONS("ListWuyingServer")
def list_wuying_server(call: AlibabaCall) -> Body:
    """ListWuyingServer: the account's workstations in creation order, filtered, paged."""
    p = call.params
    if p.has("BizRegionId"):
        read_region(p)
    page = read_page(p, default_size=20, max_size=100)
    ids = p.strings("WuyingServerIdList", max_items=100)
    found = [s for s in call.state.workstations.servers.values() if _matches(s, p, ids)]
    return {"WuyingServerList": [_listed(s) for s in page_of(found, page)],
            "TotalCount": len(found), "PageNumber": page.number, "PageSize": page.size}


@OPERATIONS("DescribeWuyingServer")
def describe_wuying_server(call: AlibabaCall) -> Body:
    """DescribeWuyingServer: one workstation (its times in US English, 12-hour clock)."""
    return {"Data": _described(_server(call))}


def _move(call: AlibabaCall, allowed: frozenset[str], action: str, status: str, then: str,
          seconds: float) -> Body:
    _product_type(call.params)
    servers = _server_ids(call)
    _in_status(servers, allowed, action)
    for server in servers:
        call.state.workstations.begin(server, status, then, call.now + seconds)
    return {}


@OPERATIONS("StartWuyingServer")
def start_wuying_server(call: AlibabaCall) -> Body:
    """StartWuyingServer: STOPPED workstations go STARTING, then RUNNING."""
    return _move(call, frozenset({_S.STOPPED}), "StartWuyingServer", _S.STARTING, _S.RUNNING,
                 call.state.timings.workstation_start)


@OPERATIONS("StopWuyingServer")
def stop_wuying_server(call: AlibabaCall) -> Body:
    """StopWuyingServer: RUNNING workstations go STOPPING, then STOPPED."""
    call.params.boolean("Force")
    return _move(call, frozenset({_S.RUNNING}), "StopWuyingServer", _S.STOPPING, _S.STOPPED,
                 call.state.timings.workstation_stop)


@OPERATIONS("RestartWuyingServer")
def restart_wuying_server(call: AlibabaCall) -> Body:
    """RestartWuyingServer: RUNNING workstations go RESTARTING, then RUNNING."""
    return _move(call, frozenset({_S.RUNNING}), "RestartWuyingServer", _S.RESTARTING,
                 _S.RUNNING, call.state.timings.workstation_restart)


@OPERATIONS("ModifyWuyingServerAttribute")
def modify_wuying_server_attribute(call: AlibabaCall) -> Body:
    """ModifyWuyingServerAttribute: the name, the logon password, eRDMA (only true)."""
    p = call.params
    _product_type(p)
    server = _server(call)
    name = p.text("WuyingServerName", max_len=64)
    password = _password(p)
    if p.boolean("ErdmaEnabled") is False:
        raise invalid("ErdmaEnabled", "only true is supported")
    if server.status == _S.DELETING:
        raise wrong_status(server, "ModifyWuyingServerAttribute")
    server.name = name or server.name
    server.password = password or server.password
    return {}


@OPERATIONS("UpdateWuyingServerImage")
def update_wuying_server_image(call: AlibabaCall) -> Body:
    """UpdateWuyingServerImage: UPDATING, then back in its status on the new image."""
    p = call.params
    _product_type(p)
    server = _server(call)
    image = usable_image(call.state, p.required("ImageId"), server.region)
    _in_status([server], frozenset({_S.RUNNING, _S.STOPPED}), "UpdateWuyingServerImage")
    call.state.workstations.begin(server, _S.UPDATING, server.status,
                                  call.now + call.state.timings.workstation_update_image,
                                  image_id=image.image_id)
    return {"TaskId": new_id("ota")}


@OPERATIONS("RenewWuyingServer")
def renew_wuying_server(call: AlibabaCall) -> Body:
    """RenewWuyingServer: a paid PrePaid workstation's subscription, longer by the period.

    An unpaid workstation is ``WuyingServerError.NotFound``, as the SDK documents.
    """
    p = call.params
    server = _server(call)
    if not server.paid:
        raise ApiError("WuyingServerError.NotFound",
                       f"The workstation {server.server_id} has no paid order to renew.")
    if server.charge_type != "PrePaid" or server.expires is None:
        raise invalid("WuyingServerId", "only PrePaid workstations are renewed")
    period = p.integer("Period", required=True, minimum=1, maximum=60)
    unit = p.choice("PeriodUnit", PERIOD_UNITS, default="Month")
    assert period is not None and unit is not None
    server.expires += period * PERIOD_UNITS[unit]
    server.paid = bool(p.boolean("AutoPay", default=False))
    return {"OrderId": str(secrets.randbelow(10**14) + 10**14)}


@OPERATIONS("DeleteWuyingServer")
def delete_wuying_server(call: AlibabaCall) -> Body:
    """DeleteWuyingServer: DELETING, then gone."""
    server = _server(call)
    _in_status([server], _DELETABLE, "DeleteWuyingServer")
    call.state.workstations.begin(server, _S.DELETING, None,
                                  call.now + call.state.timings.workstation_delete)
    return {}


@OPERATIONS("DescribeWuyingServerEipInfo")
def describe_wuying_server_eip_info(call: AlibabaCall) -> Body:
    """DescribeWuyingServerEipInfo: a DirectIp workstation's EIP (others have none)."""
    call.params.choice("Isp", ISPS)
    server = _server(call)
    if server.network_strategy_type != "DirectIp":
        return {"EipInfoModel": {}}
    last = int(server.server_id[-3:], 36) % 250 + 2
    return {"EipInfoModel": {"EipId": f"eip-{server.server_id[3:]}",
                             "IpAddress": f"47.100.{last // 2}.{last}",
                             "NetworkInterfaceId": server.network_interface_id,
                             "ServerPortRange": "6606/6607"}}


@OPERATIONS("AssignWuyingServerPrivateAddresses")
def assign_wuying_server_private_addresses(call: AlibabaCall) -> Body:
    """AssignWuyingServerPrivateAddresses: more private IPs, up to the interface's quantity."""
    p = call.params
    count = p.integer("SecondaryPrivateIpAddressCount", required=True, minimum=1, maximum=50)
    server = _server(call)
    assert count is not None
    room = ENI_IP_QUANTITY - 1 - len(server.secondary_ips)
    if count > room:
        raise invalid("SecondaryPrivateIpAddressCount",
                      f"the network interface has room for {room} more private IP addresses")
    base = server.private_ip.rsplit(".", 1)[0]
    taken = {server.private_ip, *server.secondary_ips}
    fresh = [ip for ip in (f"{base}.{n}" for n in range(2, 255)) if ip not in taken][:count]
    server.secondary_ips += fresh
    return {"AssignedPrivateIpAddresses": fresh}


@OPERATIONS("UnassignWuyingServerPrivateAddresses")
def unassign_wuying_server_private_addresses(call: AlibabaCall) -> Body:
    """UnassignWuyingServerPrivateAddresses: secondary private IPs back (never the primary)."""
    p = call.params
    addresses = p.strings("PrivateIpAddresses", required=True, min_items=1, max_items=50)
    server = _server(call)
    for address in addresses:
        if address not in server.secondary_ips:
            raise invalid("PrivateIpAddresses", f"{address} is not a secondary private IP "
                          f"address of {server.server_id}")
    server.secondary_ips = [ip for ip in server.secondary_ips if ip not in addresses]
    return {}

