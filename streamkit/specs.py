"""Validated inputs. Constructing a spec checks every field, so a bad one never reaches a cloud.

Bad values raise :class:`~streamkit.errors.ValidationError` naming the field and the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from streamkit.errors import ValidationError
from streamkit.models import DomainJoin, FleetType
from streamkit.stack_settings import StackSettings
from streamkit.validation import (
    check_bool,
    check_id,
    check_instance_type,
    check_name,
    check_optional_bool,
    check_optional_int,
    check_optional_str,
    check_str,
    check_str_tuple,
    check_tags,
)

__all__ = [
    "AlibabaFleetOptions",
    "DeploymentSpec",
    "FleetSpec",
    "FleetUpdate",
    "ImageBuilderSpec",
    "StackSpec",
    "StackUpdate",
    "UsageScaling",
]

MAX_USER_DURATION = (600, 432_000)
DISCONNECT_TIMEOUT = (60, 36_000)
IDLE_DISCONNECT_TIMEOUT = (60, 36_000)


def _check(fn: Any, **kwargs: Any) -> Any:
    """An attrs validator that runs ``fn(field_name, value, **kwargs)``."""

    def validator(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        fn(attribute.name, value, **kwargs)

    return validator


def _name() -> Any:
    return attrs.field(validator=_check(check_name))


def _text(max_len: int) -> Any:
    return attrs.field(default=None, validator=_check(check_optional_str, max_len=max_len))


def _tags() -> Any:
    return attrs.field(factory=dict, converter=_copy_mapping, validator=_check(check_tags))


def _copy_mapping(value: Any) -> Any:
    return dict(value) if isinstance(value, Mapping) else value


def _as_tuple(value: Any) -> Any:
    # Any iterable of items is read once, here (a generator kept as it is would be empty
    # by the time the spec is sent); a string or a mapping passes through unchanged for the
    # validator to refuse, and so does a wrong type.
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return value
    return tuple(value)


def _seconds(bounds: tuple[int, int], *, allow_zero: bool = False) -> Any:
    def validator(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if allow_zero and value == 0 and not isinstance(value, bool):
            return
        check_optional_int(attribute.name, value, minimum=bounds[0], maximum=bounds[1])

    return attrs.field(default=None, validator=validator)


def _settings(field: str, value: object) -> None:
    if not isinstance(value, StackSettings):
        raise ValidationError(field, "must be a StackSettings", value)


@attrs.frozen(kw_only=True)
class StackSpec:
    """A stack to create. On Alibaba a stack only exists with its fleet: use ``cloud.deploy``.

    Args:
        name: The stack's name and, on AWS, its id. 1-101 chars: letters, digits,
            ``_ . -``, starting with a letter or digit.
        display_name: Shown to users; 1-100 chars.
        description: 1-256 chars. On Alibaba a delivery group has none (ignored).
        redirect_url: Where users land when their session ends; 1-1000 chars. AWS only.
        feedback_url: Where the feedback link points; 1-1000 chars. AWS only.
        tags: At most 50; keys 1-128 chars (letters, digits, spaces, ``_.:/=+-@``, not
            starting with ``aws:``), values 0-256 chars of the same.
        settings: User settings and policies (:class:`StackSettings`); a field the cloud
            cannot express raises UnsupportedOperation naming it.
    """

    name: str = _name()
    display_name: str | None = _text(100)
    description: str | None = _text(256)
    redirect_url: str | None = _text(1000)
    feedback_url: str | None = _text(1000)
    tags: Mapping[str, str] = _tags()
    settings: StackSettings = attrs.field(factory=StackSettings,
                                          validator=_check(_settings))


PLATFORM_RE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
IAM_ROLE_RE = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}")
S3_OBJECT_RE = re.compile(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.{1,1024})")
OFFICE_SITE_RE = re.compile(r"[a-z0-9-]+\+dir-[0-9a-z*]+")


def _matching(pattern: re.Pattern[str], rule: str) -> Any:
    def validator(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (not isinstance(value, str) or not pattern.fullmatch(value)):
            raise ValidationError(attribute.name, rule, value)

    return attrs.field(default=None, validator=validator)


def _platform() -> Any:
    return _matching(PLATFORM_RE, "must be a platform name like 'WINDOWS_SERVER_2022'")


def _iam_role() -> Any:
    return _matching(IAM_ROLE_RE, "must look like 'arn:aws:iam::123456789012:role/name'")


def _session_script() -> Any:
    return _matching(S3_OBJECT_RE, "must be an S3 object like 's3://bucket/scripts.json'")


def _domain_join(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, DomainJoin):
        raise ValidationError(attribute.name, "must be a DomainJoin", value)
    check_str(f"{attribute.name}.directory_name", value.directory_name, max_len=255)
    check_optional_str(f"{attribute.name}.organizational_unit", value.organizational_unit,
                       max_len=2000)


def _sessions_per_instance() -> Any:
    return attrs.field(default=None, validator=_check(check_optional_int, minimum=1,
                                                      maximum=100))


def _bounded(low: int, high: int) -> Any:
    return _check(check_optional_int, minimum=low, maximum=high)


@attrs.frozen(kw_only=True)
class UsageScaling:
    """Grow a fleet with use, from ``desired_capacity`` up to ``max_capacity`` nodes.

    Alibaba only (a node pool with ``NODE_SCALING_BY_USAGE``): nodes are added ``step`` at a
    time when usage passes ``usage_threshold_percent`` and removed after
    ``scale_down_after_idle_minutes`` idle. AWS scales with Application Auto Scaling instead.

    Args:
        max_capacity: The most nodes the pool grows to; 1-200, at least the fleet's
            ``desired_capacity``.
        step: Nodes added at a time; 1-10.
        usage_threshold_percent: Usage (percent of sessions in use) that adds nodes; 0-100.
        scale_down_after_idle_minutes: Idle minutes before a node is removed; 5-120.
    """

    max_capacity: int = attrs.field(validator=_bounded(1, 200))
    step: int = attrs.field(default=2, validator=_bounded(1, 10))
    usage_threshold_percent: int = attrs.field(default=85, validator=_bounded(0, 100))
    scale_down_after_idle_minutes: int = attrs.field(default=5, validator=_bounded(5, 120))


#: a subscription's lengths, per period unit (CreateAppInstanceGroup's Period and PeriodUnit)
SUBSCRIPTION_PERIODS: Mapping[str, tuple[int, ...]] = {
    "Week": (1,), "Month": (1, 2, 3, 6), "Year": (1, 2, 3)}


@attrs.frozen(kw_only=True)
class AlibabaFleetOptions:
    """How an Alibaba delivery group is paid for (``FleetSpec(alibaba=...)``). Alibaba only.

    A subscription (``PrePaid``) group is bought for a period: ``fleets.scale`` can only grow
    it (ModifyNodePoolAmount), and it cannot be deleted before it expires.

    Args:
        charge_type: ``"PostPaid"`` (pay as you go, the default) or ``"PrePaid"``
            (subscription).
        period: The subscription's length in ``period_unit``: Week 1; Month 1, 2, 3 or 6;
            Year 1, 2 or 3. Pay as you go: 1.
        period_unit: ``"Week"``, ``"Month"`` or ``"Year"``. Pay as you go: ``"Month"``.
        auto_renew: Renew the subscription when it ends. Subscriptions only.
    """

    charge_type: Literal["PostPaid", "PrePaid"] = "PostPaid"
    period: int = 1
    period_unit: Literal["Week", "Month", "Year"] = "Month"
    auto_renew: bool = False

    def __attrs_post_init__(self) -> None:
        if self.charge_type not in ("PostPaid", "PrePaid"):
            raise ValidationError("alibaba.charge_type", "must be 'PostPaid' or 'PrePaid'",
                                  self.charge_type)
        periods = SUBSCRIPTION_PERIODS.get(self.period_unit) if isinstance(
            self.period_unit, str) else None
        if periods is None:
            raise ValidationError("alibaba.period_unit", "must be 'Week', 'Month' or 'Year'",
                                  self.period_unit)
        if type(self.period) is not int or self.period not in periods:
            raise ValidationError("alibaba.period", f"must be one of {periods} with "
                                  f"period_unit {self.period_unit!r}", self.period)
        check_bool("alibaba.auto_renew", self.auto_renew)
        if self.charge_type == "PostPaid" and (
                (self.period, self.period_unit) != (1, "Month") or self.auto_renew):
            raise ValidationError("alibaba.charge_type", "PostPaid (pay as you go) takes no "
                                  "period or auto_renew: set charge_type='PrePaid'",
                                  self.charge_type)


@attrs.frozen(kw_only=True)
class FleetSpec:
    """A fleet to create.

    ``desired_capacity`` is the number of instances (AWS) or nodes (Alibaba). ELASTIC fleets
    take ``max_concurrent_sessions`` instead and need two or more subnets on AWS.

    Args:
        name: The fleet's name and, on AWS, its id. 1-101 chars: letters, digits,
            ``_ . -``, starting with a letter or digit.
        instance_type: Like ``stream.standard.medium`` (AWS) or ``appstreaming.general.4c8g``
            (Alibaba); 1-100 chars, checked against the provider's list when created.
        image_id: The image to stream from: an AWS image name or ARN, an Alibaba ``img-`` id;
            up to 512 chars, no spaces or control characters.
        fleet_type: ``ALWAYS_ON``, ``ON_DEMAND`` or ``ELASTIC`` (not ``UNKNOWN``). On Alibaba
            a fixed node pool is ``ALWAYS_ON``; give ``scaling`` for one that grows.
        desired_capacity: Instances (AWS) or nodes (Alibaba, at least 1); 0 or more. Required
            unless ELASTIC, where it must stay 1 or None.
        max_concurrent_sessions: ELASTIC fleets only, and required there; 1 or more.
        display_name: Shown to users; 1-100 chars.
        description: 1-256 chars. On Alibaba a node pool has none (ignored).
        max_user_duration_seconds: The longest a session may last; 600-432000 s. AWS only.
        disconnect_timeout_seconds: How long a disconnected session is kept; 60-36000 s.
            On Alibaba the delivery group's SessionTimeout, in minutes (3-300, rounded up).
        idle_disconnect_timeout_seconds: Idle time before a user is disconnected; 0 (off) or
            60-36000 s. AWS only.
        subnet_ids: VPC subnets; at most 32, each 1-255 chars; two or more for ELASTIC.
            AWS only (Alibaba ignores them).
        security_group_ids: At most 5, each 1-255 chars. AWS only (Alibaba ignores them).
        enable_internet_access: Default internet access for the instances; None leaves the
            cloud's default. AWS only.
        scaling: Grow with use (Alibaba only): a :class:`UsageScaling`.
        alibaba: How the delivery group is paid for (Alibaba only; refused elsewhere): an
            :class:`AlibabaFleetOptions`. None: pay as you go.
        platform: The operating system of an ELASTIC fleet (its image is chosen per
            application), like ``WINDOWS_SERVER_2022``. AWS only.
        max_sessions_per_instance: Sessions one instance serves at once (a multi-session
            fleet; not ELASTIC), 1-100. AWS: MaxSessionsPerInstance; Alibaba: the node
            pool's NodeCapacity, checked against the node type.
        desired_sessions: A multi-session fleet's desired sessions (AWS DesiredSessions);
            default ``desired_capacity`` times ``max_sessions_per_instance``. AWS only.
        iam_role_arn: The IAM role the instances assume. AWS only.
        domain_join: The Active Directory domain the instances join (:class:`DomainJoin`;
            not ELASTIC). AWS only; on Alibaba give ``office_site_id``.
        session_script: The session scripts' S3 object, ``s3://bucket/key``. AWS only.
        office_site_id: The office network the node pool runs in (Alibaba Network
            OfficeSiteId, like ``cn-shanghai+dir-1234567890``). Alibaba only.
        tags: As for :class:`StackSpec`.
    """

    name: str = _name()
    instance_type: str = attrs.field(validator=_check(check_instance_type))
    image_id: str = attrs.field(validator=_check(check_id))
    fleet_type: FleetType = attrs.field(default=FleetType.ON_DEMAND)
    desired_capacity: int | None = attrs.field(default=1)
    max_concurrent_sessions: int | None = attrs.field(default=None)
    display_name: str | None = _text(100)
    description: str | None = _text(256)
    max_user_duration_seconds: int | None = _seconds(MAX_USER_DURATION)
    disconnect_timeout_seconds: int | None = _seconds(DISCONNECT_TIMEOUT)
    idle_disconnect_timeout_seconds: int | None = _seconds(IDLE_DISCONNECT_TIMEOUT, allow_zero=True)
    subnet_ids: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    security_group_ids: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    enable_internet_access: bool | None = attrs.field(default=None,
                                                      validator=_check(check_optional_bool))
    scaling: UsageScaling | None = None
    alibaba: AlibabaFleetOptions | None = None
    platform: str | None = _platform()
    max_sessions_per_instance: int | None = _sessions_per_instance()
    desired_sessions: int | None = attrs.field(
        default=None, validator=_check(check_optional_int, minimum=0))
    iam_role_arn: str | None = _iam_role()
    domain_join: DomainJoin | None = attrs.field(default=None, validator=_domain_join)
    session_script: str | None = _session_script()
    office_site_id: str | None = _matching(OFFICE_SITE_RE, "must be an office network id "
                                           "like 'cn-shanghai+dir-1234567890'")
    tags: Mapping[str, str] = _tags()

    def __attrs_post_init__(self) -> None:
        if self.desired_sessions is not None and self.max_sessions_per_instance is None:
            raise ValidationError("desired_sessions", "is for multi-session fleets: set "
                                  "max_sessions_per_instance", self.desired_sessions)
        if self.fleet_type is FleetType.ELASTIC:
            for field in ("max_sessions_per_instance", "domain_join"):
                if getattr(self, field) is not None:
                    raise ValidationError(field, "is not for ELASTIC fleets",
                                          getattr(self, field))
        if self.alibaba is not None and not isinstance(self.alibaba, AlibabaFleetOptions):
            raise ValidationError("alibaba", "must be an AlibabaFleetOptions", self.alibaba)
        if self.scaling is not None:
            if not isinstance(self.scaling, UsageScaling):
                raise ValidationError("scaling", "must be a UsageScaling", self.scaling)
            if (self.desired_capacity or 0) > self.scaling.max_capacity:
                raise ValidationError("scaling.max_capacity", "must be >= desired_capacity",
                                      self.scaling.max_capacity)
        if not isinstance(self.fleet_type, FleetType) or self.fleet_type is FleetType.UNKNOWN:
            raise ValidationError("fleet_type", "must be FleetType.ALWAYS_ON, ON_DEMAND or "
                                  "ELASTIC", self.fleet_type)
        check_str_tuple("subnet_ids", self.subnet_ids, max_items=32)
        check_str_tuple("security_group_ids", self.security_group_ids, max_items=5)
        if self.fleet_type is FleetType.ELASTIC:
            if self.max_concurrent_sessions is None:
                raise ValidationError("max_concurrent_sessions", "is required for ELASTIC fleets")
            check_optional_int("max_concurrent_sessions", self.max_concurrent_sessions, minimum=1)
            if len(self.subnet_ids) < 2:
                raise ValidationError("subnet_ids", "ELASTIC fleets need at least 2 subnets",
                                      self.subnet_ids)
            if self.desired_capacity not in (None, 1):
                raise ValidationError("desired_capacity", "is not used by ELASTIC fleets; set "
                                      "max_concurrent_sessions", self.desired_capacity)
        else:
            if self.max_concurrent_sessions is not None:
                raise ValidationError("max_concurrent_sessions", "is only for ELASTIC fleets",
                                      self.max_concurrent_sessions)
            check_optional_int("desired_capacity", self.desired_capacity, minimum=0)
            if self.desired_capacity is None:
                raise ValidationError("desired_capacity", "is required for ALWAYS_ON and "
                                      "ON_DEMAND fleets")


@attrs.frozen(kw_only=True)
class DeploymentSpec:
    """A stack and the fleet that serves it, for ``cloud.deploy``.

    Args:
        stack: The stack (on Alibaba: the delivery group).
        fleet: The fleet that serves it (on Alibaba: the group's node pool).
    """

    stack: StackSpec
    fleet: FleetSpec

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.stack, StackSpec):
            raise ValidationError("stack", "must be a StackSpec", self.stack)
        if not isinstance(self.fleet, FleetSpec):
            raise ValidationError("fleet", "must be a FleetSpec", self.fleet)


@attrs.frozen(kw_only=True)
class ImageBuilderSpec:
    """An image builder to create. On Alibaba: a delivery group in debug mode.

    Args:
        name: The builder's name and, on AWS, its id. 1-101 chars: letters, digits,
            ``_ . -``, starting with a letter or digit.
        instance_type: As for :class:`FleetSpec`.
        image_id: The image to start from; as for :class:`FleetSpec`.
        display_name: Shown to users; 1-100 chars.
        description: 1-256 chars.
        subnet_ids: At most 1 subnet, 1-255 chars. AWS only (Alibaba ignores it).
        security_group_ids: At most 5, each 1-255 chars. AWS only (Alibaba ignores them).
        enable_internet_access: None leaves the cloud's default. AWS only.
        agent_version: The streaming agent version to run, ``LATEST`` or a version; 1-100
            chars (AppstreamAgentVersion). AWS only.
        iam_role_arn: The IAM role the builder assumes. AWS only.
        domain_join: The Active Directory domain it joins (:class:`DomainJoin`). AWS only.
        tags: As for :class:`StackSpec`.
    """

    name: str = _name()
    instance_type: str = attrs.field(validator=_check(check_instance_type))
    image_id: str = attrs.field(validator=_check(check_id))
    display_name: str | None = _text(100)
    description: str | None = _text(256)
    subnet_ids: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    security_group_ids: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    enable_internet_access: bool | None = attrs.field(default=None,
                                                      validator=_check(check_optional_bool))
    agent_version: str | None = _text(100)
    iam_role_arn: str | None = _iam_role()
    domain_join: DomainJoin | None = attrs.field(default=None, validator=_domain_join)
    tags: Mapping[str, str] = _tags()

    def __attrs_post_init__(self) -> None:
        check_str_tuple("subnet_ids", self.subnet_ids, max_items=1)
        check_str_tuple("security_group_ids", self.security_group_ids, max_items=5)



@attrs.frozen(kw_only=True)
class StackUpdate:
    """Changes to a stack; fields left None stay as they are.

    Args:
        display_name: 1-100 chars. The only change Alibaba takes (the group's name).
        description: 1-256 chars. AWS only.
        redirect_url: 1-1000 chars. AWS only.
        feedback_url: 1-1000 chars. AWS only.
        settings: The settings to change (:class:`StackSettings`); fields left None stay,
            an empty tuple removes a list.
    """

    display_name: str | None = _text(100)
    description: str | None = _text(256)
    redirect_url: str | None = _text(1000)
    feedback_url: str | None = _text(1000)
    settings: StackSettings | None = attrs.field(
        default=None, validator=lambda _i, a, v: None if v is None else _settings(a.name, v))


@attrs.frozen(kw_only=True)
class FleetUpdate:
    """Changes to a fleet; fields left None stay as they are. Scale with ``fleets.scale``.

    Alibaba refuses changes to the fields a node pool keeps for life (``instance_type``,
    ``description``, ``max_user_duration_seconds``, ``idle_disconnect_timeout_seconds``).

    Args:
        image_id: A new image; as for :class:`FleetSpec`.
        instance_type: A new instance type; as for :class:`FleetSpec`. AWS only.
        display_name: 1-100 chars.
        description: 1-256 chars. AWS only.
        max_user_duration_seconds: 600-432000 s. AWS only.
        disconnect_timeout_seconds: 60-36000 s (Alibaba: minutes, 3-300, rounded up).
        idle_disconnect_timeout_seconds: 0 (off) or 60-36000 s. AWS only.
        platform: As for :class:`FleetSpec`. AWS only.
        subnet_ids: New VPC subnets; an empty tuple removes the VPC configuration. AWS only.
        security_group_ids: New security groups; an empty tuple removes them. AWS only.
        iam_role_arn: As for :class:`FleetSpec`. AWS only.
        domain_join: As for :class:`FleetSpec`. AWS only.
        session_script: As for :class:`FleetSpec`. AWS only.
        max_sessions_per_instance: As for :class:`FleetSpec` (AWS: a stopped fleet;
            Alibaba: NodeCapacity).
        max_concurrent_sessions: ELASTIC fleets: the most sessions at once. AWS only.
    """

    image_id: str | None = attrs.field(
        default=None, validator=lambda _i, a, v: v is None or check_id(a.name, v))
    instance_type: str | None = attrs.field(
        default=None, validator=lambda _i, a, v: v is None or check_instance_type(a.name, v))
    display_name: str | None = _text(100)
    description: str | None = _text(256)
    max_user_duration_seconds: int | None = _seconds(MAX_USER_DURATION)
    disconnect_timeout_seconds: int | None = _seconds(DISCONNECT_TIMEOUT)
    idle_disconnect_timeout_seconds: int | None = _seconds(IDLE_DISCONNECT_TIMEOUT, allow_zero=True)
    platform: str | None = _platform()
    subnet_ids: tuple[str, ...] | None = attrs.field(default=None, converter=_as_tuple)
    security_group_ids: tuple[str, ...] | None = attrs.field(default=None, converter=_as_tuple)
    iam_role_arn: str | None = _iam_role()
    domain_join: DomainJoin | None = attrs.field(default=None, validator=_domain_join)
    session_script: str | None = _session_script()
    max_sessions_per_instance: int | None = _sessions_per_instance()
    max_concurrent_sessions: int | None = attrs.field(
        default=None, validator=_check(check_optional_int, minimum=1))

    def __attrs_post_init__(self) -> None:
        if self.subnet_ids is not None:
            check_str_tuple("subnet_ids", self.subnet_ids, max_items=32)
        if self.security_group_ids is not None:
            check_str_tuple("security_group_ids", self.security_group_ids, max_items=5)
