"""Alibaba sessions: logging a scheduled group's sessions off at once, and deleting app
instances, whose refusals come inside a 200 answer."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from alibabacloud_appstream_center20210901 import models as m

import streamkit
from streamkit import SessionState
from tests.alibaba.conftest import sdk
from tests.harness import AlibabaHarness


def _scheduled_group(ali: AlibabaHarness) -> str:
    """A published pay-as-you-go group scaled on a schedule, 10:00-11:00 UTC every day; the
    clock is then at 10:30 UTC."""
    clock = ali.emulator.clock
    now = datetime.fromtimestamp(clock.now(), tz=timezone.utc)
    target = (now + timedelta(days=1)).replace(hour=10, minute=30, second=0, microsecond=0)
    clock.advance((target - now).total_seconds())
    day = target.date()
    period = m.CreateAppInstanceGroupRequestNodePoolRecurrenceSchedulesTimerPeriods(
        start_time="10:00", end_time="11:00", amount=2)
    pool = m.CreateAppInstanceGroupRequestNodePool(
        node_instance_type=ali.instance_type, node_amount=1, node_capacity=2,
        strategy_type="NODE_SCALING_BY_SCHEDULE",
        strategy_enable_date=str(day - timedelta(days=1)),
        strategy_disable_date=str(day + timedelta(days=30)),
        recurrence_schedules=[m.CreateAppInstanceGroupRequestNodePoolRecurrenceSchedules(
            recurrence_type="weekly", recurrence_values=list(range(1, 8)),
            timer_periods=[period])])
    created = sdk(ali.emulator).create_app_instance_group(m.CreateAppInstanceGroupRequest(
        app_center_image_id=ali.base_image, biz_region_id="cn-shanghai",
        product_type="CloudApp", charge_type="PostPaid", charge_resource_mode="Node",
        period=1, period_unit="Month", session_timeout=15, app_instance_group_name="sched",
        node_pool=pool))
    group_id = str(created.body.app_instance_group_model.app_instance_group_id)
    ali.advance(ali.emulator.alibaba.timings.group_deploy)
    return group_id


def test_expire_all_logs_a_scheduled_group_off_at_once_outside_its_periods(
        ali: AlibabaHarness) -> None:
    sent: list[str] = []
    cloud = ali.connect(hooks=streamkit.Hooks(on_call=lambda r: sent.append(r.operation)))
    group_id = _scheduled_group(ali)
    for user in ("ann", "bob"):
        ali.emulator.alibaba.add_session(group_id, user)
    with pytest.raises(streamkit.InvalidRequest, match="scheduled scaling period"):
        cloud.sessions.expire_all(group_id)  # 10:30: inside the period, the cloud refuses
    assert len(list(cloud.sessions.list(group_id))) == 2
    ali.advance(3600)  # 11:30
    sent.clear()
    cloud.sessions.expire_all(group_id)
    assert "LogOffAllSessionsInAppInstanceGroup" in sent and "Unbind" not in sent
    assert list(cloud.sessions.list(group_id)) == []


def test_expire_all_unbinds_each_session_of_other_groups(ali: AlibabaHarness) -> None:
    sent: list[str] = []
    cloud = ali.connect(hooks=streamkit.Hooks(on_call=lambda r: sent.append(r.operation)))
    deployment = cloud.deploy(ali.deployment_spec("fixed"))
    cloud.wait_until_fleet_running(deployment.fleet.id)
    ali.emulator.alibaba.add_session(deployment.stack.id, "ann")
    ali.emulator.alibaba.add_session(deployment.stack.id, "bob")
    cloud.sessions.expire_all(deployment.stack.id)
    assert sent.count("Unbind") == 2 and "LogOffAllSessionsInAppInstanceGroup" not in sent


def test_log_off_refuses_a_group_without_a_schedule(ali: AlibabaHarness) -> None:
    deployment = ali.cloud.deploy(ali.deployment_spec("plain"))
    ali.cloud.wait_until_fleet_running(deployment.fleet.id)
    from alibabacloud_tea_openapi.exceptions import ClientException
    with pytest.raises(ClientException) as err:
        sdk(ali.emulator).log_off_all_sessions_in_app_instance_group(
            m.LogOffAllSessionsInAppInstanceGroupRequest(
                app_instance_group_id=deployment.stack.id, product_type="CloudApp"))
    assert err.value.code == "InvalidParameter.AppInstanceGroupId"


def test_delete_instances_names_each_refused_instance(ali: AlibabaHarness) -> None:
    deployment = ali.cloud.deploy(ali.deployment_spec("broken"))
    ali.cloud.wait_until_fleet_running(deployment.fleet.id)
    stack_id, controls = deployment.stack.id, ali.emulator.alibaba
    stuck = controls.add_app_instance(stack_id, status="INIT")
    idle = controls.add_app_instance(stack_id, status="IDLE")
    broken = controls.add_app_instance(stack_id, status="UNAVAILABLE")
    busy = controls.add_session(stack_id, "ann")
    listed = {s.id: s for s in ali.cloud.sessions.list(stack_id)}
    assert listed[broken].state is SessionState.FAILED and listed[busy].user_id == "ann"
    assert stuck not in listed and idle not in listed  # free slots are not sessions
    with pytest.raises(streamkit.ValidationError, match="delete_instances"):
        ali.cloud.sessions.expire(listed[broken])  # no user to unbind
    ali.cloud.sessions.delete_instances(stack_id, [stuck, idle])
    with pytest.raises(streamkit.Conflict) as err:
        ali.cloud.sessions.delete_instances(stack_id, [busy, broken, "ai-nosuchinstance0000"])
    error = err.value
    assert error.code == "IncorrectAppInstanceStatus" and error.operation == "DeleteAppInstances"
    for instance in (busy, broken, "ai-nosuchinstance0000"):
        assert instance in str(error)
    assert "InvalidAppInstance.NotFound" in str(error)
    left = {s.id for s in ali.cloud.sessions.list(stack_id)}
    assert left == {busy, broken}
    with pytest.raises(streamkit.ValidationError, match="instance_ids"):
        ali.cloud.sessions.delete_instances(stack_id, [])
