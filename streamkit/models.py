"""The neutral model: what streamkit returns, the same shape on every provider.

Values are attrs frozen, slotted, keyword-only classes built by the adapters. Each carries
``provider``, ``region`` and ``raw`` (the provider's own payload, as an escape hatch). Every
state is an enum with an ``UNKNOWN`` member, and the cloud's own string is kept beside it in
``raw_state``, so a value a cloud adds tomorrow cannot break a program today. Every datetime
is timezone-aware UTC.
"""

from __future__ import annotations

import enum
import hmac
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Generic, TypeVar, final

import attrs

from streamkit.stack_settings import StackSettings

__all__ = [
    "AccessKind",
    "Application",
    "Capacity",
    "ConnectionState",
    "Deployment",
    "DomainJoin",
    "FastLaunchImage",
    "FastLaunchState",
    "Fleet",
    "FleetState",
    "FleetType",
    "Image",
    "ImageBuilder",
    "ImageBuilderState",
    "ImagePermission",
    "ImageState",
    "ImageUpdate",
    "InstanceType",
    "LaunchTemplateRef",
    "Leftover",
    "Page",
    "Provider",
    "Region",
    "ResourceError",
    "Secret",
    "Session",
    "SessionBinding",
    "SessionState",
    "Stack",
    "StreamingAccess",
    "UserGroup",
]

T = TypeVar("T")

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return value if isinstance(value, MappingProxyType) else MappingProxyType(dict(value))


class Provider(str, enum.Enum):
    """The clouds streamkit speaks to."""

    AWS = "aws"
    ALIBABA = "alibaba"


class FleetState(str, enum.Enum):
    """A fleet's state (Concepts lists each provider's values for each member)."""

    STARTING = "STARTING"
    RUNNING = "RUNNING"
    STOPPING = "STOPPING"
    STOPPED = "STOPPED"
    UPDATING = "UPDATING"
    FAILED = "FAILED"
    DELETING = "DELETING"
    UNKNOWN = "UNKNOWN"


class FleetType(str, enum.Enum):
    """How capacity is kept. On Alibaba a fixed node pool is ALWAYS_ON, a scaling one ELASTIC."""

    ALWAYS_ON = "ALWAYS_ON"
    ON_DEMAND = "ON_DEMAND"
    ELASTIC = "ELASTIC"
    UNKNOWN = "UNKNOWN"


class ImageState(str, enum.Enum):
    """An image's state."""

    PENDING = "PENDING"
    AVAILABLE = "AVAILABLE"
    FAILED = "FAILED"
    COPYING = "COPYING"
    DELETING = "DELETING"
    UNKNOWN = "UNKNOWN"


class ImageBuilderState(str, enum.Enum):
    """An image builder's state."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    STOPPING = "STOPPING"
    STOPPED = "STOPPED"
    REBOOTING = "REBOOTING"
    SNAPSHOTTING = "SNAPSHOTTING"
    UPDATING = "UPDATING"
    DELETING = "DELETING"
    FAILED = "FAILED"
    UNKNOWN = "UNKNOWN"


class SessionState(str, enum.Enum):
    """A streaming session's state.

    FAILED: the cloud reports it broken (Alibaba: an UNAVAILABLE app instance).
    """

    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"
    FAILED = "FAILED"
    UNKNOWN = "UNKNOWN"


class ConnectionState(str, enum.Enum):
    """Whether a session's user is connected to it."""

    CONNECTED = "CONNECTED"
    NOT_CONNECTED = "NOT_CONNECTED"
    UNKNOWN = "UNKNOWN"


class AccessKind(str, enum.Enum):
    """What a :class:`StreamingAccess` holds: an HTTP URL (AWS) or a client ticket (Alibaba)."""

    URL = "URL"
    TICKET = "TICKET"


@final
class Secret:
    """A string that never shows itself in ``repr``, ``str``, logs or tracebacks.

    Read it on purpose with :meth:`reveal`.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        """The secret value."""
        return str(object.__getattribute__(self, "_value"))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Secret is immutable")

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self.reveal().encode(), other.reveal().encode())

    def __hash__(self) -> int:
        return hash(("streamkit.Secret", self.reveal()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Secret, (self.reveal(),))

    def __bool__(self) -> bool:
        return bool(self.reveal())


def _raw_field() -> Any:
    return attrs.field(default=_EMPTY, converter=_frozen_mapping, repr=False, eq=False)


@attrs.frozen(kw_only=True)
class ResourceError:
    """One reason a cloud gives for a resource's trouble (AWS FleetErrors, ImageErrors, ...).

    Args:
        code: The cloud's error code.
        message: The cloud's message.
        time: When it happened if the cloud says.
    """

    code: str
    message: str
    time: datetime | None = None


@attrs.frozen(kw_only=True)
class Capacity:
    """Instances (AWS) or nodes (Alibaba): wanted, running, serving a user, free.

    Args:
        desired: The number asked for (``fleets.scale``).
        running: Running now.
        in_use: Serving a user now.
        available: Running and free for a new session.
    """

    desired: int
    running: int = 0
    in_use: int = 0
    available: int = 0


@attrs.frozen(kw_only=True)
class Application:
    """An application an image offers.

    Args:
        id: The cloud's id (AWS: the application name).
        name: Its name.
        display_name: Shown to users, if set.
    """

    id: str
    name: str
    display_name: str | None = None


@attrs.frozen(kw_only=True)
class DomainJoin:
    """The Active Directory domain a fleet's or builder's instances join (AWS DomainJoinInfo).

    Args:
        directory_name: The directory's fully qualified name, like ``corp.example.com``
            (a directory config must exist for it).
        organizational_unit: The distinguished name of the OU the computer accounts go in.
    """

    directory_name: str
    organizational_unit: str | None = None


@attrs.frozen(kw_only=True)
class Stack:
    """Where users are entitled to stream. On Alibaba: a delivery group.

    Args:
        id: AWS: the stack name; Alibaba: the delivery group id (``aig-``).
        name: Its name (Alibaba: the group's name).
        provider: The cloud it lives in.
        region: The region it lives in.
        display_name: Shown to users, if set.
        description: Its description (AWS only).
        created_at: When it was made if the cloud says.
        errors: The reasons the cloud gives for its trouble.
        settings: Its user settings and policies as the cloud reports them (None: not
            reported; Alibaba reports only ``skip_user_auth_check``).
        raw: The provider's own payload, read-only (an escape hatch; not compared by ``==``).
    """

    id: str
    name: str
    provider: Provider
    region: str
    display_name: str | None = None
    description: str | None = None
    created_at: datetime | None = None
    errors: tuple[ResourceError, ...] = ()
    settings: StackSettings = attrs.field(factory=StackSettings)
    raw: Mapping[str, Any] = _raw_field()


@attrs.frozen(kw_only=True)
class Fleet:
    """The instances that stream. On Alibaba: the node pool of a delivery group.

    Args:
        id: AWS: the fleet name; Alibaba: ``aig-.../rg-...`` (group and node pool).
        name: Its name.
        provider: The cloud it lives in.
        region: The region it lives in.
        state: The neutral state; see :class:`FleetState`.
        raw_state: The cloud's own state string, kept when ``state`` is ``UNKNOWN`` too.
        instance_type: The instance (AWS) or node (Alibaba) type.
        capacity: Instances or nodes wanted, running, in use and free.
        fleet_type: How capacity is kept.
        image_id: The image it streams from.
        stack_id: The stack it serves: on Alibaba its delivery group; on AWS filled by
            ``fleets.get`` when it serves exactly one stack, else None (listings and waits
            leave it None: ask ``fleets.list_stacks``).
        display_name: Shown to users, if set.
        description: Its description (AWS only).
        created_at: When it was made if the cloud says.
        max_user_duration_seconds: The longest a session may last (AWS only).
        disconnect_timeout_seconds: How long a disconnected session is kept.
        idle_disconnect_timeout_seconds: Idle time before a user is disconnected; 0: never
            (AWS only).
        platform: The operating system, as the cloud names it (AWS ``WINDOWS_SERVER_2022``,
            Alibaba's OsType ``Windows``).
        max_sessions_per_instance: Sessions one instance (Alibaba: node) serves at once,
            when more than one may (AWS multi-session fleets; Alibaba NodeCapacity).
        max_concurrent_sessions: ELASTIC fleets: the most sessions at once.
        subnet_ids: Its VPC subnets (AWS).
        security_group_ids: Its security groups (AWS).
        iam_role_arn: The IAM role its instances assume (AWS).
        domain_join: The Active Directory domain its instances join (AWS).
        session_script: Where its session scripts are, ``s3://bucket/key`` (AWS).
        office_site_id: The office network it runs in (Alibaba).
        errors: The reasons the cloud gives for its trouble.
        raw: The provider's own payload, read-only (an escape hatch; not compared by ``==``).
    """

    id: str
    name: str
    provider: Provider
    region: str
    state: FleetState
    raw_state: str
    instance_type: str
    capacity: Capacity
    fleet_type: FleetType = FleetType.UNKNOWN
    image_id: str | None = None
    stack_id: str | None = None
    display_name: str | None = None
    description: str | None = None
    created_at: datetime | None = None
    max_user_duration_seconds: int | None = None
    disconnect_timeout_seconds: int | None = None
    idle_disconnect_timeout_seconds: int | None = None
    platform: str | None = None
    max_sessions_per_instance: int | None = None
    max_concurrent_sessions: int | None = None
    subnet_ids: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    iam_role_arn: str | None = None
    domain_join: DomainJoin | None = None
    session_script: str | None = None
    office_site_id: str | None = None
    errors: tuple[ResourceError, ...] = ()
    raw: Mapping[str, Any] = _raw_field()


@attrs.frozen(kw_only=True)
class Image:
    """An image that fleets and image builders start from.

    Args:
        id: AWS: the image name; Alibaba: the ``img-`` id.
        name: Its name.
        provider: The cloud it lives in.
        region: The region it lives in.
        state: The neutral state; see :class:`ImageState`.
        raw_state: The cloud's own state string, kept when ``state`` is ``UNKNOWN`` too.
        platform: The operating system, as the cloud names it.
        visibility: AWS: ``PUBLIC``, ``PRIVATE`` or ``SHARED``; Alibaba: the image type.
        display_name: Shown to users, if set.
        description: Its description.
        created_at: When it was made if the cloud says.
        applications: The applications it offers.
        errors: The reasons the cloud gives for its trouble.
        raw: The provider's own payload, read-only (an escape hatch; not compared by ``==``).
    """

    id: str
    name: str
    provider: Provider
    region: str
    state: ImageState
    raw_state: str
    platform: str | None = None
    visibility: str | None = None
    display_name: str | None = None
    description: str | None = None
    created_at: datetime | None = None
    applications: tuple[Application, ...] = ()
    errors: tuple[ResourceError, ...] = ()
    raw: Mapping[str, Any] = _raw_field()


@attrs.frozen(kw_only=True)
class ImagePermission:
    """Another account's use of a private image (AWS image sharing).

    Args:
        account_id: The 12-digit AWS account the image is shared with.
        fleets: Whether that account may start fleets from it.
        builders: Whether that account may start image builders from it.
    """

    account_id: str
    fleets: bool
    builders: bool


@attrs.frozen(kw_only=True)
class ImageUpdate:
    """What ``images.create_updated`` did (AWS managed image updates).

    Args:
        image: The new image, PENDING until patched (follow it with
            ``cloud.wait_until_image_available``); with ``dry_run``, the image asked about.
        updates_available: Whether the cloud has updates for the image (None: not said).
        dry_run: True when nothing was made.
    """

    image: Image
    updates_available: bool | None = None
    dry_run: bool = False


@attrs.frozen(kw_only=True)
class ImageBuilder:
    """The instance an image is made from. On Alibaba: a delivery group in debug mode.

    Args:
        id: AWS: the builder name; Alibaba: the delivery group id.
        name: Its name.
        provider: The cloud it lives in.
        region: The region it lives in.
        state: The neutral state; see :class:`ImageBuilderState`.
        raw_state: The cloud's own state string, kept when ``state`` is ``UNKNOWN`` too.
        instance_type: The instance type, if known.
        image_id: The image it started from, if known.
        display_name: Shown to users, if set.
        description: Its description.
        created_at: When it was made if the cloud says.
        platform: The operating system, as the cloud names it.
        agent_version: The streaming agent version it runs (AWS ``AppstreamAgentVersion``).
        iam_role_arn: The IAM role it assumes (AWS).
        domain_join: The Active Directory domain it joins (AWS).
        errors: The reasons the cloud gives for its trouble (AWS: a FAILED builder's
            StateChangeReason too).
        raw: The provider's own payload, read-only (an escape hatch; not compared by ``==``).
    """

    id: str
    name: str
    provider: Provider
    region: str
    state: ImageBuilderState
    raw_state: str
    instance_type: str | None = None
    image_id: str | None = None
    display_name: str | None = None
    description: str | None = None
    created_at: datetime | None = None
    platform: str | None = None
    agent_version: str | None = None
    iam_role_arn: str | None = None
    domain_join: DomainJoin | None = None
    errors: tuple[ResourceError, ...] = ()
    raw: Mapping[str, Any] = _raw_field()


@attrs.frozen(kw_only=True)
class Session:
    """A user's streaming session. On Alibaba: an app instance bound to a user.

    Args:
        id: The cloud's session id (Alibaba: the app instance id).
        user_id: The user streaming.
        stack_id: The stack streamed from.
        fleet_id: The fleet serving it.
        provider: The cloud it lives in.
        region: The region it lives in.
        state: The neutral state; see :class:`SessionState`.
        raw_state: The cloud's own state string, kept when ``state`` is ``UNKNOWN`` too.
        connection: Whether the user is connected now.
        started_at: When it started if the cloud says.
        expires_at: When it ends at the latest if the cloud says.
        persistent_id: Alibaba: the persistent session (``p-...``) it is, which
            ``sessions.connect(persistent_id=...)`` reconnects to; None otherwise.
        raw: The provider's own payload, read-only (an escape hatch; not compared by ``==``).
    """

    id: str
    user_id: str
    stack_id: str
    fleet_id: str
    provider: Provider
    region: str
    state: SessionState
    raw_state: str
    connection: ConnectionState = ConnectionState.UNKNOWN
    started_at: datetime | None = None
    expires_at: datetime | None = None
    persistent_id: str | None = None
    raw: Mapping[str, Any] = _raw_field()


@attrs.frozen(kw_only=True)
class StreamingAccess:
    """What a user needs to start streaming: a URL (AWS) or a connection ticket (Alibaba).

    The value is a :class:`Secret`; call :meth:`reveal` to hand it to the user.

    Args:
        kind: A URL (AWS) or a ticket (Alibaba).
        secret: The URL or ticket, hidden from ``repr``, logs and errors.
        provider: The cloud it lives in.
        region: The region it lives in.
        expires_at: When it stops working, if known.
        user_id: The user it is for.
        stack_id: The stack it streams from.
        session_id: The session it opens, if known (Alibaba: the app instance).
    """

    kind: AccessKind
    secret: Secret
    provider: Provider
    region: str
    expires_at: datetime | None = None
    user_id: str | None = None
    stack_id: str | None = None
    session_id: str | None = None

    def reveal(self) -> str:
        """The URL or ticket itself."""
        return self.secret.reveal()


@attrs.frozen(kw_only=True)
class Deployment:
    """A stack and the fleet that serves it, made in one step by ``cloud.deploy()``.

    Args:
        stack: The stack (Alibaba: the delivery group).
        fleet: The fleet (Alibaba: the group's node pool).
    """

    stack: Stack
    fleet: Fleet


@attrs.frozen(kw_only=True)
class Leftover:
    """A resource a failed deploy could not remove (see ``PartialDeployment.left``).

    Args:
        kind: "stack" or "fleet".
        id: The resource's id (a name, when its create was cut off before the answer).
        state: Its state as last seen; ``UNKNOWN`` when its create was cut off.
    """

    kind: str
    id: str
    state: str


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of a listing. Pass ``next_cursor`` back to ``list_page`` for the next.

    Args:
        items: This page's items (iterate the page, or ``len()`` it, directly).
        next_cursor: An opaque string for the next page; None after the last.
    """

    items: tuple[T, ...]
    next_cursor: str | None = None

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class FastLaunchState(str, enum.Enum):
    """EC2 Windows fast launch states (``enabling``, ``enabled-failed``, ... on the wire)."""

    ENABLING = "ENABLING"
    ENABLING_FAILED = "ENABLING_FAILED"
    ENABLED = "ENABLED"
    ENABLED_FAILED = "ENABLED_FAILED"
    DISABLING = "DISABLING"
    DISABLING_FAILED = "DISABLING_FAILED"
    UNKNOWN = "UNKNOWN"


_FAST_LAUNCH_FAILED = frozenset({FastLaunchState.ENABLING_FAILED, FastLaunchState.ENABLED_FAILED,
                                 FastLaunchState.DISABLING_FAILED})


@attrs.frozen(kw_only=True)
class LaunchTemplateRef:
    """An EC2 launch template by id or by name, and its version (``"1"``, ``"$Latest"``).

    Args:
        id: The template's id (``lt-`` and 8-17 hex digits); give it or ``name``.
        name: The template's name (3-128 chars).
        version: A version number, ``$Latest`` or ``$Default``; None: the default.
    """

    id: str | None = None
    name: str | None = None
    version: str | None = None


@attrs.frozen(kw_only=True)
class FastLaunchImage:
    """A Windows AMI pre-provisioned by EC2 fast launch. AWS only (EC2, not AppStream).

    ``errors`` holds the state reason while the state is one of the ``*_FAILED`` ones.

    Args:
        image_id: The AMI id (``ami-...``).
        provider: Always AWS.
        region: The region it lives in.
        state: The neutral state; see :class:`FastLaunchState`.
        raw_state: EC2's own state string (``enabling``, ``enabled-failed``, ...).
        resource_type: What is pre-provisioned (``snapshot``).
        snapshot_target_count: How many pre-provisioned snapshots EC2 keeps ready.
        launch_template: The launch template EC2 launches from, if any.
        max_parallel_launches: How many instances EC2 launches at once to prepare them.
        owner_id: The AMI owner's account id.
        state_reason: Why the state is what it is (EC2's words).
        state_changed_at: When the state last changed.
        raw: The provider's own payload, read-only (an escape hatch; not compared by ``==``).
    """

    image_id: str
    provider: Provider
    region: str
    state: FastLaunchState
    raw_state: str
    resource_type: str | None = None
    snapshot_target_count: int | None = None
    launch_template: LaunchTemplateRef | None = None
    max_parallel_launches: int | None = None
    owner_id: str | None = None
    state_reason: str | None = None
    state_changed_at: datetime | None = None
    raw: Mapping[str, Any] = _raw_field()

    @property
    def errors(self) -> tuple[ResourceError, ...]:
        """The state reason as a :class:`ResourceError` when the state is a failure."""
        if self.state not in _FAST_LAUNCH_FAILED:
            return ()
        return (ResourceError(code=self.raw_state or self.state.value,
                              message=self.state_reason or "", time=self.state_changed_at),)


@attrs.frozen(kw_only=True)
class Region:
    """A region the provider's streaming service runs in (``cloud.regions()``).

    Args:
        id: The region id (``us-east-1``, ``cn-shanghai``).
        provider: The cloud.
        raw: The provider's own payload, read-only (AWS: empty, the list is data).
    """

    id: str
    provider: Provider
    raw: Mapping[str, Any] = _raw_field()


@attrs.frozen(kw_only=True)
class InstanceType:
    """What a fleet or image builder can run on (``cloud.instance_types()``).

    Figures are None where the provider does not say.

    Args:
        name: The name a spec takes as ``instance_type``.
        provider: The cloud.
        family: Its family (``stream.graphics.g5``, ``appstreaming.vgpu``).
        display_name: The provider's own description, if any.
        cpu: vCPUs.
        memory_mib: Memory, in MiB.
        gpu: GPUs (Alibaba: the share of one GPU, e.g. 0.25).
        gpu_memory_mib: GPU memory, in MiB.
        max_sessions: Sessions one instance or node can host (Alibaba's ``MaxCapacity``).
        raw: The provider's own payload, read-only (an escape hatch; not compared by ``==``).
    """

    name: str
    provider: Provider
    family: str | None = None
    display_name: str | None = None
    cpu: float | None = None
    memory_mib: int | None = None
    gpu: float | None = None
    gpu_memory_mib: int | None = None
    max_sessions: int | None = None
    raw: Mapping[str, Any] = _raw_field()


@attrs.frozen(kw_only=True)
class SessionBinding:
    """Where a user is bound, across stacks (``sessions.bindings``). Alibaba: ListBindInfo.

    Args:
        user_id: The user.
        stack_id: The stack (delivery group) the user is bound in.
        session_id: The session (app instance) the user is bound to.
        provider: The cloud.
        region: The region the stack lives in.
        app_id: The application the binding was made for, if any.
        raw: The provider's own payload, read-only (an escape hatch; not compared by ``==``).
    """

    user_id: str
    stack_id: str
    session_id: str
    provider: Provider
    region: str
    app_id: str | None = None
    raw: Mapping[str, Any] = _raw_field()


@attrs.frozen(kw_only=True)
class UserGroup:
    """A group of users entitled to a stack as one (``stacks.list_user_groups``). Alibaba only.

    Args:
        id: The user group's id.
        name: Its name.
        stack_id: The stack (delivery group) it is entitled to.
        provider: The cloud.
        region: The region the stack lives in.
        raw: The provider's own payload, read-only (an escape hatch; not compared by ``==``).
    """

    id: str
    name: str
    stack_id: str
    provider: Provider
    region: str
    raw: Mapping[str, Any] = _raw_field()
