"""Deploy a stack with its fleet and wait until it streams, showing progress.

    python examples/deploy_and_wait.py aws us-east-1 design stream.standard.medium \
        AppStream-WinServer2019-06-12-2024
    python examples/deploy_and_wait.py alibaba cn-shanghai design appstreaming.general.4c8g img-...

The same code runs on both clouds; ``run`` is what the tests call against the emulator.
"""

from __future__ import annotations

import sys

import streamkit
from streamkit import DeploymentSpec, FleetSpec, StackSpec


def run(cloud: streamkit.StreamingCloud, name: str, instance_type: str, image_id: str,
        capacity: int = 2) -> streamkit.Fleet:
    deployment = cloud.deploy(DeploymentSpec(
        stack=StackSpec(name=name),
        fleet=FleetSpec(name=f"{name}-fleet", instance_type=instance_type, image_id=image_id,
                        desired_capacity=capacity),
    ))
    print(f"deployed {deployment.stack.id}; waiting for fleet {deployment.fleet.id}")

    def progress(observation: streamkit.Observation[streamkit.Fleet]) -> None:
        print(f"  {observation.state:<9} after {observation.elapsed:5.0f}s")

    try:
        fleet = cloud.wait_until_fleet_running(deployment.fleet.id, timeout=1800,
                                               on_progress=progress)
    except streamkit.WaiterFailed as failure:
        for error in failure.errors:
            print(f"  {error.code}: {error.message}", file=sys.stderr)
        raise
    print(f"{fleet.id} is {fleet.state.value} with {fleet.capacity.running} instances")
    return fleet


if __name__ == "__main__":
    provider, region, name, instance_type, image_id = sys.argv[1:6]
    run(streamkit.connect(provider, region=region), name, instance_type, image_id)
