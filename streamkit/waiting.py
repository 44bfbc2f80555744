"""The waiter engine and the catalogue of waits, as data.

A wait polls a read, classifies what it sees (success, keep waiting, failure), sleeps on a
schedule that starts short and backs off to a cap, and stops at the timeout. Right after a
start or stop the old state is tolerated for a grace period (AWS may still report STOPPED
just after StartFleet, which makes botocore's FleetStarted waiter fail). A resource that
shows errors in a state it cannot leave on its own ends the wait at once, errors attached.
"""

from __future__ import annotations

import enum
import logging
import random
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from streamkit.clock import Clock
from streamkit.errors import NotFound, WaiterFailed, WaiterTimeout
from streamkit.models import (
    FastLaunchState,
    FleetState,
    ImageBuilderState,
    ImageState,
    ResourceError,
)
from streamkit.validation import check_number

__all__ = ["GONE", "Observation", "PollSchedule", "WaitSpec", "wait_for"]

R = TypeVar("R")
log = logging.getLogger("streamkit")

#: the state an observation reports once the resource no longer exists
GONE = "GONE"


@attrs.frozen(kw_only=True)
class Observation(Generic[R]):
    """One poll, as ``on_progress`` sees it. ``resource`` is None once it is gone."""

    wait: str
    resource_id: str
    resource: R | None
    state: str
    raw_state: str | None
    attempt: int
    elapsed: float


@attrs.frozen(kw_only=True)
class PollSchedule:
    """Delays between polls: ``initial``, times ``factor`` each poll, capped at ``cap``,
    each spread by +/- ``jitter`` (a fraction) so many waiters do not poll in step."""

    initial: float = attrs.field(default=2.0, validator=lambda _i, a, v: check_number(a.name, v))
    factor: float = attrs.field(default=1.5, validator=lambda _i, a, v: check_number(
        a.name, v, minimum=1.0))
    cap: float = attrs.field(default=15.0, validator=lambda _i, a, v: check_number(a.name, v))
    jitter: float = attrs.field(default=0.1, validator=lambda _i, a, v: check_number(a.name, v))

    def delay(self, attempt: int) -> float:
        """Seconds to sleep after poll number ``attempt`` (1-based)."""
        base = min(self.cap, self.initial * self.factor ** (attempt - 1))
        if self.jitter:
            base *= 1 + random.uniform(-self.jitter, self.jitter)
        return max(base, 0.0)


@attrs.frozen(kw_only=True)
class WaitSpec:
    """What one wait looks for.

    ``success`` / ``failure``: states that end the wait. ``grace``: states tolerated for the
    grace period, failures after it. ``errors_fail_in``: states in which the resource
    carrying errors fails the wait at once. Every other state (UNKNOWN included) keeps it going.
    """

    name: str
    success: frozenset[enum.Enum] = frozenset()
    failure: frozenset[enum.Enum] = frozenset()
    grace: frozenset[enum.Enum] = frozenset()
    errors_fail_in: frozenset[enum.Enum] = frozenset()
    gone_is_success: bool = False
    timeout: float = 1200.0


FLEET_RUNNING = WaitSpec(
    name="fleet running",
    success=frozenset({FleetState.RUNNING}),
    failure=frozenset({FleetState.FAILED, FleetState.DELETING}),
    grace=frozenset({FleetState.STOPPED, FleetState.STOPPING}),
    errors_fail_in=frozenset({FleetState.STOPPED, FleetState.FAILED}),
)
FLEET_STOPPED = WaitSpec(
    name="fleet stopped",
    success=frozenset({FleetState.STOPPED}),
    failure=frozenset({FleetState.FAILED, FleetState.DELETING}),
    grace=frozenset({FleetState.RUNNING, FleetState.STARTING}),
    timeout=1200.0,
)
FLEET_DELETED = WaitSpec(name="fleet deleted", gone_is_success=True, timeout=900.0)
STACK_DELETED = WaitSpec(name="stack deleted", gone_is_success=True, timeout=900.0)
IMAGE_AVAILABLE = WaitSpec(
    name="image available",
    success=frozenset({ImageState.AVAILABLE}),
    failure=frozenset({ImageState.FAILED, ImageState.DELETING}),
    timeout=3600.0,
)
IMAGE_BUILDER_RUNNING = WaitSpec(
    name="image builder running",
    success=frozenset({ImageBuilderState.RUNNING}),
    failure=frozenset({ImageBuilderState.FAILED, ImageBuilderState.DELETING}),
    grace=frozenset({ImageBuilderState.STOPPED, ImageBuilderState.STOPPING}),
    errors_fail_in=frozenset({ImageBuilderState.STOPPED, ImageBuilderState.FAILED}),
    timeout=1800.0,
)
IMAGE_BUILDER_STOPPED = WaitSpec(
    name="image builder stopped",
    success=frozenset({ImageBuilderState.STOPPED}),
    failure=frozenset({ImageBuilderState.FAILED, ImageBuilderState.DELETING}),
    grace=frozenset({ImageBuilderState.RUNNING, ImageBuilderState.PENDING}),
    timeout=1800.0,
)
FAST_LAUNCH_ENABLED = WaitSpec(
    name="fast launch enabled",
    success=frozenset({FastLaunchState.ENABLED}),
    failure=frozenset({FastLaunchState.ENABLING_FAILED, FastLaunchState.ENABLED_FAILED,
                       FastLaunchState.DISABLING, FastLaunchState.DISABLING_FAILED}),
    timeout=3600.0,
)


def _errors(resource: Any) -> tuple[ResourceError, ...]:
    return tuple(getattr(resource, "errors", ()) or ())


def wait_for(
    fetch: Callable[[], R],
    spec: WaitSpec,
    resource_id: str,
    *,
    clock: Clock,
    timeout: float | None = None,
    grace: float = 60.0,
    schedule: PollSchedule | None = None,
    on_progress: Callable[[Observation[R]], None] | None = None,
) -> R | None:
    """Poll ``fetch`` until ``spec`` is met; returns the last resource (None once gone)."""
    limit = spec.timeout if timeout is None else check_number("timeout", timeout)
    grace = check_number("grace", grace)
    schedule = schedule or PollSchedule()
    start = clock.now()
    attempt = 0
    while True:
        attempt += 1
        try:
            resource: R | None = fetch()
        except NotFound:
            if not spec.gone_is_success:
                raise
            resource = None
        elapsed = clock.now() - start
        state = getattr(resource, "state", None)
        state_name = GONE if resource is None else (state.value if state is not None else "EXISTS")
        observation = Observation(wait=spec.name, resource_id=resource_id, resource=resource,
                                  state=state_name, raw_state=getattr(resource, "raw_state", None),
                                  attempt=attempt, elapsed=elapsed)
        log.debug("waiting for %s %s: %s (poll %d, %.1fs)", spec.name, resource_id, state_name,
                  attempt, elapsed)
        if on_progress is not None:
            on_progress(observation)

        if resource is None or state in spec.success:
            return resource
        errors = _errors(resource)
        failed = (state in spec.failure
                  or (state in spec.errors_fail_in and bool(errors))
                  or (state in spec.grace and elapsed >= grace))
        if failed:
            reasons = "; ".join(f"{e.code}: {e.message}" for e in errors)
            because = f" ({reasons})" if reasons else ""
            raise WaiterFailed(
                f"{spec.name} {resource_id}: reached {state_name}{because}",
                resource=resource, attempts=attempt, elapsed=elapsed, errors=errors)
        remaining = limit - elapsed
        if remaining <= 0:
            raise WaiterTimeout(f"{spec.name} {resource_id}: still {state_name} after "
                                f"{elapsed:.0f}s", resource=resource, attempts=attempt,
                                elapsed=elapsed)
        clock.sleep(min(schedule.delay(attempt), remaining))
