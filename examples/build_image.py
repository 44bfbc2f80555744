"""Build a new image with an image builder: create it, install, capture, clean up.

    python examples/build_image.py aws us-east-1 AppStream-WinServer2022-06-12-2024 \
        stream.standard.medium MyApps-2025-06-01
    python examples/build_image.py alibaba cn-shanghai img-... appstreaming.general.4c8g my-apps

Capturing differs between the clouds, and ``cloud.capabilities`` says which way applies:

* Alibaba (``Capability.IMAGE_BUILDER_CREATE_IMAGE``): the builder is a delivery group in
  debug mode; ``image_builders.create_image`` captures it (CreateImageFromAppInstanceGroup).
* AWS has no API for it: you connect to the builder and run Image Assistant there
  (``image-assistant.exe create-image --name ...``); ``cloud.hints`` says so. The script waits
  for you (``capture``), then waits for the image like on Alibaba.

``run`` is what the tests call against the emulator (where ``capture`` plays Image Assistant).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import streamkit
from streamkit import Capability, ImageBuilderSpec

#: what captures the builder when the cloud has no API for it: (builder, image name) -> None
Capture = Callable[[streamkit.ImageBuilder, str], None]


def _progress(observation: streamkit.Observation[object]) -> None:
    print(f"  {observation.wait}: {observation.state} after {observation.elapsed:.0f}s")


def run(cloud: streamkit.StreamingCloud, name: str, base_image_id: str, instance_type: str,
        image_name: str, *, capture: Capture | None = None,
        timeout: float = 3600) -> streamkit.Image:
    """Build ``image_name`` from ``base_image_id``; the new image, AVAILABLE."""
    builder = cloud.image_builders.create(ImageBuilderSpec(
        name=name, instance_type=instance_type, image_id=base_image_id))
    print(f"image builder {builder.id}: {builder.state.value}")
    try:
        builder = cloud.wait_until_image_builder_running(builder.id, timeout=timeout,
                                                         on_progress=_progress)
        if Capability.IMAGE_BUILDER_CREATE_IMAGE in cloud.capabilities:
            image_id = cloud.image_builders.create_image(builder.id, image_name).id
        else:
            hint = cloud.hints[Capability.IMAGE_BUILDER_CREATE_IMAGE]
            print(f"{cloud.provider.value} cannot capture a builder through its API: {hint}")
            if capture is None:
                raise streamkit.UnsupportedOperation(cloud.provider, "image_builders.create_image",
                                                     hint)
            capture(builder, image_name)
            image_id = image_name  # on AWS an image's id is its name
        image = cloud.wait_until_image_available(image_id, timeout=timeout,
                                                 on_progress=_progress)
        print(f"image {image.id} is {image.state.value}")
        return image
    finally:
        try:
            _delete_builder(cloud, builder.id, timeout)
        except streamkit.StreamkitError as exc:  # keep the original error, if any
            print(f"could not delete image builder {builder.id}: {exc}", file=sys.stderr)


def _delete_builder(cloud: streamkit.StreamingCloud, builder_id: str, timeout: float) -> None:
    if Capability.IMAGE_BUILDER_START_STOP in cloud.capabilities:
        # AWS deletes only a stopped builder (after a capture it stops on its own)
        builder = cloud.image_builders.get(builder_id)
        if builder.state is streamkit.ImageBuilderState.RUNNING:
            cloud.image_builders.stop(builder_id)
        cloud.wait_until_image_builder_stopped(builder_id, timeout=timeout)
    cloud.image_builders.delete(builder_id)
    print(f"deleted image builder {builder_id}")


def _ask_for_image_assistant(builder: streamkit.ImageBuilder, image_name: str) -> None:
    print(f"Connect to {builder.id} (AppStream console, or `streamkit image-builders connect "
          f"{builder.id} --reveal`), install your apps, then run:\n"
          f"  image-assistant.exe create-image --name {image_name}")
    input("Press Enter once Image Assistant has started creating the image... ")


if __name__ == "__main__":
    provider, region, base_image_id, instance_type, image_name = sys.argv[1:6]
    run(streamkit.connect(provider, region=region), f"{image_name}-builder", base_image_id,
        instance_type, image_name, capture=_ask_for_image_assistant)
