"""One row per comparison, and the table ``bench/run.py`` prints: always lower is better."""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Row:
    """``ours`` against ``theirs`` (the raw SDK, botocore, moto...) measured in the same run."""

    name: str
    baseline: str
    theirs: float
    ours: float
    unit: str
    target: float | None = None  # the largest ratio that meets the goal; None: for information
    limit: float | None = None  # the most ``ours`` may be, in ``unit``, where the goal is absolute

    @property
    def ratio(self) -> float:
        return self.ours / self.theirs if self.theirs else float("inf")

    @property
    def verdict(self) -> str:
        if self.target is None and self.limit is None:
            return "info"
        met = ((self.target is None or self.ratio <= self.target)
               and (self.limit is None or self.ours <= self.limit))
        return "met" if met else "MISSED"


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}" if value % 1 else \
        f"{value:,.0f}"


def _target(row: Row) -> str:
    if row.limit is not None:
        return f"< {_number(row.limit)} {row.unit}"
    if row.target is None:
        return "-"
    return f"<= 1/{1 / row.target:.0f}" if row.target < 0.1 else f"<= {row.target:.2f}x"


def render(rows: Sequence[Row]) -> str:
    """The table, as printed."""
    head = ("benchmark", "baseline", "baseline", "streamkit", "unit", "ratio", "target", "")
    cells = [head] + [(r.name, r.baseline, _number(r.theirs), _number(r.ours), r.unit,
                       f"{r.ratio:.3f}x", _target(r), r.verdict) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    right = {2, 3, 5}
    lines = []
    for n, cell in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if i in right else c.ljust(w)
                               for i, (c, w) in enumerate(zip(cell, widths, strict=True)))
                     .rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> str:
    """Where the numbers come from."""
    import os
    from importlib.metadata import version

    packages = ("boto3", "botocore", "moto", "alibabacloud-appstream-center20210901",
                "alibabacloud-tea-openapi", "attrs", "tenacity")
    return (f"{platform.platform()}; nproc={os.cpu_count()}; Python "
            f"{platform.python_version()}; " + ", ".join(f"{p} {version(p)}" for p in packages))


def alternate(ours: Callable[[], Any], theirs: Callable[[], Any],
              samples: int) -> tuple[float, float]:
    """Median seconds per call of each. Calls interleave one by one (in alternating order),
    so a burst of load from elsewhere on the machine hits both sides alike, and the median
    ignores the bursts."""
    ours(), theirs()  # warm connections and caches
    mine: list[float] = []
    raw: list[float] = []
    clock = time.perf_counter
    for n in range(samples):
        for fn, out in ((ours, mine), (theirs, raw)) if n % 2 else ((theirs, raw), (ours, mine)):
            started = clock()
            fn()
            out.append(clock() - started)
    return statistics.median(mine), statistics.median(raw)


def rounds(fns: Sequence[Callable[[], Any]], count: int, block: int,
           clock: Callable[[], float] = time.perf_counter) -> list[float]:
    """Seconds per call of each function: the median, over ``count`` rounds, of the mean over
    a block of ``block`` calls. Each round runs every function's block, in an order that
    rotates from round to round, so load from elsewhere on the machine hits all alike; the
    block mean keeps what a call leaves behind (garbage collection) in its cost, and the
    median over rounds drops the rounds a burst of load spoiled."""
    for fn in fns:
        fn()  # warm connections and caches
    per_round: list[list[float]] = [[] for _ in fns]
    for n in range(count):
        order = list(range(len(fns)))
        order = order[n % len(fns):] + order[:n % len(fns)]
        if n // len(fns) % 2:
            order.reverse()
        for i in order:
            fn = fns[i]
            started = clock()
            for _ in range(block):
                fn()
            per_round[i].append((clock() - started) / block)
    return [statistics.median(times) for times in per_round]
