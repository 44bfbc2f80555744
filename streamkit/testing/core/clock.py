"""The emulator's clock: epoch seconds that move only when told to (or with real time)."""

from __future__ import annotations

import functools
import heapq
import itertools
import math
import threading
import time
import weakref
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import asyncio

__all__ = ["MAX_ADVANCE", "AsyncEmulatorClock", "EmulatorClock", "check_seconds"]

#: The longest single jump :meth:`EmulatorClock.advance` takes (ten years): longer ones are
#: mistakes, and an unbounded one (``1e308``) would leave no time representable after it.
MAX_ADVANCE = 10 * 365.25 * 24 * 3600


def check_seconds(seconds: float, what: str = "seconds") -> float:
    """``seconds`` as a float if finite, >= 0 and at most :data:`MAX_ADVANCE`; else ValueError."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise ValueError(f"{what} must be a number of seconds")
    try:
        value = float(seconds)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value) or not 0 <= value <= MAX_ADVANCE:
        raise ValueError(f"{what} must be finite, >= 0 and at most {MAX_ADVANCE:.0f} "
                         f"(ten years), not {seconds!r}")
    return value


class EmulatorClock:
    """A controllable clock shared by the simulated clouds and, in tests, by streamkit itself.

    It starts at ``start`` (epoch seconds; default: real now, in whole seconds). Frozen (the
    default) it moves only through :meth:`advance` or :meth:`sleep`; with ``frozen=False`` it
    also follows real time and :meth:`advance` jumps ahead. It satisfies
    :class:`streamkit.Clock`, so waiters given it never really sleep. Pass a fixed ``start``
    where a test needs the same times on every run.
    """

    def __init__(self, start: float | None = None, *, frozen: bool = True) -> None:
        self._lock = threading.Lock()
        self._frozen = frozen
        self._base = float(int(time.time())) if start is None else float(start)
        if not math.isfinite(self._base):
            raise ValueError(f"start must be finite epoch seconds, not {start!r}")
        self._offset = 0.0
        self._real_start = time.monotonic()

    @property
    def start(self) -> float:
        """The time the clock started at, epoch seconds."""
        return self._base

    def now(self) -> float:
        """Current emulated time, epoch seconds."""
        with self._lock:
            return self._base + self._offset + self._real()

    def utc_now(self) -> datetime:
        """Current emulated time as an aware UTC datetime."""
        return datetime.fromtimestamp(self.now(), timezone.utc)

    def _real(self) -> float:
        return 0.0 if self._frozen else time.monotonic() - self._real_start

    def caller_span(self) -> tuple[float, float]:
        """The times a caller's own (real) clock may show while talking to this emulator.

        From the clock's start to the later of its now and start plus the real time passed:
        :meth:`advance` moves the emulator ahead, but never the caller's clock, so a date
        the caller signs with stays behind the emulator's now after a jump.
        """
        with self._lock:
            real = time.monotonic() - self._real_start
            return self._base, self._base + max(self._offset + self._real(), real)

    def advance(self, seconds: float) -> float:
        """Move time forward by ``seconds`` (finite, 0 to ten years); returns the new time."""
        value = check_seconds(seconds)
        with self._lock:
            self._offset += value
        return self.now()

    def sleep(self, seconds: float) -> None:
        """Sleeping on the emulator clock advances it instead of blocking."""
        if seconds > 0:
            self.advance(seconds)

    @functools.cached_property
    def aio(self) -> AsyncEmulatorClock:
        """The async form, for :func:`streamkit.aio.connect` (which picks it up itself)."""
        return AsyncEmulatorClock(self)

    def __repr__(self) -> str:
        mode = "frozen" if self._frozen else "real-time"
        return f"EmulatorClock(now={self.now():.3f}, {mode})"


class _Movable(Protocol):
    def now(self) -> float: ...

    def advance(self, seconds: float) -> float: ...

    def utc_now(self) -> datetime: ...


class _Sleepers:
    """The sleepers of one event loop: (deadline, order, future), earliest first; the tasks
    woken and not asleep again yet; the pending turns of the clock."""

    def __init__(self) -> None:
        self.queue: list[tuple[float, int, asyncio.Future[None], asyncio.Task[Any] | None]] = []
        self.busy: set[asyncio.Task[Any]] = set()
        self.watched: weakref.WeakSet[asyncio.Task[Any]] = weakref.WeakSet()
        self.soon: asyncio.Handle | None = None
        self.later: asyncio.TimerHandle | None = None


#: real seconds a woken task may stay neither asleep nor done before time moves on without
#: it (it may be waiting for another sleeper, which only a move of time can wake)
STALL = 0.05


class AsyncEmulatorClock:
    """An emulator clock's async form: sleeping moves emulated time, never real time.

    Many tasks sleep at once on one loop, so a sleep cannot just add its seconds (twenty
    waits sleeping 10 s would move time 200 s). Each sleep has a deadline (now + seconds).
    Once every task it woke is asleep again or done (its poll answered), time moves to the
    earliest deadline and the sleepers due wake; so each task sees time as if it slept
    alone. A woken task that stays busy longer than :data:`STALL` real seconds (it awaits
    something other than a sleep) no longer holds time back.
    """

    def __init__(self, clock: _Movable) -> None:
        self._clock = clock
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Sleepers] = (
            weakref.WeakKeyDictionary())
        self._order = itertools.count()

    def now(self) -> float:
        """The emulated time, epoch seconds."""
        return self._clock.now()

    def utc_now(self) -> datetime:
        """The emulated time as an aware UTC datetime."""
        return self._clock.utc_now()

    async def sleep(self, seconds: float) -> None:
        """Wake when emulated time reaches now + ``seconds`` (at once, for zero or less)."""
        import asyncio

        loop = asyncio.get_running_loop()
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        sleepers = self._loops.get(loop)
        if sleepers is None:
            sleepers = self._loops[loop] = _Sleepers()
        task = asyncio.current_task()
        woken: asyncio.Future[None] = loop.create_future()
        heapq.heappush(sleepers.queue, (self._clock.now() + seconds, next(self._order), woken,
                                        task))
        if task is not None:
            sleepers.busy.discard(task)
        self._turn(loop, sleepers)
        await woken  # a cancelled sleep leaves its entry behind, skipped when it comes up

    def _turn(self, loop: asyncio.AbstractEventLoop, sleepers: _Sleepers) -> None:
        """Move time on the loop's next turn, or once the busy tasks stall."""
        if not sleepers.busy:
            if sleepers.soon is None:
                sleepers.soon = loop.call_soon(self._wake, loop, sleepers)
        elif sleepers.later is None:
            sleepers.later = loop.call_later(STALL, self._stalled, loop, sleepers)

    def _stalled(self, loop: asyncio.AbstractEventLoop, sleepers: _Sleepers) -> None:
        sleepers.later = None
        sleepers.busy.clear()
        self._turn(loop, sleepers)

    def _done(self, loop: asyncio.AbstractEventLoop, sleepers: _Sleepers,
              task: asyncio.Task[Any]) -> None:
        if task in sleepers.busy:
            sleepers.busy.discard(task)
            self._turn(loop, sleepers)

    def _wake(self, loop: asyncio.AbstractEventLoop, sleepers: _Sleepers) -> None:
        sleepers.soon = None
        queue = sleepers.queue
        while queue and queue[0][2].done():
            heapq.heappop(queue)
        if not queue or sleepers.busy:
            return
        if sleepers.later is not None:
            sleepers.later.cancel()
            sleepers.later = None
        ahead = queue[0][0] - self._clock.now()
        if ahead > 0:
            self._clock.advance(ahead)
        now = self._clock.now()
        while queue and queue[0][0] <= now:
            _, _, woken, task = heapq.heappop(queue)
            if woken.done():
                continue
            woken.set_result(None)
            if task is not None:
                sleepers.busy.add(task)
                if task not in sleepers.watched:
                    sleepers.watched.add(task)
                    task.add_done_callback(functools.partial(self._done, loop, sleepers))
        if queue:
            self._turn(loop, sleepers)

    def __repr__(self) -> str:
        return f"{self._clock!r}.aio"
