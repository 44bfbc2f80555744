"""streamkit's one retry policy and its decisions, free of I/O.

The SDKs' own retries are switched off so attempts never multiply; the loop in
:mod:`streamkit.calls` sends and sleeps, and asks a :class:`RetryState` what to do after each
failure (a future async loop asks the same questions). The decisions are tenacity's
strategies (retry predicate, stop after attempts, exponential wait with full jitter), asked
only after a failure so a call that succeeds at once pays nothing for them. What is
retried depends on what the call does (:class:`CallKind`):

* READ, WRITE (an idempotent change), DELETE: retried on Throttled, ServiceUnavailable
  (5xx, dropped connections, timeouts) and ConcurrentModification (with a longer backoff).
  A DELETE that failed ambiguously and then finds the resource gone has succeeded.
* CREATE: retried only when the cloud surely did not act (Throttled, a refused connection,
  ConcurrentModification). After an ambiguous failure the adapter's ``reconcile`` looks for
  the resource: found and provably its own is success, found and not is AlreadyExists,
  absent means sending again is safe.
* A WRITE that declares how to tell it took effect (``Operation.applied``) checks that after
  an ambiguous failure, and after a refusal that follows one, before it is sent again.

Backoff is capped exponential with full jitter; a cloud's retry-after hint is honoured.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from typing import Any

import attrs
import tenacity

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

    Args:
        max_attempts: Requests sent at most for one call; 1 or more (1: no retry).
        deadline: Seconds one call's attempts and sleeps may take together; None: no limit.
        wait_initial: The first backoff, in seconds; it doubles each retry.
        wait_max: The longest backoff, in seconds.
        conflict_wait_initial: The first backoff after a ``ConcurrentModification`` (the
            resource is busy: those take longer to clear).
        conflict_wait_max: The longest backoff after a ``ConcurrentModification``.
        jitter: Full jitter (a random wait up to the backoff), so clients spread out.
        on_retry: Called with a :class:`RetryEvent` before each retry sleep.
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
            strategy = _wait_strategy(self.conflict_wait_initial, self.conflict_wait_max,
                                      self.jitter)
        else:
            strategy = _wait_strategy(self.wait_initial, self.wait_max, self.jitter)
        wait: float = strategy(_attempt(attempt, error))
        hint = getattr(error, "retry_after", None)
        return max(wait, hint) if isinstance(hint, (int, float)) else wait


@functools.lru_cache(maxsize=64)
def _wait_strategy(initial: float, cap: float, jitter: bool) -> tenacity.wait.wait_base:
    """Capped exponential backoff from ``initial``, with full jitter unless told otherwise."""
    if jitter:
        return tenacity.wait_random_exponential(multiplier=initial, max=cap)
    return tenacity.wait_exponential(multiplier=initial, max=cap)


#: tenacity's strategies read a call's state; this is the retrying object that state names
_RETRYING = tenacity.Retrying()


def _attempt(number: int, error: BaseException | None) -> tenacity.RetryCallState:
    """Tenacity's view of one call after its failed attempt ``number`` (built on failures only)."""
    state = tenacity.RetryCallState(_RETRYING, None, (), {})
    state.attempt_number = number
    if error is not None:
        state.set_exception((type(error), error, error.__traceback__))
    return state


def _retryable(kind: CallKind) -> tenacity.retry_base:
    """What may be sent again for a call of ``kind``: a CREATE never after it may have acted."""

    def may_resend(error: BaseException) -> bool:
        if isinstance(error, (Throttled, ConcurrentModification)):
            return True
        return isinstance(error, ServiceUnavailable) and (
            kind is not CallKind.CREATE or not error.maybe_applied)

    return tenacity.retry_if_exception(may_resend)


_RETRYABLE = {kind: _retryable(kind) for kind in CallKind}


#: the kinds that check, after an ambiguous failure, whether they already happened
_RECONCILED = frozenset({CallKind.CREATE, CallKind.WRITE})


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
        """Whether to look for what an earlier attempt did before going on.

        That is a CREATE's resource or a WRITE's change: after an ambiguous failure, or a
        refusal that follows one (the name that attempt took, the change it started).
        """
        if isinstance(error, NotFound):
            return False
        if error.maybe_applied:
            self.ambiguous = True
            return self.kind in _RECONCILED
        if self.kind is CallKind.CREATE:
            return self.ambiguous and isinstance(error, AlreadyExists)
        return (self.kind is CallKind.WRITE and self.ambiguous
                and not isinstance(error, (Throttled, ServiceUnavailable)))

    def wait_after(self, error: ProviderError, now: float) -> float | None:
        """Seconds to sleep before the next attempt, or None to give up with ``error``.

        The decisions are tenacity's (what retries, when to stop, how long to wait); the
        deadline is measured on streamkit's injectable clock.
        """
        policy = self.policy
        attempt = _attempt(self.attempt, error)
        if not _RETRYABLE[self.kind](attempt) or tenacity.stop_after_attempt(
                policy.max_attempts)(attempt):
            return None
        wait = policy.backoff(self.attempt, error)
        if policy.deadline is not None and now - self.started + wait > policy.deadline:
            return None
        self.attempt += 1
        return wait
