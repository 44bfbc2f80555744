"""Start-up costs: ``import streamkit`` vs ``import boto3``, and streamkit's pytest plugin.

Imports: each sample is a fresh interpreter run with ``-X importtime``; the cost of a
statement is the sum of the cumulative times of the top-level imports it triggers
(interpreter start-up not counted). Samples alternate between the statements; the medians
are compared.

The plugin: pytest loads it in every run of any project where streamkit is installed. A
trivial test file is run by pytest in a fresh interpreter with the plugin and without it
(``-p no:streamkit``), alternating; the cost is the child's CPU time, median. Both sides run
without hypothesis's plugin, the other heavy one installed here, so the baseline is pytest's
own start-up and streamkit's share shows in full.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from table import Row

STATEMENTS = {
    "streamkit": "import streamkit",
    # what the first use of any public name (e.g. streamkit.connect) loads: the whole core
    "core": "import streamkit; streamkit.connect",
    "boto3": "import boto3",
}


def _startup() -> set[str]:
    """The modules the interpreter imports before running anything."""
    before = subprocess.run([sys.executable, "-X", "importtime", "-c", "pass"],
                            capture_output=True, text=True, check=True).stderr
    return {line.rsplit("|", 1)[-1].strip() for line in before.splitlines()}


def _cost_us(statement: str, startup: set[str]) -> float:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", statement],
                         capture_output=True, text=True, check=True).stderr
    total = 0.0
    for line in out.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        top_level = name.startswith(" ") and not name.startswith("  ")  # one space
        if top_level and name.strip() not in startup and cumulative.strip().isdigit():
            total += float(cumulative)
    return total


_PYTEST_ENV = {k: v for k, v in os.environ.items() if k != "PYTEST_DISABLE_PLUGIN_AUTOLOAD"}


def _child_cpu_s(args: list[str], cwd: str) -> float:
    """CPU seconds (user + system) of one child process running ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, cwd=cwd, capture_output=True, check=True, env=_PYTEST_ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _pytest_runs(runs: int) -> tuple[float, float]:
    """Median CPU seconds of a trivial pytest run with streamkit's plugin and without."""
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
              "-p", "no:hypothesispytest"]
    with_plugin: list[float] = []
    without: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "test_trivial.py").write_text("def test_trivial():\n    pass\n")
        _child_cpu_s(pytest, tmp)  # warm the file system cache and the bytecode
        for n in range(runs):
            sides = ((with_plugin, []), (without, ["-p", "no:streamkit"]))
            for out, extra in sides if n % 2 else sides[::-1]:
                out.append(_child_cpu_s(pytest + extra, tmp))
    return statistics.median(with_plugin), statistics.median(without)


def measure(runs: int = 9) -> list[Row]:
    """Median import cost in microseconds, each statement in ``runs`` fresh interpreters;
    median CPU time of a trivial pytest run with and without the plugin."""
    samples: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    startup = _startup()
    for _ in range(runs):
        for name, statement in STATEMENTS.items():
            samples[name].append(_cost_us(statement, startup))
    median = {name: statistics.median(values) / 1000 for name, values in samples.items()}
    with_plugin, without = _pytest_runs(runs)
    ms = 1000
    return [
        Row("import streamkit", "import boto3", median["boto3"], median["streamkit"], "ms",
            0.15),
        Row("import + first use (core, no SDK)", "import boto3", median["boto3"],
            median["core"], "ms"),
        Row("trivial pytest run with the plugin", "-p no:streamkit", without * ms,
            with_plugin * ms, "ms CPU", 1.05),
    ]


if __name__ == "__main__":
    from table import render

    print(render(measure()))
