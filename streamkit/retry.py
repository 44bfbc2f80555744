"""The retry engine: streamkit's single retry policy, on tenacity.

The SDKs' own retries are switched off so attempts never multiply. What is retried depends on
what the call does (:class:`CallKind`):

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
import logging
import random
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import tenacity

from streamkit.clock import Clock
from streamkit.errors import (
    AlreadyExists,
    ConcurrentModification,
    NotFound,
    ProviderError,
    ServiceUnavailable,
    Throttled,
)
from streamkit.hooks import safely
from streamkit.validation import check_int, check_number

__all__ = ["CallKind", "RetryEvent", "RetryPolicy"]

T = TypeVar("T")
log = logging.getLogger("streamkit")


class CallKind(enum.Enum):
    READ = "read"
    WRITE = "write"
    CREATE = "create"
    DELETE = "delete"


@attrs.frozen(kw_only=True)
class RetryEvent:
    """What an ``on_retry`` hook sees before each retry sleep."""

    operation: str
    attempt: int
    wait: float
    error: ProviderError


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

    def call(self, fn: Callable[[], T], *, operation: str, kind: CallKind, clock: Clock,
             reconcile: Callable[[], T | None] | None = None) -> T:
        """Run ``fn`` under this policy. ``reconcile`` is required for a safe CREATE retry."""
        start = clock.now()
        ambiguous = False

        def attempt() -> T:
            nonlocal ambiguous
            try:
                return fn()
            except NotFound:
                if kind is CallKind.DELETE and ambiguous:
                    return None  # type: ignore[return-value]  # an earlier try deleted it
                raise
            except AlreadyExists:
                if kind is CallKind.CREATE and ambiguous and reconcile is not None:
                    found = reconcile()
                    if found is not None:
                        return found
                raise
            except ProviderError as exc:
                if exc.maybe_applied:
                    ambiguous = True
                    if kind is CallKind.CREATE and reconcile is not None:
                        found = reconcile()
                        if found is not None:
                            return found
                        exc.maybe_applied = False  # it is not there: sending again is safe
                raise

        def should_retry(exc: BaseException) -> bool:
            if isinstance(exc, (Throttled, ConcurrentModification)):
                return True
            if isinstance(exc, ServiceUnavailable):
                return kind is not CallKind.CREATE or not exc.maybe_applied
            return False

        def too_late(wait: float) -> bool:
            return self.deadline is not None and clock.now() - start + wait > self.deadline

        def announce(attempt_number: int, wait: float, error: ProviderError) -> None:
            log.debug("retrying %s after %s (attempt %d), waiting %.2fs", operation,
                      error.code, attempt_number, wait)
            if self.on_retry is not None:
                safely(self.on_retry, RetryEvent(operation=operation, attempt=attempt_number,
                                                 wait=wait, error=error))

        # Most calls succeed at once: the first attempt skips tenacity's machinery (it costs
        # more than the rest of streamkit's per-call work); attempts 2.. run on tenacity.
        try:
            return attempt()
        except ProviderError as exc:
            if not should_retry(exc) or self.max_attempts == 1 or too_late(
                    first_wait := self.backoff(1, exc)):
                raise
            first_error = exc
        announce(1, first_wait, first_error)
        clock.sleep(first_wait)

        def before_sleep(state: tenacity.RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome is not None else None
            if isinstance(error, ProviderError):
                announce(state.attempt_number + 1, state.upcoming_sleep or 0.0, error)

        retrying = tenacity.Retrying(
            stop=lambda state: (state.attempt_number + 1 >= self.max_attempts
                                or too_late(state.upcoming_sleep or 0.0)),
            wait=lambda state: self.backoff(
                state.attempt_number + 1,
                state.outcome.exception() if state.outcome is not None else None),
            retry=tenacity.retry_if_exception(should_retry),
            sleep=clock.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        return retrying(attempt)
