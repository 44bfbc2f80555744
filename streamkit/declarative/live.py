"""What the cloud holds now for a desired state, read in as few calls as it allows.

Stacks and fleets are read together: by name in batches where ids are names (AWS:
DescribeStacks and DescribeFleets, 25 names a call), else from the region's listing (Alibaba:
ListAppInstanceGroup, 100 groups a call, each with its tags). Tags where a listing leaves them
out (AWS: one ListTagsForResource per resource), associations and users are read only for
resources that exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from streamkit.declarative.spec import MARK_TAG, DesiredDeployment, DesiredState
from streamkit.models import Fleet, Stack
from streamkit.providers.base import Adapter, Capability

if TYPE_CHECKING:
    from streamkit.client import StreamingCloud

__all__ = ["Live", "LiveDeployment", "read_live"]


@attrs.frozen(kw_only=True)
class LiveDeployment:
    """One deployment as the cloud holds it; None where it has nothing this state owns."""

    stack: Stack | None = None
    fleet: Fleet | None = None
    stack_tags: dict[str, str] = attrs.field(factory=dict)
    fleet_tags: dict[str, str] = attrs.field(factory=dict)
    associated: bool = False
    users: frozenset[str] | None = None
    #: resources of the spec's names that this state cannot prove are its own
    strangers: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Live:
    """Every deployment of a state as read; ``dropped``: marked stacks the state no longer
    lists (read only when pruning), each with its fleets."""

    deployments: dict[str, LiveDeployment]
    dropped: tuple[tuple[str, Stack, tuple[Fleet, ...]], ...] = ()


def _own(tags: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in tags.items() if not k.startswith("streamkit:")}


def read_live(cloud: StreamingCloud, adapter: Adapter, state: DesiredState, *,
              prune: bool) -> Live:
    """The live side of a plan for ``state``."""
    if Capability.NATIVE_DEPLOY in adapter.capabilities:
        return _read_groups(cloud, adapter, state, prune=prune)
    return _read_by_name(cloud, adapter, state, prune=prune)


def _users(cloud: StreamingCloud, desired: DesiredDeployment, stack: Stack | None
           ) -> frozenset[str] | None:
    if desired.users is None or stack is None:
        return None
    return frozenset(cloud.stacks.list_users(stack.id))


def _read_by_name(cloud: StreamingCloud, adapter: Adapter, state: DesiredState, *,
                  prune: bool) -> Live:
    stacks = adapter.get_stacks([d.stack.name for d in state.deployments])
    fleets = adapter.get_fleets([d.fleet.name for d in state.deployments])
    stack_tags = adapter.all_tags(list(stacks.values()))
    fleet_tags = adapter.all_tags(list(fleets.values()))
    found: dict[str, LiveDeployment] = {}
    for desired in state.deployments:
        mark, strangers = state.mark(desired), []
        stack, fleet = stacks.get(desired.stack.name), fleets.get(desired.fleet.name)
        if stack is not None and stack_tags.get(stack.id, {}).get(MARK_TAG) != mark:
            strangers.append(f"stack {stack.id}")
            stack = None
        if fleet is not None and fleet_tags.get(fleet.id, {}).get(MARK_TAG) != mark:
            strangers.append(f"fleet {fleet.id}")
            fleet = None
        associated = (stack is not None and fleet is not None
                      and fleet.id in set(cloud.stacks.list_fleets(stack.id)))
        found[desired.name] = LiveDeployment(
            stack=stack, fleet=fleet,
            stack_tags=_own(stack_tags[stack.id]) if stack is not None else {},
            fleet_tags=_own(fleet_tags[fleet.id]) if fleet is not None else {},
            associated=associated, users=_users(cloud, desired, stack),
            strangers=tuple(strangers))
    dropped: list[tuple[str, Stack, tuple[Fleet, ...]]] = []
    if prune:
        listed = [s for s in cloud.stacks.list() if s.id not in stacks]
        marks = _dropped_marks(state, adapter.all_tags(listed))
        all_fleets = {f.id: f for f in cloud.fleets.list()} if marks else {}
        fleet_marks = adapter.all_tags(list(all_fleets.values())) if marks else {}
        for stack in listed:
            if stack.id in marks:
                theirs = tuple(all_fleets[f] for f in cloud.stacks.list_fleets(stack.id)
                               if f in all_fleets
                               and fleet_marks[f].get(MARK_TAG) == marks[stack.id])
                dropped.append((marks[stack.id], stack, theirs))
    return Live(deployments=found, dropped=tuple(dropped))


def _dropped_marks(state: DesiredState, tags: dict[str, dict[str, str]]) -> dict[str, str]:
    """id -> mark, of the resources marked as this state's but for no deployment it lists."""
    listed = {state.mark(d) for d in state.deployments}
    prefix = f"{state.name}/"
    return {rid: mark for rid, t in tags.items()
            if (mark := t.get(MARK_TAG, "")).startswith(prefix) and mark not in listed}


def _read_groups(cloud: StreamingCloud, adapter: Adapter, state: DesiredState, *,
                 prune: bool) -> Live:
    # a delivery group is the stack and its fleet at once; names repeat, so only the mark
    # tells which group is a deployment's
    stacks = list(cloud.stacks.list())
    fleets = {f.stack_id: f for f in cloud.fleets.list()}
    tags = adapter.all_tags(stacks)
    by_mark: dict[str, list[Stack]] = {}
    for stack in stacks:
        by_mark.setdefault(tags[stack.id].get(MARK_TAG, ""), []).append(stack)
    found: dict[str, LiveDeployment] = {}
    for desired in state.deployments:
        mine = by_mark.get(state.mark(desired), [])
        strangers = [f"delivery group {s.id} (also {MARK_TAG}={state.mark(desired)})"
                     for s in mine[1:]]
        group = mine[0] if len(mine) == 1 else None
        fleet = fleets.get(group.id) if group is not None else None
        own = _own(tags[group.id]) if group is not None else {}
        found[desired.name] = LiveDeployment(
            stack=group, fleet=fleet, stack_tags=own, fleet_tags=own,
            associated=fleet is not None, users=_users(cloud, desired, group),
            strangers=tuple(strangers))
    dropped: list[tuple[str, Stack, tuple[Fleet, ...]]] = []
    if prune:
        marks = _dropped_marks(state, tags)
        dropped = [(marks[s.id], s, _present(fleets.get(s.id))) for s in stacks if s.id in marks]
    return Live(deployments=found, dropped=tuple(dropped))


def _present(fleet: Fleet | None) -> tuple[Fleet, ...]:
    return () if fleet is None else (fleet,)

