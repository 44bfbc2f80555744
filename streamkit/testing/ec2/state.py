"""The simulated AMIs, their fast launch state, and its transitions on the emulator clock.

``enabling`` becomes ``enabled`` (or ``enabling-failed`` when a failure was asked for) after
``Ec2Timings.enable``; ``disabling`` ends after ``Ec2Timings.disable``, when the image drops
out of DescribeFastLaunchImages. Both are scheduled on the service's scheduler.
"""

from __future__ import annotations

import attrs

from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.service import ServiceState
from streamkit.testing.core.tokens import TokenCodec
from streamkit.testing.ec2.settings import Ec2Timings

__all__ = ["ACCOUNT_ID", "PLATFORMS", "SEED_IMAGES", "Ami", "Ec2State", "FastLaunchRecord"]

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


class Ec2State(ServiceState):
    """Every region's AMIs; regions are seeded with :data:`SEED_IMAGES` on first use."""

    def __init__(self, clock: EmulatorClock, tokens: TokenCodec, timings: Ec2Timings) -> None:
        super().__init__(clock, tokens)
        self.timings = timings
        self.regions: dict[str, dict[str, Ami]] = {}
        #: actions the caller's IAM policy does not allow (``Ec2Controls.deny``)
        self.denied: set[str] = set()

    def region(self, name: str) -> dict[str, Ami]:
        """The region's AMIs by id, seeding the region on first use."""
        images = self.regions.get(name)
        if images is None:
            images = {image_id: Ami(image_id, platform) for image_id, platform in SEED_IMAGES}
            self.regions[name] = images
        return images

    def start_enabling(self, ami: Ami, now: float) -> FastLaunchRecord:
        """A new ``enabling`` record that ends ``enabled`` (or failed) after the timing."""
        due = now + self.timings.enable
        record = FastLaunchRecord(state="enabling", reason=USER_INITIATED, changed=now,
                                  due=due)
        ami.fast_launch = record

        def finish(at: float) -> None:
            if ami.fast_launch is not record or record.due != at:
                return
            if ami.failure is not None:
                record.state, record.reason = "enabling-failed", ami.failure
                ami.failure = None
            else:
                record.state, record.reason = "enabled", ENABLED_REASON
            record.changed, record.due = at, None

        self.scheduler.at(due, finish)
        return record

    def start_disabling(self, ami: Ami, record: FastLaunchRecord, now: float) -> None:
        """``disabling`` now; the image leaves fast launch after the timing."""
        record.state, record.reason, record.changed = "disabling", USER_INITIATED, now
        due = record.due = now + self.timings.disable

        def finish(at: float) -> None:
            if ami.fast_launch is record and record.due == at:
                ami.fast_launch = None

        self.scheduler.at(due, finish)
