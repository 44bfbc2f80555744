"""``streamkit demo``: one tour of the library, run unchanged on the emulated AWS and Alibaba.

No cloud account is needed: the emulator serves both clouds' real wire protocols on
127.0.0.1, and its clock jumps instead of waiting, so a 5-minute fleet start takes
milliseconds. Where the clouds differ, the tour asks ``cloud.capabilities`` and says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import attrs

import streamkit
from streamkit import Capability, DeploymentSpec, FleetSpec, StackSpec
from streamkit.testing import Emulator
from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES
from streamkit.testing.ec2 import Ec2Timings

Say = Callable[[str], None]


@attrs.frozen
class Target:
    """What differs per cloud in the tour: where to connect, what to deploy, how to seed."""

    provider: str
    image_id: str
    instance_type: str
    add_session: Callable[[str, str, str], object]  # (stack id, fleet id, user) on the emulator


def _progress(say: Say) -> Callable[[streamkit.Observation[Any]], None]:
    last: list[str] = []

    def show(obs: streamkit.Observation[Any]) -> None:
        if last and last[-1] == obs.state_name and obs.attempt % 8:
            return  # one line per change of state, and one every eighth poll
        last.append(obs.state_name)
        capacity = getattr(obs.resource, "capacity", None)
        running = f", {capacity.running}/{capacity.desired} running" if capacity else ""
        say(f"    poll {obs.attempt:>2}: {obs.state_name:<9} at {obs.elapsed:4.0f}s{running}")

    return show


def tour(cloud: streamkit.StreamingCloud, target: Target, say: Say) -> None:
    """Deploy, wait, list sessions, stream, scale, stop, clean up: the same code on every cloud."""
    missing = sorted(c.value for c in set(Capability) - cloud.capabilities)
    say(f"{cloud!r}: {len(cloud.capabilities)} capabilities; lacks {', '.join(missing)}")
    image = cloud.images.get(target.image_id)
    say(f"  image {image.id}: {image.state.value}, {image.platform}, "
        f"{len(image.applications)} apps")

    deployment = cloud.deploy(DeploymentSpec(
        stack=StackSpec(name="demo"),
        fleet=FleetSpec(name="demo-fleet", instance_type=target.instance_type,
                        image_id=target.image_id, desired_capacity=2)))
    stack_id, fleet_id = deployment.stack.id, deployment.fleet.id
    say(f"  deployed stack {stack_id}, fleet {fleet_id} ({deployment.fleet.state.value}); "
        "waiting until it runs:")
    fleet = cloud.wait_until_fleet_running(fleet_id, on_progress=_progress(say))
    say(f"  {fleet.state.value}: {fleet.capacity}")

    target.add_session(stack_id, fleet_id, "alice")  # a user connecting, as the emulator plays it
    sessions = list(cloud.sessions.list(stack_id))
    say(f"  sessions: {[(s.user_id, s.state.value, s.connection.value) for s in sessions]}")
    access = cloud.sessions.connect(stack_id, "bob")
    say(f"  access for bob: a {access.kind.value}, printed as {access.secret} "
        f"({len(access.reveal())} characters behind .reveal())")

    fleet = cloud.fleets.scale(fleet_id, 4)
    say(f"  scaled to {fleet.capacity.desired} ({fleet.state.value})")
    expired = 0
    for session in cloud.sessions.list(stack_id):
        cloud.sessions.expire(session)
        expired += 1
    say(f"  expired {expired} session(s)")

    if Capability.FLEET_START_STOP in cloud.capabilities:
        cloud.fleets.stop(fleet_id)
        cloud.wait_until_fleet_stopped(fleet_id)
        say("  stopped the fleet")
    else:
        say(f"  fleets.stop: not on {cloud.provider.value}: "
            f"{cloud.hints[Capability.FLEET_START_STOP]}")
    if Capability.FLEET_ASSOCIATION in cloud.capabilities:
        cloud.stacks.disassociate_fleet(stack_id, fleet_id)
        cloud.fleets.delete(fleet_id)
    cloud.stacks.delete(stack_id)
    cloud.wait_until_fleet_deleted(fleet_id)
    cloud.wait_until_stack_deleted(stack_id)
    try:
        cloud.fleets.get(fleet_id)
    except streamkit.NotFound as exc:
        say(f"  cleaned up; fleets.get now raises NotFound ({exc.code})")


def fast_launch(emu: Emulator, say: Say) -> None:
    """AWS only: EC2 Windows fast launch for an image, waited on like any resource."""
    cloud = streamkit.connect("aws", **emu.connect_args("aws"))
    ami = "ami-0a1b2c3d4e5f60001"  # a Windows AMI the emulated EC2 starts with
    emu.ec2.timings = Ec2Timings(enable=90.0)  # EC2 takes ~10 min; keep the demo short
    say(f"EC2 fast launch for {ami}: {cloud.fast_launch.enable(ami).state.value}")
    fast = cloud.wait_until_fast_launch_enabled(ami)
    say(f"  {fast.state.value}: {fast.snapshot_target_count} snapshots, "
        f"{fast.max_parallel_launches} parallel launches")


def main(say: Say = print) -> int:
    started = time.perf_counter()
    with Emulator() as emu:
        say(f"emulator on {emu.aws_endpoint} (AWS) and {emu.alibaba_endpoint} (Alibaba)")
        targets = [
            Target("aws", "AppStream-WinServer2019-06-12-2024", "stream.standard.medium",
                   lambda stack, fleet, user: emu.aws.add_session(stack, fleet, user)),
            Target("alibaba", SYSTEM_IMAGES[0].image_id, "appstreaming.general.4c8g",
                   lambda stack, fleet, user: emu.alibaba.add_session(stack, user)),
        ]
        for target in targets:
            say(f"== {target.provider} ==")
            tour(streamkit.connect(streamkit.Provider(target.provider),
                                   **emu.connect_args(target.provider)),
                 target, say)
        say("== aws only ==")
        fast_launch(emu, say)
    say(f"demo finished in {time.perf_counter() - started:.2f}s of real time")
    return 0
