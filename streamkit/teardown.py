"""Taking a deployment down: ``cloud.undeploy`` and the rollback of a failed ``deploy``.

Both run the same steps. Where a deployment is a stack and fleets made in steps (AWS): for
each fleet, stop it and wait until it is STOPPED, disassociate it, delete it and wait until it
is gone; then delete the stack and wait until it is gone. Where it is one resource (an
Alibaba delivery group): delete the stack and wait until it is gone. A step that finds its
resource gone is done, so a teardown can be run again until nothing is left.

:class:`Remains` is kept current step by step: when a step fails, or an interrupt (Ctrl-C, a
task cancellation) stops the rollback, it names exactly what is left and in which state.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any, NoReturn

import attrs

from streamkit.clock import Clock
from streamkit.errors import NotFound, PartialDeployment
from streamkit.models import FleetState, Leftover
from streamkit.providers.base import Adapter, Capability
from streamkit.waiting import FLEET_DELETED, FLEET_STOPPED, STACK_DELETED, WaitSpec

__all__ = ["Remains", "Teardown", "roll_back"]

log = logging.getLogger("streamkit")

#: a create cut off before its answer came back: the resource may exist
UNKNOWN = FleetState.UNKNOWN.value
_RUNS = (FleetState.STARTING, FleetState.RUNNING)
#: wait(spec, resource id, timeout): one of the client's waits
Wait = Callable[[WaitSpec, str, "float | None"], Any]


@attrs.define
class Remains:
    """What a deployment still holds, each resource with its state as last seen."""

    stack_id: str | None = None
    stack_state: str = "EXISTS"
    fleets: dict[str, str] = attrs.field(factory=dict)  # fleet id -> state

    def left(self) -> tuple[Leftover, ...]:
        fleets = [Leftover(kind="fleet", id=fid, state=state) for fid, state in self.fleets.items()]
        if self.stack_id is None:
            return tuple(fleets)
        return (*fleets, Leftover(kind="stack", id=self.stack_id, state=self.stack_state))


def _gone_ok(step: Callable[[], object]) -> None:
    with contextlib.suppress(NotFound):
        step()


class Teardown:
    """Removes what :class:`Remains` names, with the client's waits, within one ``timeout``."""

    def __init__(self, adapter: Adapter, wait: Wait, clock: Clock,
                 timeout: float | None = None) -> None:
        self._adapter = adapter
        self._wait = wait
        self._clock = clock
        self._deadline = None if timeout is None else clock.now() + timeout

    def run(self, remains: Remains) -> None:
        if Capability.NATIVE_DEPLOY not in self._adapter.capabilities:
            for fleet_id in list(remains.fleets):
                self._fleet(remains, fleet_id)
        if remains.stack_id is not None:
            _gone_ok(lambda: self._adapter.delete_stack(str(remains.stack_id)))
            remains.stack_state = "DELETING"
            self._until(STACK_DELETED, remains.stack_id)
            remains.stack_id = None
        remains.fleets.clear()  # a delivery group's fleet goes with it

    def _fleet(self, remains: Remains, fleet_id: str) -> None:
        a = self._adapter
        try:
            fleet = a.get_fleet(fleet_id)
        except NotFound:
            del remains.fleets[fleet_id]
            return
        remains.fleets[fleet_id] = fleet.state.value
        if fleet.state in _RUNS:
            _gone_ok(lambda: a.stop_fleet(fleet_id))
            remains.fleets[fleet_id] = FleetState.STOPPING.value
        if fleet.state is not FleetState.STOPPED:
            self._until(FLEET_STOPPED, fleet_id)
            remains.fleets[fleet_id] = FleetState.STOPPED.value
        if remains.stack_id is not None:
            stack_id = remains.stack_id
            _gone_ok(lambda: a.disassociate_fleet(stack_id, fleet_id))
        _gone_ok(lambda: a.delete_fleet(fleet_id))
        remains.fleets[fleet_id] = FleetState.DELETING.value
        self._until(FLEET_DELETED, fleet_id)
        del remains.fleets[fleet_id]

    def _until(self, spec: WaitSpec, resource_id: str) -> None:
        left = None if self._deadline is None else max(self._deadline - self._clock.now(), 0.0)
        self._wait(spec, resource_id, left)


def roll_back(failure: BaseException, undo: Callable[[], None],
              remains: Remains) -> NoReturn:
    """Undo a failed deploy, then raise ``failure`` again if nothing is left.

    If ``undo`` stops (a step fails, or an interrupt), raise :class:`PartialDeployment` naming
    what is left; when an interrupt is involved the interrupt is raised instead, with the
    record as its ``__cause__``, so Ctrl-C still ends the program.
    """
    try:
        undo()
    except BaseException as stopped:
        left = remains.left()
        shown = ", ".join(f"{item.kind} {item.id} ({item.state})" for item in left)
        stack = next((item.id for item in left if item.kind == "stack"), None)
        how = f"; remove it with cloud.undeploy({stack!r})" if stack else ""
        record = PartialDeployment(
            f"deploy failed ({type(failure).__name__}: {failure}) and its rollback stopped "
            f"({type(stopped).__name__}: {stopped}); left: {shown or 'nothing known'}{how}",
            left=left, error=failure)
        log.warning("%s", record)
        if isinstance(stopped, Exception) and isinstance(failure, Exception):
            raise record from failure
        interrupt = failure if isinstance(stopped, Exception) else stopped
        if failure is not interrupt:
            record.__cause__ = failure
        raise interrupt from record
    raise failure
