"""Make a cloud match a desired-state file: plan, show the plan, apply it.

    python examples/declarative_apply.py aws us-east-1 examples/deployment.toml
    python examples/declarative_apply.py alibaba cn-shanghai examples/deployments-alibaba.yaml

The same as ``streamkit plan -f FILE`` then ``streamkit apply -f FILE``. Run it twice: the
second time the plan is empty and nothing is sent. ``run`` is what the tests call against the
emulator.
"""

from __future__ import annotations

import sys

import streamkit


def run(cloud: streamkit.StreamingCloud, path: str) -> streamkit.ApplyReport:
    """Plan the state in ``path`` on ``cloud``, print the plan, and apply it."""
    state = streamkit.load_desired(path)
    plan = cloud.plan(state)
    print(plan)
    if plan.disruptive:
        print(f"{len(plan.disruptive)} action(s) end users' sessions")
    report = cloud.apply(plan, on_action=lambda a: print(f"-> {a.kind.value} {a.resource} "
                                                         f"{a.name}"))
    print(report)
    return report


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    provider, region, path = sys.argv[1:]
    run(streamkit.connect(provider, region=region), path)
