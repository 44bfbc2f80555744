"""Every declared operation puts its parameters where the Tea SDK's own method puts them.

streamkit sends through the SDK's ``call_api`` with a request it builds from the declared
table (:data:`~streamkit.providers.alibaba.wire.WIRE`). The reference is the SDK's
``*_with_options`` method given the same parameters: a client whose ``call_api`` keeps the
request instead of sending it shows where that method puts each one (no network). The table
itself is checked against the SDK's source, operation by operation.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
from collections.abc import Mapping
from typing import Any

import pytest
from alibabacloud_appstream_center20210901 import client as sdk_client
from alibabacloud_appstream_center20210901 import models as sdk_models
from alibabacloud_appstream_center20210901.client import Client
from alibabacloud_tea_openapi.utils import Utils
from alibabacloud_tea_openapi.utils_models import Config, OpenApiRequest
from darabonba.runtime import RuntimeOptions

from streamkit import AlibabaFleetOptions
from streamkit.models import Secret
from streamkit.providers.alibaba.extensions import OPERATIONS as AREA_OPERATIONS
from streamkit.providers.alibaba.extensions.billing import Period
from streamkit.providers.alibaba.extensions.workstations import WorkstationDisk, WorkstationSpec
from streamkit.providers.alibaba.operations import OPERATIONS
from streamkit.providers.alibaba.transport import wire_request
from streamkit.providers.alibaba.wire import WIRE, Wire

REGION = "cn-shanghai"
WORKSTATION = WorkstationSpec(
    name="ws", image_id="img-1", instance_type="eds.t", office_site_id="o-1", amount=2,
    charge_type="PrePaid", period=1, period_unit="Month", auto_renew=True, password="pass-word",
    host_name="h", system_disk=WorkstationDisk(category="cloud_essd", size_gib=80,
                                               performance_level="PL1"),
    data_disks=[WorkstationDisk(category="cloud_auto", size_gib=40)], vswitch_ids=["vsw-1"],
    network_strategy_type="DirectIp", bandwidth=10)
POOL = {"NodeInstanceType": "appstreaming.general.4c8g", "NodeAmount": 2,
        "StrategyType": "NODE_SCALING_BY_USAGE", "MaxScalingAmount": 4, "ScalingStep": 1,
        "ScalingUsageThreshold": "80", "ScalingDownAfterIdleMinutes": 10}

#: operation -> the arguments of its request builder, in every shape the adapter sends
SAMPLES: Mapping[str, list[tuple[Any, ...]]] = {
    "ListAppInstanceGroup": [(REGION,), (REGION, True), (REGION, False, "name", "img-1")],
    "CreateAppInstanceGroup": [(REGION, "name", "img-1", POOL, 15, True), (
        REGION, "name", "img-1", POOL, 15, False,
        {"SecurityPolicy": {"ResetAfterUnbind": True, "SkipUserAuthCheck": False},
         "StoragePolicy": {"UserProfile": {"UserProfileSwitch": True,
                                           "RemoteStoragePath": "team"}},
         "VideoPolicy": {"FrameRate": 30, "SessionResolutionWidth": 1920,
                         "SessionResolutionHeight": 1080, "Webrtc": True,
                         "StreamingMode": "video", "TerminalResolutionAdaptive": True}}), (
        REGION, "name", "img-1", POOL, 15, False, None,
         AlibabaFleetOptions(charge_type="PrePaid", period=3, period_unit="Month",
                             auto_renew=True))],
    "TagCloudResources": [("aig-1", {"team": "a", "env": "b"})],
    "GetAppInstanceGroup": [("aig-1",)],
    "ModifyAppInstanceGroupAttribute": [
        ("aig-1", "name", 600), ("aig-1", None, 60),
        ("aig-1", None, None, {"SecurityPolicy": {"SkipUserAuthCheck": True},
                               "StoragePolicy": {"UserProfile": {"UserProfileSwitch": False}}})],
    "UpdateAppInstanceGroupImage": [(REGION, "aig-1", "img-2")],
    "ModifyNodePoolAttribute": [(REGION, "aig-1", {**POOL, "NodePoolId": "rg-1"}, 3)],
    "DeleteAppInstanceGroup": [("aig-1",)],
    "ListNodes": [("aig-1",)],
    "PageListAppInstanceGroupUser": [("aig-1",)],
    "AuthorizeInstanceGroup": [("aig-1", ["alice", "bob"]), ("aig-1", ["alice"], False),
                               ("aig-1", ["ug-1"], True, True), ("aig-1", ["ug-1"], False, True)],
    "ListAuthorizedUserGroups": [("aig-1",)],
    "ListPersistentAppInstances": [("aig-1",)],
    "CreateImageByInstance": [("ws-1", "golden", None, None), ("ws-1", "golden", "d", "p-1")],
    "ListImage": [(), ("img-1",)],
    "DeleteImage": [("img-1",)],
    "StartTaskForDistributeImage": [(REGION, "img-1", "cn-hangzhou")],
    "CreateImageFromAppInstanceGroup": [("aig-1", "golden")],
    "GetDebugAppInstance": [("aig-1",)],
    "ListAppInstances": [("aig-1", None), ("aig-1", "alice")],
    "Unbind": [("aig-1", "alice", "ai-1"), ("aig-1", "alice", "ai-1", "p-1")],
    "GetConnectionTicket": [("alice", None, REGION, "ca-1", "aig-1"), ("alice", "task-1"),
                            ("alice", None, REGION, "ca-1", "aig-1", "p-1")],
    "ListTagCloudResources": [("aig-1",)],
    "UntagCloudResources": [("aig-1", ["team", "env"])],
    "ModifyNodePoolAmount": [("aig-1", 4)],
    "ListRegions": [()],
    "LogOffAllSessionsInAppInstanceGroup": [("aig-1",)],
    "ListBindInfo": [("alice", None), (None, "aig-1"), (None, None)],
    "DeleteAppInstances": [("aig-1", ["ai-1", "ai-2"])],
    "ListNodeInstanceType": [(REGION,)],
    # cloud.alibaba areas
    "GetResourcePrice": [(REGION, "appstreaming.general.4c8g", 2, "PrePaid", Period(1, "Year"))],
    "GetResourceRenewPrice": [("aig-1", Period(3, "Month"))],
    "RenewAppInstanceGroup": [("aig-1", Period(1, "Week"), True, "promo-1"),
                              ("aig-1", Period(6, "Month"), False)],
    "ListTenantConfig": [()],
    "ModifyTenantConfig": [(True,), (False,)],
    "ModifyAppPolicy": [("pg-1", {"FrameRate": 60, "SessionResolutionWidth": 1920,
                                  "SessionResolutionHeight": 1080, "Webrtc": True,
                                  "StreamingMode": "video", "VisualQualityStrategy": "smooth"})],
    "ListOtaTask": [("aig-1", "Fota")],
    "GetOtaTaskByTaskId": [("ota-1",)],
    "ApproveOtaTask": [(REGION, "aig-1", "ota-1", "Fota", "2026-12-01T12:00:00+00:00")],
    # cloud.alibaba.workstations
    "CreateWuyingServer": [(REGION, WORKSTATION, "token-1")],
    "ListWuyingServer": [(REGION,), (REGION, "name", "RUNNING", ["ws-1", "ws-2"])],
    "DescribeWuyingServer": [("ws-1",)],
    "StartWuyingServer": [("ws-1",)],
    "StopWuyingServer": [("ws-1",), ("ws-1", True)],
    "RestartWuyingServer": [("ws-1",)],
    "ModifyWuyingServerAttribute": [("ws-1", "name", None), ("ws-1", None, Secret("pass-word"))],
    "UpdateWuyingServerImage": [("ws-1", "img-2")],
    "RenewWuyingServer": [("ws-1", 2, "Month", True)],
    "DeleteWuyingServer": [("ws-1",)],
    "DescribeWuyingServerEipInfo": [("ws-1",), ("ws-1", "ChinaTelecom")],
    "AssignWuyingServerPrivateAddresses": [("ws-1", 3)],
    "UnassignWuyingServerPrivateAddresses": [("ws-1", ["10.0.0.5", "10.0.0.6"])],
    # cloud.alibaba.browsers
    "GetBrowserInstanceGroup": [("big-1",)],
    "ModifyBrowserInstanceGroup": [("big-1", {
        "CloudBrowserName": "kiosk",
        "BrowserConfig": {"Homepage": "https://example.com", "RemoveBookmarks": ["bm-1"],
                          "Bookmarks": [{"BookmarkName": "Docs", "BookmarkURL": "d.com"}]},
        "Policy": {"ClipboardPolicy": {"Clipboard": "read"}, "VideoPolicy": {"FrameRate": 60},
                   "WatermarkPolicy": {"WatermarkSwitch": "on"}},
        "Timers": [{"TimerType": "SESSION_TIMEOUT", "Interval": 30}],
        "Network": {"AccessRestriction": "ALLOW_LIST", "RestrictedURLs": [{"URL": "e.com"}],
                    "RemoveRestrictedURLIds": ["ru-1"]}})],
}
#: every operation streamkit declares: the neutral API's and the cloud.alibaba areas'
DECLARED = {**OPERATIONS, **AREA_OPERATIONS}


class _Keeping(Client):  # type: ignore[misc]  # the SDK is untyped
    """The SDK client, keeping the request its method built instead of sending it."""

    kept: OpenApiRequest

    def call_api(self, params: Any, request: Any, runtime: Any) -> dict[str, Any]:
        self.kept = request
        return {"body": {}, "headers": {}, "statusCode": 200}


def _sdk_request(operation: str, params: Mapping[str, Any]) -> OpenApiRequest:
    client = _Keeping(Config(access_key_id="id", access_key_secret="secret",
                             endpoint="127.0.0.1:1", region_id=REGION))
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()
    method = getattr(client, f"{snake}_with_options")
    model = getattr(sdk_models, f"{operation}Request", None)
    if model is None:  # an operation without parameters (ListTenantConfig)
        method(RuntimeOptions())
    else:
        method(model().from_map(dict(params)), RuntimeOptions())
    return client.kept


def _given(value: Any) -> Any:
    """A decoded JSON parameter without the empty lists the SDK's models write for fields
    nobody set (a node pool's ``RecurrenceSchedules``)."""
    if isinstance(value, dict):
        return {k: _given(v) for k, v in value.items() if v != []}
    return value


def _readable(operation: str, fields: Mapping[str, Any] | None) -> dict[str, Any]:
    """Flattened as the wire carries them, JSON strings decoded (their key order is free)."""
    flat: dict[str, Any] = Utils.query(dict(fields or {}))
    json_params = WIRE[operation].json
    return {k: _given(json.loads(v)) if k in json_params else v for k, v in flat.items()}


def test_every_operation_has_samples() -> None:
    assert set(SAMPLES) == set(DECLARED)


@pytest.mark.parametrize(("operation", "args"), [
    (name, args) for name, shapes in SAMPLES.items() for args in shapes])
def test_parameters_go_where_the_sdk_puts_them(operation: str, args: tuple[Any, ...]) -> None:
    declared = DECLARED[operation]
    params = dict(declared.request(*args))
    if declared.paginator is not None:
        params = declared.paginator.params(params, [2, 10], None)
    ours, sdk = wire_request(operation, params), _sdk_request(operation, params)
    assert _readable(operation, ours.query) == _readable(operation, sdk.query)
    assert _readable(operation, ours.body) == _readable(operation, sdk.body)


def _sdk_wire() -> dict[str, Wire]:
    """Each ``*_with_options`` method of the SDK's client as a :class:`Wire`: the keys it
    sets in ``query``, the parameters it JSON-encodes, its ``Params(method=...)``."""
    found: dict[str, Wire] = {}
    for node in ast.walk(ast.parse(inspect.getsource(sdk_client))):
        if not (isinstance(node, ast.FunctionDef) and node.name.endswith("_with_options")):
            continue
        query: set[str] = set()
        json_params: set[str] = set()
        keywords: dict[str, str] = {}
        for sub in ast.walk(node):
            if (isinstance(sub, ast.Assign) and isinstance(sub.targets[0], ast.Subscript)
                    and isinstance(sub.targets[0].value, ast.Name)
                    and sub.targets[0].value.id == "query"
                    and isinstance(sub.targets[0].slice, ast.Constant)):
                query.add(sub.targets[0].slice.value)
            elif (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute)
                  and sub.func.attr == "array_to_string_with_specified_style"
                  and isinstance(sub.args[2], ast.Constant) and sub.args[2].value == "json"
                  and isinstance(sub.args[1], ast.Constant)):
                json_params.add(sub.args[1].value)
            elif (isinstance(sub, ast.keyword) and sub.arg in ("action", "method")
                  and isinstance(sub.value, ast.Constant)):
                keywords[sub.arg] = sub.value.value
        found[keywords["action"]] = Wire(query=tuple(sorted(query)),
                                         json=tuple(sorted(json_params)),
                                         method=keywords["method"])
    return found


def test_the_wire_table_is_the_sdks() -> None:
    sdk = _sdk_wire()
    assert len(sdk) >= 92
    assert {name: WIRE.get(name) for name in sdk} == sdk
