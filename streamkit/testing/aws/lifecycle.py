"""State machines of fleets, image builders and images, timed on the emulator clock."""

from __future__ import annotations

from streamkit.testing.aws.errors import concurrent
from streamkit.testing.aws.resources import Fleet, Image, ImageBuilder, PendingFailure
from streamkit.testing.aws.state import AwsState, RegionState

__all__ = ["copy_image_done", "create_builder", "delete_builder", "delete_image", "fail_fleet",
           "snapshot_builder", "start_builder", "start_fleet", "stop_builder", "stop_fleet"]

_FLEET_BUSY = ("STARTING", "RUNNING")


def _show_previous(cloud: AwsState, fleet: Fleet, previous: str, now: float) -> None:
    lag = cloud.timings.fleet_start_visibility_lag
    if lag > 0:
        fleet.shown_state, fleet.shown_until = previous, now + lag
    else:
        fleet.shown_state = None


def start_fleet(cloud: AwsState, region: RegionState, fleet: Fleet) -> None:
    """StartFleet: STOPPED -> STARTING (inside the call) -> RUNNING after ``fleet_start``."""
    if fleet.state in _FLEET_BUSY:
        return
    if fleet.state == "STOPPING":
        raise concurrent(f"The fleet '{fleet.name}' is stopping; start it once it is STOPPED.")
    now = cloud.now()
    previous = fleet.visible_state(now)
    fleet.generation += 1
    fleet.errors = []
    failure = fleet.pending_failure
    if failure is not None and failure.immediately:
        fleet.pending_failure = None
        fleet.errors = [dict(e) for e in failure.errors]
        fleet.shown_state = None
        return
    fleet.state = "STARTING"
    _show_previous(cloud, fleet, previous, now)
    generation = fleet.generation

    def finish(_due: float) -> None:
        if fleet.generation != generation or region.fleets.get(fleet.name) is not fleet:
            return
        pending = fleet.pending_failure
        if pending is not None:
            fleet.pending_failure = None
            _stopped(region, fleet, pending.errors)
        else:
            fleet.state = "RUNNING"
            fleet.running = fleet.desired

    cloud.after(cloud.timings.fleet_start, finish)


def stop_fleet(cloud: AwsState, region: RegionState, fleet: Fleet) -> None:
    """StopFleet: RUNNING/STARTING -> STOPPING -> STOPPED after ``fleet_stop``."""
    if fleet.state in ("STOPPED", "STOPPING"):
        return
    now = cloud.now()
    previous = fleet.visible_state(now)
    fleet.generation += 1
    fleet.state = "STOPPING"
    _show_previous(cloud, fleet, previous, now)
    generation = fleet.generation

    def finish(_due: float) -> None:
        if fleet.generation == generation and region.fleets.get(fleet.name) is fleet:
            _stopped(region, fleet, None)

    cloud.after(cloud.timings.fleet_stop, finish)


def fail_fleet(region: RegionState, fleet: Fleet, failure: PendingFailure) -> None:
    """Make the fleet's current start (if STARTING) or its next start end in STOPPED."""
    if fleet.state == "STARTING" and failure.immediately:
        fleet.generation += 1
        fleet.shown_state = None
        _stopped(region, fleet, failure.errors)
    else:
        fleet.pending_failure = failure


def _stopped(region: RegionState, fleet: Fleet, errors: list[dict[str, str]] | None) -> None:
    fleet.state = "STOPPED"
    fleet.running = 0
    if errors is not None:
        fleet.errors = [dict(e) for e in errors]
    region.end_fleet_sessions(fleet.name)


def _builder_timer(cloud: AwsState, region: RegionState, builder: ImageBuilder, delay: float,
                   expect: str, target: str) -> None:
    builder.generation += 1
    generation = builder.generation

    def finish(_due: float) -> None:
        if (builder.generation == generation and builder.state == expect
                and region.builders.get(builder.name) is builder):
            builder.state = target

    cloud.after(delay, finish)


def create_builder(cloud: AwsState, region: RegionState, builder: ImageBuilder) -> None:
    """A new builder: PENDING -> RUNNING after ``builder_start``."""
    builder.state = "PENDING"
    _builder_timer(cloud, region, builder, cloud.timings.builder_start, "PENDING", "RUNNING")


def start_builder(cloud: AwsState, region: RegionState, builder: ImageBuilder) -> None:
    """STOPPED -> PENDING -> RUNNING (the caller checked the state)."""
    create_builder(cloud, region, builder)


def stop_builder(cloud: AwsState, region: RegionState, builder: ImageBuilder) -> None:
    """RUNNING -> STOPPING -> STOPPED after ``builder_stop``."""
    builder.state = "STOPPING"
    _builder_timer(cloud, region, builder, cloud.timings.builder_stop, "STOPPING", "STOPPED")


def delete_builder(cloud: AwsState, region: RegionState, builder: ImageBuilder) -> None:
    """-> DELETING, removed once the clock is next read (so the reply still shows it)."""
    builder.state = "DELETING"
    builder.generation += 1
    generation = builder.generation

    def finish(_due: float) -> None:
        if builder.generation == generation and region.builders.get(builder.name) is builder:
            region.builders.remove(builder.name)

    cloud.after(0, finish)


def snapshot_builder(cloud: AwsState, region: RegionState, builder: ImageBuilder,
                     image: Image) -> None:
    """Image Assistant: builder SNAPSHOTTING -> STOPPED; ``image`` PENDING -> AVAILABLE."""
    builder.state = "SNAPSHOTTING"
    _builder_timer(cloud, region, builder, cloud.timings.builder_snapshot, "SNAPSHOTTING",
                   "STOPPED")
    _image_ready(cloud, region, image, cloud.timings.image_create)


def copy_image_done(cloud: AwsState, region: RegionState, image: Image) -> None:
    """A copied image: PENDING in the destination -> AVAILABLE after ``image_copy``."""
    _image_ready(cloud, region, image, cloud.timings.image_copy)


def updated_image_done(cloud: AwsState, region: RegionState, image: Image) -> None:
    """An image made by CreateUpdatedImage: PENDING -> AVAILABLE after ``image_update``."""
    _image_ready(cloud, region, image, cloud.timings.image_update)


def _image_ready(cloud: AwsState, region: RegionState, image: Image, delay: float) -> None:
    image.generation += 1
    generation = image.generation

    def finish(_due: float) -> None:
        if (image.generation == generation and image.state == "PENDING"
                and region.images.get(image.name) is image):
            image.state = "AVAILABLE"

    cloud.after(delay, finish)


def delete_image(cloud: AwsState, region: RegionState, image: Image) -> None:
    """-> DELETING; gone after ``image_delete`` seconds (0: before the reply is sent)."""
    image.state = "DELETING"
    image.generation += 1
    delay = cloud.timings.image_delete
    if delay <= 0:
        region.images.remove(image.name)
        return
    generation = image.generation

    def finish(_due: float) -> None:
        if image.generation == generation and region.images.get(image.name) is image:
            region.images.remove(image.name)

    cloud.after(delay, finish)
