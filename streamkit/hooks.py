"""Instrumentation: a record for each API call attempt, retry and waiter poll.

Besides the hooks, streamkit logs one DEBUG line per API call attempt on the ``streamkit``
logger (operation, attempt, outcome, duration, request id), never a secret::

    cloud = streamkit.connect("aws", region="us-east-1", hooks=streamkit.Hooks(
        on_call=lambda r: metrics.timing(f"appstream.{r.operation}", r.duration),
        on_retry=lambda e: metrics.incr(f"retry.{e.error.code}"),
        on_poll=lambda o: metrics.gauge("wait.elapsed", o.elapsed)))

Every hook is reached through :func:`safely`: a hook that raises is logged and otherwise
ignored, so metrics never break the automation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from streamkit.errors import ProviderError
from streamkit.models import Provider

if TYPE_CHECKING:
    from streamkit.waiting import Observation

__all__ = ["CallRecord", "Hooks", "RetryEvent", "safely"]

log = logging.getLogger("streamkit")
T = TypeVar("T")


@attrs.frozen(kw_only=True)
class CallRecord:
    """One attempt of one API call. ``error`` is the cloud's code when the attempt failed.

    Args:
        provider: The cloud called.
        region: The region called.
        operation: The cloud's operation name (``DescribeFleets``, ``ListAppInstanceGroup``).
        attempt: 1 for the first try, 2 for the first retry, ...
        duration: Seconds the attempt took.
        request_id: The cloud's request id, when the answer had one.
        error: The cloud's error code when the attempt failed, else None.
    """

    provider: Provider
    region: str
    operation: str
    attempt: int
    duration: float
    request_id: str | None = None
    error: str | None = None


@attrs.frozen(kw_only=True)
class RetryEvent:
    """What an ``on_retry`` hook sees before each retry sleep.

    Args:
        operation: The cloud's operation name.
        attempt: The attempt that failed (1 for the first).
        wait: Seconds streamkit sleeps before the next attempt.
        error: What the failed attempt raised (its ``code`` and ``request_id`` kept).
    """

    operation: str
    attempt: int
    wait: float
    error: ProviderError


@attrs.frozen(kw_only=True)
class Hooks:
    """Callbacks for every API call attempt, every retry and every waiter poll.

    Pass to ``streamkit.connect(..., hooks=...)``. A hook that raises is logged and ignored.

    Args:
        on_call: Called after each attempt of each API call with its :class:`CallRecord`.
        on_retry: Called before each retry sleep with a :class:`RetryEvent`.
        on_poll: Called after each waiter poll with its ``Observation`` (as ``on_progress``).
    """

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
