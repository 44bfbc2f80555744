"""Import cost: ``import streamkit`` (and its core, loaded on first use) vs ``import boto3``.

Each sample is a fresh interpreter run with ``-X importtime``; the cost of a statement is the
sum of the cumulative times of the top-level imports it triggers (interpreter start-up not
counted). Samples alternate between the statements; the medians are compared.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from table import Row

STATEMENTS = {
    "streamkit": "import streamkit",
    # what the first use of any public name (e.g. streamkit.connect) loads: the whole core
    "core": "import streamkit; streamkit.connect",
    "boto3": "import boto3",
}


def _cost_us(statement: str) -> float:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", statement],
                         capture_output=True, text=True, check=True).stderr
    before = subprocess.run([sys.executable, "-X", "importtime", "-c", "pass"],
                            capture_output=True, text=True, check=True).stderr
    startup = {line.rsplit("|", 1)[-1].strip() for line in before.splitlines()}
    total = 0.0
    for line in out.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        top_level = name.startswith(" ") and not name.startswith("  ")  # one space
        if top_level and name.strip() not in startup and cumulative.strip().isdigit():
            total += float(cumulative)
    return total


def measure(runs: int = 9) -> list[Row]:
    """Median import cost in microseconds, each statement in ``runs`` fresh interpreters."""
    samples: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for _ in range(runs):
        for name, statement in STATEMENTS.items():
            samples[name].append(_cost_us(statement))
    median = {name: statistics.median(values) / 1000 for name, values in samples.items()}
    return [
        Row("import streamkit", "import boto3", median["boto3"], median["streamkit"], "ms",
            0.15),
        Row("import + first use (core, no SDK)", "import boto3", median["boto3"],
            median["core"], "ms"),
    ]


if __name__ == "__main__":
    from table import render

    print(render(measure()))
