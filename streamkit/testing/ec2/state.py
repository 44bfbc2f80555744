"""The simulated AMIs, their fast launch state, and its transitions on the emulator clock.

Transitions are lazy: :meth:`Ec2State.catch_up` applies every one that is due before each
request. ``enabling`` becomes ``enabled`` (or ``enabling-failed`` when a failure was asked
for) after ``Ec2Timings.enable``; ``disabling`` ends after ``Ec2Timings.disable``, when the
image drops out of DescribeFastLaunchImages.
"""

from __future__ import annotations

import attrs

from streamkit.testing.core.clock import EmulatorClock

__all__ = ["ACCOUNT_ID", "PLATFORMS", "SEED_IMAGES", "Ami", "Ec2State", "Ec2Timings",
           "FastLaunchRecord"]

ACCOUNT_ID = "123456789012"
PLATFORMS = ("windows", "linux")
USER_INITIATED = "Client.UserInitiated"
ENABLED_REASON = "Client.UserInitiated - Lifecycle state transition"

#: (image id, platform) every simulated region starts with, owned by ACCOUNT_ID
SEED_IMAGES: tuple[tuple[str, str], ...] = (
    ("ami-0a1b2c3d4e5f60001", "windows"),
    ("ami-0a1b2c3d4e5f60002", "windows"),
    ("ami-0a1b2c3d4e5f60003", "linux"),
)


@attrs.frozen
class Ec2Timings:
    """Seconds (on the emulator clock) fast launch takes to enable and to disable."""

    enable: float = 600.0
    disable: float = 300.0


@attrs.define(eq=False)
class FastLaunchRecord:
    """One image's fast launch settings and state (EC2's wire values)."""

    state: str
    reason: str
    changed: float
    due: float | None = None  # when enabling / disabling ends
    target_resource_count: int = 5
    max_parallel_launches: int = 6
    launch_template: dict[str, str] | None = None


@attrs.define(eq=False)
class Ami:
    """One simulated AMI: ``platform`` decides whether fast launch may be enabled on it."""

    image_id: str
    platform: str
    owner_id: str = ACCOUNT_ID
    fast_launch: FastLaunchRecord | None = None
    #: the reason the current (or next) enable will fail with, set by ``fail_fast_launch``
    failure: str | None = None


class Ec2State:
    """Every region's AMIs; regions are seeded with :data:`SEED_IMAGES` on first use."""

    def __init__(self, clock: EmulatorClock, timings: Ec2Timings) -> None:
        self.clock = clock
        self.timings = timings
        self.regions: dict[str, dict[str, Ami]] = {}

    def region(self, name: str) -> dict[str, Ami]:
        """The region's AMIs by id, seeding the region on first use."""
        images = self.regions.get(name)
        if images is None:
            images = {image_id: Ami(image_id, platform) for image_id, platform in SEED_IMAGES}
            self.regions[name] = images
        return images

    def catch_up(self) -> None:
        """Apply every transition due by now, at the time it was due."""
        now = self.clock.now()
        for images in self.regions.values():
            for ami in images.values():
                record = ami.fast_launch
                if record is None or record.due is None or record.due > now:
                    continue
                if record.state == "disabling":
                    ami.fast_launch = None
                elif ami.failure is not None:
                    record.state, record.reason = "enabling-failed", ami.failure
                    ami.failure = None
                else:
                    record.state, record.reason = "enabled", ENABLED_REASON
                record.changed, record.due = record.due, None

    def clear(self) -> None:
        self.regions.clear()
