"""Where the simulated resources live: per-region stores kept in creation order."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

import attrs

from streamkit.testing.aws.elastic import AppBlock, AppBlockBuilder, Application, Entitlement
from streamkit.testing.aws.resources import (
    DirectoryConfig,
    Fleet,
    Image,
    ImageBuilder,
    Session,
    Stack,
    User,
)
from streamkit.testing.aws.seed import public_images
from streamkit.testing.aws.settings import AwsPageSizes, AwsTimings
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.service import ServiceState
from streamkit.testing.core.tokens import TokenCodec

__all__ = ["AwsState", "OrderedIndex", "RegionState", "SortKey"]

SortKey = tuple[float, str]
_R = TypeVar("_R")


class OrderedIndex(Generic[_R]):
    """Items by name, also kept sorted by ``(created, tiebreak)`` for stable paging."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[SortKey, _R]] = {}
        self._keys: list[SortKey] = []
        self._by_key: dict[SortKey, _R] = {}

    def add(self, name: str, key: SortKey, item: _R) -> None:
        if name in self._items:
            self.remove(name)
        self._items[name] = (key, item)
        self._by_key[key] = item
        # Keys usually arrive in order (the clock only moves forward): insort hits the tail.
        bisect.insort(self._keys, key)

    def remove(self, name: str) -> _R | None:
        entry = self._items.pop(name, None)
        if entry is None:
            return None
        key, item = entry
        del self._by_key[key]
        pos = bisect.bisect_left(self._keys, key)
        del self._keys[pos]
        return item

    def get(self, name: str) -> _R | None:
        entry = self._items.get(name)
        return None if entry is None else entry[1]

    def key_of(self, name: str) -> SortKey | None:
        entry = self._items.get(name)
        return None if entry is None else entry[0]

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[_R]:
        """Items in sort order."""
        return (self._by_key[k] for k in list(self._keys))

    def page(self, after: SortKey | None, limit: int,
             keep: Callable[[_R], bool] | None = None) -> tuple[list[_R], SortKey | None]:
        """Up to ``limit`` items sorted after ``after``; the cursor is None on the last page."""
        start = 0 if after is None else bisect.bisect_right(self._keys, after)
        found: list[_R] = []
        last: SortKey | None = None
        for pos in range(start, len(self._keys)):
            key = self._keys[pos]
            item = self._by_key[key]
            if keep is not None and not keep(item):
                continue
            if len(found) == limit:
                # One more match exists, so this page is not the last.
                return found, last
            found.append(item)
            last = key
        return found, None


@attrs.define(eq=False)
class RegionState:
    """All resources of one region (AppStream resources are regional)."""

    name: str
    stacks: OrderedIndex[Stack] = attrs.field(factory=OrderedIndex)
    fleets: OrderedIndex[Fleet] = attrs.field(factory=OrderedIndex)
    builders: OrderedIndex[ImageBuilder] = attrs.field(factory=OrderedIndex)
    images: OrderedIndex[Image] = attrs.field(factory=OrderedIndex)
    fleets_of_stack: dict[str, set[str]] = attrs.field(factory=dict)
    stacks_of_fleet: dict[str, set[str]] = attrs.field(factory=dict)
    sessions: dict[str, Session] = attrs.field(factory=dict)
    # Per (stack, fleet): DescribeSessions needs exactly one pair, so it pages one list.
    session_lists: dict[tuple[str, str], OrderedIndex[Session]] = attrs.field(factory=dict)
    # the user pool, by user name (CreateUser)
    users: OrderedIndex[User] = attrs.field(factory=OrderedIndex)
    # stack name -> {user name: authentication type} (BatchAssociateUserStack)
    stack_users: dict[str, dict[str, str]] = attrs.field(factory=dict)
    # Elastic fleets: app blocks, applications, app block builders, and who uses whom
    app_blocks: OrderedIndex[AppBlock] = attrs.field(factory=OrderedIndex)
    applications: OrderedIndex[Application] = attrs.field(factory=OrderedIndex)
    application_fleets: list[tuple[str, str]] = attrs.field(factory=list)  # (app ARN, fleet)
    app_block_builders: OrderedIndex[AppBlockBuilder] = attrs.field(factory=OrderedIndex)
    builder_app_blocks: list[tuple[str, str]] = attrs.field(factory=list)  # (block ARN, builder)
    # stack name -> its entitlements by name
    entitlements: dict[str, OrderedIndex[Entitlement]] = attrs.field(factory=dict)
    # directory configs, by directory name (CreateDirectoryConfig)
    directories: OrderedIndex[DirectoryConfig] = attrs.field(factory=OrderedIndex)
    # the usage report subscription's schedule, None when not subscribed
    usage_reports: str | None = None
    # (stack name, stack created) -> its theme, as DescribeThemeForStack answers it
    themes: dict[tuple[str, float], dict[str, Any]] = attrs.field(factory=dict)
    # export image tasks, by task id
    export_tasks: OrderedIndex[dict[str, Any]] = attrs.field(factory=OrderedIndex)
    # image builder name -> {software name: deployment status}
    software: dict[str, dict[str, str]] = attrs.field(factory=dict)

    def associated(self, stack: str, fleet: str) -> bool:
        return fleet in self.fleets_of_stack.get(stack, ())

    def associate(self, stack: str, fleet: str) -> None:
        self.fleets_of_stack.setdefault(stack, set()).add(fleet)
        self.stacks_of_fleet.setdefault(fleet, set()).add(stack)

    def disassociate(self, stack: str, fleet: str) -> None:
        self.fleets_of_stack.get(stack, set()).discard(fleet)
        self.stacks_of_fleet.get(fleet, set()).discard(stack)
        for session in list(self.session_lists.get((stack, fleet), ())):
            self.remove_session(session)
        self.session_lists.pop((stack, fleet), None)

    def add_session(self, session: Session, fleet: Fleet) -> None:
        self.sessions[session.id] = session
        index = self.session_lists.setdefault((session.stack, session.fleet), OrderedIndex())
        index.add(session.id, session.sort_key, session)
        if session.state == "ACTIVE":
            fleet.active_sessions += 1

    def remove_session(self, session: Session) -> None:
        if self.sessions.pop(session.id, None) is None:
            return
        index = self.session_lists.get((session.stack, session.fleet))
        if index is not None:
            index.remove(session.id)
        fleet = self.fleets.get(session.fleet)
        if fleet is not None and session.state == "ACTIVE":
            fleet.active_sessions = max(fleet.active_sessions - 1, 0)

    def end_fleet_sessions(self, fleet: str) -> None:
        """Drop every session on ``fleet`` (its instances are gone)."""
        for stack in self.stacks_of_fleet.get(fleet, ()):
            for session in list(self.session_lists.get((stack, fleet), ())):
                self.remove_session(session)


class AwsState(ServiceState):
    """Everything the simulated AppStream knows: its settings and every region's store."""

    def __init__(self, clock: EmulatorClock, tokens: TokenCodec, timings: AwsTimings,
                 page_sizes: AwsPageSizes) -> None:
        super().__init__(clock, tokens)
        self.timings = timings
        self.page_sizes = page_sizes
        self.regions: dict[str, RegionState] = {}
        self._seq = itertools.count(1)

    def next_seq(self) -> int:
        return next(self._seq)

    def region(self, name: str) -> RegionState:
        """The store for ``name``, created (with the public base images) on first use."""
        region = self.regions.get(name)
        if region is None:
            region = RegionState(name)
            for image in public_images(name):
                region.images.add(image.name, (image.created, image.name), image)
            self.regions[name] = region
        return region
