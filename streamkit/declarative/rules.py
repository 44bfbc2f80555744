"""How each provider changes each field of a deployment, and what it cannot hold: tables.

A row says which action a difference takes (update in place, scale, image rotation,
stop-update-start, replace) and how the live value is read to compare. Fields with no row on
a provider and a value in the spec are refused up front (:data:`REFUSALS`), before any call.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Any

import attrs

from streamkit.models import FleetType, Provider
from streamkit.specs import UsageScaling

__all__ = ["FLEET_RULES", "REFUSALS", "STACK_RULES", "How", "Rule", "SettingsSupport",
           "settings_support", "unmanaged"]


class How(str, enum.Enum):
    """What a difference takes, in the order ``apply`` runs them."""

    CREATE = "create"
    REPLACE = "replace"
    STOP_UPDATE_START = "stop-update-start"
    UPDATE = "update"
    ROTATE_IMAGE = "rotate-image"
    SCALE = "scale"
    TAG = "tag"
    ASSOCIATE = "associate"
    START = "start"
    USERS = "users"
    DELETE = "delete"


def _same(value: Any) -> Any:
    return value


@attrs.frozen
class Rule:
    """One field on one provider: the action a change takes, and how the live value reads."""

    how: How
    live: Callable[[Any, Any], Any]  # (live model, desired value) -> comparable live value
    desired: Callable[[Any], Any] = _same  # the desired value as the cloud keeps it


def _attr(name: str) -> Callable[[Any, Any], Any]:
    return lambda model, _desired: getattr(model, name)


def _raw(key: str) -> Callable[[Any, Any], Any]:
    return lambda model, _desired: model.raw.get(key)


def _vpc(key: str) -> Callable[[Any, Any], Any]:
    def read(model: Any, _desired: Any) -> tuple[str, ...]:
        vpc = model.raw.get("VpcConfig") or {}
        return tuple(vpc.get(key) or ())

    return read


def _aws_image(model: Any, desired: Any) -> Any:
    # a spec may name the image or give its ARN: compare like with like
    return model.raw.get("ImageArn") if str(desired).startswith("arn:") else model.image_id


def _capacity(model: Any, _desired: Any) -> int:
    return int(model.capacity.desired)


def _pool(model: Any) -> Mapping[str, Any]:
    pools = model.raw.get("NodePool")
    return pools[0] if isinstance(pools, (list, tuple)) and pools else {}


def _ali_scaling(model: Any, _desired: Any) -> UsageScaling | None:
    pool = _pool(model)
    if pool.get("StrategyType") != "NODE_SCALING_BY_USAGE":
        return None
    try:
        return UsageScaling(max_capacity=int(pool["MaxScalingAmount"]),
                            step=int(pool["ScalingStep"]),
                            usage_threshold_percent=int(pool["ScalingUsageThreshold"]),
                            scale_down_after_idle_minutes=int(
                                pool["ScalingDownAfterIdleMinutes"]))
    except (KeyError, TypeError, ValueError, Exception):  # unreadable: shows as a difference
        return UsageScaling(max_capacity=1)


#: Alibaba keeps a session timeout in minutes, 3-300
_MINUTES = (3, 300)


def _ali_timeout(model: Any, _desired: Any) -> int | None:
    try:
        return int(model.raw.get("SessionTimeout")) * 60
    except (TypeError, ValueError):
        return None


def _as_minutes(seconds: int) -> int:
    return max(_MINUTES[0], min(_MINUTES[1], math.ceil(seconds / 60))) * 60


_U, _S, _I, _X, _R = (How.UPDATE, How.SCALE, How.ROTATE_IMAGE, How.STOP_UPDATE_START,
                      How.REPLACE)

#: per provider, stack field -> rule
STACK_RULES: Mapping[Provider, Mapping[str, Rule]] = {
    Provider.AWS: {
        "display_name": Rule(_U, _attr("display_name")),
        "description": Rule(_U, _attr("description")),
        "redirect_url": Rule(_U, _raw("RedirectURL")),
        "feedback_url": Rule(_U, _raw("FeedbackURL")),
    },
    Provider.ALIBABA: {},  # a delivery group has a name and nothing else to set
}

#: per provider, fleet field -> rule. AWS: UpdateFleet takes on a RUNNING fleet only the
#: display name, capacity, image and the two disconnect timeouts; the rest needs it STOPPED.
FLEET_RULES: Mapping[Provider, Mapping[str, Rule]] = {
    Provider.AWS: {
        "fleet_type": Rule(_R, _attr("fleet_type")),
        "subnet_ids": Rule(_R, _vpc("SubnetIds")),
        "security_group_ids": Rule(_R, _vpc("SecurityGroupIds")),
        "enable_internet_access": Rule(_R, _raw("EnableDefaultInternetAccess")),
        "max_concurrent_sessions": Rule(_R, _raw("MaxConcurrentSessions")),
        "instance_type": Rule(_X, _attr("instance_type")),
        "description": Rule(_X, _attr("description")),
        "max_user_duration_seconds": Rule(_X, _attr("max_user_duration_seconds")),
        "display_name": Rule(_U, _attr("display_name")),
        "disconnect_timeout_seconds": Rule(_U, _attr("disconnect_timeout_seconds")),
        "idle_disconnect_timeout_seconds": Rule(_U, _raw("IdleDisconnectTimeoutInSeconds")),
        "image_id": Rule(_I, _aws_image),
        "desired_capacity": Rule(_S, _capacity),
    },
    Provider.ALIBABA: {
        "instance_type": Rule(_R, _attr("instance_type")),
        "scaling": Rule(_R, _ali_scaling),
        "disconnect_timeout_seconds": Rule(_U, _ali_timeout, _as_minutes),
        "image_id": Rule(_I, _attr("image_id")),
        "desired_capacity": Rule(_S, _capacity),
    },
}


def unmanaged(field: str, value: Any, fleet_type: FleetType | None = None) -> bool:
    """Whether a spec leaves the field to the cloud (None, empty; capacity of ELASTIC)."""
    if field == "desired_capacity" and fleet_type is FleetType.ELASTIC:
        return True
    return value is None or value == ()


@attrs.frozen
class SettingsSupport:
    """Which :class:`~streamkit.StackSettings` fields a provider sets on create, changes on
    update, and reports back (only those can be diffed)."""

    on_create: frozenset[str]
    on_update: frozenset[str]
    reported: frozenset[str]


def settings_support(provider: Provider) -> SettingsSupport:
    """The provider's own tables (read once it is connected: its modules are loaded)."""
    if provider is Provider.AWS:
        from streamkit.providers.aws.translate import STACK_SETTING_MEMBERS

        fields = frozenset(STACK_SETTING_MEMBERS)
        return SettingsSupport(on_create=fields, on_update=fields, reported=fields)
    from streamkit.providers.alibaba.operations import SETTINGS_ON_CREATE, SETTINGS_ON_MODIFY

    # a delivery group's answer reports SkipUserAuthCheck and no other policy
    return SettingsSupport(on_create=SETTINGS_ON_CREATE, on_update=SETTINGS_ON_MODIFY,
                           reported=frozenset({"skip_user_auth_check"}))


_GROUP_NAME = "a delivery group has one name, the stack's: leave it out or make it stack.name"

def _given(path: str) -> Callable[[Any], bool]:
    """Refused when the deployment sets ``path`` (``fleet.description``) at all."""
    read = attrgetter(path)

    def given(deployment: Any) -> bool:
        value = read(deployment)
        return value is not None and value != ()

    return given


def _renamed(path: str) -> Callable[[Any], bool]:
    """Refused when ``path`` names the delivery group other than the stack does."""
    read = attrgetter(path)
    return lambda d: read(d) not in (None, d.stack.name)


#: per provider: (field, refused when, why). Checked on the spec before any call.
REFUSALS: Mapping[Provider, tuple[tuple[str, Callable[[Any], bool], str], ...]] = {
    Provider.AWS: (
        ("fleet.scaling", _given("fleet.scaling"),
         "AWS fleets scale with Application Auto Scaling policies, or use fleet_type=ELASTIC"),
        ("fleet.alibaba", _given("fleet.alibaba"),
         "AppStream fleets have no subscription billing (Alibaba only)"),
    ),
    Provider.ALIBABA: (
        ("fleet.fleet_type", lambda d: d.fleet.fleet_type is FleetType.ELASTIC,
         "use scaling=UsageScaling(...) for a node pool that grows with use"),
        ("fleet.desired_capacity", lambda d: d.fleet.desired_capacity == 0,
         "a node pool is never empty (at least 1)"),
        *((f"stack.{field}", _given(f"stack.{field}"), f"a delivery group has no {what}")
          for field, what in (("description", "description"), ("redirect_url", "redirect URL"),
                              ("feedback_url", "feedback URL"))),
        *((path, _renamed(path), _GROUP_NAME) for path in ("stack.display_name",
                                                            "fleet.display_name")),
        *((f"fleet.{field}", _given(f"fleet.{field}"), f"a node pool has no {what}")
          for field, what in (("description", "description"),
                              ("max_user_duration_seconds", "session duration limit"),
                              ("idle_disconnect_timeout_seconds", "idle disconnect timeout"),
                              ("subnet_ids", "subnets (AWS only)"),
                              ("security_group_ids", "security groups (AWS only)"),
                              ("enable_internet_access", "internet access switch (AWS only)"))),
        ("fleet.tags", lambda d: any(d.stack.tags.get(k, v) != v for k, v in d.fleet.tags.items()),
         "the stack and the fleet are one delivery group: a tag key set on both needs one value"),
    ),
}
