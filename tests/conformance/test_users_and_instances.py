"""Entitled users of a stack and the instances of a fleet, paged behind the same cursors."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import Capability
from tests.harness import Harness


def test_authorize_list_and_unauthorize_users_across_pages(harness: Harness) -> None:
    cloud = harness.cloud
    stack = cloud.deploy(harness.deployment_spec("users")).stack
    users = [f"user{i:03d}@example.com" for i in range(30)]
    harness.add_users(users)
    cloud.stacks.authorize_users(stack.id, users)
    assert sorted(cloud.stacks.list_users(stack.id)) == users
    page = cloud.stacks.list_users_page(stack.id, page_size=7)
    seen = list(page.items)
    while page.next_cursor:
        page = cloud.stacks.list_users_page(stack.id, page_size=7, cursor=page.next_cursor)
        assert len(page.items) <= 7
        seen.extend(page.items)
    assert sorted(seen) == users
    cloud.stacks.unauthorize_users(stack.id, users[:10])
    assert sorted(cloud.stacks.list_users(stack.id)) == users[10:]
    with pytest.raises(streamkit.ValidationError, match=r"user_ids\[0\]"):
        cloud.stacks.authorize_users(stack.id, ["x"])
    with pytest.raises(streamkit.ValidationError, match="user_ids"):
        cloud.stacks.authorize_users(stack.id, "alice@example.com")


def test_fleet_instances_page_through_list_nodes(harness: Harness) -> None:
    cloud = harness.cloud
    fleet = cloud.deploy(harness.deployment_spec("nodes", desired=5)).fleet
    cloud.wait_until_fleet_running(fleet.id)
    if Capability.FLEET_INSTANCES not in cloud.capabilities:
        with pytest.raises(streamkit.UnsupportedOperation, match="capacity"):
            cloud.fleets.list_instances(fleet.id)
        return
    nodes = list(cloud.fleets.list_instances(fleet.id))
    assert len(nodes) == 5 and len(set(nodes)) == 5
    page = cloud.fleets.list_instances_page(fleet.id, page_size=2)
    seen = list(page.items)
    while page.next_cursor:
        page = cloud.fleets.list_instances_page(fleet.id, page_size=2, cursor=page.next_cursor)
        seen.extend(page.items)
    assert seen == nodes
