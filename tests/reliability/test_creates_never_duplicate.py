"""Creates are never duplicated and never fail spuriously when their answer is lost.

After an ambiguous failure (the server may have acted: a dropped connection, a 5xx, a read
timeout, a garbled body) the adapter looks for the resource before it sends the create
again: found and matching the spec is success, found and different is AlreadyExists. A
deploy in steps (AWS) ends as a whole deployment or as nothing, whatever step fails.
"""

from __future__ import annotations

import random
from typing import Any

import attrs
import pytest

import streamkit
from streamkit import FleetSpec, FleetState, ImageBuilderSpec, StackSpec
from streamkit.testing import Emulator
from tests.harness import AlibabaHarness, AwsHarness, Harness

CREATES = 200
LOST = 0.10  # share of create answers lost after the server acted
AWS_CREATES = ("CreateStack", "CreateFleet", "CreateImageBuilder")


def _lose_answers(emu: Emulator, provider: str, operations: tuple[str, ...]) -> list[Any]:
    return [emu.faults.add("drop_after", provider=provider, operation=op, rate=LOST,
                           seed=f"lost/{op}") for op in operations]


def test_aws_creates_with_lost_answers_make_each_resource_once(aws: AwsHarness) -> None:
    cloud, emu = aws.cloud, aws.emulator
    rules = _lose_answers(emu, "aws", AWS_CREATES)
    plan = random.Random(3).choices(["stack", "fleet", "builder"], weights=[2, 2, 1], k=CREATES)
    failures: list[str] = []
    for n, what in enumerate(plan):
        name = f"{what}-{n}"
        try:
            if what == "stack":
                made: Any = cloud.stacks.create(StackSpec(name=name, display_name=f"S {n}",
                                                          description="load"))
                assert (made.id, made.display_name) == (name, f"S {n}")
            elif what == "fleet":
                made = cloud.fleets.create(FleetSpec(name=name, instance_type=aws.instance_type,
                                                     image_id=aws.base_image))
                assert (made.id, made.image_id) == (name, aws.base_image)
            else:
                made = cloud.image_builders.create(ImageBuilderSpec(
                    name=name, instance_type="stream.standard.large", image_id=aws.base_image))
                assert made.id == name
        except streamkit.StreamkitError as exc:
            failures.append(f"{name}: {exc!r}")
    emu.faults.clear()
    lost = sum(rule.fired for rule in rules)
    made_ids = ([s.id for s in cloud.stacks.list()] + [f.id for f in cloud.fleets.list()]
                + [b.id for b in cloud.image_builders.list()])
    mix = ", ".join(f"{plan.count(k)} {k}s" for k in sorted(set(plan)))
    print(f"\n[aws] {CREATES} creates ({mix}), {lost} answers lost after the server acted, "
          f"{len(made_ids) - len(set(made_ids))} duplicates, {len(failures)} spurious failures")
    assert failures == []
    assert lost >= CREATES * LOST / 2
    assert sorted(made_ids) == sorted(f"{what}-{n}" for n, what in enumerate(plan))


@pytest.mark.parametrize("kind", ["drop_before", "drop_after", "server_error", "unavailable",
                                  "slow", "malformed"])
def test_every_ambiguous_failure_of_a_create_is_reconciled(aws: AwsHarness, kind: str) -> None:
    emu = aws.emulator
    cloud = aws.connect(timeout=0.2)
    emu.faults.counting = True  # go on counting once the one-shot rule is used up
    emu.faults.add(kind, provider="aws", operation="CreateStack", count=1, delay=0.3)
    stack = cloud.stacks.create(StackSpec(name="once", display_name="Once"))
    assert stack.id == "once" and stack.display_name == "Once"
    assert [s.id for s in cloud.stacks.list()] == ["once"]
    # an applied create is found, not resent; an unapplied one is sent again
    creates = emu.faults.seen("aws", "CreateStack")
    assert creates == (2 if kind in ("drop_before", "server_error", "unavailable") else 1)


def test_a_different_resource_found_after_a_lost_answer_is_already_exists(
        aws: AwsHarness) -> None:
    cloud, emu = aws.cloud, aws.emulator
    cloud.stacks.create(StackSpec(name="taken", display_name="Theirs"))
    emu.faults.add("drop_after", provider="aws", operation="CreateStack", count=1)
    with pytest.raises(streamkit.AlreadyExists) as err:
        cloud.stacks.create(StackSpec(name="taken", display_name="Mine"))
    assert err.value.code == "ResourceAlreadyExistsException"
    assert cloud.stacks.get("taken").display_name == "Theirs"
    emu.faults.add("drop_after", provider="aws", operation="CreateFleet", count=1)
    cloud.fleets.create(FleetSpec(name="f", instance_type=aws.instance_type,
                                  image_id=aws.base_image))
    emu.faults.add("drop_after", provider="aws", operation="CreateFleet", count=1)
    with pytest.raises(streamkit.AlreadyExists):
        cloud.fleets.create(FleetSpec(name="f", instance_type="stream.compute.large",
                                      image_id=aws.base_image))


def test_alibaba_deploys_with_lost_answers_make_each_group_once(ali: AlibabaHarness) -> None:
    """Names are not unique on Alibaba: many groups share one name here on purpose."""
    cloud, emu = ali.cloud, ali.emulator
    rules = _lose_answers(emu, "alibaba", ("CreateAppInstanceGroup",))
    names = [f"shared-{n % 10}" for n in range(CREATES)]
    ids: list[str] = []
    failures: list[str] = []
    for name in names:
        spec = ali.deployment_spec(name)
        spec = streamkit.DeploymentSpec(stack=StackSpec(name=name), fleet=spec.fleet)
        try:
            deployment = cloud.deploy(spec)
        except streamkit.StreamkitError as exc:
            failures.append(f"{name}: {exc!r}")
            continue
        assert deployment.stack.name == name
        assert deployment.fleet.instance_type == ali.instance_type
        ids.append(deployment.stack.id)
    emu.faults.clear()
    lost = sum(rule.fired for rule in rules)
    groups = [s.id for s in cloud.stacks.list()]
    print(f"\n[alibaba] {CREATES} deploys over {len(set(names))} shared names, {lost} answers "
          f"lost after the server acted, {len(groups) - CREATES} extra groups, "
          f"{len(ids) - len(set(ids))} deploys that took another's group, "
          f"{len(failures)} spurious failures")
    assert failures == []
    assert lost >= CREATES * LOST / 2
    assert len(set(ids)) == len(ids) == CREATES  # each deploy got its own group
    assert sorted(groups) == sorted(ids)  # and no group was made twice


def test_alibaba_builders_with_lost_answers_are_made_once(ali: AlibabaHarness) -> None:
    cloud, emu = ali.cloud, ali.emulator
    cloud.image_builders.create(ImageBuilderSpec(name="ib", instance_type=ali.instance_type,
                                                 image_id=ali.base_image))
    emu.faults.add("drop_after", provider="alibaba", operation="CreateAppInstanceGroup",
                   count=1)
    second = cloud.image_builders.create(ImageBuilderSpec(
        name="ib", instance_type=ali.instance_type, image_id=ali.base_image))
    builders = [b.id for b in cloud.image_builders.list()]
    assert len(builders) == 2 and second.id in builders  # a new one, not the old one adopted


# -- deploy: a whole deployment or nothing ------------------------------------------------------

AWS_STEPS = ("CreateStack", "CreateFleet", "AssociateFleet", "StartFleet", "DescribeFleets")
ALIBABA_STEPS = ("CreateAppInstanceGroup", "TagCloudResources")
#: (name, fault rule): answers lost once or on every try, and hard errors
STEP_FAULTS: dict[str, dict[str, Any]] = {
    "lost once": {"kind": "drop_after", "count": 1},
    "lost every time": {"kind": "drop_after"},
    "never arrives": {"kind": "drop_before"},
    "5xx every time": {"kind": "server_error"},
    "refused": {"kind": "error", "code": "InvalidParameterCombinationException", "count": 1},
}


def _assert_whole_or_nothing(harness: Harness, result: Any) -> str:
    stacks, fleets = list(harness.cloud.stacks.list()), list(harness.cloud.fleets.list())
    live = [f for f in fleets if f.state is not FleetState.DELETING]
    if not stacks and not live:
        assert isinstance(result, streamkit.StreamkitError), result
        return "nothing"
    assert isinstance(result, streamkit.Deployment), (result, stacks, fleets)
    assert [s.id for s in stacks] == [result.stack.id]
    assert [f.id for f in live] == [result.fleet.id]
    assert live[0].state in (FleetState.STARTING, FleetState.RUNNING)
    if streamkit.Capability.FLEET_ASSOCIATION in harness.cloud.capabilities:
        assert list(harness.cloud.stacks.list_fleets(result.stack.id)) == [result.fleet.id]
    return "whole"


def _deploy_with_fault(harness: Harness, step: str, fault: dict[str, Any]) -> str:
    emu = harness.emulator
    if harness.provider == "alibaba" and fault.get("code"):
        fault = {**fault, "code": "InvalidParameter"}
    emu.faults.add(provider=harness.provider, operation=step, **fault)
    spec = harness.deployment_spec("dep")
    spec = attrs.evolve(spec, fleet=attrs.evolve(spec.fleet, tags={"team": "qa"}))
    try:
        result: Any = harness.cloud.deploy(spec)
    except streamkit.StreamkitError as exc:
        result = exc
    emu.faults.clear()
    return _assert_whole_or_nothing(harness, result)


@pytest.mark.parametrize("fault", sorted(STEP_FAULTS))
def test_a_deploy_is_whole_or_nothing_whatever_step_fails(harness: Harness, fault: str) -> None:
    steps = AWS_STEPS if harness.provider == "aws" else ALIBABA_STEPS
    outcomes: dict[str, str] = {}
    for step in steps:
        harness.emulator.reset()
        outcomes[step] = _deploy_with_fault(harness, step, STEP_FAULTS[fault])
    print(f"\n[{harness.provider}] deploy, {fault}: {outcomes}")
    if fault == "lost once":
        assert set(outcomes.values()) == {"whole"}
