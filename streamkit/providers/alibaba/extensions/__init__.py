"""``cloud.alibaba``: App Streaming features AWS has no counterpart for (see
:mod:`streamkit.extensions` for the pattern; the public types are in :mod:`streamkit.alibaba`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from streamkit.extensions import ExtensionContext
from streamkit.operations import Operation
from streamkit.providers.alibaba.extensions import (
    billing,
    browsers,
    ota,
    policies,
    tenant,
    workstations,
)
from streamkit.providers.alibaba.extensions.billing import Billing
from streamkit.providers.alibaba.extensions.browsers import Browsers
from streamkit.providers.alibaba.extensions.ota import Ota
from streamkit.providers.alibaba.extensions.policies import Policies
from streamkit.providers.alibaba.extensions.tenant import Tenant
from streamkit.providers.alibaba.extensions.workstations import Workstation, Workstations
from streamkit.waiting import Observation, WaitSpec

#: every operation the areas declare, by name (the docs' coverage table reads it)
OPERATIONS: Mapping[str, Operation[Any]] = {
    **billing.OPERATIONS, **policies.OPERATIONS, **tenant.OPERATIONS, **ota.OPERATIONS,
    **workstations.OPERATIONS, **browsers.OPERATIONS}
#: the areas' waits: each is ``cloud.alibaba.wait_until_<name>`` and ``streamkit wait <command>``
WAITS: tuple[WaitSpec, ...] = (*workstations.WAITS,)

__all__ = ["OPERATIONS", "WAITS", "AlibabaExtension"]

ProgressHook = Callable[[Observation[Any]], None]


class AlibabaExtension:
    """Alibaba-only features of a client connected with ``connect("alibaba", ...)``.

    Reach it as ``cloud.alibaba``; on another provider that attribute raises
    :class:`~streamkit.UnsupportedOperation`. Areas: ``billing`` (prices, renewals),
    ``policies`` (display policy), ``tenant`` (account settings), ``ota`` (updates),
    ``workstations`` (WuyingServer), ``browsers`` (cloud browsers). The waits of the areas'
    resources are methods here, as the neutral ones are on the client.
    """

    def __init__(self, context: ExtensionContext) -> None:
        self._context = context
        self.billing = Billing(context)
        self.policies = Policies(context)
        self.tenant = Tenant(context)
        self.ota = Ota(context)
        self.workstations = Workstations(context)
        self.browsers = Browsers(context)

    def __repr__(self) -> str:
        return "streamkit.alibaba.AlibabaExtension()"

    def wait_until_workstation_running(self, workstation_id: str, *,
                                       timeout: float | None = None,
                                       on_progress: ProgressHook | None = None,
                                       grace: float = 60.0) -> Workstation:
        """Poll until the workstation is RUNNING (default timeout 20 min).

        STOPPED/STOPPING are tolerated for ``grace`` seconds (a start may not show yet);
        FAILED, EXPIRED and DELETING fail at once with :class:`~streamkit.WaiterFailed`.
        """
        found: Workstation = self._context.wait(workstations.WORKSTATION_RUNNING,
                                                workstation_id, timeout, on_progress, grace)
        return found

    def wait_until_workstation_stopped(self, workstation_id: str, *,
                                       timeout: float | None = None,
                                       on_progress: ProgressHook | None = None,
                                       grace: float = 60.0) -> Workstation:
        """Poll until the workstation is STOPPED (default timeout 20 min)."""
        found: Workstation = self._context.wait(workstations.WORKSTATION_STOPPED,
                                                workstation_id, timeout, on_progress, grace)
        return found
