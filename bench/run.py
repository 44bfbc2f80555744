"""Every benchmark, one table of ratios measured in this run on this machine.

Run: ``nox -s bench`` or ``python bench/run.py [--only SECTION ...]``. Sections: imports,
connect, per_call, listing, polling, emulator, fanout, aio, plan_reads (see each module's
docstring for the method; aio is ``aio_client.py``). Every ratio is streamkit / baseline,
lower is better; "target" is the largest ratio (or, where the goal is absolute, the largest
figure) that meets the goal, "info" rows have none. Figures marked CPU are this process's (or
the child's) CPU time, which load from other processes does not inflate. Benchmarks are not
tests: nothing here fails, it measures and prints.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

import aio_client
import connect
import emulator_cost
import fanout
import imports
import listing
import per_call
import plan_reads
import polling
from table import Row, machine, render

NOTES: list[str] = []
SECTIONS: dict[str, Callable[[], list[Row]]] = {
    "imports": imports.measure,
    "connect": connect.measure,
    "per_call": per_call.measure,
    "listing": listing.measure,
    "polling": lambda: polling.measure(show=NOTES.append),
    "emulator": emulator_cost.measure,
    "fanout": fanout.measure,
    "aio": aio_client.measure,
    "plan_reads": plan_reads.measure,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=sorted(SECTIONS), default=list(SECTIONS))
    args = parser.parse_args()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        os.environ.pop(name, None)  # the Alibaba SDK would send loopback calls to a proxy
    started = time.perf_counter()
    rows: list[Row] = []
    for name in args.only:
        section_started = time.perf_counter()
        rows.extend(SECTIONS[name]())
        print(f"[{name}: {time.perf_counter() - section_started:.0f} s]", file=sys.stderr)
    print(f"streamkit benchmarks on {machine()}")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"total {time.perf_counter() - started:.0f} s\n")
    print(render(rows))
    for note in NOTES:
        print("\n" + note)
    missed = [r.name.strip() for r in rows if r.verdict == "MISSED"]
    print(f"\n{sum(r.verdict == 'met' for r in rows)} targets met, {len(missed)} missed"
          + (f": {'; '.join(missed)}" if missed else ""))


if __name__ == "__main__":
    main()
