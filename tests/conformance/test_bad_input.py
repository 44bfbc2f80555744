"""Bad input raises ValidationError naming the field, before any call; nothing raw escapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import streamkit
from streamkit import DeploymentSpec, FleetSpec, FleetType, ImageBuilderSpec, StackSpec
from tests.harness import Harness

OK_FLEET = {"name": "f", "instance_type": "stream.standard.small", "image_id": "img"}


@pytest.mark.parametrize(("build", "field"), [
    (lambda: StackSpec(name=""), "name"),
    (lambda: StackSpec(name="-starts-with-dash"), "name"),
    (lambda: StackSpec(name="x" * 102), "name"),
    (lambda: StackSpec(name=42), "name"),
    (lambda: StackSpec(name="ok", description="d" * 257), "description"),
    (lambda: StackSpec(name="ok", tags={"aws:reserved": "x"}), "tags key"),
    (lambda: StackSpec(name="ok", tags={f"k{i}": "v" for i in range(51)}), "tags"),
    (lambda: StackSpec(name="ok", tags=["not", "a", "map"]), "tags"),
    (lambda: FleetSpec(**OK_FLEET, desired_capacity=-1), "desired_capacity"),
    (lambda: FleetSpec(**OK_FLEET, desired_capacity=True), "desired_capacity"),
    (lambda: FleetSpec(**OK_FLEET, desired_capacity="3"), "desired_capacity"),
    (lambda: FleetSpec(**{**OK_FLEET, "instance_type": "no spaces allowed"}), "instance_type"),
    (lambda: FleetSpec(**{**OK_FLEET, "image_id": ""}), "image_id"),
    (lambda: FleetSpec(**OK_FLEET, fleet_type="ON_DEMAND"), "fleet_type"),
    (lambda: FleetSpec(**OK_FLEET, max_user_duration_seconds=10), "max_user_duration_seconds"),
    (lambda: FleetSpec(**OK_FLEET, disconnect_timeout_seconds=36_001),
     "disconnect_timeout_seconds"),
    (lambda: FleetSpec(**OK_FLEET, idle_disconnect_timeout_seconds=30),
     "idle_disconnect_timeout_seconds"),
    (lambda: FleetSpec(**OK_FLEET, fleet_type=FleetType.ELASTIC), "max_concurrent_sessions"),
    (lambda: FleetSpec(**OK_FLEET, fleet_type=FleetType.ELASTIC, max_concurrent_sessions=5,
                       desired_capacity=None), "subnet_ids"),
    (lambda: FleetSpec(**OK_FLEET, max_concurrent_sessions=5), "max_concurrent_sessions"),
    (lambda: FleetSpec(**OK_FLEET, security_group_ids=[f"sg-{i}" for i in range(6)]),
     "security_group_ids"),
    (lambda: FleetSpec(**OK_FLEET, enable_internet_access="yes"), "enable_internet_access"),
    (lambda: DeploymentSpec(stack="s", fleet=FleetSpec(**OK_FLEET)), "stack"),
    (lambda: ImageBuilderSpec(**OK_FLEET, subnet_ids=["a", "b"]), "subnet_ids"),
    (lambda: streamkit.RetryPolicy(max_attempts=0), "max_attempts"),
    (lambda: streamkit.RetryPolicy(wait_max=-1), "wait_max"),
    (lambda: streamkit.PollSchedule(factor=0.5), "factor"),
    (lambda: streamkit.Credentials("AKID", 123), "secret"),
])
def test_specs_name_the_field(build: Callable[[], Any], field: str) -> None:
    with pytest.raises(streamkit.ValidationError) as err:
        build()
    assert err.value.field == field
    assert isinstance(err.value, ValueError)
    assert field in str(err.value)


def test_secret_is_never_shown_in_a_validation_error() -> None:
    with pytest.raises(streamkit.ValidationError) as err:
        streamkit.Credentials("AKID", b"super-secret-bytes")  # type: ignore[arg-type]
    assert "super-secret" not in str(err.value)
    creds = streamkit.Credentials("AKID", "super-secret")
    assert "super-secret" not in repr(creds)


@pytest.mark.parametrize(("call", "field"), [
    (lambda c: c.fleets.get(""), "fleet_id"),
    (lambda c: c.fleets.get(None), "fleet_id"),
    (lambda c: c.fleets.get("has space"), "fleet_id"),
    (lambda c: c.fleets.get("x" * 600), "fleet_id"),
    (lambda c: c.fleets.scale("f", -1), "desired"),
    (lambda c: c.fleets.scale("f", 2.5), "desired"),
    (lambda c: c.fleets.scale("f", 10**9), "desired"),
    (lambda c: c.fleets.list_page(page_size=0), "page_size"),
    (lambda c: c.fleets.list_page(page_size=10**6), "page_size"),
    (lambda c: c.fleets.list_page(page_size="10"), "page_size"),
    (lambda c: c.fleets.list_page(cursor=12), "cursor"),
    (lambda c: c.fleets.list_page(cursor="eyJ2IjoxfQ"), "cursor"),
    (lambda c: c.fleets.create("spec"), "spec"),
    (lambda c: c.fleets.update("f", max_user_duration_seconds=-5), "max_user_duration_seconds"),
    (lambda c: c.stacks.create(FleetSpec(**OK_FLEET)), "spec"),
    (lambda c: c.stacks.update("s", description=7), "description"),
    (lambda c: c.deploy(StackSpec(name="s")), "spec"),
    (lambda c: c.images.get(""), "image_id"),
    (lambda c: c.images.copy("i", "us-west-2", destination_name="bad name"), "destination_name"),
    (lambda c: c.sessions.list(""), "stack_id"),
    (lambda c: c.sessions.list("s", user_id="x"), "user_id"),
    (lambda c: c.sessions.expire("session-id"), "session"),
    (lambda c: c.sessions.connect("s", "u"), "user_id"),
    (lambda c: c.sessions.connect("s", "alice", validity=0), "validity"),
    (lambda c: c.image_builders.connect("b", validity=0), "validity"),
    (lambda c: c.fleets.tag("f", {}), "tags"),
    (lambda c: c.fleets.tag("f", {"k": 5}), "tags['k']"),
    (lambda c: c.fleets.untag("f", "key"), "keys"),
    (lambda c: c.wait_until_fleet_running("f", timeout=-1), "timeout"),
    (lambda c: c.wait_until_fleet_running("f", timeout="soon"), "timeout"),
    (lambda c: c.wait_until_image_available(""), "image_id"),
])
def test_public_methods_name_the_field(harness: Harness, call: Callable[[Any], Any],
                                       field: str) -> None:
    with pytest.raises(streamkit.StreamkitError) as err:
        call(harness.cloud)
    if isinstance(err.value, streamkit.UnsupportedOperation):
        # the provider lacks the operation: saying so comes before judging the input
        assert harness.provider != "aws"
        return
    assert isinstance(err.value, streamkit.ValidationError)
    assert err.value.field == field


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"provider": "gcp", "region": "us-east-1"}, "provider"),
    ({"provider": "aws", "region": "US EAST"}, "region"),
    ({"provider": "aws", "region": 1}, "region"),
    ({"provider": "aws", "region": "us-east-1", "endpoint_url": "ftp://x"}, "endpoint_url"),
    ({"provider": "aws", "region": "us-east-1", "endpoint": "127.0.0.1:1"}, "endpoint"),
    ({"provider": "aws", "region": "us-east-1", "retry": 3}, "retry"),
    ({"provider": "aws", "region": "us-east-1", "credentials": ("a", "b")}, "credentials"),
    ({"provider": "aws", "region": "us-east-1", "timeout": 0}, "timeout"),
    ({"provider": "aws", "region": "us-east-1", "session": "boto"}, "session"),
    ({"provider": "alibaba", "region": "cn-shanghai", "endpoint_url": "http://x"},
     "endpoint_url"),
])
def test_connect_names_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(streamkit.ValidationError) as err:
        streamkit.connect(**kwargs)
    assert err.value.field == field
