"""One call, one path: its attempts, retries, instrumentation and error mapping.

Every request of every provider goes out through :meth:`CallContext.call`: the transport
sends (the only I/O), this module maps what the SDK raised to streamkit's errors (with the
provider's table in its ``errors.py``), records each attempt (a DEBUG line and the
``on_call`` hook), and asks :class:`~streamkit.retry.RetryState` whether and when to try
again (announcing it to ``on_retry``). An async loop will ask the same questions.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from streamkit.clock import Clock
from streamkit.errors import ProviderError
from streamkit.hooks import CallRecord, Hooks, RetryEvent, log, safely
from streamkit.models import Provider
from streamkit.retry import CallKind, RetryPolicy, RetryState
from streamkit.transport import Answer, Transport

if TYPE_CHECKING:
    from streamkit.waiting import Observation

__all__ = ["Body", "CallContext", "Reconcile"]

#: an answer's body as the cloud sent it (a JSON object)
Body = Mapping[str, Any]
#: after an ambiguous CREATE: the answer the create would have given, or None if it is absent
Reconcile = Callable[[], "Body | None"]


@attrs.frozen
class CallContext:
    """What every call of one client shares: where it goes, how it retries, who listens."""

    provider: Provider
    region: str
    retry: RetryPolicy
    clock: Clock
    hooks: Hooks = attrs.field(factory=Hooks)

    def call(self, transport: Transport, operation: str, params: Mapping[str, Any],
             kind: CallKind = CallKind.READ, reconcile: Reconcile | None = None) -> Body:
        """Send ``operation`` with ``params`` until it succeeds or the policy gives up."""
        return self.attempts(operation, lambda: transport.send(operation, params),
                             transport.error, kind, reconcile)

    def attempts(self, operation: str, send: Callable[[], Answer],
                 to_error: Callable[[Exception, str], ProviderError],
                 kind: CallKind = CallKind.READ, reconcile: Reconcile | None = None) -> Body:
        """The retry loop around ``send``; ``to_error`` maps what the SDK raised."""
        state = RetryState(self.retry, kind, self.clock.now())
        while True:
            started = time.perf_counter()
            try:
                try:
                    body, request_id = send()
                except ProviderError:
                    raise
                except Exception as exc:  # the SDK's own errors, mapped once here
                    raise to_error(exc, operation) from exc
            except ProviderError as error:
                self._record(operation, state.attempt, started, error.request_id, error.code)
                if state.done_despite(error):
                    return {}
                if state.reconcile_after(error) and reconcile is not None:
                    found = reconcile()
                    if found is not None:
                        return found
                    error.maybe_applied = False  # it is not there: sending again is safe
                failed = state.attempt
                wait = state.wait_after(error, self.clock.now())
                if wait is None:
                    raise
                self._announce(operation, failed, wait, error)
                self.clock.sleep(wait)
                continue
            self._record(operation, state.attempt, started, request_id, None)
            return body

    def poll(self, observation: Observation[Any]) -> None:
        """Hand a wait's observation to ``on_poll``, guarded like every hook."""
        safely(self.hooks.on_poll, observation)

    def _record(self, operation: str, attempt: int, started: float, request_id: str | None,
                error: str | None) -> None:
        if self.hooks.on_call is None and not log.isEnabledFor(logging.DEBUG):
            return  # nobody listens: spare the clock read and the record
        duration = time.perf_counter() - started
        log.debug("%s %s attempt %d: %s in %.1f ms (request id %s)", self.provider.value,
                  operation, attempt, error or "ok", duration * 1000, request_id)
        if self.hooks.on_call is not None:
            safely(self.hooks.on_call, CallRecord(
                provider=self.provider, region=self.region, operation=operation,
                attempt=attempt, duration=duration, request_id=request_id, error=error))

    def _announce(self, operation: str, attempt: int, wait: float, error: ProviderError) -> None:
        log.debug("retrying %s after %s (attempt %d), waiting %.2fs", operation, error.code,
                  attempt, wait)
        if self.retry.on_retry is None and self.hooks.on_retry is None:
            return
        event = RetryEvent(operation=operation, attempt=attempt, wait=wait, error=error)
        safely(self.retry.on_retry, event)
        safely(self.hooks.on_retry, event)
