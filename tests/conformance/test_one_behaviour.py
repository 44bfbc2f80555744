"""Where the providers used to differ: the same answer from both."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

import streamkit
from tests.harness import Harness

#: a well-formed id of a stack that does not exist
MISSING_STACK = {"aws": "nope", "alibaba": "aig-0000nope0000"}


def test_sessions_of_a_stack_that_does_not_exist(harness: Harness) -> None:
    missing = MISSING_STACK[harness.provider]
    with pytest.raises(streamkit.NotFound):
        list(harness.cloud.sessions.list(missing))
    with pytest.raises(streamkit.NotFound):
        harness.cloud.sessions.list_page(missing)


@pytest.fixture
def new_york() -> Iterator[None]:
    """The machine's local zone five hours behind UTC (botocore parses into it)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def _utc(value: datetime | None) -> None:
    assert value is not None and value.utcoffset() == timedelta(0), value


def test_datetimes_are_utc_whatever_the_local_zone(harness: Harness, new_york: None) -> None:
    cloud = harness.cloud
    deployment = cloud.deploy(harness.deployment_spec("tz"))
    fleet = cloud.wait_until_fleet_running(deployment.fleet.id)
    stack = cloud.stacks.get(deployment.stack.id)
    image = cloud.images.get(harness.base_image)
    for value in (fleet.created_at, stack.created_at, image.created_at):
        _utc(value)
    harness.add_session(stack.id, fleet.id, "tz-user")
    sessions = list(cloud.sessions.list(stack.id))
    assert sessions
    for session in sessions:
        if session.started_at is not None:
            _utc(session.started_at)
    access = cloud.sessions.connect(stack.id, "tz-user")
    if access.expires_at is not None:
        _utc(access.expires_at)
