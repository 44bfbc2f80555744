"""User groups entitled to a delivery group: authorized, listed, taken away; their members
may connect."""

from __future__ import annotations

import pytest
from alibabacloud_appstream_center20210901 import models as m
from alibabacloud_tea_openapi.exceptions import ClientException

import streamkit
from tests.alibaba.conftest import sdk
from tests.harness import AlibabaHarness


def test_user_groups_are_authorized_listed_and_taken_away(ali: AlibabaHarness) -> None:
    cloud, controls = ali.cloud, ali.emulator.alibaba
    deployment = cloud.deploy(ali.deployment_spec("groups"))
    cloud.wait_until_fleet_running(deployment.fleet.id)
    stack_id = deployment.stack.id
    design = controls.add_user_group("design", ["ann", "bob"])
    ops = controls.add_user_group("ops", ["cid"])
    assert list(cloud.stacks.list_user_groups(stack_id)) == []
    cloud.stacks.authorize_user_groups(stack_id, [design, ops])
    groups = {g.id: g for g in cloud.stacks.list_user_groups(stack_id)}
    assert {g.name for g in groups.values()} == {"design", "ops"}
    assert all(isinstance(g, streamkit.UserGroup) and g.stack_id == stack_id
               for g in groups.values())
    page = cloud.stacks.list_user_groups_page(stack_id, page_size=1)
    assert len(page.items) == 1 and page.next_cursor
    # a member is entitled through her group, with no authorization of her own
    assert list(cloud.stacks.list_users(stack_id)) == []
    app_id = cloud.stacks.get(stack_id).raw["Apps"][0]["AppId"]

    def ticket(user: str) -> object:
        return sdk(ali.emulator).get_connection_ticket(m.GetConnectionTicketRequest(
            product_type="CloudApp", end_user_id=user, app_id=app_id,
            app_instance_group_id_list=[stack_id])).body.task_id

    assert ticket("cid")
    cloud.stacks.unauthorize_user_groups(stack_id, [ops])
    assert [g.id for g in cloud.stacks.list_user_groups(stack_id)] == [design]
    with pytest.raises(ClientException) as refused:
        ticket("cid")
    assert refused.value.code == "TryBind.NoCandidateAppInstanceGroup"


def test_an_unknown_user_group_is_refused(ali: AlibabaHarness) -> None:
    deployment = ali.cloud.deploy(ali.deployment_spec("ghost"))
    with pytest.raises(streamkit.InvalidRequest) as err:
        ali.cloud.stacks.authorize_user_groups(deployment.stack.id, ["ug-nosuchgroup0000000"])
    assert err.value.code == "InvalidParameter.AuthorizeUserGroupIds"
    with pytest.raises(streamkit.ValidationError, match="group_ids"):
        ali.cloud.stacks.authorize_user_groups(deployment.stack.id, [])
