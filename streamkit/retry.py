"""streamkit's one retry policy and its decisions, free of I/O.

The SDKs' own retries are switched off so attempts never multiply; the loop in
:mod:`streamkit.calls` sends and sleeps, and asks a :class:`RetryState` what to do after each
failure (a future async loop asks the same questions). What is retried depends on what the
call does (:class:`CallKind`):

* READ, WRITE (an idempotent change), DELETE: retried on Throttled, ServiceUnavailable
  (5xx, dropped connections, timeouts) and ConcurrentModification (with a longer backoff).
  A DELETE that failed ambiguously and then finds the resource gone has succeeded.
* CREATE: retried only when the cloud surely did not act (Throttled, a refused connection,
  ConcurrentModification). After an ambiguous failure the adapter's ``reconcile`` looks for
  the resource: found and matching the spec is success, found and different is AlreadyExists,
  absent means sending again is safe.

Backoff is capped exponential with full jitter; a cloud's retry-after hint is honoured.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable
from typing import Any

import attrs

from streamkit.errors import (
    AlreadyExists,
    ConcurrentModification,
    NotFound,
    ProviderError,
    ServiceUnavailable,
    Throttled,
)
from streamkit.hooks import RetryEvent
from streamkit.validation import check_int, check_number

__all__ = ["CallKind", "RetryEvent", "RetryPolicy", "RetryState"]


class CallKind(enum.Enum):
    """What a call does, which decides what may be retried."""

    READ = "read"
    WRITE = "write"
    CREATE = "create"
    DELETE = "delete"


def _positive_int(_i: object, a: attrs.Attribute[Any], v: object) -> None:
    check_int(a.name, v, minimum=1, maximum=100)


def _seconds(_i: object, a: attrs.Attribute[Any], v: object) -> None:
    check_number(a.name, v)


def _optional_seconds(_i: object, a: attrs.Attribute[Any], v: object) -> None:
    if v is not None:
        check_number(a.name, v)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How hard streamkit tries before it gives up on a call.

    ``max_attempts`` counts every request sent (1 = no retry); ``deadline`` bounds one
    call's attempts and sleeps together. ``on_retry`` sees each retry (for metrics).
    """

    max_attempts: int = attrs.field(default=5, validator=_positive_int)
    deadline: float | None = attrs.field(default=120.0, validator=_optional_seconds)
    wait_initial: float = attrs.field(default=0.25, validator=_seconds)
    wait_max: float = attrs.field(default=10.0, validator=_seconds)
    conflict_wait_initial: float = attrs.field(default=2.0, validator=_seconds)
    conflict_wait_max: float = attrs.field(default=30.0, validator=_seconds)
    jitter: bool = True
    on_retry: Callable[[RetryEvent], None] | None = attrs.field(default=None, eq=False)

    def backoff(self, attempt: int, error: BaseException | None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if isinstance(error, ConcurrentModification):
            initial, cap = self.conflict_wait_initial, self.conflict_wait_max
        else:
            initial, cap = self.wait_initial, self.wait_max
        ceiling = min(cap, initial * 2 ** (attempt - 1))
        wait = random.uniform(0, ceiling) if self.jitter else ceiling
        hint = getattr(error, "retry_after", None)
        return max(wait, hint) if isinstance(hint, (int, float)) else wait


class RetryState:
    """The retry decisions of one call, in order; the loop that sends asks, never decides."""

    __slots__ = ("ambiguous", "attempt", "kind", "policy", "started")

    def __init__(self, policy: RetryPolicy, kind: CallKind, started: float) -> None:
        self.policy = policy
        self.kind = kind
        self.started = started
        self.attempt = 1
        self.ambiguous = False  # an earlier attempt may have acted

    def done_despite(self, error: ProviderError) -> bool:
        """A DELETE that finds nothing after an ambiguous attempt: that attempt deleted it."""
        return self.kind is CallKind.DELETE and self.ambiguous and isinstance(error, NotFound)

    def reconcile_after(self, error: ProviderError) -> bool:
        """Whether a CREATE should look for what it may have made before going on."""
        if isinstance(error, AlreadyExists):
            return self.kind is CallKind.CREATE and self.ambiguous
        if isinstance(error, NotFound) or not error.maybe_applied:
            return False
        self.ambiguous = True
        return self.kind is CallKind.CREATE

    def wait_after(self, error: ProviderError, now: float) -> float | None:
        """Seconds to sleep before the next attempt, or None to give up with ``error``."""
        if isinstance(error, (Throttled, ConcurrentModification)):
            pass
        elif not (isinstance(error, ServiceUnavailable)
                  and (self.kind is not CallKind.CREATE or not error.maybe_applied)):
            return None
        if self.attempt >= self.policy.max_attempts:
            return None
        wait = self.policy.backoff(self.attempt, error)
        deadline = self.policy.deadline
        if deadline is not None and now - self.started + wait > deadline:
            return None
        self.attempt += 1
        return wait
