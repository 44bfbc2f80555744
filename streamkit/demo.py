"""``streamkit demo``: a tour of the library against the built-in emulator (no cloud account)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import streamkit
from streamkit import DeploymentSpec, FleetSpec, FleetType, StackSpec
from streamkit.testing import Emulator
from streamkit.testing.ec2 import Ec2Timings

BASE_IMAGE = "AppStream-WinServer2019-06-12-2024"


def _progress(say: Callable[[str], None]) -> Callable[[streamkit.Observation[Any]], None]:
    def show(obs: streamkit.Observation[Any]) -> None:
        fleet = obs.resource
        capacity = getattr(fleet, "capacity", None)
        running = f", {capacity.running}/{capacity.desired} instances" if capacity else ""
        say(f"    poll {obs.attempt}: {obs.state} after {obs.elapsed:.0f}s (emulated){running}")

    return show


def tour_aws(emu: Emulator, say: Callable[[str], None]) -> None:
    """Deploy, wait, stream, scale, stop and clean up on the simulated AWS."""
    cloud = streamkit.connect("aws", **emu.connect_args("aws"))
    say(f"connected: {cloud!r}")
    say(f"  capabilities: {len(cloud.capabilities)} native; image capture from a builder: "
        f"{streamkit.Capability.IMAGE_BUILDER_CREATE_IMAGE in cloud.capabilities}")
    image = cloud.images.get(BASE_IMAGE)
    say(f"  base image {image.id}: {image.state.value}, {image.platform}, "
        f"{len(image.applications)} apps")

    spec = DeploymentSpec(
        stack=StackSpec(name="demo-stack", display_name="Demo"),
        fleet=FleetSpec(name="demo-fleet", instance_type="stream.standard.medium",
                        image_id=BASE_IMAGE, fleet_type=FleetType.ON_DEMAND, desired_capacity=2),
    )
    deployment = cloud.deploy(spec)
    say(f"deployed stack {deployment.stack.id} with fleet {deployment.fleet.id} "
        f"({deployment.fleet.state.value})")
    say("waiting until the fleet runs:")
    fleet = cloud.wait_until_fleet_running(deployment.fleet.id, on_progress=_progress(say))
    say(f"  fleet {fleet.id} is {fleet.state.value}: capacity {fleet.capacity}")

    emu.aws.add_session("demo-stack", "demo-fleet", "alice")
    sessions = list(cloud.sessions.list("demo-stack"))
    say(f"sessions on demo-stack: {[(s.user_id, s.state.value) for s in sessions]}")
    access = cloud.sessions.connect("demo-stack", "bob", validity=300)
    say(f"streaming access for bob: {access.kind.value} {access.secret} "
        f"(expires {access.expires_at:%H:%M:%S}; .reveal() gives the URL)")

    fleet = cloud.fleets.scale(fleet.id, 4)
    say(f"scaled {fleet.id} to {fleet.capacity.desired} instances")
    for s in sessions:
        cloud.sessions.expire(s)
    cloud.fleets.stop(fleet.id)
    say("waiting until the fleet stops:")
    cloud.wait_until_fleet_stopped(fleet.id, on_progress=_progress(say))
    cloud.stacks.disassociate_fleet("demo-stack", fleet.id)
    cloud.fleets.delete(fleet.id)
    cloud.stacks.delete("demo-stack")
    cloud.wait_until_fleet_deleted(fleet.id)
    cloud.wait_until_stack_deleted("demo-stack")
    say("cleaned up: fleet and stack deleted")
    try:
        cloud.fleets.get(fleet.id)
    except streamkit.NotFound as exc:
        say(f"  fleets.get now raises NotFound: {exc}")

    ami = "ami-0a1b2c3d4e5f60001"  # a Windows AMI the emulator's EC2 starts with
    emu.ec2.timings = Ec2Timings(enable=90.0)  # EC2 takes ~10 min; keep the demo short
    say(f"EC2 Windows fast launch for {ami}: {cloud.fast_launch.enable(ami).state.value}")
    fast = cloud.wait_until_fast_launch_enabled(ami, on_progress=_progress(say))
    say(f"  fast launch {fast.state.value}: {fast.snapshot_target_count} snapshots, "
        f"{fast.max_parallel_launches} parallel launches")


def main(say: Callable[[str], None] = print) -> int:
    started = time.perf_counter()
    with Emulator() as emu:
        say(f"emulator on {emu.aws_endpoint} (clock starts {emu.clock.now():.0f})")
        say("== AWS AppStream 2.0 ==")
        tour_aws(emu, say)
    say(f"demo finished in {time.perf_counter() - started:.2f}s of real time")
    return 0
