"""cloud.plan and cloud.apply on both clouds, through the emulator and the real SDKs."""

from __future__ import annotations

from typing import Any

import attrs
import boto3
import pytest
from botocore.config import Config

import streamkit
from streamkit import (
    DesiredDeployment,
    DesiredState,
    FleetSpec,
    FleetState,
    FleetType,
    PlanBlocked,
    StackSpec,
    UsageScaling,
)
from streamkit.declarative import MARK_TAG, How
from streamkit.providers.alibaba.operations import OPERATIONS as ALIBABA_OPERATIONS
from streamkit.providers.aws.operations import OPERATIONS as AWS_OPERATIONS
from streamkit.retry import CallKind
from streamkit.testing import Emulator
from tests.harness import Harness

#: every operation the adapters send that only reads
READS = {name for table in (AWS_OPERATIONS, ALIBABA_OPERATIONS)
         for name, op in table.items() if op.kind is CallKind.READ}
USERS = ["alice@example.com", "bob@example.com"]


class Recorder:
    """The operations a client sent, from the on_call hook; ``stop_at`` = (operation, n)
    interrupts the n-th call of that operation."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.stop_at: tuple[str, int] | None = None

    def __call__(self, record: streamkit.CallRecord) -> None:
        self.calls.append(record.operation)
        if self.stop_at is not None and self.calls.count(self.stop_at[0]) == self.stop_at[1]:
            self.stop_at = None
            raise KeyboardInterrupt  # as Ctrl-C right after the call was answered

    def writes(self) -> list[str]:
        return [c for c in self.calls if c not in READS]

    def take(self) -> list[str]:
        calls, self.calls = self.calls, []
        return calls


def _client(harness: Harness) -> tuple[streamkit.StreamingCloud, Recorder]:
    recorder = Recorder()
    harness.add_users(USERS)
    return harness.connect(hooks=streamkit.Hooks(on_call=recorder)), recorder


def _state(harness: Harness, name: str = "studio", *, desired: int = 2,
           users: list[str] | None = None, **fleet: Any) -> DesiredState:
    return DesiredState(name=name, deployments=[DesiredDeployment(
        stack=StackSpec(name="design", tags={"team": "cad"}),
        fleet=FleetSpec(name="design-fleet", instance_type=harness.instance_type,
                        image_id=harness.base_image, fleet_type=FleetType.ALWAYS_ON,
                        desired_capacity=desired, tags={"team": "cad"}, **fleet),
        users=USERS[:1] if users is None else users)])


def _deployed(cloud: streamkit.StreamingCloud) -> tuple[streamkit.Stack, streamkit.Fleet]:
    (stack,) = [s for s in cloud.stacks.list() if s.name == "design"]
    (fleet,) = [f for f in cloud.fleets.list() if f.name in ("design-fleet", "design")]
    return stack, fleet


def test_apply_creates_from_nothing_then_a_second_apply_sends_no_write(harness: Harness) -> None:
    cloud, recorder = _client(harness)
    state = _state(harness)
    plan = cloud.plan(state)
    assert plan.changes and not plan.problems
    assert recorder.writes() == []  # planning only reads
    kinds = [a.kind for a in plan.actions]
    assert kinds[0] is How.CREATE and kinds[-1] is How.USERS
    seen: list[How] = []
    report = cloud.apply(state, on_action=lambda a: seen.append(a.kind))
    assert report.changed and seen == kinds
    stack, fleet = _deployed(cloud)
    assert fleet.state is FleetState.RUNNING and fleet.capacity.desired == 2
    assert cloud.stacks.tags(stack.id) == {"team": "cad"}  # the mark is streamkit's own
    assert sorted(cloud.stacks.list_users(stack.id)) == USERS[:1]

    recorder.take()
    again = cloud.apply(state)
    assert not again.changed and not again.plan.changes
    assert "nothing was sent" in str(again)
    assert recorder.calls and recorder.writes() == []
    assert "No changes" in str(cloud.plan(state))


def test_drift_through_the_raw_sdk_is_planned_exactly_and_corrected(harness: Harness) -> None:
    cloud, _ = _client(harness)
    state = _state(harness)
    cloud.apply(state)
    _, fleet = _deployed(cloud)
    _scale_behind_our_back(harness, fleet, 3)
    harness.advance(600)

    plan = cloud.plan(state)
    assert [(a.kind, a.changes) for a in plan.actions] == [
        (How.SCALE, (streamkit.Change(field="fleet.desired_capacity", before=3, after=2),))]
    assert "fleet.desired_capacity: 3 -> 2" in str(plan)
    cloud.apply(state)
    assert cloud.fleets.get(fleet.id).capacity.desired == 2
    assert not cloud.plan(state).changes


def _scale_behind_our_back(harness: Harness, fleet: streamkit.Fleet, desired: int) -> None:
    emu = harness.emulator
    if harness.provider == "aws":
        creds = emu.credentials["aws"]
        boto3.client("appstream", region_name="us-east-1", endpoint_url=emu.aws_endpoint,
                     aws_access_key_id=creds["access_key_id"],
                     aws_secret_access_key=creds["secret_access_key"],
                     config=Config(retries={"total_max_attempts": 1})).update_fleet(
            Name=fleet.id, ComputeCapacity={"DesiredInstances": desired})
        return
    from alibabacloud_appstream_center20210901 import models
    from alibabacloud_appstream_center20210901.client import Client
    from alibabacloud_tea_openapi.models import Config as TeaConfig

    creds = emu.credentials["alibaba"]
    client = Client(TeaConfig(access_key_id=creds["access_key_id"],
                              access_key_secret=creds["access_key_secret"],
                              endpoint=f"{emu.host}:{emu.port}", protocol="http",
                              region_id="cn-shanghai"))
    client.modify_node_pool_attribute(models.ModifyNodePoolAttributeRequest(
        biz_region_id="cn-shanghai", product_type="CloudApp",
        pool_id=fleet.id.split("/")[1],
        node_pool_strategy=models.ModifyNodePoolAttributeRequestNodePoolStrategy(
            node_amount=desired, strategy_type="NODE_FIXED")))


#: per provider, the call after which the apply is interrupted (its answer came back): AWS
#: between two steps; Alibaba while it waits for the new group to run
INTERRUPT_AT = {"aws": ("AssociateFleet", 1), "alibaba": ("GetAppInstanceGroup", 3)}


def test_an_interrupted_apply_resumes_to_the_same_end_state(harness: Harness) -> None:
    cloud, recorder = _client(harness)
    state = _state(harness, users=USERS)
    recorder.stop_at = INTERRUPT_AT[harness.provider]
    with pytest.raises(KeyboardInterrupt):
        cloud.apply(state)
    left = cloud.plan(state)
    assert left.changes and not left.problems
    assert How.CREATE not in {a.kind for a in left.actions}  # what was made is its own

    cloud.apply(state)
    stack, fleet = _deployed(cloud)
    assert fleet.state is FleetState.RUNNING and fleet.capacity.desired == 2
    assert sorted(cloud.stacks.list_users(stack.id)) == USERS
    assert len(list(cloud.stacks.list())) == 1
    assert not cloud.plan(state).changes


def test_a_change_the_provider_cannot_make_is_in_the_plan_before_any_write(
        harness: Harness) -> None:
    cloud, recorder = _client(harness)
    cannot = ({"scaling": UsageScaling(max_capacity=4)} if harness.provider == "aws"
              else {"max_user_duration_seconds": 3600})
    state = _state(harness, **cannot)
    plan = cloud.plan(state)
    (problem,) = plan.problems
    assert problem.field == f"fleet.{next(iter(cannot))}"
    assert "cannot" in str(plan) and "Blocked" in str(plan)
    with pytest.raises(PlanBlocked) as info:
        cloud.apply(state)
    assert info.value.problems == plan.problems
    assert recorder.writes() == []
    assert list(cloud.stacks.list()) == []


def test_a_fleet_field_that_needs_a_stopped_fleet_or_a_new_one(harness: Harness) -> None:
    cloud, _ = _client(harness)
    state = _state(harness)
    cloud.apply(state)
    bigger = "stream.standard.large" if harness.provider == "aws" else "appstreaming.general.8c16g"
    d = state.deployments[0]
    changed = attrs.evolve(state, deployments=[
        attrs.evolve(d, fleet=attrs.evolve(d.fleet, instance_type=bigger))])
    action, *after = cloud.plan(changed).actions
    # Alibaba: a new delivery group, whose users are entitled again
    assert [a.kind for a in after] == ([] if harness.provider == "aws" else [How.USERS])
    expected = How.STOP_UPDATE_START if harness.provider == "aws" else How.REPLACE
    assert action.kind is expected and action.disruptive
    assert [c.field for c in action.changes] == ["fleet.instance_type"]
    cloud.apply(changed)
    _, fleet = _deployed(cloud)
    assert fleet.instance_type == bigger and fleet.state is FleetState.RUNNING
    assert not cloud.plan(changed).changes


def test_image_rotation_and_tags_in_place(harness: Harness) -> None:
    cloud, _ = _client(harness)
    state = _state(harness)
    cloud.apply(state)
    other = next(i.id for i in cloud.images.list() if i.id != harness.base_image
                 and i.state.value == "AVAILABLE")
    d = state.deployments[0]
    changed = attrs.evolve(state, deployments=[attrs.evolve(
        d, stack=attrs.evolve(d.stack, tags={"team": "render"}),
        fleet=attrs.evolve(d.fleet, image_id=other, tags={"team": "render"}))])
    plan = cloud.plan(changed)
    kinds = {a.kind for a in plan.actions}
    assert How.ROTATE_IMAGE in kinds and How.TAG in kinds
    assert not any(a.disruptive for a in plan.actions if a.kind is How.TAG)
    cloud.apply(changed)
    _, fleet = _deployed(cloud)
    assert fleet.image_id == other
    assert not cloud.plan(changed).changes


def test_a_same_name_resource_without_the_mark_is_never_adopted(emulator: Emulator) -> None:
    from tests.harness import AwsHarness

    harness = AwsHarness(emulator)
    cloud, recorder = _client(harness)
    cloud.stacks.create(StackSpec(name="design"))  # someone else's
    plan = cloud.plan(_state(harness))
    (problem,) = plan.problems
    assert "stack design" in problem.reason and MARK_TAG in problem.reason
    recorder.take()
    with pytest.raises(PlanBlocked):
        cloud.apply(_state(harness))
    assert recorder.writes() == []


def test_pruning_deletes_only_what_the_state_dropped_and_only_when_asked(
        harness: Harness) -> None:
    cloud, _ = _client(harness)
    two = DesiredState(name="studio", deployments=[
        DesiredDeployment(stack=StackSpec(name=n), fleet=FleetSpec(
            name=f"{n}-fleet", instance_type=harness.instance_type, image_id=harness.base_image,
            fleet_type=FleetType.ALWAYS_ON, desired_capacity=1)) for n in ("a", "b")])
    cloud.apply(two)
    one = attrs.evolve(two, deployments=two.deployments[:1])
    assert not cloud.plan(one).changes  # dropped, but not asked to delete
    plan = cloud.plan(one, prune=True)
    (action,) = plan.actions
    assert action.kind is How.DELETE and action.deployment == "b" and action.disruptive
    cloud.apply(plan)
    assert [s.name for s in cloud.stacks.list()] == ["a"]


def test_a_plan_applied_after_the_cloud_changed_is_refused(harness: Harness) -> None:
    cloud, recorder = _client(harness)
    state = _state(harness)
    plan = cloud.plan(state)
    cloud.apply(state)
    recorder.take()
    with pytest.raises(PlanBlocked, match="plan again"):
        cloud.apply(plan)
    assert recorder.writes() == []


def test_plan_as_json(harness: Harness) -> None:
    cloud, _ = _client(harness)
    doc = cloud.plan(_state(harness)).as_dict()
    assert doc["changes"] is True and doc["provider"] == harness.provider
    first = doc["actions"][0]
    assert first["action"] == "create" and first["disruptive"] is False
    changes = [c for a in doc["actions"] for c in a["changes"]]
    assert {"field": "fleet.desired_capacity", "before": None, "after": 2} in changes
    assert {"field": "fleet.fleet_type", "before": None, "after": "ALWAYS_ON"} in changes


def test_the_async_client_plans_and_applies(harness: Harness) -> None:
    import asyncio

    import streamkit.aio

    state = _state(harness, users=[])

    async def use() -> tuple[bool, bool]:
        args = harness.emulator.connect_args(harness.provider)
        async with streamkit.aio.connect(harness.provider, **args) as cloud:
            first = await cloud.apply(state)
            second = await cloud.plan(state)
            return first.changed, second.changes

    assert asyncio.run(use()) == (True, False)
