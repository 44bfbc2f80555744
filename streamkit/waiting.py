"""The waiter engine and the catalogue of waits, as data.

A wait polls a read, classifies what it sees (success, keep waiting, failure), sleeps on a
schedule that starts short and backs off to a cap, and stops at the timeout. Right after a
start or stop the old state is tolerated for a grace period (AWS may still report STOPPED
just after StartFleet, which makes botocore's FleetStarted waiter fail). A resource that
shows errors in a state it cannot leave on its own ends the wait at once, errors attached.

One engine serves one resource or many: :func:`wait_for_all` reads every pending resource
with one batched read per tick (``get_fleets(ids)`` and friends: one describe call per chunk
on AWS, a filtered listing on Alibaba) and :func:`wait_for` is a batch of one. The decisions
are a :class:`Waiter` with no I/O: :func:`wait_for_all` drives it with a clock and a blocking
read, and an async driver can drive the same steps with an async sleep and read.

:data:`WAITS` is the catalogue: the client's ``wait_until_*`` methods, the CLI's ``wait``
commands and the docs' waiter table all read it.
"""

from __future__ import annotations

import enum
import logging
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from streamkit.clock import Clock
from streamkit.errors import NotFound, WaiterError, WaiterFailed, WaiterTimeout
from streamkit.models import (
    FastLaunchState,
    FleetState,
    ImageBuilderState,
    ImageState,
    ResourceError,
)
from streamkit.validation import check_number

__all__ = [
    "GONE",
    "WAITS",
    "Observation",
    "PollSchedule",
    "Step",
    "WaitSpec",
    "Waiter",
    "wait_for",
    "wait_for_all",
]

R = TypeVar("R")
log = logging.getLogger("streamkit")

#: the state an observation reports once the resource no longer exists
GONE = "GONE"
_SHOWN = 10  # pending ids named in a timeout message
#: an observation's state: the resource's state enum, or GONE (and EXISTS, for a resource
#: without states) as text
ObservedState = FleetState | ImageState | ImageBuilderState | FastLaunchState | str
#: the shortest pause between two polls: a schedule of zeros would poll as fast as the
#: cloud answers, hundreds of calls a second
MIN_POLL_DELAY = 0.1


@attrs.frozen(kw_only=True)
class Observation(Generic[R]):
    """One poll, as ``on_progress`` sees it. ``resource`` is None once it is gone.

    Args:
        wait: What is awaited (``fleet running``, ...).
        resource_id: The id of the resource polled.
        resource: What the poll read, or None once the resource is gone.
        state: The resource's state enum (``FleetState.RUNNING``...), or :data:`GONE` once
            it no longer exists (``EXISTS`` for a resource without states).
        raw_state: The cloud's own state string, if the resource is there.
        attempt: The number of this poll, from 1.
        elapsed: Seconds since the wait began (on the client's clock).
    """

    wait: str
    resource_id: str
    resource: R | None
    state: ObservedState
    raw_state: str | None
    attempt: int
    elapsed: float

    @property
    def state_name(self) -> str:
        """The state as text (the enum's value): ``"RUNNING"``, ``"GONE"``..."""
        return self.state.value if isinstance(self.state, enum.Enum) else self.state


@attrs.frozen(kw_only=True)
class PollSchedule:
    """Delays between polls.

    ``initial``, times ``factor`` each poll, capped at ``cap``, each spread by +/- ``jitter``
    (a fraction) so many waiters do not poll in step.

    ``quiet_for``: seconds at the start of a wait in which the change is not expected (a
    fleet start takes minutes); until then the delays grow to ``quiet_cap`` instead of
    ``cap``, and the poll that crosses the end of that period lands at most ``cap`` after it.

    Args:
        initial: The first delay, in seconds.
        factor: Each delay is the previous one times this; 1.0 or more.
        cap: The longest delay, in seconds.
        jitter: The spread of each delay, as a fraction of it (0.1: +/- 10 %).
        quiet_for: Seconds at the start of a wait in which no change is expected.
        quiet_cap: The longest delay during ``quiet_for``, in seconds.
    """

    initial: float = attrs.field(default=2.0, validator=lambda _i, a, v: check_number(
        a.name, v, minimum=MIN_POLL_DELAY))
    factor: float = attrs.field(default=1.5, validator=lambda _i, a, v: check_number(
        a.name, v, minimum=1.0))
    cap: float = attrs.field(default=15.0, validator=lambda _i, a, v: check_number(
        a.name, v, minimum=MIN_POLL_DELAY))
    jitter: float = attrs.field(default=0.1, validator=lambda _i, a, v: check_number(a.name, v))
    quiet_for: float = attrs.field(default=0.0,
                                   validator=lambda _i, a, v: check_number(a.name, v))
    quiet_cap: float = attrs.field(default=30.0,
                                   validator=lambda _i, a, v: check_number(a.name, v))

    def delay(self, attempt: int, elapsed: float = 0.0) -> float:
        """Seconds to sleep after poll number ``attempt`` (1-based).

        The poll was made ``elapsed`` seconds into the wait.
        """
        quiet = elapsed < self.quiet_for
        cap = max(self.cap, self.quiet_cap) if quiet else self.cap
        # the exponent is capped: factor ** attempt overflows a float in a days-long wait
        base = min(cap, self.initial * self.factor ** min(attempt - 1, 64))
        if self.jitter:
            base *= 1 + random.uniform(-self.jitter, self.jitter)
        if quiet:
            base = min(base, self.quiet_for - elapsed + self.cap)
        return max(base, MIN_POLL_DELAY)  # jitter never makes a wait a busy loop


#: How the built-in waits poll, chosen from measurements (``python bench/run.py --only
#: polling``: 20 fleet starts of 6-8 min, and 20 of 1-5 min). Polling at a fixed pace trades
#: lag for calls one for one (lag ~ pace / 2, calls ~ duration / pace): botocore's 30 s gives
#: 15 s of lag for ~15 calls, and backing off to any fixed cap gets half that lag only for
#: ~2x the calls. What helps is knowing that a start takes minutes: a few short polls first
#: (a fleet already running, or failing at once), then never sparser than botocore's 30 s
#: while the change is not expected (a start faster than that is seen about as soon as
#: botocore sees it), then every 12 s: 0.36x botocore's lag for 1.45x its calls. A quiet
#: period of 60-90 s polls would save calls but see a fast start 2-3x later than botocore.
#: ``quiet_for`` per resource is the shortest duration the emulator models for that
#: transition after AppStream's (fleet and builder start 300 s, stop 120 s, image creation
#: or copy 600 s or more); only the fleet start schedule is measured, the others share it.
FLEET_START_POLL = PollSchedule(initial=5.0, factor=3.0, cap=12.0, quiet_for=300.0,
                                quiet_cap=30.0)
FLEET_STOP_POLL = attrs.evolve(FLEET_START_POLL, quiet_for=120.0)
IMAGE_POLL = attrs.evolve(FLEET_START_POLL, quiet_for=600.0)


@attrs.frozen(kw_only=True)
class WaitSpec:
    """What one wait looks for, and (for the waits in :data:`WAITS`) where users reach it.

    ``success`` / ``failure``: states that end the wait. ``grace``: states tolerated for the
    grace period, failures after it. ``errors_fail_in``: states in which the resource
    carrying errors fails the wait at once. Every other state (UNKNOWN included) keeps it going
    (:attr:`transitional`). ``schedule``: how to poll unless the caller gives a schedule.

    The rest says how the client, the CLI and the docs offer the wait: ``resource`` is the
    service whose ``get`` reads one (``cloud.fleets``), ``id_name`` the id's parameter name,
    ``grace_seconds`` the default grace period, ``batch_read`` the adapter's read of many
    (empty: no batched wait).
    """

    name: str
    success: frozenset[enum.Enum] = frozenset()
    failure: frozenset[enum.Enum] = frozenset()
    grace: frozenset[enum.Enum] = frozenset()
    errors_fail_in: frozenset[enum.Enum] = frozenset()
    gone_is_success: bool = False
    timeout: float = 1200.0
    schedule: PollSchedule = PollSchedule()
    resource: str = ""
    id_name: str = ""
    grace_seconds: float = 0.0
    batch_read: str = ""

    @property
    def method(self) -> str:
        """The client's waiter: ``wait_until_fleet_running``."""
        return "wait_until_" + self.name.replace(" ", "_")

    @property
    def namespace(self) -> str:
        """Where the waiter is: ``""`` on the client, else an extension namespace.

        A dotted ``resource`` (``"alibaba.workstations"``) has its waiter on ``cloud.alibaba``.
        """
        return self.resource.rpartition(".")[0]

    @property
    def batch_method(self) -> str | None:
        """The client's waiter for many (``wait_until_fleets_running``), if there is one."""
        if not self.batch_read:
            return None
        return f"wait_until_{self.resource}_{self.name.rsplit(' ', 1)[1]}"

    @property
    def command(self) -> str:
        """The CLI's ``streamkit wait`` subcommand: ``fleet-running``."""
        return self.name.replace(" ", "-")

    @property
    def states(self) -> type[enum.Enum] | None:
        """The enum of the states the wait reads (None for a wait for a resource to go)."""
        named = self.success | self.failure | self.grace | self.errors_fail_in
        return type(next(iter(named))) if named else None

    @property
    def transitional(self) -> tuple[enum.Enum, ...]:
        """The states that keep the wait going (any value not named, UNKNOWN included)."""
        named = self.success | self.failure | self.grace | self.errors_fail_in
        return tuple(s for s in self.states or () if s not in named)


FLEET_RUNNING = WaitSpec(
    name="fleet running",
    success=frozenset({FleetState.RUNNING}),
    failure=frozenset({FleetState.FAILED, FleetState.DELETING}),
    grace=frozenset({FleetState.STOPPED, FleetState.STOPPING}),
    errors_fail_in=frozenset({FleetState.STOPPED, FleetState.FAILED}),
    schedule=FLEET_START_POLL,
    resource="fleets", id_name="fleet_id", grace_seconds=60.0, batch_read="get_fleets",
)
FLEET_STOPPED = WaitSpec(
    name="fleet stopped",
    success=frozenset({FleetState.STOPPED}),
    failure=frozenset({FleetState.FAILED, FleetState.DELETING}),
    grace=frozenset({FleetState.RUNNING, FleetState.STARTING}),
    schedule=FLEET_STOP_POLL,
    resource="fleets", id_name="fleet_id", grace_seconds=60.0, batch_read="get_fleets",
)
FLEET_DELETED = WaitSpec(name="fleet deleted", gone_is_success=True, timeout=900.0,
                         resource="fleets", id_name="fleet_id")
STACK_DELETED = WaitSpec(name="stack deleted", gone_is_success=True, timeout=900.0,
                         resource="stacks", id_name="stack_id")
IMAGE_AVAILABLE = WaitSpec(
    name="image available",
    success=frozenset({ImageState.AVAILABLE}),
    failure=frozenset({ImageState.FAILED, ImageState.DELETING}),
    timeout=3600.0,
    schedule=IMAGE_POLL,
    resource="images", id_name="image_id", batch_read="get_images",
)
IMAGE_BUILDER_RUNNING = WaitSpec(
    name="image builder running",
    success=frozenset({ImageBuilderState.RUNNING}),
    failure=frozenset({ImageBuilderState.FAILED, ImageBuilderState.DELETING}),
    grace=frozenset({ImageBuilderState.STOPPED, ImageBuilderState.STOPPING}),
    errors_fail_in=frozenset({ImageBuilderState.STOPPED, ImageBuilderState.FAILED}),
    timeout=1800.0,
    schedule=FLEET_START_POLL,
    resource="image_builders", id_name="builder_id", grace_seconds=60.0,
    batch_read="get_image_builders",
)
IMAGE_BUILDER_STOPPED = WaitSpec(
    name="image builder stopped",
    success=frozenset({ImageBuilderState.STOPPED}),
    failure=frozenset({ImageBuilderState.FAILED, ImageBuilderState.DELETING}),
    grace=frozenset({ImageBuilderState.RUNNING, ImageBuilderState.PENDING}),
    timeout=1800.0,
    schedule=FLEET_STOP_POLL,
    resource="image_builders", id_name="builder_id", grace_seconds=60.0,
)
FAST_LAUNCH_ENABLED = WaitSpec(
    name="fast launch enabled",
    success=frozenset({FastLaunchState.ENABLED}),
    failure=frozenset({FastLaunchState.ENABLING_FAILED, FastLaunchState.ENABLED_FAILED,
                       FastLaunchState.DISABLING, FastLaunchState.DISABLING_FAILED}),
    timeout=3600.0,
    resource="fast_launch", id_name="image_id",
)

#: every wait the client offers (``cloud.wait_until_<name>``, and for those with a
#: ``batch_read`` a waiter for many), the CLI runs (``streamkit wait <command>``) and the docs
#: list; a new row here needs its ``wait_until_*`` method on :class:`~streamkit.StreamingCloud`
WAITS: tuple[WaitSpec, ...] = (
    FLEET_RUNNING, FLEET_STOPPED, FLEET_DELETED, STACK_DELETED, IMAGE_AVAILABLE,
    IMAGE_BUILDER_RUNNING, IMAGE_BUILDER_STOPPED, FAST_LAUNCH_ENABLED,
)


class _Verdict(enum.Enum):
    DONE = "done"
    PENDING = "pending"
    FAILED = "failed"


def _errors(resource: Any) -> tuple[ResourceError, ...]:
    return tuple(getattr(resource, "errors", ()) or ())


def _state(resource: Any) -> ObservedState:
    if resource is None:
        return GONE
    state: ObservedState | None = getattr(resource, "state", None)
    return state if state is not None else "EXISTS"


def _state_name(resource: Any) -> str:
    state = _state(resource)
    return state.value if isinstance(state, enum.Enum) else state


def _classify(spec: WaitSpec, resource: Any, elapsed: float, grace: float) -> _Verdict:
    """The one place that decides what an observation means for ``spec``."""
    if resource is None:
        return _Verdict.DONE if spec.gone_is_success else _Verdict.FAILED
    state = getattr(resource, "state", None)
    if state in spec.success:
        return _Verdict.DONE
    failed = (state in spec.failure
              or (state in spec.errors_fail_in and bool(_errors(resource)))
              or (state in spec.grace and elapsed >= grace))
    return _Verdict.FAILED if failed else _Verdict.PENDING


def _reasons(resource_id: str, resource: Any) -> tuple[ResourceError, ...]:
    if resource is None:
        return (ResourceError(code="NotFound", message=f"{resource_id} does not exist"),)
    return _errors(resource)


def _failed(spec: WaitSpec, failed: Mapping[str, Any], total: int, attempt: int,
            elapsed: float) -> WaiterFailed:
    failures = {rid: _reasons(rid, resource) for rid, resource in failed.items()}
    parts = []
    for rid, resource in failed.items():
        reasons = "; ".join(f"{e.code}: {e.message}" for e in failures[rid])
        because = f" ({reasons})" if reasons else ""
        parts.append(f"{rid}: reached {_state_name(resource)}{because}")
    head = f"{spec.name} " if total == 1 else f"{spec.name}: {len(failed)} of {total} failed: "
    first = next(iter(failed))
    return WaiterFailed(head + "; ".join(parts), resource=failed[first], attempts=attempt,
                        elapsed=elapsed, errors=[e for es in failures.values() for e in es],
                        failures=failures)


def _timed_out(spec: WaitSpec, pending: Mapping[str, Any], total: int, attempt: int,
               elapsed: float) -> WaiterTimeout:
    shown = [f"{rid} ({_state_name(r)})" for rid, r in list(pending.items())[:_SHOWN]]
    if len(pending) > _SHOWN:
        shown.append(f"and {len(pending) - _SHOWN} more")
    first = next(iter(pending))
    if total == 1:
        message = f"{spec.name} {first}: still {_state_name(pending[first])} after {elapsed:.0f}s"
    else:
        message = (f"{spec.name}: {len(pending)} of {total} still pending after "
                   f"{elapsed:.0f}s: {', '.join(shown)}")
    return WaiterTimeout(message, resource=pending[first], attempts=attempt, elapsed=elapsed,
                         pending=pending)


@attrs.frozen(kw_only=True)
class Step(Generic[R]):
    """What one poll decided.

    The observations it made, then either ``sleep`` seconds and poll again, or the end:
    ``error`` to raise, else ``result`` (id -> last resource).
    """

    observations: tuple[Observation[R], ...]
    sleep: float | None = None
    error: WaiterError | None = None
    result: dict[str, R | None] = attrs.field(factory=dict)


class Waiter(Generic[R]):
    """The decisions of one wait, with no I/O and no clock of its own.

    A driver reads :attr:`pending`, hands the answer and the time to :meth:`observe`, and
    does what the :class:`Step` says (sleep, return, raise): :func:`wait_for_all` drives it
    with a clock and a blocking read; an async driver awaits the same steps.
    """

    def __init__(self, spec: WaitSpec, resource_ids: Sequence[str], *, started: float,
                 timeout: float | None = None, grace: float = 60.0,
                 schedule: PollSchedule | None = None) -> None:
        self._spec = spec
        self._ids = list(dict.fromkeys(resource_ids))
        self._limit = spec.timeout if timeout is None else check_number("timeout", timeout)
        self._grace = check_number("grace", grace)
        self._schedule = schedule or spec.schedule
        self._started = started
        self._done: dict[str, R | None] = {}
        self._pending = self._ids
        self._attempt = 0

    @property
    def pending(self) -> list[str]:
        """The ids to read on the next poll."""
        return list(self._pending)

    def observe(self, seen: Mapping[str, R], now: float) -> Step[R]:
        """Take one poll's answer (absent ids left out of ``seen``) made at ``now``."""
        spec = self._spec
        self._attempt += 1
        attempt, elapsed = self._attempt, now - self._started
        failed: dict[str, R | None] = {}
        waiting: dict[str, R | None] = {}
        sorted_into = {_Verdict.DONE: self._done, _Verdict.FAILED: failed,
                       _Verdict.PENDING: waiting}
        observations = []
        for rid in self._pending:
            resource = seen.get(rid)
            state = _state(resource)
            log.debug("waiting for %s %s: %s (poll %d, %.1fs)", spec.name, rid,
                      _state_name(resource), attempt, elapsed)
            observations.append(Observation(
                wait=spec.name, resource_id=rid, resource=resource, state=state,
                raw_state=getattr(resource, "raw_state", None), attempt=attempt,
                elapsed=elapsed))
            sorted_into[_classify(spec, resource, elapsed, self._grace)][rid] = resource
        observed = tuple(observations)
        total = len(self._ids)
        if failed:
            return Step(observations=observed,
                        error=_failed(spec, failed, total, attempt, elapsed))
        if not waiting:
            return Step(observations=observed,
                        result={rid: self._done[rid] for rid in self._ids})
        remaining = self._limit - elapsed
        if remaining <= 0:
            return Step(observations=observed,
                        error=_timed_out(spec, waiting, total, attempt, elapsed))
        self._pending = list(waiting)
        return Step(observations=observed,
                    sleep=min(self._schedule.delay(attempt, elapsed), remaining))


def wait_for_all(
    fetch: Callable[[Sequence[str]], Mapping[str, R]],
    spec: WaitSpec,
    resource_ids: Sequence[str],
    *,
    clock: Clock,
    timeout: float | None = None,
    grace: float = 60.0,
    schedule: PollSchedule | None = None,
    on_progress: Callable[[Observation[R]], None] | None = None,
) -> dict[str, R | None]:
    """Poll until every resource meets ``spec``; returns id -> last resource, in input order.

    ``fetch(ids)`` reads the still-pending ids in one go (absent ones left out of its
    answer). Each tick yields one observation per pending resource; a resource that is done
    is not read again. The first tick on which any resource fails raises
    :class:`WaiterFailed` with every failure of that tick; an absent resource is a failure
    (``NotFound``) unless ``spec.gone_is_success``. At the timeout, :class:`WaiterTimeout`
    lists the pending ones.
    """
    waiter: Waiter[R] = Waiter(spec, resource_ids, started=clock.now(), timeout=timeout,
                               grace=grace, schedule=schedule)
    while True:
        step = waiter.observe(fetch(waiter.pending), clock.now())
        if on_progress is not None:
            for observation in step.observations:
                on_progress(observation)
        if step.error is not None:
            raise step.error
        if step.sleep is None:
            return step.result
        clock.sleep(step.sleep)


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
    """Poll ``fetch`` until ``spec`` is met; returns the last resource (None once gone).

    A batch of one (:func:`wait_for_all`); ``fetch`` raising NotFound ends the wait with it,
    unless ``spec.gone_is_success``.
    """
    def fetch_one(_ids: Sequence[str]) -> dict[str, R]:
        try:
            return {resource_id: fetch()}
        except NotFound:
            if not spec.gone_is_success:
                raise
            return {}

    return wait_for_all(fetch_one, spec, [resource_id], clock=clock, timeout=timeout,
                        grace=grace, schedule=schedule, on_progress=on_progress)[resource_id]
