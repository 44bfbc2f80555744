"""The simulated workstations (WuyingServer): what one is, its catalogue of instance types,
and its state machine on the emulator clock.

CREATING -> RUNNING; STOPPING -> STOPPED; STARTING -> RUNNING; RESTARTING -> RUNNING;
UPDATING (a new image) -> the status it had; DELETING -> gone. Each step takes its
:class:`~streamkit.testing.alibaba.settings.AlibabaTimings` seconds; a failure armed by a
test control ends a create or start in FAILED instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from streamkit.testing.alibaba.errors import ApiError
from streamkit.testing.core.scheduler import Scheduler

__all__ = ["WORKSTATION_TYPES", "Step", "Workstation", "WorkstationStatus",
           "WorkstationType", "Workstations", "not_found", "wrong_status"]


@attrs.frozen
class WorkstationType:
    """A workstation instance type: vCPUs, memory (GiB), GPU share, GPU memory (GiB)."""

    cpu: str
    memory: int
    gpu: str
    gpu_memory: int
    gpu_spec: str


#: the instance types the simulation offers
WORKSTATION_TYPES: Final[Mapping[str, WorkstationType]] = {
    "eds.proworkstation.4c16g.t4x1": WorkstationType("4", 16, "1", 16, "NVIDIA T4"),
    "eds.proworkstation.8c32g.a10x1": WorkstationType("8", 32, "1", 24, "NVIDIA A10"),
    "eds.proworkstation.16c64g.a10x2": WorkstationType("16", 64, "2", 48, "NVIDIA A10"),
}


class WorkstationStatus:
    """The ``Status`` values the simulation moves a workstation through."""

    CREATING: Final = "CREATING"
    RUNNING: Final = "RUNNING"
    STARTING: Final = "STARTING"
    STOPPING: Final = "STOPPING"
    STOPPED: Final = "STOPPED"
    RESTARTING: Final = "RESTARTING"
    UPDATING: Final = "UPDATING"
    DELETING: Final = "DELETING"
    FAILED: Final = "FAILED"


@attrs.define
class Step:
    """A change in progress: ``then`` is the status at ``due`` (None: the workstation goes)."""

    due: float
    then: str | None
    image_id: str | None = None


@attrs.define
class Workstation:
    """One workstation (``ws-``)."""

    server_id: str
    name: str
    region: str
    zone: str
    image_id: str
    image_name: str
    os_type: str
    instance_type: str
    office_site_id: str
    charge_type: str
    order_id: str
    paid: bool
    created: float
    sequence: int
    private_ip: str
    network_interface_id: str
    instance_id: str
    status: str = WorkstationStatus.CREATING
    expires: float | None = None
    auto_renew: bool = False
    password: str | None = None  # never answered
    host_name: str | None = None
    system_disk: tuple[str, int, str | None] = ("cloud_auto", 100, None)
    data_disks: list[tuple[str, int, str | None]] = attrs.field(factory=list)
    secondary_ips: list[str] = attrs.field(factory=list)
    bandwidth: int | None = None
    network_strategy_type: str | None = None
    users: list[str] = attrs.field(factory=list)
    step: Step | None = None
    #: (code, message) that ends the next create or start FAILED, and the last such failure
    armed_failure: tuple[str, str] | None = None
    failure: tuple[str, str] | None = None


def not_found(server_id: str) -> ApiError:
    """The workstation does not exist (or its order is unpaid, for RenewWuyingServer)."""
    return ApiError("WuyingServerError.NotFound",
                    f"The specified workstation {server_id} does not exist.")


def wrong_status(server: Workstation, action: str) -> ApiError:
    """The workstation's status does not allow ``action`` now (the ECS-style code)."""
    return ApiError("IncorrectWuyingServerStatus",
                    f"The workstation {server.server_id} is {server.status}; {action} is not "
                    "allowed in this status.")


class Workstations:
    """Every workstation of the account, and the orders made with an idempotence token."""

    def __init__(self, scheduler: Scheduler) -> None:
        self._scheduler = scheduler
        self.servers: dict[str, Workstation] = {}  # in creation order
        #: IdempotenceToken -> the answer its create gave
        self.orders: dict[str, dict[str, object]] = {}

    def get(self, server_id: str) -> Workstation:
        """The workstation, or ``WuyingServerError.NotFound``."""
        found = self.servers.get(server_id)
        if found is None:
            raise not_found(server_id)
        return found

    def begin(self, server: Workstation, status: str, then: str | None, due: float,
              image_id: str | None = None) -> None:
        """Put ``server`` in ``status`` until ``due``, then in ``then``."""
        step = Step(due=due, then=then, image_id=image_id)
        server.status, server.step = status, step

        def finish(at: float) -> None:
            if server.step is step and step.due == at:
                self._finish(server, step)

        self._scheduler.at(due, finish)

    def _finish(self, server: Workstation, step: Step) -> None:
        server.step = None
        if step.then is None:
            self.servers.pop(server.server_id, None)
            return
        failure, server.armed_failure = server.armed_failure, None
        if failure is not None and step.then == WorkstationStatus.RUNNING:
            server.status, server.failure = WorkstationStatus.FAILED, failure
            return
        if step.image_id is not None:
            server.image_id = step.image_id
        server.status = step.then
