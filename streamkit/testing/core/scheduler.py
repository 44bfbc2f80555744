"""Timed transitions on the emulator clock: one scheduler for every simulated service.

Nothing runs on a real timer. A service asks :meth:`Scheduler.at` to run an action once the
clock reaches a time, and calls :meth:`Scheduler.run_due` before it serves each request or
control, so advancing the clock by an hour applies an hour of transitions, in time order, at
once. An action receives the time it was due, so what it records (a state change time) is the
moment the cloud would have made the change, not the moment someone looked.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable

__all__ = ["Action", "Scheduler"]

Action = Callable[[float], None]
"""A transition: called once with the emulator time it was due at."""


class Scheduler:
    """Actions due at given emulator times, applied lazily and in order by :meth:`run_due`."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Action]] = []
        self._seq = itertools.count()

    def at(self, due: float, action: Action) -> None:
        """Run ``action(due)`` once the clock reaches ``due`` (ties run in scheduling order)."""
        heapq.heappush(self._heap, (due, next(self._seq), action))

    def run_due(self, now: float) -> None:
        """Apply, in time order, every action due at or before ``now``.

        An action may schedule more; those run too if they are already due.
        """
        while self._heap and self._heap[0][0] <= now:
            due, _, action = heapq.heappop(self._heap)
            action(due)

    def clear(self) -> None:
        """Forget every pending action."""
        self._heap.clear()

    def __len__(self) -> int:
        return len(self._heap)
