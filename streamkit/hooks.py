"""Instrumentation: a record for each API call, retry and poll, for metrics and tracing.

Besides the hooks, streamkit logs one DEBUG line per API call attempt on the ``streamkit``
logger (operation, attempt, outcome, duration, request id), never a secret::

    cloud = streamkit.connect("aws", region="us-east-1", hooks=streamkit.Hooks(
        on_call=lambda r: metrics.timing(f"appstream.{r.operation}", r.duration),
        on_retry=lambda e: metrics.incr(f"retry.{e.error.code}"),
        on_poll=lambda o: metrics.gauge("wait.elapsed", o.elapsed)))

A hook that raises is logged and otherwise ignored: metrics never break the automation.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from streamkit.clock import Clock
from streamkit.models import Provider

if TYPE_CHECKING:
    from streamkit.retry import CallKind, RetryEvent, RetryPolicy
    from streamkit.waiting import Observation

__all__ = ["CallRecord", "Hooks"]

log = logging.getLogger("streamkit")
T = TypeVar("T")


@attrs.frozen(kw_only=True)
class CallRecord:
    """One attempt of one API call. ``error`` is the cloud's code when the attempt failed."""

    provider: Provider
    region: str
    operation: str
    attempt: int
    duration: float
    request_id: str | None = None
    error: str | None = None


@attrs.frozen(kw_only=True)
class Hooks:
    """Callbacks for every API call attempt, every retry and every waiter poll."""

    on_call: Callable[[CallRecord], None] | None = None
    on_retry: Callable[[RetryEvent], None] | None = None
    on_poll: Callable[[Observation[Any]], None] | None = None


def safely(hook: Callable[[T], None] | None, record: T) -> None:
    """Call a user's hook; its failure is logged, never raised into streamkit's work."""
    if hook is None:
        return
    try:
        hook(record)
    except Exception:
        log.warning("a streamkit hook raised; ignoring it", exc_info=True)


@attrs.frozen
class CallContext:
    """What every call of one client shares: where it goes, how it retries, who listens."""

    provider: Provider
    region: str
    retry: RetryPolicy
    clock: Clock
    hooks: Hooks = Hooks()

    def run(self, operation: str, kind: CallKind, reconcile: Callable[[], Any] | None,
            attempt: Callable[[int], T]) -> T:
        """Run ``attempt(n)`` under the retry policy; ``n`` counts the attempts from 1."""
        numbers = itertools.count(1)

        def next_attempt() -> T:
            return attempt(next(numbers))

        result: T = self.retry.call(next_attempt, operation=operation, kind=kind,
                                    clock=self.clock, reconcile=reconcile)
        return result

    def record(self, operation: str, attempt: int, started: float, request_id: str | None,
               error: str | None = None) -> None:
        """Log the attempt's DEBUG line and hand its record to ``on_call``."""
        duration = time.perf_counter() - started
        log.debug("%s %s attempt %d: %s in %.1f ms (request id %s)", self.provider.value,
                  operation, attempt, error or "ok", duration * 1000, request_id)
        if self.hooks.on_call is not None:
            safely(self.hooks.on_call, CallRecord(
                provider=self.provider, region=self.region, operation=operation,
                attempt=attempt, duration=duration, request_id=request_id, error=error))
