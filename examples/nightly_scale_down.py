"""Scale every running fleet down for the night, in several clouds and regions at once.

Each fleet goes down to ``floor`` instances (AWS) or nodes (Alibaba), never below the sessions
in use, so nobody is cut off. A region that fails is reported and the others carry on.

    python examples/nightly_scale_down.py aws:us-east-1 aws:eu-west-1 alibaba:cn-shanghai
    python examples/nightly_scale_down.py --floor 2 alibaba:cn-hangzhou

Credentials come from each provider's default chain. From cron, at 20:00 on weekdays::

    0 20 * * 1-5  cd /opt/ops && python examples/nightly_scale_down.py aws:us-east-1 ...

``run`` is what the tests call against the emulator.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

import attrs

import streamkit
from streamkit import FleetState


@attrs.frozen
class Change:
    """One fleet scaled down (``error`` set when the cloud refused)."""

    provider: str
    region: str
    fleet_id: str
    before: int
    after: int
    error: str | None = None


def target_capacity(fleet: streamkit.Fleet, floor: int) -> int:
    """How many to keep: the floor, or the sessions in use if more (Alibaba: at least 1)."""
    minimum = 1 if fleet.provider is streamkit.Provider.ALIBABA else 0
    return max(floor, fleet.capacity.in_use, minimum)


def run(clouds: Iterable[streamkit.StreamingCloud], floor: int = 0) -> list[Change]:
    """Scale down every RUNNING fleet of every cloud; what changed, or failed, per fleet."""
    changes: list[Change] = []
    for cloud in clouds:
        where = f"{cloud.provider.value}:{cloud.region}"
        if streamkit.Capability.FLEET_SCALE not in cloud.capabilities:
            print(f"{where}: cannot scale fleets here; skipped")
            continue
        try:
            fleets = [f for f in cloud.fleets.list() if f.state is FleetState.RUNNING]
        except streamkit.ProviderError as exc:
            print(f"{where}: could not list fleets: {exc}", file=sys.stderr)
            changes.append(Change(cloud.provider.value, cloud.region, "*", 0, 0, str(exc)))
            continue
        for fleet in fleets:
            desired = target_capacity(fleet, floor)
            if desired >= fleet.capacity.desired:
                continue
            try:
                cloud.fleets.scale(fleet.id, desired)
                error = None
            except streamkit.ProviderError as exc:
                error = str(exc)
                print(f"{where}: {fleet.id}: {exc}", file=sys.stderr)
            changes.append(Change(cloud.provider.value, cloud.region, fleet.id,
                                  fleet.capacity.desired, desired, error))
            if error is None:
                print(f"{where}: {fleet.id}: {fleet.capacity.desired} -> {desired}")
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("targets", nargs="+", metavar="PROVIDER:REGION")
    parser.add_argument("--floor", type=int, default=0, help="instances to keep (default 0)")
    args = parser.parse_args(argv)
    clouds = []
    for target in args.targets:
        provider, _, region = target.partition(":")
        clouds.append(streamkit.connect(provider, region=region))
    changes = run(clouds, floor=args.floor)
    return 1 if any(change.error for change in changes) else 0


if __name__ == "__main__":
    sys.exit(main())
