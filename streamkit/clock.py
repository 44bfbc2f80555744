"""Time as streamkit sees it: waiters and retries read and sleep through a :class:`Clock`.

Tests swap the system clock for the emulator's, so a 20-minute wait runs in milliseconds.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "SystemClock", "as_utc", "utc_now"]


def as_utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime (a naive one is taken to be UTC already)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def utc_now(clock: Clock) -> datetime:
    """Now as ``clock`` sees it, as an aware UTC datetime.

    Its ``utc_now()`` if it keeps wall time (the emulator's clocks do), else the system's
    (``now()`` of a clock need only be monotonic).
    """
    read = getattr(clock, "utc_now", None)
    if callable(read):
        value = read()
        if isinstance(value, datetime):
            return as_utc(value)
    return datetime.now(timezone.utc)


@runtime_checkable
class Clock(Protocol):
    """Anything with ``now()`` (seconds, only differences matter) and ``sleep(seconds)``."""

    def now(self) -> float:
        """Seconds from an arbitrary start; only differences between two readings matter."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (the emulator's clock moves its time instead)."""
        ...


class SystemClock:
    """The real clock: monotonic time and :func:`time.sleep`."""

    def now(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """``time.sleep(seconds)``; nothing for zero or less."""
        if seconds > 0:
            time.sleep(seconds)

    def __repr__(self) -> str:
        return "streamkit.SystemClock()"
