"""Time as streamkit sees it: waiters and retries read and sleep through a :class:`Clock`.

Tests swap the system clock for the emulator's, so a 20-minute wait runs in milliseconds.
:mod:`streamkit.aio` sleeps through an :class:`AsyncClock`; a clock with an async form
offers it as ``clock.aio`` (the system clock and the emulator's do).
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Protocol, runtime_checkable

__all__ = ["AsyncClock", "AsyncSystemClock", "Clock", "SystemClock", "as_utc", "utc_now"]


def as_utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime (a naive one is taken to be UTC already)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def utc_now(clock: Clock | AsyncClock) -> datetime:
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

    @property
    def aio(self) -> AsyncSystemClock:
        """The async form: :class:`AsyncSystemClock`."""
        return AsyncSystemClock()

    def __repr__(self) -> str:
        return "streamkit.SystemClock()"


@runtime_checkable
class AsyncClock(Protocol):
    """A clock for :mod:`streamkit.aio`: ``now()`` as :class:`Clock`'s, ``async sleep(seconds)``."""

    def now(self) -> float:
        """Seconds from an arbitrary start; only differences between two readings matter."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` without blocking the event loop."""
        ...


class AsyncSystemClock:
    """The real clock for an event loop: monotonic time and :func:`asyncio.sleep`."""

    def now(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """``asyncio.sleep(seconds)`` (zero or less: only a turn of the loop)."""
        import asyncio  # only an async caller pays for importing it

        await asyncio.sleep(max(seconds, 0.0))

    def __repr__(self) -> str:
        return "streamkit.AsyncSystemClock()"
