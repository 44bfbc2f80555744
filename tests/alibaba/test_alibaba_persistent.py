"""Persistent sessions: listed with their ``persistent_id``, reconnected to, and ended."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import SessionState
from tests.harness import AlibabaHarness


def _stack(ali: AlibabaHarness, name: str) -> str:
    deployment = ali.cloud.deploy(ali.deployment_spec(name, desired=2))
    ali.cloud.wait_until_fleet_running(deployment.fleet.id)
    return deployment.stack.id


def test_persistent_sessions_are_listed_connected_to_and_expired(ali: AlibabaHarness) -> None:
    cloud, controls = ali.cloud, ali.emulator.alibaba
    stack_id = _stack(ali, "keep")
    ann = controls.add_persistent_session(stack_id, ["ann"], name="ann's desk")
    bob = controls.add_persistent_session(stack_id, ["bob", "cid"], bound=False)
    listed = {s.persistent_id: s for s in cloud.sessions.list_persistent(stack_id)}
    assert set(listed) == {ann, bob}
    assert (listed[ann].user_id, listed[ann].state) == ("ann", SessionState.ACTIVE)
    assert listed[ann].stack_id == stack_id and listed[ann].fleet_id.startswith(stack_id)
    assert listed[bob].user_id == "bob" and listed[bob].raw["AuthorizedUsers"] == ["bob", "cid"]
    page = cloud.sessions.list_persistent_page(stack_id, page_size=1)
    assert len(page.items) == 1 and page.next_cursor

    access = cloud.sessions.connect(stack_id, "cid", persistent_id=bob)
    assert access.reveal() and access.session_id == listed[bob].id
    with pytest.raises(streamkit.PermissionDenied):  # not among its authorized users
        cloud.sessions.connect(stack_id, "zed", persistent_id=bob)
    with pytest.raises(streamkit.NotFound):
        cloud.sessions.connect(stack_id, "ann", persistent_id="p-nosuchsession00000")

    cloud.sessions.expire(listed[ann])  # Unbind by AppInstancePersistentId
    bound = {s.user_id for s in cloud.sessions.list(stack_id)}
    assert bound == {"cid"}
    assert {s.persistent_id for s in cloud.sessions.list_persistent(stack_id)} == {ann, bob}


def test_persistent_arguments_are_checked(ali: AlibabaHarness) -> None:
    stack_id = _stack(ali, "args")
    with pytest.raises(streamkit.ValidationError, match="fleet_id"):
        ali.cloud.sessions.connect(stack_id, "ann", persistent_id="p-1", fleet_id="aig-x/rg-y")
    with pytest.raises(streamkit.ValidationError, match="persistent_id"):
        ali.cloud.sessions.connect(stack_id, "ann", persistent_id="")
