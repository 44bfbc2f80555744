"""The ``/_streamkit/aws/<action>`` control routes: JSON payloads onto AwsCloud's test methods.

=============================== ======================================================
action                          payload -> answer
=============================== ======================================================
``fail-fleet``                  ``{"name", "errors": [{"code", "message"}], "immediately"?}``
``add-session``                 ``{"stack", "fleet", "user_id", "state"?, "connection_state"?,
                                "authentication_type"?}`` -> ``{"session_id"}``
``add-sessions``                ``{"stack", "fleet", "count", "user_id_prefix"?, ...}``
                                -> ``{"session_ids": [...]}``
``add-image``                   ``{"name", "platform"?, "state"?, "visibility"?,
                                "applications"?, "description"?}`` -> ``{"name", "arn"}``
``set-image-state``             ``{"name", "state", "reason"?}``
``image-assistant-create-image`` ``{"builder", "image_name", "description"?}`` -> ``{"arn"}``
``timings``                     ``{field: seconds, ...}`` -> all timings
``page-sizes``                  ``{field: size, ...}`` -> all page sizes
=============================== ======================================================

Every payload may carry ``"region"`` (default ``us-east-1``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from streamkit.testing.aws.config import evolve_checked
from streamkit.testing.core.server import ControlError, payload_optional_text, payload_text

if TYPE_CHECKING:
    from streamkit.testing.aws.cloud import AwsCloud

__all__ = ["CONTROL_ACTIONS", "run_control"]

_Payload = Mapping[str, Any]




def _region(payload: _Payload) -> str:
    return payload_text(payload, "region", "us-east-1")


def _fail_fleet(cloud: AwsCloud, payload: _Payload) -> dict[str, Any]:
    raw = payload.get("errors")
    if not isinstance(raw, list) or not raw:
        raise ControlError("'errors' must be a non-empty list of {\"code\", \"message\"}")
    errors: list[tuple[str, str]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise ControlError("each error must be an object with 'code' and 'message'")
        errors.append((payload_text(item, "code"), payload_text(item, "message")))
    immediately = payload.get("immediately", False)
    if not isinstance(immediately, bool):
        raise ControlError("'immediately' must be a boolean")
    name = payload_text(payload, "name")
    cloud.fail_fleet(name, errors, immediately=immediately, region=_region(payload))
    return {"name": name, "errors": len(errors), "immediately": immediately}


def _add_session(cloud: AwsCloud, payload: _Payload) -> dict[str, Any]:
    session_id = cloud.add_session(
        payload_text(payload, "stack"), payload_text(payload, "fleet"),
        payload_text(payload, "user_id"),
        state=payload_text(payload, "state", "ACTIVE"),
        connection_state=payload_text(payload, "connection_state", "CONNECTED"),
        authentication_type=payload_text(payload, "authentication_type", "API"),
        region=_region(payload))
    return {"session_id": session_id}


def _add_sessions(cloud: AwsCloud, payload: _Payload) -> dict[str, Any]:
    count = payload.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ControlError("'count' must be a whole number >= 0")
    ids = cloud.add_sessions(
        payload_text(payload, "stack"), payload_text(payload, "fleet"), count,
        user_id_prefix=payload_text(payload, "user_id_prefix", "user"),
        state=payload_text(payload, "state", "ACTIVE"),
        connection_state=payload_text(payload, "connection_state", "CONNECTED"),
        authentication_type=payload_text(payload, "authentication_type", "API"),
        region=_region(payload))
    return {"session_ids": ids}


def _add_image(cloud: AwsCloud, payload: _Payload) -> dict[str, Any]:
    apps = payload.get("applications", [])
    if not isinstance(apps, list) or not all(isinstance(a, (str, dict)) for a in apps):
        raise ControlError("'applications' must be a list of names or Application objects")
    name = payload_text(payload, "name")
    image_arn = cloud.add_image(
        name, platform=payload_text(payload, "platform", "WINDOWS_SERVER_2019"),
        state=payload_text(payload, "state", "AVAILABLE"),
        visibility=payload_text(payload, "visibility", "PRIVATE"), applications=apps,
        description=payload_optional_text(payload, "description"), region=_region(payload))
    return {"name": name, "arn": image_arn}


def _set_image_state(cloud: AwsCloud, payload: _Payload) -> dict[str, Any]:
    name, state = payload_text(payload, "name"), payload_text(payload, "state")
    cloud.set_image_state(name, state, payload_optional_text(payload, "reason"),
                          region=_region(payload))
    return {"name": name, "state": state}


def _image_assistant(cloud: AwsCloud, payload: _Payload) -> dict[str, Any]:
    image_name = payload_text(payload, "image_name")
    image_arn = cloud.image_assistant_create_image(
        payload_text(payload, "builder"), image_name, payload_optional_text(payload, "description"),
        region=_region(payload))
    return {"image_name": image_name, "arn": image_arn}


def _timings(cloud: AwsCloud, payload: _Payload) -> dict[str, Any]:
    try:
        cloud.timings = evolve_checked(cloud.timings, payload)
    except ValueError as exc:
        raise ControlError(str(exc)) from exc
    return attrs.asdict(cloud.timings)


def _page_sizes(cloud: AwsCloud, payload: _Payload) -> dict[str, Any]:
    try:
        cloud.page_sizes = evolve_checked(cloud.page_sizes, payload)
    except ValueError as exc:
        raise ControlError(str(exc)) from exc
    return attrs.asdict(cloud.page_sizes)


CONTROL_ACTIONS: Mapping[str, Callable[[AwsCloud, _Payload], dict[str, Any]]] = {
    "fail-fleet": _fail_fleet,
    "add-session": _add_session,
    "add-sessions": _add_sessions,
    "add-image": _add_image,
    "set-image-state": _set_image_state,
    "image-assistant-create-image": _image_assistant,
    "timings": _timings,
    "page-sizes": _page_sizes,
}


def run_control(cloud: AwsCloud, action: str, payload: _Payload) -> dict[str, Any]:
    """Run one control action; :class:`ControlError` (HTTP 400) for unknown ones."""
    handler = CONTROL_ACTIONS.get(action)
    if handler is None:
        raise ControlError(f"unknown aws control {action!r}; known: "
                           f"{', '.join(sorted(CONTROL_ACTIONS))}")
    return handler(cloud, payload)
