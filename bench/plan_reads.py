"""Read calls per ``cloud.plan``: one deployment, and 50 deployments in one region.

Each cloud in the emulator holds the deployments (applied first); the count is of the calls
the ``on_call`` hook records while ``cloud.plan`` reads the live state. The baseline is the
same state read one resource at a time through the public API, as a script would
(``stacks.get``, ``fleets.get``, ``stacks.tags``, ``fleets.tags``, plus ``stacks.list_fleets``
where fleets are associated). Users are left unmanaged (their read is one listing per stack
either way). Counts, not times: the figure does not depend on the machine.

Where the calls go: Alibaba lists the region's delivery groups, tags included, 100 a call (two
listings: stacks and fleets). AWS describes stacks and fleets 25 names a call, then reads
each stack's and fleet's tags (ListTagsForResource) and each stack's fleets
(ListAssociatedFleets): AppStream has no batched form of those two.
"""

from __future__ import annotations

from table import Row

import streamkit
from streamkit import Capability, DesiredDeployment, DesiredState, FleetSpec, FleetType, StackSpec
from streamkit.testing import Emulator
from streamkit.testing.alibaba.catalog import SYSTEM_IMAGES

SETUPS = {"aws": ("stream.standard.small", "AppStream-WinServer2019-06-12-2024"),
          "alibaba": ("appstreaming.general.4c8g", SYSTEM_IMAGES[0].image_id)}
SIZES = (1, 50)


def _state(provider: str, count: int) -> DesiredState:
    instance_type, image = SETUPS[provider]
    return DesiredState(name="bench", deployments=[DesiredDeployment(
        stack=StackSpec(name=f"d{i:02d}", tags={"team": "bench"}),
        fleet=FleetSpec(name=f"d{i:02d}-fleet", instance_type=instance_type, image_id=image,
                        fleet_type=FleetType.ALWAYS_ON, desired_capacity=1))
        for i in range(count)])


def _ids(cloud: streamkit.StreamingCloud) -> dict[str, tuple[str, str]]:
    """stack name -> (stack id, fleet id), known beforehand (not counted)."""
    return {f.name if f.stack_id else f.name.removesuffix("-fleet"): (f.stack_id or
            f.name.removesuffix("-fleet"), f.id) for f in cloud.fleets.list()}


def _one_by_one(cloud: streamkit.StreamingCloud, state: DesiredState,
                ids: dict[str, tuple[str, str]]) -> None:
    steps = Capability.NATIVE_DEPLOY not in cloud.capabilities
    for d in state.deployments:
        stack_id, fleet_id = ids[d.stack.name]
        cloud.stacks.get(stack_id)
        cloud.fleets.get(fleet_id)
        cloud.stacks.tags(stack_id)
        cloud.fleets.tags(fleet_id)
        if steps:
            list(cloud.stacks.list_fleets(stack_id))


def measure() -> list[Row]:
    rows: list[Row] = []
    with Emulator() as emu:
        for provider in SETUPS:
            calls: list[str] = []
            cloud = streamkit.connect(provider, **emu.connect_args(provider), hooks=streamkit.Hooks(
                on_call=lambda r, calls=calls: calls.append(r.operation)))  # type: ignore[misc]
            for count in SIZES:
                state = _state(provider, count)
                cloud.apply(state)
                calls.clear()
                plan = cloud.plan(state)
                assert not plan.changes, plan
                ours = len(calls)
                ids = _ids(cloud)
                calls.clear()
                _one_by_one(cloud, state, ids)
                theirs = len(calls)
                rows.append(Row(name=f"plan reads, {count} deployment(s) ({provider})",
                                baseline="one read per resource", theirs=theirs, ours=ours,
                                unit="calls", target=1.0))
    return rows
