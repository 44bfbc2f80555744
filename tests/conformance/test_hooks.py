"""Instrumentation: the DEBUG line and the hook records for each call, retry and poll."""

from __future__ import annotations

import logging

import pytest

import streamkit
from streamkit import CallRecord, Hooks, Observation, RetryEvent, RetryPolicy
from tests.harness import AlibabaHarness, Harness


def test_every_call_attempt_retry_and_poll_reaches_the_hooks(harness: Harness) -> None:
    calls: list[CallRecord] = []
    retries: list[RetryEvent] = []
    polls: list[Observation[object]] = []
    cloud = harness.connect(hooks=Hooks(on_call=calls.append, on_retry=retries.append,
                                        on_poll=polls.append))
    fleet = cloud.deploy(harness.deployment_spec("hooked")).fleet
    cloud.wait_until_fleet_running(fleet.id)
    assert polls and polls[-1].state == "RUNNING" and polls[-1].resource_id == fleet.id
    assert {c.provider for c in calls} == {cloud.provider}
    assert all(c.region == cloud.region and c.attempt == 1 and c.error is None for c in calls)
    assert all(c.duration > 0 and c.request_id for c in calls)
    assert len(calls) >= len(polls)  # every poll is a call
    assert retries == []


def test_attempts_are_numbered_and_failures_carry_the_code(
        emulator: streamkit.testing.Emulator) -> None:
    ali = AlibabaHarness(emulator)
    calls: list[CallRecord] = []
    retries: list[RetryEvent] = []
    cloud = ali.connect(retry=RetryPolicy(jitter=False), hooks=Hooks(on_call=calls.append,
                                                                     on_retry=retries.append))
    emulator.alibaba.inject_fault(code="Throttling.User", count=2)
    cloud.stacks.list_page()
    assert [(c.operation, c.attempt, c.error) for c in calls] == [
        ("ListAppInstanceGroup", 1, "Throttling.User"),
        ("ListAppInstanceGroup", 2, "Throttling.User"),
        ("ListAppInstanceGroup", 3, None)]
    assert [(r.attempt, r.error.code) for r in retries] == [(1, "Throttling.User"),
                                                            (2, "Throttling.User")]


def test_a_failing_hook_is_logged_not_raised(harness: Harness,
                                             caplog: pytest.LogCaptureFixture) -> None:
    def broken(record: object) -> None:
        raise RuntimeError("metrics backend down")

    cloud = harness.connect(hooks=Hooks(on_call=broken, on_poll=broken))
    fleet = cloud.deploy(harness.deployment_spec("broken")).fleet
    with caplog.at_level(logging.WARNING, logger="streamkit"):
        assert cloud.wait_until_fleet_running(fleet.id).state is streamkit.FleetState.RUNNING
    assert "hook raised" in caplog.text


def test_one_debug_line_per_call_with_operation_attempt_duration_and_request_id(
        harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="streamkit"):
        harness.cloud.images.get(harness.base_image)
    lines = [r.getMessage() for r in caplog.records if r.name == "streamkit"]
    assert len(lines) == 1
    assert f"{harness.provider} " in lines[0] and "attempt 1: ok in" in lines[0]
    assert " ms (request id " in lines[0] and "request id None" not in lines[0]


def test_hooks_must_be_hooks() -> None:
    with pytest.raises(streamkit.ValidationError, match="hooks"):
        streamkit.connect("aws", region="us-east-1", hooks=print)  # type: ignore[arg-type]
