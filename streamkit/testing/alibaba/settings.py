"""How long the simulated App Streaming service takes for each slow thing, on the emulator clock."""

from __future__ import annotations

import attrs

__all__ = ["AlibabaTimings"]


def _non_negative(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0 seconds, got {value!r}")


def _seconds(default: float) -> float:
    return attrs.field(default=default, converter=float, validator=_non_negative)


@attrs.frozen(kw_only=True)
class AlibabaTimings:
    """Seconds each asynchronous step takes. A change applies to steps started afterwards."""

    group_deploy: float = _seconds(300.0)
    """CreateAppInstanceGroup: DEPLOYING -> PUBLISHED."""
    group_modify: float = _seconds(60.0)
    """ModifyNodePoolAttribute: MAINTAINING -> PUBLISHED."""
    group_update_image: float = _seconds(120.0)
    """UpdateAppInstanceGroupImage: MAINTAINING -> PUBLISHED with the new image."""
    group_delete: float = _seconds(0.0)
    """DeleteAppInstanceGroup: DELETING -> gone (0: gone at once)."""
    image_create: float = _seconds(900.0)
    """CreateImageFromAppInstanceGroup: CREATING -> AVAILABLE."""
    image_distribute: float = _seconds(600.0)
    """StartTaskForDistributeImage: per destination region, CREATING -> AVAILABLE."""
    ticket_ready: float = _seconds(3.0)
    """GetConnectionTicket task: Running -> Finished."""
    workstation_create: float = _seconds(120.0)
    """CreateWuyingServer: CREATING -> RUNNING."""
    workstation_start: float = _seconds(60.0)
    """StartWuyingServer: STARTING -> RUNNING."""
    workstation_stop: float = _seconds(30.0)
    """StopWuyingServer: STOPPING -> STOPPED."""
    workstation_restart: float = _seconds(60.0)
    """RestartWuyingServer: RESTARTING -> RUNNING."""
    workstation_update_image: float = _seconds(120.0)
    """UpdateWuyingServerImage: UPDATING -> the status it had, on the new image."""
    workstation_delete: float = _seconds(30.0)
    """DeleteWuyingServer: DELETING -> gone."""
