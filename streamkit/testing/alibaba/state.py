"""The simulated service's resources and the state machines that move them on the clock.

Nothing runs in the background: every slow step (a group's deploy or maintenance, an image's
creation or distribution, a ticket task) is scheduled on the service's scheduler, which applies
what is due before each request and each control.
"""

from __future__ import annotations

import math
import secrets
from datetime import datetime, timezone
from typing import Any, Final

import attrs

from streamkit.testing.alibaba.catalog import NODE_INSTANCE_TYPES, REGIONS, SYSTEM_IMAGES
from streamkit.testing.alibaba.errors import ApiError, group_not_found
from streamkit.testing.alibaba.settings import AlibabaTimings
from streamkit.testing.alibaba.workstations import Workstations
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.service import ServiceState
from streamkit.testing.core.tokens import TokenCodec

__all__ = [
    "BOUND_STATUSES",
    "AlibabaState",
    "AppInstance",
    "BrowserGroup",
    "Failure",
    "Group",
    "GroupStatus",
    "Image",
    "ImageDistribution",
    "NodePool",
    "OtaTask",
    "PersistentSession",
    "TicketTask",
    "Transition",
    "UserGroup",
    "iso_time",
    "new_id",
]

#: how long an approved OTA update runs
OTA_SECONDS: Final = 600
_ID_ALPHABET: Final = "abcdefghijklmnopqrstuvwxyz0123456789"


def new_id(prefix: str, length: int = 17) -> str:
    """A fresh id: ``prefix`` + ``-`` + ``length`` lower-case letters and digits."""
    return f"{prefix}-{''.join(secrets.choice(_ID_ALPHABET) for _ in range(length))}"


def iso_time(epoch: float) -> str:
    """The service's timestamp format (UTC, milliseconds)."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+00:00"


class GroupStatus:
    """Delivery group ``Status`` values the simulation uses."""

    DEPLOYING: Final = "DEPLOYING"
    PUBLISHED: Final = "PUBLISHED"
    FAILED: Final = "FAILED"
    MAINTAINING: Final = "MAINTAINING"
    MAINTAIN_FAILED: Final = "MAINTAIN_FAILED"
    DELETING: Final = "DELETING"


@attrs.frozen
class Failure:
    """Why something failed: a code and a message."""

    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """``{"code": ..., "message": ...}``."""
        return {"code": self.code, "message": self.message}


@attrs.define
class NodePool:
    """A delivery group's node pool (the neutral fleet)."""

    pool_id: str
    instance_type: str
    node_amount: int
    node_capacity: int
    strategy_type: str = "NODE_FIXED"
    max_scaling_amount: int | None = None
    scaling_step: int | None = None
    scaling_usage_threshold: str | None = None
    scaling_down_after_idle_minutes: int | None = None
    max_idle_app_instance_amount: int | None = None
    warm_up: bool = False
    strategy_enable_date: str | None = None
    strategy_disable_date: str | None = None
    recurrence_schedules: list[dict[str, Any]] = attrs.field(factory=list)
    node_ids: list[str] = attrs.field(factory=list)

    def copy(self) -> NodePool:
        """An independent copy (lists included), to restore after a failed change."""
        return attrs.evolve(self, recurrence_schedules=[dict(s) for s in self.recurrence_schedules],
                            node_ids=list(self.node_ids))

    @property
    def type_name(self) -> str:
        """The instance type's display name."""
        spec = NODE_INSTANCE_TYPES.get(self.instance_type)
        return spec.type_name if spec else self.instance_type

    @property
    def max_nodes(self) -> int:
        """Nodes the pool may run: fixed nodes plus, when scaling by usage, the scale-out room."""
        extra = self.max_scaling_amount or 0
        return self.node_amount + (extra if self.strategy_type == "NODE_SCALING_BY_USAGE" else 0)

    def node(self, index: int) -> str:
        """The id of node ``index``, created on first use."""
        while len(self.node_ids) <= index:
            self.node_ids.append(new_id("i", 20))
        return self.node_ids[index]


@attrs.define
class Transition:
    """A group change in progress, completed when the clock reaches ``due``."""

    kind: str  # "deploy" | "modify" | "update_image" | "delete"
    due: float
    image_id: str | None = None
    previous_pool: NodePool | None = None
    failure: Failure | None = None


@attrs.define
class BrowserGroup:
    """A cloud browser (browser instance group) and the settings ModifyBrowserInstanceGroup
    changes; bookmarks and allowed domains are kept as the API shows them."""

    group_id: str
    name: str
    region: str
    created: float
    status: str = "RUNNING"
    homepage: str = "https://www.aliyun.com"
    browser_param: str = ""
    bookmarks: list[dict[str, str]] = attrs.field(factory=list)
    clipboard: str = "off"
    frame_rate: int = 30
    watermark: str = "off"
    session_timeout: int = 15
    allowed_urls: list[dict[str, str]] = attrs.field(factory=list)

    def copy(self) -> BrowserGroup:
        """A copy a change can be tried on."""
        return attrs.evolve(self, bookmarks=[dict(b) for b in self.bookmarks],
                            allowed_urls=[dict(u) for u in self.allowed_urls])


@attrs.define
class OtaTask:
    """An over-the-air update offered to one group: STANDBY until approved, RUNNING from its
    start time for ``OTA_SECONDS``, then FINISHED (the group then runs ``version``)."""

    task_id: str
    ota_type: str
    version: str
    release_note: str
    published: float
    start_time: float | None = None

    def status(self, now: float) -> str:
        """``TaskDisplayStatus`` at ``now``."""
        if self.start_time is None or now < self.start_time:
            return "STANDBY"
        return "RUNNING" if now < self.start_time + OTA_SECONDS else "FINISHED"


@attrs.define
class Group:
    """A delivery group (the neutral stack), owner of exactly one node pool."""

    group_id: str
    name: str
    region: str
    image_id: str
    charge_type: str
    charge_resource_mode: str
    session_timeout: int
    auth_mode: str
    debug_mode: bool
    node_pool: NodePool
    created: float
    sequence: int
    order_id: str
    period: int = 1
    period_unit: str = "Month"
    auto_renew: bool = False
    status: str = GroupStatus.DEPLOYING
    resource_status: str = "CREATING"
    modified: float = 0.0
    runtime_policy: dict[str, Any] = attrs.field(factory=dict)
    skip_user_auth_check: bool = False
    # SecurityPolicy / StoragePolicy / VideoPolicy as last set (the group's answer shows
    # only SkipUserAuthCheck of them)
    policies: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    office_site_id: str | None = None  # Network.OfficeSiteId
    tags: dict[str, str] = attrs.field(factory=dict)
    users: list[str] = attrs.field(factory=list)
    user_groups: list[str] = attrs.field(factory=list)  # authorized user group ids
    transition: Transition | None = None
    failure: Failure | None = None  # why the last deploy or maintenance failed
    armed_failure: Failure | None = None  # makes the next maintenance fail
    armed_immediately: bool = False  # ... inside the call that starts it
    debug_instance_id: str | None = None
    renewed_days: int = 0  # added to the subscription by paid renewals
    app_policy_id: str = attrs.field(factory=lambda: new_id("pg", 14))  # its display policy
    ota_version: str = "1.0.0-R-20260101.000000"  # the Workspace components it runs
    ota_tasks: list[OtaTask] = attrs.field(factory=list)  # in publishing order

    def start(self, transition: Transition, now: float) -> None:
        """Begin ``transition``; a failure armed by a test control goes with it."""
        if transition.kind != "delete" and self.armed_failure is not None:
            transition.failure, self.armed_failure = self.armed_failure, None
            if self.armed_immediately:
                transition.due = now
        self.transition = transition


@attrs.define
class PersistentSession:
    """A persistent session (``p-``): an app instance kept for its authorized users."""

    persistent_id: str
    name: str
    group_id: str
    instance_id: str
    created: float
    sequence: int
    authorized_users: list[str] = attrs.field(factory=list)
    status: str = "RUNNING"


@attrs.define
class UserGroup:
    """A group of end users of the account (``ug-``), authorized on groups as one."""

    group_id: str
    name: str
    members: list[str] = attrs.field(factory=list)


@attrs.define
class ImageDistribution:
    """One destination region of a StartTaskForDistributeImage task."""

    region: str
    task_id: str
    started: float
    due: float
    status: str = "CREATING"


@attrs.define
class Image:
    """An app-center image (``img-``): System images are seeded, User images are captured."""

    image_id: str
    name: str
    image_type: str
    status: str
    created: float
    sequence: int
    os_type: str = "Windows"
    platform_name: str = "Windows Server 2019"
    description: str = ""
    apps: list[tuple[str, str]] = attrs.field(factory=list)
    regions: list[str] = attrs.field(factory=list)
    version_id: str = attrs.field(factory=lambda: new_id("v", 17))
    base_image_id: str | None = None
    create_mode: str | None = None
    ready_at: float | None = None
    failure: Failure | None = None
    distributions: list[ImageDistribution] = attrs.field(factory=list)
    modified: float = 0.0


@attrs.define
class AppInstance:
    """A session slot (``ai-``) of a group; bound to an end user while ``user_id`` is set."""

    instance_id: str
    group_id: str
    status: str
    created: float
    sequence: int
    node_id: str
    network_interface_id: str
    ip: str
    session_status: str | None = None
    user_id: str | None = None
    app_id: str | None = None
    bound_at: float | None = None
    modified: float = 0.0


@attrs.define
class TicketTask:
    """An asynchronous GetConnectionTicket task."""

    task_id: str
    user_id: str
    app_id: str
    group_id: str
    instance_id: str
    region: str
    created: float
    due: float
    ticket: str
    took_slot: bool = True  # False when the user was already bound there (a reconnect)
    status: str = "Running"
    failure: Failure | None = None


BOUND_STATUSES: Final = frozenset({"BOUND", "RUNNING"})


class AlibabaState(ServiceState):
    """Every resource of one simulated account, across BizRegionIds."""

    def __init__(self, clock: EmulatorClock, tokens: TokenCodec,
                 timings: AlibabaTimings) -> None:
        super().__init__(clock, tokens)
        self.timings = timings
        self.groups: dict[str, Group] = {}
        self.images: dict[str, Image] = {}
        self.instances: dict[str, AppInstance] = {}  # in creation order
        self._group_instances: dict[str, dict[str, AppInstance]] = {}
        self.tasks: dict[str, TicketTask] = {}
        self.user_groups: dict[str, UserGroup] = {}  # the account's user directory
        self.persistent: dict[str, PersistentSession] = {}
        self.ticket_failure: Failure | None = None
        self.expiry_reminder = True  # the tenant's AppInstanceGroupExpireRemind
        self.workstations = Workstations(self.scheduler)
        self.browsers: dict[str, BrowserGroup] = {}
        self._sequence = 0
        self._seed_images(clock.now())

    def next_sequence(self) -> int:
        """A number that orders resources by creation."""
        self._sequence += 1
        return self._sequence

    def _seed_images(self, now: float) -> None:
        for seed in SYSTEM_IMAGES:
            self.images[seed.image_id] = Image(
                image_id=seed.image_id, name=seed.name, image_type="System", status="AVAILABLE",
                created=now, modified=now, sequence=self.next_sequence(),
                platform_name=seed.platform_name, description=seed.description,
                apps=list(seed.apps), regions=list(REGIONS), create_mode="BY_SNAPSHOT_ID",
                version_id=seed.image_id.replace("img-", "v-"),
            )

    # -- lookups -------------------------------------------------------------------------

    def group(self, group_id: str) -> Group:
        """The group, or ``InvalidAppInstanceGroup.NotFound``."""
        found = self.groups.get(group_id)
        if found is None:
            raise group_not_found(group_id)
        return found

    def image(self, image_id: str) -> Image:
        """The image, or ``InvalidAppCenterImageId.NotFound``."""
        found = self.images.get(image_id)
        if found is None:
            raise ApiError("InvalidAppCenterImageId.NotFound",
                           f"The specified image {image_id} does not exist.")
        return found

    def entitled(self, group: Group, user: str) -> bool:
        """Whether ``user`` may use ``group``: authorized, as a user or through a user group."""
        return (group.skip_user_auth_check or user in group.users
                or any(user in self.user_groups[g].members for g in group.user_groups
                       if g in self.user_groups))

    def instances_of(self, group_id: str) -> list[AppInstance]:
        """The group's app instances in creation order."""
        return list(self._group_instances.get(group_id, {}).values())

    def bound_count(self, group_id: str) -> int:
        """How many of the group's instances are bound to a user."""
        return sum(1 for i in self._group_instances.get(group_id, {}).values()
                   if i.user_id is not None and i.status in BOUND_STATUSES)

    def nodes_in_use(self, group: Group) -> int:
        """Nodes needed to host the group's bound sessions."""
        return math.ceil(self.bound_count(group.group_id) / max(group.node_pool.node_capacity, 1))

    def groups_using_image(self, image_id: str) -> list[Group]:
        """Groups running ``image_id`` or switching to it."""
        return [g for g in self.groups.values()
                if g.image_id == image_id
                or (g.transition is not None and g.transition.image_id == image_id)]

    # -- changes ---------------------------------------------------------------------------

    def new_instance(self, group: Group, now: float) -> AppInstance:
        """A fresh app instance on the node its position falls on."""
        siblings = self._group_instances.setdefault(group.group_id, {})
        position = len(siblings)
        node_index = position // max(group.node_pool.node_capacity, 1)
        octets = secrets.randbelow(250) + 2, secrets.randbelow(250) + 2
        instance = AppInstance(
            instance_id=new_id("ai"), group_id=group.group_id, status="IDLE", created=now,
            modified=now, sequence=self.next_sequence(), node_id=group.node_pool.node(node_index),
            network_interface_id=new_id("eni", 20), ip=f"10.0.{octets[0]}.{octets[1]}",
        )
        self.instances[instance.instance_id] = instance
        siblings[instance.instance_id] = instance
        return instance

    def bind(self, instance: AppInstance, user_id: str, app_id: str | None, now: float,
             *, status: str = "BOUND", session_status: str | None = "disconnect") -> None:
        """Bind ``instance`` to ``user_id``."""
        instance.user_id = user_id
        instance.app_id = app_id
        instance.status = status
        instance.session_status = session_status
        instance.bound_at = now
        instance.modified = now

    def unbind(self, instance: AppInstance, now: float) -> None:
        """Free ``instance``: it goes back to IDLE with no user."""
        instance.user_id = None
        instance.app_id = None
        instance.status = "IDLE"
        instance.session_status = None
        instance.bound_at = None
        instance.modified = now

    def remove_instance(self, instance: AppInstance) -> None:
        """Forget one app instance."""
        self.instances.pop(instance.instance_id, None)
        self._group_instances.get(instance.group_id, {}).pop(instance.instance_id, None)

    def remove_group(self, group_id: str) -> None:
        """Forget a group and everything that lived in it."""
        self.groups.pop(group_id, None)
        for instance_id in self._group_instances.pop(group_id, {}):
            del self.instances[instance_id]
        self.persistent = {k: v for k, v in self.persistent.items() if v.group_id != group_id}
        for task in self.tasks.values():
            if task.group_id == group_id and task.status == "Running":
                task.status = "Failed"
                task.failure = Failure("InvalidAppInstanceGroup.NotFound",
                                       f"The delivery group {group_id} was deleted.")

    # -- the clock ---------------------------------------------------------------------------

    def begin(self, group: Group, transition: Transition, now: float) -> None:
        """Start ``transition`` on ``group``; it completes when the clock reaches its due time."""
        group.start(transition, now)
        self.reschedule(group, transition)

    def reschedule(self, group: Group, transition: Transition) -> None:
        """(Re)arm ``transition`` at its due time; a superseded arming does nothing."""
        def finish(at: float) -> None:
            if group.transition is transition and transition.due == at:
                self._finish_group(group, transition, at)

        self.scheduler.at(transition.due, finish)

    def add_image(self, image: Image) -> None:
        """Keep ``image``; a CREATING one with ``ready_at`` finishes then."""
        self.images[image.image_id] = image
        ready_at = image.ready_at
        if image.status != "CREATING" or ready_at is None:
            return

        def finish(at: float) -> None:
            if (self.images.get(image.image_id) is image and image.status == "CREATING"
                    and image.ready_at == at):
                image.status = "CREATE_FAILED" if image.failure is not None else "AVAILABLE"
                image.modified = at

        self.scheduler.at(ready_at, finish)

    def distribute(self, image: Image, distribution: ImageDistribution) -> None:
        """Copy ``image`` to ``distribution.region``; AVAILABLE there at its due time."""
        image.distributions.append(distribution)

        def finish(at: float) -> None:
            if distribution.status == "CREATING":
                distribution.status = "AVAILABLE"
                if distribution.region not in image.regions:
                    image.regions.append(distribution.region)
                image.modified = at

        self.scheduler.at(distribution.due, finish)

    def add_task(self, task: TicketTask) -> None:
        """Keep a GetConnectionTicket task; it finishes (or fails) at its due time."""
        self.tasks[task.task_id] = task

        def finish(at: float) -> None:
            if task.status == "Running":
                self._finish_task(task, at)

        self.scheduler.at(task.due, finish)

    def _finish_group(self, group: Group, transition: Transition, now: float) -> None:
        group.transition = None
        group.modified = now
        if transition.kind == "delete":
            self.remove_group(group.group_id)
            return
        failure = transition.failure
        if failure is not None:
            group.failure = failure
            if transition.kind == "deploy":
                group.status, group.resource_status = GroupStatus.FAILED, "UNAVAILABLE"
            else:
                group.status, group.resource_status = GroupStatus.MAINTAIN_FAILED, "AVAILABLE"
                if transition.previous_pool is not None:
                    group.node_pool = transition.previous_pool
            return
        group.failure = None
        group.status, group.resource_status = GroupStatus.PUBLISHED, "AVAILABLE"
        if transition.kind == "update_image" and transition.image_id is not None:
            group.image_id = transition.image_id
            # A new image restarts the sessions: clients are disconnected.
            for instance in self.instances_of(group.group_id):
                if instance.session_status == "connect":
                    instance.session_status = "disconnect"
                    instance.modified = now

    def _finish_task(self, task: TicketTask, now: float) -> None:
        instance = self.instances.get(task.instance_id)
        failure = self.ticket_failure
        if failure is None and (instance is None or instance.user_id != task.user_id):
            failure = Failure("TryRegionBind.BindExistingAppInstanceFail",
                              "The app instance was released before the app started.")
        if failure is not None:
            task.status, task.failure = "Failed", failure
            if task.took_slot and instance is not None and instance.user_id == task.user_id:
                self.unbind(instance, now)
            return
        task.status = "Finished"
