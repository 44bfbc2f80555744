"""One handler per simulated action, looked up by the ``x-acs-action`` name."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from streamkit.testing.alibaba.operations import groups, images, regions, sessions, tags
from streamkit.testing.alibaba.operations.call import Body, Call, Handler

__all__ = ["OPERATIONS", "Body", "Call", "Handler"]

OPERATIONS: Final[Mapping[str, Handler]] = MappingProxyType({
    # delivery groups and node pools
    "CreateAppInstanceGroup": groups.create_app_instance_group,
    "GetAppInstanceGroup": groups.get_app_instance_group,
    "ListAppInstanceGroup": groups.list_app_instance_group,
    "ModifyAppInstanceGroupAttribute": groups.modify_app_instance_group_attribute,
    "DeleteAppInstanceGroup": groups.delete_app_instance_group,
    "ModifyNodePoolAttribute": groups.modify_node_pool_attribute,
    "ListNodes": groups.list_nodes,
    "UpdateAppInstanceGroupImage": groups.update_app_instance_group_image,
    "AuthorizeInstanceGroup": groups.authorize_instance_group,
    "PageListAppInstanceGroupUser": groups.page_list_app_instance_group_user,
    # images and the debug-group image builder
    "ListImage": images.list_image,
    "DeleteImage": images.delete_image,
    "StartTaskForDistributeImage": images.start_task_for_distribute_image,
    "CreateImageFromAppInstanceGroup": images.create_image_from_app_instance_group,
    "GetDebugAppInstance": images.get_debug_app_instance,
    # sessions
    "ListAppInstances": sessions.list_app_instances,
    "ListBindInfo": sessions.list_bind_info,
    "Unbind": sessions.unbind,
    "GetConnectionTicket": sessions.get_connection_ticket,
    # tags and regions
    "TagCloudResources": tags.tag_cloud_resources,
    "UntagCloudResources": tags.untag_cloud_resources,
    "ListTagCloudResources": tags.list_tag_cloud_resources,
    "ListRegions": regions.list_regions,
})
