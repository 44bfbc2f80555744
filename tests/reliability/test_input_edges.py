"""Input at the edges: each case once escaped as a raw error or was silently lost.

A generator of subnets, ``inventory(None)``, an argument whose ``repr`` raises, a poll
schedule of zeros and a ``--validity`` too long for any number: each is taken whole or
refused with a ValidationError (exit code 2 on the command line) naming the field.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

import streamkit
from streamkit import FleetSpec, FleetType, ImageBuilderSpec, PollSchedule
from streamkit.cli import cli
from streamkit.cli.output import ExitCode
from streamkit.testing import Emulator
from tests.harness import AwsHarness

SUBNETS = ("subnet-0a1b2c3d", "subnet-4e5f6a7b")
#: every field of every spec that holds a sequence
SEQUENCE_FIELDS: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
    (spec, {"name": "x", "instance_type": "stream.standard.small", "image_id": "img"}, a.name)
    for spec in (FleetSpec, ImageBuilderSpec)
    for a in attrs.fields(spec)  # type: ignore[arg-type]
    if a.name.endswith("_ids")]


@pytest.mark.parametrize(("spec", "valid", "field"), SEQUENCE_FIELDS,
                         ids=[f"{s.__name__}.{f}" for s, _v, f in SEQUENCE_FIELDS])
def test_every_sequence_field_reads_a_generator_once(spec: Callable[..., Any],
                                                     valid: dict[str, Any], field: str) -> None:
    built = spec(**valid, **{field: (item for item in SUBNETS[:1])})
    assert getattr(built, field) == SUBNETS[:1]
    assert spec(**valid, **{field: iter(SUBNETS[:1])}) == built
    for wrong in ({"subnet-1": "x"}, "subnet-1", b"subnet-1"):
        with pytest.raises(streamkit.ValidationError) as err:
            spec(**valid, **{field: wrong})
        assert err.value.field == field


def test_an_elastic_fleet_keeps_the_subnets_of_a_generator(emulator: Emulator) -> None:
    cloud = AwsHarness(emulator).cloud
    fleet = cloud.fleets.create(FleetSpec(
        name="elastic", instance_type="stream.standard.medium", fleet_type=FleetType.ELASTIC,
        image_id=AwsHarness.base_image, max_concurrent_sessions=4, desired_capacity=None,
        subnet_ids=(subnet for subnet in SUBNETS)))
    assert tuple(cloud.fleets.get(fleet.id).raw["VpcConfig"]["SubnetIds"]) == SUBNETS


@pytest.mark.parametrize("clouds", [None, 42, "aws", b"aws"])
def test_inventory_refuses_what_is_not_clouds(clouds: Any) -> None:
    with pytest.raises(streamkit.ValidationError) as err:
        streamkit.inventory(clouds, lambda cloud: None)
    assert err.value.field == "clouds"


class _BrokenRepr:
    def __repr__(self) -> str:
        raise RuntimeError("repr is broken")


def test_an_argument_whose_repr_raises_still_gets_a_validation_error() -> None:
    with pytest.raises(streamkit.ValidationError) as err:
        FleetSpec(name=_BrokenRepr(), instance_type="stream.standard.small",  # type: ignore[arg-type]
                  image_id="img")
    assert err.value.field == "name"
    assert "_BrokenRepr" in str(err.value)


@pytest.mark.parametrize("field", ["initial", "cap"])
@pytest.mark.parametrize("value", [0, 0.0, 0.01])
def test_a_poll_schedule_never_polls_without_a_pause(field: str, value: float) -> None:
    with pytest.raises(streamkit.ValidationError) as err:
        PollSchedule(**{field: value})
    assert err.value.field == field


def test_jitter_never_takes_a_delay_below_the_minimum() -> None:
    schedule = PollSchedule(initial=0.1, cap=0.1, jitter=1.0)
    random.seed(7)
    delays = [schedule.delay(attempt) for attempt in range(1, 500)]
    assert min(delays) >= 0.1


@pytest.mark.parametrize("validity", ["9" * 400, "9" * 400 + "h", "1e999"])
def test_a_validity_too_long_for_a_number_is_bad_input(validity: str) -> None:
    result = CliRunner().invoke(cli, ["-p", "aws", "-r", "us-east-1", "sessions", "connect",
                                      "stack", "user", "--validity", validity])
    assert result.exit_code == ExitCode.BAD_INPUT, result.output
    assert "--validity" in result.stderr and "unexpected" not in result.stderr


def test_a_raising_poll_hook_is_ignored_on_every_wait(harness: Any) -> None:
    """The hook sees every poll of ``sessions.connect`` (Alibaba's ticket task) and every
    waiter's; its ZeroDivisionError is logged and ignored, like every hook's."""
    seen: list[streamkit.Observation[Any]] = []

    def broken(observation: streamkit.Observation[Any]) -> None:
        seen.append(observation)
        raise ZeroDivisionError("a metrics bug")

    calls: list[streamkit.CallRecord] = []
    cloud = harness.connect(hooks=streamkit.Hooks(
        on_poll=broken, on_call=lambda r: (calls.append(r), 1 / 0),
        on_retry=lambda e: 1 / 0))
    harness.emulator.faults.add("throttle", provider=harness.provider, count=1)
    deployment = cloud.deploy(harness.deployment_spec("hooked"))
    cloud.wait_until_fleet_running(deployment.fleet.id)
    access = cloud.sessions.connect(deployment.stack.id, "bob")
    assert access.reveal()
    waits = {observation.wait for observation in seen}
    assert "fleet running" in waits
    if harness.provider == "alibaba":
        assert "connection ticket" in waits
    assert calls
