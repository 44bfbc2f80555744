"""The emulator's clock: epoch seconds that move only when told to (or with real time)."""

from __future__ import annotations

import threading
import time

__all__ = ["EmulatorClock"]

DEFAULT_START = 1_767_225_600.0  # 2026-01-01T00:00:00Z: a fixed start makes runs repeatable.


class EmulatorClock:
    """A controllable clock shared by the simulated clouds and, in tests, by streamkit itself.

    Frozen (the default) it moves only through :meth:`advance` or :meth:`sleep`; with
    ``frozen=False`` it follows real time from ``start`` and :meth:`advance` jumps ahead.
    It satisfies :class:`streamkit.Clock`, so waiters given it never really sleep.
    """

    def __init__(self, start: float | None = None, *, frozen: bool = True) -> None:
        self._lock = threading.Lock()
        self._frozen = frozen
        self._base = DEFAULT_START if start is None else float(start)
        self._offset = 0.0
        self._real_start = time.monotonic()

    def now(self) -> float:
        """Current emulated time, epoch seconds."""
        with self._lock:
            real = 0.0 if self._frozen else time.monotonic() - self._real_start
            return self._base + self._offset + real

    def advance(self, seconds: float) -> float:
        """Move time forward by ``seconds`` (>= 0); returns the new time."""
        if seconds < 0:
            raise ValueError("the emulator clock only moves forward")
        with self._lock:
            self._offset += float(seconds)
        return self.now()

    def sleep(self, seconds: float) -> None:
        """Sleeping on the emulator clock advances it instead of blocking."""
        if seconds > 0:
            self.advance(seconds)

    def __repr__(self) -> str:
        mode = "frozen" if self._frozen else "real-time"
        return f"EmulatorClock(now={self.now():.3f}, {mode})"
