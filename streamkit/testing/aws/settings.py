"""Tunable knobs of the simulated AppStream service: state-machine durations and page sizes."""

from __future__ import annotations

import attrs

__all__ = ["AwsPageSizes", "AwsTimings"]


@attrs.frozen
class AwsTimings:
    """Seconds (on the emulator clock) each simulated transition takes.

    ``fleet_start_visibility_lag`` is how long DescribeFleets keeps showing the state a fleet
    had before StartFleet/StopFleet, mimicking AppStream's eventual consistency.
    """

    fleet_start: float = 300.0
    fleet_stop: float = 120.0
    builder_start: float = 300.0
    builder_stop: float = 120.0
    builder_snapshot: float = 600.0
    image_create: float = 900.0
    image_copy: float = 600.0
    image_update: float = 1800.0
    image_delete: float = 0.0
    fleet_start_visibility_lag: float = 0.0


@attrs.frozen
class AwsPageSizes:
    """Server page sizes: fixed for listings with no size parameter, else the default size."""

    stacks: int = 25
    fleets: int = 25
    associations: int = 25
    image_builders: int = 25
    images: int = 25
    sessions: int = 20

