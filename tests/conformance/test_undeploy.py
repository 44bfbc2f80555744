"""``cloud.undeploy``: the reverse of deploy on both clouds, idempotent, with progress."""

from __future__ import annotations

import json

import attrs
import pytest

import streamkit
from streamkit import CallRecord, Hooks, Observation
from streamkit.cli.output import ExitCode
from tests.harness import Harness
from tests.test_cli import Cli


def held(harness: Harness) -> set[str]:
    cloud = harness.cloud
    return {s.id for s in cloud.stacks.list()} | {f.id for f in cloud.fleets.list()}


#: the calls that change something, in the order undeploy sends them
CHANGES = {"aws": ["StopFleet", "DisassociateFleet", "DeleteFleet", "DeleteStack"],
           "alibaba": ["DeleteAppInstanceGroup"]}


def test_undeploy_removes_a_running_deployment_and_is_idempotent(harness: Harness) -> None:
    cloud = harness.cloud
    deployment = cloud.deploy(harness.deployment_spec("gone"))
    cloud.wait_until_fleet_running(deployment.fleet.id)
    other = cloud.deploy(harness.deployment_spec("kept"))
    calls: list[str] = []
    seen: list[Observation[object]] = []
    tracked = harness.connect(hooks=_changes(calls))
    assert tracked.undeploy(deployment.stack.id, on_progress=seen.append) is None
    assert held(harness) == {other.stack.id, other.fleet.id}
    assert calls == CHANGES[harness.provider]
    assert seen[-1].state == "GONE" and seen[-1].resource_id == deployment.stack.id
    if harness.provider == "aws":  # waited for the stop on the injectable clock
        assert {"fleet stopped", "fleet deleted", "stack deleted"} <= {o.wait for o in seen}
    calls.clear()
    tracked.undeploy(deployment.stack.id)  # gone: a no-op
    tracked.undeploy(deployment)
    assert calls == []  # nothing changed
    assert held(harness) == {other.stack.id, other.fleet.id}


def test_undeploy_takes_a_deployment_and_a_timeout(harness: Harness) -> None:
    cloud = harness.cloud
    deployment = cloud.deploy(harness.deployment_spec("short"))
    if harness.provider == "aws":
        with pytest.raises(streamkit.WaiterTimeout):  # the stop takes minutes, not 1 s
            cloud.undeploy(deployment, timeout=1)
        assert deployment.stack.id in held(harness)
    cloud.undeploy(deployment, timeout=3600)
    assert held(harness) == set()


@pytest.mark.parametrize("argument", [None, "", 42, "no such/id!"])
def test_undeploy_refuses_bad_input(harness: Harness, argument: object) -> None:
    with pytest.raises(streamkit.ValidationError) as err:
        harness.cloud.undeploy(argument)  # type: ignore[arg-type]
    assert err.value.field == "stack_id"
    with pytest.raises(streamkit.ValidationError) as err:
        harness.cloud.undeploy("x", timeout=-1)
    assert err.value.field == "timeout"
    with pytest.raises(streamkit.ValidationError) as err:
        harness.cloud.undeploy("x", on_progress="print")  # type: ignore[arg-type]
    assert err.value.field == "on_progress"


def test_undeploy_on_the_command_line(harness: Harness) -> None:
    run = Cli(harness)
    if harness.provider == "aws":  # the command runs on the real clock: a stop that takes none
        stack = run.deploy("slow")["stack"]["id"]
        run("undeploy", stack, "-q", "--timeout", "0", code=ExitCode.TIMEOUT)
        harness.advance(harness.emulator.aws.timings.fleet_stop)
        run("undeploy", stack, "-q")
        harness.emulator.aws.timings = attrs.evolve(harness.emulator.aws.timings, fleet_stop=0)
    stack = run.deploy("cli")["stack"]["id"]
    done = json.loads(run("undeploy", stack, "-q", "-o", "json").stdout)
    assert done == {"action": "undeploy", "id": stack}
    assert held(harness) == set()
    run("undeploy", stack, "-q")  # again: nothing to do, exit 0


def _changes(calls: list[str]) -> Hooks:
    """Hooks noting each successful call that changes something."""

    def on_call(record: CallRecord) -> None:
        if record.error is None and not record.operation.startswith(("Describe", "List",
                                                                      "Get")):
            calls.append(record.operation)

    return Hooks(on_call=on_call)
