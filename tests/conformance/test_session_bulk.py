"""Sessions in bulk: every session of a stack ended at once, and where a user is bound."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import Capability
from tests.harness import Harness


def test_expire_all_ends_every_session_of_the_stack(harness: Harness) -> None:
    cloud = harness.cloud
    deployment = cloud.deploy(harness.deployment_spec("bulk", desired=2))
    fleet = cloud.wait_until_fleet_running(deployment.fleet.id)
    other = cloud.deploy(harness.deployment_spec("other"))
    other_fleet = cloud.wait_until_fleet_running(other.fleet.id)
    for user in ("ann", "bob", "cid"):
        harness.add_session(deployment.stack.id, fleet.id, user)
    harness.add_session(other.stack.id, other_fleet.id, "dee")
    cloud.sessions.expire_all(deployment.stack.id)
    assert [s for s in cloud.sessions.list(deployment.stack.id) if s.user_id] == []
    assert [s.user_id for s in cloud.sessions.list(other.stack.id)] == ["dee"]
    cloud.sessions.expire_all(deployment.stack.id)  # none left: nothing to do, no error


def test_bindings_say_where_a_user_is_bound(harness: Harness) -> None:
    cloud = harness.cloud
    if Capability.SESSION_BINDINGS not in cloud.capabilities:
        with pytest.raises(streamkit.UnsupportedOperation, match=r"sessions\.list"):
            cloud.sessions.bindings(user_id="ann")
        return
    stacks = []
    for name in ("b1", "b2"):
        deployment = cloud.deploy(harness.deployment_spec(name))
        cloud.wait_until_fleet_running(deployment.fleet.id)
        stacks.append(deployment.stack.id)
    first = harness.add_session(stacks[0], "", "ann")
    second = harness.add_session(stacks[1], "", "ann")
    harness.add_session(stacks[1], "", "bob")
    found = list(cloud.sessions.bindings(user_id="ann"))
    assert {(b.stack_id, b.session_id) for b in found} == {(stacks[0], first),
                                                          (stacks[1], second)}
    assert all(isinstance(b, streamkit.SessionBinding) and b.user_id == "ann" for b in found)
    assert {b.user_id for b in cloud.sessions.bindings(stack_id=stacks[1])} == {"ann", "bob"}
    page = cloud.sessions.bindings_page(page_size=2)
    assert len(page.items) == 2 and page.next_cursor
    rest = cloud.sessions.bindings_page(page_size=2, cursor=page.next_cursor)
    assert len(rest.items) == 1 and rest.next_cursor is None
