"""The ``/_streamkit/alibaba/<action>`` control routes: JSON payloads onto AlibabaCloud's methods.

=================  ==========================================================================
route              payload -> answer
=================  ==========================================================================
``fail-group``     ``{"group_id", "code"?, "message"?, "immediately"?}`` -> describe-group
``describe-group`` ``{"group_id"}`` -> ``{"group_id", "status", "resource_status",
                   "image_id", "failure": {"code", "message"} | null, "pending"}``
``add-session``    ``{"group_id", "user_id", "status"?, "session_status"?, "app_id"?}``
                   -> ``{"app_instance_id"}``
``add-sessions``   ``{"group_id", "count", "user_id_prefix"?, "status"?, "session_status"?}``
                   -> ``{"app_instance_ids": [...]}``
``add-image``      ``{"name", "status"?, "image_type"?, "regions"?, "apps"?, "platform_name"?,
                   "os_type"?, "ready_in"?}`` -> ``{"image_id"}``
``fail-image``     ``{"image_id", "code"?, "message"?}`` -> ``{"image_id"}``
``fail-tickets``   ``{"code"?: str | null, "message"?}`` -> ``{"code"}`` (null stops failing)
``inject-fault``   ``{"code"?, "status"?, "action"?, "count"?, "message"?, "retry_after_ms"?,
                   "drop_connection"?}`` -> ``{"injected": true, "pending"}``
``clear-faults``   ``{}`` -> ``{"cleared": n}``
``timings``        ``{field: seconds, ...}`` -> every timing
=================  ==========================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from streamkit.testing.core.server import ControlError, payload_optional_text, payload_text

if TYPE_CHECKING:
    from streamkit.testing.alibaba.cloud import AlibabaCloud

__all__ = ["CONTROLS", "run_control"]

_Payload = Mapping[str, Any]




def _optional_int(payload: _Payload, key: str, default: int | None = None) -> int | None:
    value = payload.get(key, default)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ControlError(f"{key!r} must be an integer or null")
    return value


def _flag(payload: _Payload, key: str) -> bool:
    value = payload.get(key, False)
    if not isinstance(value, bool):
        raise ControlError(f"{key!r} must be true or false")
    return value


def _strings(payload: _Payload, key: str) -> list[str] | None:
    value = payload.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ControlError(f"{key!r} must be a list of strings")
    return [str(v) for v in value]


def _session_status(payload: _Payload) -> str | None:
    value = payload.get("session_status", "connect")
    if value is not None and not isinstance(value, str):
        raise ControlError("'session_status' must be a string or null")
    return value


def _fail_group(cloud: AlibabaCloud, payload: _Payload) -> dict[str, Any]:
    group_id = payload_text(payload, "group_id")
    cloud.fail_group(group_id, payload_text(payload, "code", "InternalError"),
                     payload_text(payload, "message", "The delivery group could not be deployed."),
                     immediately=_flag(payload, "immediately"))
    return cloud.describe_group(group_id)


def _describe_group(cloud: AlibabaCloud, payload: _Payload) -> dict[str, Any]:
    return cloud.describe_group(payload_text(payload, "group_id"))


def _add_session(cloud: AlibabaCloud, payload: _Payload) -> dict[str, Any]:
    instance_id = cloud.add_session(
        payload_text(payload, "group_id"), payload_text(payload, "user_id"),
        status=payload_text(payload, "status", "BOUND"), session_status=_session_status(payload),
        app_id=payload_optional_text(payload, "app_id"))
    return {"app_instance_id": instance_id}


def _add_sessions(cloud: AlibabaCloud, payload: _Payload) -> dict[str, Any]:
    count = _optional_int(payload, "count")
    if count is None:
        raise ControlError("'count' must be an integer")
    ids = cloud.add_sessions(
        payload_text(payload, "group_id"), count,
        user_id_prefix=payload_text(payload, "user_id_prefix", "user"),
        status=payload_text(payload, "status", "BOUND"), session_status=_session_status(payload))
    return {"app_instance_ids": ids}


def _add_image(cloud: AlibabaCloud, payload: _Payload) -> dict[str, Any]:
    ready_in = payload.get("ready_in")
    if ready_in is not None and (isinstance(ready_in, bool)
                                 or not isinstance(ready_in, (int, float))):
        raise ControlError("'ready_in' must be a number of seconds")
    image_id = cloud.add_image(
        payload_text(payload, "name"), status=payload_text(payload, "status", "AVAILABLE"),
        image_type=payload_text(payload, "image_type", "User"),
        regions=_strings(payload, "regions"),
        apps=_strings(payload, "apps"),
        platform_name=payload_text(payload, "platform_name", "Windows Server 2019"),
        os_type=payload_text(payload, "os_type", "Windows"),
        ready_in=None if ready_in is None else float(ready_in))
    return {"image_id": image_id}


def _fail_image(cloud: AlibabaCloud, payload: _Payload) -> dict[str, Any]:
    image_id = payload_text(payload, "image_id")
    cloud.fail_image(image_id, payload_text(payload, "code", "InternalError"),
                     payload_text(payload, "message", "The image could not be created."))
    return {"image_id": image_id}


def _fail_tickets(cloud: AlibabaCloud, payload: _Payload) -> dict[str, Any]:
    code = payload.get("code", "TryRegionBind.TicketIsNull")
    if code is not None and (not isinstance(code, str) or not code):
        raise ControlError("'code' must be a non-empty string, or null to stop failing")
    cloud.fail_ticket_tasks(code, payload_text(payload, "message", "The app could not be started."))
    return {"code": code}


def _inject_fault(cloud: AlibabaCloud, payload: _Payload) -> dict[str, Any]:
    status = _optional_int(payload, "status", 400)
    if status is None:
        raise ControlError("'status' must be an integer HTTP status")
    pending = cloud.inject_fault(
        payload_text(payload, "code", "Throttling.User"), status=status,
        action=payload_optional_text(payload, "action"), count=_optional_int(payload, "count", 1),
        message=payload_optional_text(payload, "message"),
        retry_after_ms=_optional_int(payload, "retry_after_ms"),
        drop_connection=_flag(payload, "drop_connection"))
    return {"injected": True, "pending": pending}


def _clear_faults(cloud: AlibabaCloud, payload: _Payload) -> dict[str, Any]:
    return {"cleared": cloud.clear_faults()}


def _timings(cloud: AlibabaCloud, payload: _Payload) -> dict[str, Any]:
    return dict(cloud.set_timings(**payload))


CONTROLS: Final[Mapping[str, Callable[[AlibabaCloud, _Payload], dict[str, Any]]]] = (
    MappingProxyType({
        "fail-group": _fail_group,
        "describe-group": _describe_group,
        "add-session": _add_session,
        "add-sessions": _add_sessions,
        "add-image": _add_image,
        "fail-image": _fail_image,
        "fail-tickets": _fail_tickets,
        "inject-fault": _inject_fault,
        "clear-faults": _clear_faults,
        "timings": _timings,
    })
)


def run_control(cloud: AlibabaCloud, action: str, payload: _Payload) -> dict[str, Any]:
    """Run one control; :class:`ControlError` (HTTP 400) for unknown ones or bad payloads."""
    control = CONTROLS.get(action)
    if control is None:
        raise ControlError(f"unknown alibaba control {action!r}; known: "
                           f"{', '.join(sorted(CONTROLS))}")
    return control(cloud, payload)
