"""Fleet fields on both clouds: sessions per instance (AWS MaxSessionsPerInstance, Alibaba
NodeCapacity) read back; each cloud's own fields refused by name on the other."""

from __future__ import annotations

import attrs
import pytest

import streamkit
from streamkit import DomainJoin
from tests.harness import Harness

#: per provider: a fleet field only the other cloud has
FOREIGN = {"aws": {"office_site_id": "cn-shanghai+dir-1234567890"},
           "alibaba": {"domain_join": DomainJoin(directory_name="corp.example.com")}}


def test_sessions_per_instance_round_trip(harness: Harness) -> None:
    cloud = harness.cloud
    spec = harness.deployment_spec("multi")
    deployment = cloud.deploy(attrs.evolve(spec, fleet=attrs.evolve(
        spec.fleet, max_sessions_per_instance=2)))
    fleet = cloud.wait_until_fleet_running(deployment.fleet.id)
    assert fleet.max_sessions_per_instance == 2
    if harness.provider == "alibaba":  # NodeCapacity changes on a live group
        changed = cloud.fleets.update(fleet.id, max_sessions_per_instance=1)
        assert changed.max_sessions_per_instance == 1
    else:  # a stopped fleet only
        with pytest.raises(streamkit.InvalidRequest):
            cloud.fleets.update(fleet.id, max_sessions_per_instance=1)


def test_a_field_of_the_other_cloud_is_refused_by_name(harness: Harness) -> None:
    cloud = harness.cloud
    spec = harness.deployment_spec("foreign")
    (field, value), = FOREIGN[harness.provider].items()
    with pytest.raises(streamkit.UnsupportedOperation, match=field):
        cloud.deploy(attrs.evolve(spec, fleet=attrs.evolve(spec.fleet, **{field: value})))
    assert list(cloud.stacks.list()) == []


def test_the_office_network_of_an_alibaba_fleet(harness: Harness) -> None:
    if harness.provider != "alibaba":
        pytest.skip("an Alibaba office network")
    cloud = harness.cloud
    spec = harness.deployment_spec("office")
    site = "cn-shanghai+dir-1234567890"
    deployment = cloud.deploy(attrs.evolve(spec, fleet=attrs.evolve(spec.fleet,
                                                                    office_site_id=site)))
    assert cloud.fleets.get(deployment.fleet.id).office_site_id == site
    with pytest.raises(streamkit.InvalidRequest):  # an office network of another region
        cloud.deploy(attrs.evolve(spec, fleet=attrs.evolve(
            spec.fleet, office_site_id="cn-beijing+dir-1234567890")))
    with pytest.raises(streamkit.UnsupportedOperation, match="iam_role_arn"):
        cloud.fleets.update(deployment.fleet.id,
                            iam_role_arn="arn:aws:iam::123456789012:role/r")
