"""Where the simulated resources live: per-region stores and the emulator-clock scheduler."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable

import attrs

from streamkit.testing.aws.config import AwsPageSizes, AwsTimings
from streamkit.testing.aws.pagination import OrderedIndex, TokenCodec
from streamkit.testing.aws.resources import Fleet, Image, ImageBuilder, Session, Stack
from streamkit.testing.aws.seed import public_images
from streamkit.testing.core.clock import EmulatorClock

__all__ = ["CloudState", "RegionState", "Scheduler"]


class Scheduler:
    """Transitions due at given emulator times, applied lazily by :meth:`run_due`.

    Nothing runs on a timer: the cloud calls ``run_due(now)`` before serving each request,
    so advancing the clock by an hour applies an hour of transitions, in order, at once.
    """

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = itertools.count()

    def at(self, due: float, action: Callable[[], None]) -> None:
        """Run ``action`` once the clock reaches ``due`` (ties run in scheduling order)."""
        heapq.heappush(self._heap, (due, next(self._seq), action))

    def run_due(self, now: float) -> None:
        """Apply, in time order, every action due at or before ``now``."""
        while self._heap and self._heap[0][0] <= now:
            _, _, action = heapq.heappop(self._heap)
            action()

    def clear(self) -> None:
        self._heap.clear()

    def __len__(self) -> int:
        return len(self._heap)


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
    # stack name -> {user name: authentication type} (BatchAssociateUserStack)
    stack_users: dict[str, dict[str, str]] = attrs.field(factory=dict)

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


class CloudState:
    """Everything an :class:`~streamkit.testing.aws.AwsCloud` knows, minus the HTTP layer."""

    def __init__(self, clock: EmulatorClock, timings: AwsTimings,
                 page_sizes: AwsPageSizes) -> None:
        self.clock = clock
        self.timings = timings
        self.page_sizes = page_sizes
        self.scheduler = Scheduler()
        self.tokens = TokenCodec()
        self.regions: dict[str, RegionState] = {}
        self._seq = itertools.count(1)

    def now(self) -> float:
        return self.clock.now()

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

    def catch_up(self) -> None:
        """Apply every scheduled transition whose time has come."""
        self.scheduler.run_due(self.now())

    def clear(self) -> None:
        self.scheduler.clear()
        self.regions.clear()
