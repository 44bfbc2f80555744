"""Tunable knobs of the simulated AppStream service: state-machine durations and page sizes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

__all__ = ["AwsPageSizes", "AwsTimings", "evolve_checked"]


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


_T = TypeVar("_T", AwsTimings, AwsPageSizes)


def evolve_checked(current: _T, changes: Mapping[str, Any]) -> _T:
    """``current`` with ``changes`` applied; ValueError on unknown fields or bad values."""
    fields = {f.name: f for f in attrs.fields(type(current))}
    clean: dict[str, Any] = {}
    integral = isinstance(current, AwsPageSizes)
    for key, value in changes.items():
        if key not in fields:
            raise ValueError(f"unknown field {key!r}; known: {', '.join(sorted(fields))}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{key!r} must be a number")
        if integral:
            if int(value) != value or value < 1:
                raise ValueError(f"{key!r} must be a whole number >= 1")
            clean[key] = int(value)
        else:
            if value < 0:
                raise ValueError(f"{key!r} must be >= 0 seconds")
            clean[key] = float(value)
    return attrs.evolve(current, **clean)
