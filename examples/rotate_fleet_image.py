"""Move a running fleet to a new image, and wait until it streams from it.

    python examples/rotate_fleet_image.py aws us-east-1 design-fleet MyApps-2025-06-01
    python examples/rotate_fleet_image.py alibaba cn-shanghai aig-.../rg-... img-...

The clouds do this differently, and the script asks ``cloud.capabilities`` which way to go:

* AWS: ``fleets.update(image_id=...)`` changes the image for new instances; a stop and a start
  replace the running ones (sessions end: run it in a maintenance window).
* Alibaba: ``fleets.update(image_id=...)`` updates the delivery group's image itself; the fleet
  goes UPDATING and comes back RUNNING on the new image.

``run`` is what the tests call against the emulator.
"""

from __future__ import annotations

import sys

import streamkit
from streamkit import Capability


def _progress(observation: streamkit.Observation[streamkit.Fleet]) -> None:
    print(f"  {observation.wait}: {observation.state} after {observation.elapsed:.0f}s")


def run(cloud: streamkit.StreamingCloud, fleet_id: str, image_id: str,
        timeout: float = 3600) -> streamkit.Fleet:
    """Rotate ``fleet_id`` to ``image_id``; the fleet, RUNNING on the new image."""
    image = cloud.images.get(image_id)
    if image.state is not streamkit.ImageState.AVAILABLE:
        print(f"waiting for image {image.id} ({image.state.value})")
        cloud.wait_until_image_available(image.id, timeout=timeout)
    fleet = cloud.fleets.get(fleet_id)
    print(f"{fleet.id}: {fleet.image_id} -> {image.id}")
    cloud.fleets.update(fleet.id, image_id=image.id)
    if Capability.FLEET_START_STOP in cloud.capabilities and fleet.state is not \
            streamkit.FleetState.STOPPED:
        # running instances keep the old image until they are replaced
        cloud.fleets.stop(fleet.id)
        cloud.wait_until_fleet_stopped(fleet.id, timeout=timeout, on_progress=_progress)
        cloud.fleets.start(fleet.id)
    fleet = cloud.wait_until_fleet_running(fleet.id, timeout=timeout, on_progress=_progress)
    if fleet.image_id != image.id:
        raise RuntimeError(f"{fleet.id} runs {fleet.image_id}, not {image.id}")
    print(f"{fleet.id} is {fleet.state.value} on {fleet.image_id}")
    return fleet


if __name__ == "__main__":
    provider, region, fleet_id, image_id = sys.argv[1:5]
    run(streamkit.connect(provider, region=region), fleet_id, image_id)
