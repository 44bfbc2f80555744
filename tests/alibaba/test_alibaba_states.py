"""Alibaba's state tables: every documented delivery group and app instance status, and the
reasons a failed or lapsed group carries into ``WaiterFailed``."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import FleetState, ImageBuilderState, SessionState
from streamkit.providers.alibaba import translate
from streamkit.testing.alibaba.controls import INSTANCE_STATUSES, SET_STATUSES
from tests.harness import AlibabaHarness

#: the group statuses the SDK's models and the API reference document
GROUP_STATUSES = ("DEPLOYING", "DEPLOYED", "PUBLISHED", "STOPPING", "STOPPED", "MAINTAINING",
                  "FAILED", "MAINTAIN_FAILED", "DELETING", "EXPIRED", "CEASED",
                  "EXPIRED_RECYCLING", "UNAVAILABLE")



def test_every_documented_status_has_a_state() -> None:
    assert set(SET_STATUSES) <= set(GROUP_STATUSES)
    for status in GROUP_STATUSES:
        assert status in translate.FLEET_STATES, status
        assert status in translate.IMAGE_BUILDER_STATES, status
    for status in (*INSTANCE_STATUSES, "DELETED"):
        assert status in translate.SESSION_STATES, status
    assert translate.FLEET_STATES["DEPLOYED"] is FleetState.STARTING
    assert translate.FLEET_STATES["STOPPING"] is FleetState.STOPPING
    assert translate.FLEET_STATES["STOPPED"] is FleetState.STOPPED
    assert translate.IMAGE_BUILDER_STATES["STOPPED"] is ImageBuilderState.STOPPED
    assert translate.SESSION_STATES["UNAVAILABLE"] is SessionState.FAILED


@pytest.mark.parametrize(("status", "state"), [("DEPLOYED", FleetState.STARTING),
                                               ("STOPPING", FleetState.STOPPING),
                                               ("STOPPED", FleetState.STOPPED)])
def test_a_group_status_reads_back_over_the_wire(ali: AlibabaHarness, status: str,
                                                 state: FleetState) -> None:
    fleet = ali.cloud.deploy(ali.deployment_spec("s")).fleet
    ali.cloud.wait_until_fleet_running(fleet.id)
    ali.emulator.alibaba.set_group_status(fleet.stack_id or "", status)
    read = ali.cloud.fleets.get(fleet.id)
    assert (read.state, read.raw_state, read.errors) == (state, status, ())


def test_a_stopped_group_fails_the_running_wait_after_the_grace(ali: AlibabaHarness) -> None:
    fleet = ali.cloud.deploy(ali.deployment_spec("delisted")).fleet
    ali.cloud.wait_until_fleet_running(fleet.id)
    ali.emulator.alibaba.set_group_status(fleet.stack_id or "", "STOPPED")
    with pytest.raises(streamkit.WaiterFailed) as err:
        ali.cloud.wait_until_fleet_running(fleet.id, timeout=3600, grace=60)
    assert err.value.resource.state is FleetState.STOPPED
    assert 60 <= err.value.elapsed < 120  # the grace, not the hour's timeout


def test_a_failed_deploy_reaches_the_waiter_with_its_resource_status(
        ali: AlibabaHarness) -> None:
    fleet = ali.cloud.deploy(ali.deployment_spec("doomed")).fleet
    ali.emulator.alibaba.fail_group(fleet.stack_id or "", immediately=True)
    with pytest.raises(streamkit.WaiterFailed) as err:
        ali.cloud.wait_until_fleet_running(fleet.id, timeout=3600)
    (error,) = err.value.errors
    assert error.code == "FAILED"
    assert "did not initialize" in error.message and "UNAVAILABLE" in error.message
    assert err.value.attempts == 1


@pytest.mark.parametrize("status", ["EXPIRED", "CEASED", "EXPIRED_RECYCLING"])
def test_a_lapsed_group_fails_the_running_wait_at_once(ali: AlibabaHarness, status: str) -> None:
    fleet = ali.cloud.deploy(ali.deployment_spec("lapsed")).fleet
    ali.cloud.wait_until_fleet_running(fleet.id)
    ali.emulator.alibaba.set_group_status(fleet.stack_id or "", status, "RELEASED")
    with pytest.raises(streamkit.WaiterFailed) as err:
        ali.cloud.wait_until_fleet_running(fleet.id, timeout=3600)
    assert err.value.resource.state is FleetState.STOPPED and err.value.attempts == 1
    (error,) = err.value.errors
    assert error.code == status and "released" in error.message


def test_an_unavailable_app_instance_is_a_failed_session(ali: AlibabaHarness) -> None:
    deployment = ali.cloud.deploy(ali.deployment_spec("broken"))
    ali.cloud.wait_until_fleet_running(deployment.fleet.id)
    ali.emulator.alibaba.add_session(deployment.stack.id, "alice", status="UNAVAILABLE",
                                     session_status=None)
    (session,) = ali.cloud.sessions.list(deployment.stack.id)
    assert (session.state, session.raw_state) == (SessionState.FAILED, "UNAVAILABLE")
