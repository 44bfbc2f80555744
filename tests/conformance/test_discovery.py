"""Discovery: the regions and instance types a provider offers, to check specs up front."""

from __future__ import annotations

import streamkit
from tests.harness import Harness


def test_regions_include_the_one_connected_to(harness: Harness) -> None:
    regions = harness.cloud.regions()
    assert harness.cloud.region in [r.id for r in regions]
    assert all(isinstance(r, streamkit.Region) and r.provider is harness.cloud.provider
               for r in regions)
    assert len({r.id for r in regions}) == len(regions) > 1


def test_instance_types_carry_their_figures(harness: Harness) -> None:
    types = {t.name: t for t in harness.cloud.instance_types()}
    chosen = types[harness.instance_type]  # the type the suite deploys with is offered
    assert chosen.provider is harness.cloud.provider
    assert chosen.cpu is not None and chosen.cpu >= 2
    assert chosen.memory_mib is not None and chosen.memory_mib >= 4096
    assert chosen.family is not None and chosen.name.startswith(chosen.family)
    gpus = [t for t in types.values() if t.gpu]
    assert gpus and all(t.gpu is not None and t.gpu > 0 for t in gpus)
    # a name from the list passes the provider's own instance type rule
    spec = harness.deployment_spec("listed")
    fleet = harness.cloud.deploy(spec).fleet
    assert fleet.instance_type == harness.instance_type
