"""deploy() ends whole or leaves nothing, even when interrupted (issue 12).

An interrupt is a KeyboardInterrupt raised from the ``on_call`` hook right after a given call
succeeded: hooks are guarded against ``Exception`` only, so it leaves streamkit the way a
Ctrl-C arriving just after the cloud answered does. After the interrupt, the emulator must
hold nothing, or the record attached to the interrupt must name exactly what it holds.
"""

from __future__ import annotations

import pytest

import streamkit
from streamkit import CallRecord, Hooks, Leftover, PartialDeployment
from tests.harness import AwsHarness, Harness


class Interrupter:
    """An on_call hook that raises KeyboardInterrupt after chosen successful calls."""

    def __init__(self, *at: tuple[str, int]) -> None:
        self.at = list(at)  # (operation, its n-th success), in the order they are to fire
        self.seen: list[str] = []

    def __call__(self, record: CallRecord) -> None:
        if record.error is not None:
            return
        self.seen.append(record.operation)
        if self.at and self.at[0] == (record.operation, self.seen.count(record.operation)):
            self.at.pop(0)
            raise KeyboardInterrupt


def left_on(harness: Harness) -> set[tuple[str, str]]:
    """What the cloud holds, read by a client without hooks."""
    cloud = harness.connect()
    fleets = {("fleet", f.id) for f in cloud.fleets.list()}
    if streamkit.Capability.NATIVE_DEPLOY in cloud.capabilities:
        fleets = set()  # a delivery group's fleet is the group itself
    return {("stack", s.id) for s in cloud.stacks.list()} | fleets


def deploy_calls(harness: Harness) -> list[str]:
    """The calls one deploy makes, in order (with tags, so Alibaba tags the group)."""
    spy = Interrupter()
    cloud = harness.connect(hooks=Hooks(on_call=spy))
    cloud.undeploy(cloud.deploy(tagged(harness, "probe")))
    assert left_on(harness) == set()
    return spy.seen[: spy.seen.index(deploy_end(harness)) + 1]


def deploy_end(harness: Harness) -> str:
    return "DescribeFleets" if harness.provider == "aws" else "GetAppInstanceGroup"


def tagged(harness: Harness, name: str) -> streamkit.DeploymentSpec:
    spec = harness.deployment_spec(name)
    return streamkit.DeploymentSpec(
        stack=streamkit.StackSpec(name=spec.stack.name, display_name=spec.stack.display_name,
                                  tags={"team": "render"}),
        fleet=spec.fleet)


def nth(calls: list[str], index: int) -> tuple[str, int]:
    operation = calls[index]
    return operation, calls[: index + 1].count(operation)


def interrupted(harness: Harness, *at: tuple[str, int]) -> KeyboardInterrupt:
    cloud = harness.connect(hooks=Hooks(on_call=Interrupter(*at)))
    with pytest.raises(KeyboardInterrupt) as caught:
        cloud.deploy(tagged(harness, "sig"))
    return caught.value


def test_an_interrupt_after_any_call_of_deploy_leaves_nothing(harness: Harness) -> None:
    calls = deploy_calls(harness)
    expected = {"aws": ["CreateStack", "CreateFleet", "AssociateFleet", "StartFleet"],
                "alibaba": ["CreateAppInstanceGroup", "TagCloudResources"]}[harness.provider]
    assert [c for c in calls if c in expected] == expected
    orphans = {}
    for index in range(len(calls)):
        interrupt = interrupted(harness, nth(calls, index))
        assert interrupt.__cause__ is None  # rolled back whole: no record needed
        orphans[calls[index]] = len(left_on(harness))
    assert orphans == dict.fromkeys(calls, 0)


def test_a_second_interrupt_during_rollback_leaves_an_exact_record(harness: Harness) -> None:
    calls = deploy_calls(harness)
    stop_at = {"aws": ("StopFleet", 1), "alibaba": ("DeleteAppInstanceGroup", 1)}
    first = nth(calls, len(calls) - 1)  # deploy done but for its last read
    interrupt = interrupted(harness, first, stop_at[harness.provider])
    record = interrupt.__cause__
    assert isinstance(record, PartialDeployment)
    assert isinstance(record.error, KeyboardInterrupt) and record.error is not interrupt
    left = left_on(harness)
    if harness.provider == "alibaba":
        # the delete was accepted before the interrupt: the group is on its way out
        assert {(item.kind, item.id) for item in record.left} >= left
    else:
        assert {(item.kind, item.id) for item in record.left} == left != set()
    stack = next(item.id for item in record.left if item.kind == "stack")
    assert f"cloud.undeploy({stack!r})" in str(record)
    harness.cloud.undeploy(stack)
    assert left_on(harness) == set()


def test_an_interrupt_while_the_fleet_starts_stops_it_before_deleting(harness: Harness
                                                                         ) -> None:
    if harness.provider != "aws":
        pytest.skip("a delivery group is deleted in any state")
    spy = Interrupter(("StartFleet", 1))
    cloud = harness.connect(hooks=Hooks(on_call=spy))
    with pytest.raises(KeyboardInterrupt):
        cloud.deploy(harness.deployment_spec("sig"))
    tail = spy.seen[spy.seen.index("StartFleet") + 1:]
    assert [c for c in tail if c != "DescribeFleets" and c != "DescribeStacks"] == [
        "StopFleet", "DisassociateFleet", "DeleteFleet", "DeleteStack"]
    assert left_on(harness) == set()


def test_a_failed_rollback_raises_a_record_of_what_is_left(harness: Harness) -> None:
    if harness.provider != "aws":
        pytest.skip("one delete undoes an Alibaba deploy; its refusal is the case below")
    harness.emulator.faults.add(provider="aws", operation="StartFleet", kind="error",
                                code="LimitExceededException", count=1)
    harness.emulator.faults.add(provider="aws", operation="DeleteFleet", kind="error",
                                code="OperationNotPermittedException")
    with pytest.raises(PartialDeployment) as caught:
        harness.cloud.deploy(harness.deployment_spec("sig"))
    record = caught.value
    assert isinstance(record.error, streamkit.QuotaExceeded)
    assert record.__cause__ is record.error
    spec = harness.deployment_spec("sig")
    assert record.left == (Leftover(kind="fleet", id=spec.fleet.name, state="STOPPED"),
                           Leftover(kind="stack", id=spec.stack.name, state="EXISTS"))
    assert left_on(harness) == {("fleet", spec.fleet.name), ("stack", spec.stack.name)}
    harness.emulator.faults.clear()
    harness.cloud.undeploy(streamkit.Deployment(
        stack=harness.cloud.stacks.get(spec.stack.name),
        fleet=harness.cloud.fleets.get(spec.fleet.name)))
    assert left_on(harness) == set()


def test_a_refused_delete_during_an_alibaba_rollback_is_recorded(harness: Harness) -> None:
    if harness.provider != "alibaba":
        pytest.skip("Alibaba's one-group deploy")
    harness.emulator.faults.add(provider="alibaba", operation="TagCloudResources",
                                kind="error", code="Forbidden.RAM", status=403, count=1)
    harness.emulator.faults.add(provider="alibaba", operation="DeleteAppInstanceGroup",
                                kind="error", code="InternalError", status=500)
    cloud = harness.connect(retry=streamkit.RetryPolicy(max_attempts=2))
    with pytest.raises(PartialDeployment) as caught:
        cloud.deploy(tagged(harness, "sig"))
    (group,) = [s.id for s in cloud.stacks.list()]
    assert [(item.kind, item.id) for item in caught.value.left] == [("stack", group)]
    harness.emulator.faults.clear()
    cloud.undeploy(group)
    assert left_on(harness) == set()



def test_an_interrupted_create_never_deletes_a_strangers_resource(aws: AwsHarness) -> None:
    """A stack of that name made by another client, with the very settings the spec asks for:
    our CreateStack is refused and an interrupt arrives with the answer. The rollback must
    look for what our create may have made and leave the stranger's stack alone."""
    spec = tagged(aws, "shared")
    stranger = aws.connect()
    stranger.stacks.create(spec.stack)

    def interrupt_on_refusal(record: CallRecord) -> None:
        if record.operation == "CreateStack" and record.error is not None:
            raise KeyboardInterrupt

    cloud = aws.connect(hooks=Hooks(on_call=interrupt_on_refusal))
    with pytest.raises(KeyboardInterrupt):
        cloud.deploy(spec)
    assert stranger.stacks.get(spec.stack.name).name == spec.stack.name
