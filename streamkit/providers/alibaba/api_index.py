"""The API's own index of appstream-center 2021-09-01: its operations by category, in the order
the reference's API overview lists them (50 in all). The SDK holds more operations (see
:mod:`streamkit.providers.alibaba.wire`); these are the ones the API documents as App
Streaming's. The docs' index table and ``tests/alibaba/test_api_index.py`` read it.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["API_INDEX"]

#: category -> its operations, as the API overview lists them
API_INDEX: Mapping[str, tuple[str, ...]] = {
    "Regions": ("ListRegions",),
    "Resources": ("ListNodes", "ModifyNodePoolAmount", "ListNodeInstanceType",
                  "GetResourcePrice", "GetResourceRenewPrice"),
    "Images": ("ListImage", "CreateImageByInstance", "StartTaskForDistributeImage",
               "DeleteImage"),
    "Delivery groups": (
        "CreateAppInstanceGroup", "GetAppInstanceGroup", "ListAppInstanceGroup",
        "PageListAppInstanceGroupUser", "RenewAppInstanceGroup", "UpdateAppInstanceGroupImage",
        "ModifyAppInstanceGroupAttribute", "ModifyNodePoolAttribute", "AuthorizeInstanceGroup",
        "LogOffAllSessionsInAppInstanceGroup", "DeleteAppInstanceGroup", "ModifyAppPolicy",
        "ListAuthorizedUserGroups"),
    "App instances": ("ListAppInstances", "DeleteAppInstances", "ListPersistentAppInstances"),
    "Connections": ("GetConnectionTicket", "Unbind", "ListBindInfo"),
    "Debugging": ("CreateImageFromAppInstanceGroup", "GetDebugAppInstance"),
    "OTA": ("ListOtaTask", "GetOtaTaskByTaskId", "ApproveOtaTask"),
    "Tenant account": ("ListTenantConfig", "ModifyTenantConfig"),
    "Resource tags": ("ListTagCloudResources", "TagCloudResources", "UntagCloudResources"),
    "Workstations": (
        "DescribeWuyingServerEipInfo", "CreateWuyingServer", "ListWuyingServer",
        "StartWuyingServer", "StopWuyingServer", "RestartWuyingServer",
        "ModifyWuyingServerAttribute", "UpdateWuyingServerImage", "RenewWuyingServer",
        "DeleteWuyingServer"),
    "Other": ("ModifyBrowserInstanceGroup",),
}
