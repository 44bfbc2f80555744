"""How to test your own automation against the emulator with pytest.

``streamkit_emulator`` is a fixture streamkit's pytest plugin provides: a running emulator,
reset before each test. Nothing here needs a cloud account.
"""

from __future__ import annotations

import streamkit
from streamkit import DeploymentSpec, FleetSpec, StackSpec
from streamkit.testing import Emulator


def scale_down_idle_fleets(cloud: streamkit.StreamingCloud, floor: int = 1) -> list[str]:
    """The automation under test: shrink every running fleet nobody is using to ``floor``."""
    changed = []
    for fleet in cloud.fleets.list():
        if fleet.state is streamkit.FleetState.RUNNING and fleet.capacity.in_use == 0 \
                and fleet.capacity.desired > floor:
            cloud.fleets.scale(fleet.id, floor)
            changed.append(fleet.id)
    return changed


def test_idle_fleets_are_scaled_down_and_busy_ones_left_alone(
        streamkit_emulator: Emulator) -> None:
    cloud = streamkit.connect("aws", **streamkit_emulator.connect_args("aws"))
    for name in ("idle", "busy"):
        cloud.deploy(DeploymentSpec(
            stack=StackSpec(name=name),
            fleet=FleetSpec(name=f"{name}-fleet", instance_type="stream.standard.small",
                            image_id="AppStream-WinServer2019-06-12-2024", desired_capacity=4)))
        cloud.wait_until_fleet_running(f"{name}-fleet")  # instant: waits on the emulator clock
    streamkit_emulator.aws.add_session("busy", "busy-fleet", "alice")

    assert scale_down_idle_fleets(cloud) == ["idle-fleet"]
    assert cloud.fleets.get("idle-fleet").capacity.desired == 1
    assert cloud.fleets.get("busy-fleet").capacity.desired == 4
