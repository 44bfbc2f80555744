"""The Alibaba Cloud App Streaming adapter: neutral operations as appstream-center calls.

A Stack is a delivery group (``aig-...``); its node pool is the Fleet (id
``aig-.../rg-...``); a delivery group in debug mode, tagged by streamkit, is an ImageBuilder.
The operations are declared in :mod:`streamkit.providers.alibaba.operations`; this module
picks which to run and composes the few that take more than one call. The SDK's own retries
are off; :class:`~streamkit.RetryPolicy` retries.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn, TypeVar

import attrs

from streamkit.calls import Body, CallContext
from streamkit.credentials import Credentials
from streamkit.errors import (
    Conflict,
    NotFound,
    ProviderError,
    UnsupportedOperation,
    ValidationError,
)
from streamkit.extensions import Waiting
from streamkit.models import (
    AccessKind,
    Deployment,
    Fleet,
    FleetType,
    Image,
    ImageBuilder,
    Provider,
    Region,
    Session,
    SessionState,
    Stack,
    StreamingAccess,
)
from streamkit.paging import FetchPage, bad_token, walk
from streamkit.providers.alibaba import operations as ops
from streamkit.providers.alibaba import translate
from streamkit.providers.alibaba.extensions import AlibabaExtension
from streamkit.providers.alibaba.operations import OPERATIONS, PAGINATORS
from streamkit.providers.alibaba.transport import AlibabaTransport, AsyncAlibabaTransport
from streamkit.providers.alibaba.wire import WIRE
from streamkit.providers.base import AdapterBase, Capability, PageResult, ResourceKind, unsupported
from streamkit.providers.redaction import guard_sdk_logs
from streamkit.specs import (
    AlibabaFleetOptions,
    DeploymentSpec,
    FleetUpdate,
    ImageBuilderSpec,
    StackUpdate,
)
from streamkit.teardown import UNKNOWN, Remains, Teardown, roll_back
from streamkit.transport import Bridge, Transport
from streamkit.waiting import PollSchedule, WaitSpec, wait_for

__all__ = ["AlibabaAdapter", "make_adapter"]

T = TypeVar("T")
_Found = TypeVar("_Found", Stack, Fleet, Image, ImageBuilder)

ENDPOINT_RE = re.compile(r"[A-Za-z0-9.\-\[\]:]+")

CAPABILITIES = frozenset({
    Capability.STACK_UPDATE, Capability.STACK_DELETE, Capability.FLEET_UPDATE,
    Capability.FLEET_SCALE, Capability.NATIVE_DEPLOY, Capability.IMAGE_DELETE,
    Capability.IMAGE_COPY, Capability.IMAGE_BUILDER, Capability.IMAGE_BUILDER_CREATE_IMAGE,
    Capability.IMAGE_BUILDER_CONNECT, Capability.SESSIONS, Capability.STREAMING_ACCESS,
    Capability.STACK_TAGS, Capability.FLEET_TAGS, Capability.IMAGE_BUILDER_TAGS,
    Capability.STACK_USERS, Capability.FLEET_INSTANCES, Capability.FLEET_SUBSCRIPTION,
    Capability.SESSION_BINDINGS, Capability.SESSION_INSTANCES, Capability.STACK_USER_GROUPS,
    Capability.ALIBABA_BILLING, Capability.ALIBABA_POLICIES, Capability.ALIBABA_TENANT,
    Capability.ALIBABA_OTA, Capability.ALIBABA_BROWSERS,
    Capability.PERSISTENT_SESSIONS, Capability.IMAGE_FROM_INSTANCE,
    Capability.ALIBABA_WORKSTATIONS,
})
_DEPLOY = "a delivery group is a stack and its fleet at once: create both with cloud.deploy()"
_GROUP_TAGS = "tags on Alibaba belong to delivery groups (stacks, fleets, image builders)"
HINTS: Mapping[Capability, str] = {
    Capability.IMAGE_SHARING: "appstream-center has no API to share an image with another "
                              "account; copy it to another region with cloud.images.copy()",
    Capability.IMAGE_MANAGED_UPDATE: "patch it in an image builder: "
                                     "cloud.image_builders.create() from the image, update it, "
                                     "then cloud.image_builders.create_image()",
    Capability.STACK_CREATE: _DEPLOY,
    Capability.FLEET_CREATE: _DEPLOY,
    Capability.FLEET_DELETE: "a fleet is deleted with its delivery group: cloud.stacks.delete()",
    Capability.FLEET_START_STOP: "a node pool runs while its delivery group exists: change its "
                                 "size with cloud.fleets.scale(), or delete the stack",
    Capability.FLEET_ASSOCIATION: "each delivery group owns exactly one node pool; "
                                  "fleet.stack_id names it",
    Capability.IMAGE_BUILDER_START_STOP: "a debug delivery group cannot be stopped: delete it "
                                         "with cloud.image_builders.delete() when done",
    Capability.STREAMING_URL_VALIDITY: "connection tickets have no validity parameter; leave "
                                       "validity out",
    Capability.TAGS: _GROUP_TAGS,
    Capability.IMAGE_TAGS: f"{_GROUP_TAGS}, not images",
    Capability.FAST_LAUNCH: "Windows fast launch is an EC2 feature with no App Streaming "
                            "equivalent",
}
_GROUPS = PAGINATORS["ListAppInstanceGroup"].max_page
#: largest page_size per listing: the paginators' limits (stack fleets: one per group)
PAGE_LIMITS: Mapping[str, int] = {
    **{listing: _GROUPS for listing in ("stacks", "fleets", "stack_fleets", "image_builders")},
    "fleet_stacks": 1,
    "images": PAGINATORS["ListImage"].max_page,
    "sessions": PAGINATORS["ListAppInstances"].max_page,
    "stack_users": PAGINATORS["PageListAppInstanceGroupUser"].max_page,
    "fleet_instances": PAGINATORS["ListNodes"].max_page,
    "session_bindings": PAGINATORS["ListBindInfo"].max_page,
    "stack_user_groups": PAGINATORS["ListAuthorizedUserGroups"].max_page,
    "persistent_sessions": PAGINATORS["ListPersistentAppInstances"].max_page,
}
#: fields a change cannot touch on Alibaba, per update
FIXED_STACK_FIELDS = ("description", "redirect_url", "feedback_url")
FIXED_FLEET_FIELDS = ("instance_type", "description", "max_user_duration_seconds",
                      "idle_disconnect_timeout_seconds")
#: FleetSpec / FleetUpdate / ImageBuilderSpec fields only AppStream has
#: (a spec's subnets and security groups are ignored here, as documented; an update's are not)
AWS_ONLY_FLEET_FIELDS = ("platform", "desired_sessions", "iam_role_arn", "domain_join",
                         "session_script", "max_concurrent_sessions", "agent_version")
AWS_ONLY_HINT = "AWS only: a delivery group has no such setting"
MIN_NODES = 1  # a node pool is never empty
#: beyond the client's timeout, how long a create the client gave up on may still arrive
#: (held in a proxy or a queue), and how often the listing is read again in that time
AMBIGUITY_MARGIN = 5.0
AMBIGUITY_POLLS = 3

TICKET_READY = WaitSpec(name="connection ticket",
                        success=frozenset({translate.TaskState.FINISHED}),
                        failure=frozenset({translate.TaskState.FAILED}), timeout=120.0)
TICKET_POLL = PollSchedule(initial=0.5, factor=1.5, cap=2.0)
_OP = OPERATIONS


def _mapped(fetch: FetchPage[Any], item: Callable[[Any], T | None]) -> FetchPage[T]:
    """``fetch`` with each item turned by ``item`` (None drops it); tokens unchanged."""

    def page(token: Any, page_size: int | None) -> tuple[list[T], Any]:
        items, following = fetch(token, page_size)
        return [found for found in map(item, items) if found is not None], following

    return page


@attrs.define
class _Made:
    """What a create has made so far, for a rollback: the group's id once its answer came,
    and until then how to look for a group the create made."""

    group_id: str | None = None
    find: Callable[[], str | None] | None = None


def _not_found(message: str, code: str = "InvalidAppInstanceGroup.NotFound") -> NotFound:
    return NotFound(message, provider=Provider.ALIBABA, operation="GetAppInstanceGroup",
                    code=code)


class AlibabaAdapter(AdapterBase):
    """Translates neutral calls to appstream-center 2021-09-01 through the Tea SDK client."""

    provider = Provider.ALIBABA
    capabilities = CAPABILITIES
    hints = HINTS
    page_limits = PAGE_LIMITS
    operation_names = frozenset(WIRE)

    def __init__(self, context: CallContext, transport: Transport,
                 ambiguity: float = 0.0) -> None:
        super().__init__(context, transport)
        #: how long after an ambiguous create the cloud may still carry it out
        self._ambiguity = ambiguity

    def extension(self, wait: Waiting) -> AlibabaExtension:
        return AlibabaExtension(self._extension_context(wait))

    # Delivery groups: what stacks, fleets and image builders are ---------------------------

    def _group(self, group_id: str, field: str) -> Mapping[str, Any]:
        translate.check_group_id(field, group_id)
        group: Mapping[str, Any] | None = self._calls.run(_OP["GetAppInstanceGroup"], group_id)
        if group is None:
            raise _not_found(f"delivery group {group_id} does not exist")
        return group

    def _groups(self, builders: bool, to: Callable[[Mapping[str, Any], str], T]
                ) -> FetchPage[T]:
        """The region's delivery groups (image builders or the others) as ``to`` reads them."""
        region = self.region

        def item(group: Mapping[str, Any]) -> T | None:
            return to(group, region) if translate.is_builder(group) == builders else None

        return _mapped(self._calls.pages(_OP["ListAppInstanceGroup"], region, builders), item)

    def _create_group(self, name: str, image_id: str, pool: Mapping[str, Any],
                      timeout_minutes: int, debug: bool, tags: Mapping[str, str],
                      made: _Made | None = None,
                      policies: Mapping[str, Any] | None = None,
                      billing: AlibabaFleetOptions = ops.PAY_AS_YOU_GO) -> str:
        # Names are not unique keys here, and the API takes no client token nor tags: note
        # the groups that bear this name already, so that after an ambiguous failure only a
        # group new since then, made as this call asked and untagged, can be this call's.
        # Another client's group of that name is not; nor is it a conflict (names repeat).
        create = _OP["CreateAppInstanceGroup"]
        args = (self.region, name, image_id, pool, timeout_minutes, debug, policies, billing)
        params = create.request(*args)

        def named() -> dict[str, Mapping[str, Any]]:
            listing = self._calls.pages(_OP["ListAppInstanceGroup"], self.region, False, name,
                                        image_id)
            return {str(g["AppInstanceGroupId"]): g for g in walk(listing)
                    if g.get("AppInstanceGroupName") == name and g.get("AppInstanceGroupId")}

        before = set(named())

        def ours() -> list[str]:
            return [group_id for group_id, group in named().items()
                    if group_id not in before and translate.as_created(group, params)]

        def reconcile() -> Body | None:
            # The request may still reach the cloud after the client gave up on it: look
            # again over the ambiguity window before concluding that nothing was made.
            clock, polls = self._context.clock, AMBIGUITY_POLLS
            new = ours()
            while not new and polls > 0:
                clock.sleep(self._ambiguity / AMBIGUITY_POLLS)
                polls -= 1
                new = ours()
            if len(new) > 1:
                raise Conflict(f"{len(new)} new delivery groups named {name!r} appeared; "
                               "cannot tell which one this call created",
                               provider=self.provider, operation=create.name,
                               code="AmbiguousCreate")
            return {"AppInstanceGroupModel": {"AppInstanceGroupId": new[0]}} if new else None

        if made is not None:
            def find() -> str | None:
                found = reconcile()
                return None if found is None else str(
                    found["AppInstanceGroupModel"]["AppInstanceGroupId"])

            made.find = find
        group_id: str = self._calls.run(create, *args, reconcile=reconcile)
        if made is not None:
            made.group_id = group_id
        try:
            self._tag_group(group_id, tags)
        except ProviderError:
            self._calls.run(_OP["DeleteAppInstanceGroup"], group_id)
            raise
        return group_id

    def _tag_group(self, group_id: str, tags: Mapping[str, str]) -> None:
        if tags:
            self._calls.run(_OP["TagCloudResources"], group_id, tags)

    # Stacks --------------------------------------------------------------------------------

    def list_stacks(self, token: Any, page_size: int | None) -> PageResult:
        return self._groups(False, translate.stack)(token, page_size)

    def get_stack(self, stack_id: str) -> Stack:
        group = self._group(stack_id, "stack_id")
        if translate.is_builder(group):
            raise _not_found(f"{stack_id} is an image builder, not a stack")
        return translate.stack(group, self.region)

    def update_stack(self, stack_id: str, update: StackUpdate) -> Stack:
        self._refuse_fixed("stacks.update", update, FIXED_STACK_FIELDS,
                           "a delivery group has only a name to change")
        policies = (None if update.settings is None
                    else ops.group_policies(update.settings, "stacks.update", create=False))
        self.get_stack(stack_id)
        if update.display_name is not None or policies:
            self._calls.run(_OP["ModifyAppInstanceGroupAttribute"], stack_id,
                            update.display_name, None, policies)
        return self.get_stack(stack_id)

    def delete_stack(self, stack_id: str) -> None:
        self.get_stack(stack_id)
        self._calls.run(_OP["DeleteAppInstanceGroup"], stack_id)

    def list_stack_users(self, stack_id: str, token: Any, page_size: int | None) -> PageResult:
        self.get_stack(stack_id)
        return self._calls.pages(_OP["PageListAppInstanceGroupUser"], stack_id)(token, page_size)

    def _authorize(self, stack_id: str, ids: Sequence[str], grant: bool,
                   groups: bool = False) -> None:
        self.get_stack(stack_id)
        for start in range(0, len(ids), ops.USER_BATCH):
            self._calls.run(_OP["AuthorizeInstanceGroup"], stack_id,
                            ids[start:start + ops.USER_BATCH], grant, groups)

    def authorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        self._authorize(stack_id, user_ids, True)

    def unauthorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        self._authorize(stack_id, user_ids, False)

    def list_stack_user_groups(self, stack_id: str, token: Any, page_size: int | None
                               ) -> PageResult:
        self.get_stack(stack_id)
        return self._calls.pages(_OP["ListAuthorizedUserGroups"], stack_id)(token, page_size)

    def authorize_user_groups(self, stack_id: str, group_ids: Sequence[str]) -> None:
        self._authorize(stack_id, group_ids, True, groups=True)

    def unauthorize_user_groups(self, stack_id: str, group_ids: Sequence[str]) -> None:
        self._authorize(stack_id, group_ids, False, groups=True)

    # Fleets (node pools) -------------------------------------------------------------------

    def list_fleets(self, token: Any, page_size: int | None) -> PageResult:
        return self._groups(False, translate.fleet)(token, page_size)

    def get_fleet(self, fleet_id: str) -> Fleet:
        group = self._group(translate.split_fleet_id(fleet_id)[0], "fleet_id")
        fleet = translate.fleet(group, self.region)
        if fleet.id != fleet_id or translate.is_builder(group):  # another pool, or a builder
            raise _not_found(f"fleet {fleet_id} does not exist", "InvalidNodePoolId.NotFound")
        return fleet

    def list_fleet_stacks(self, fleet_id: str, token: Any, page_size: int | None, *,
                          known: bool = False) -> PageResult:
        # a node pool serves exactly its own delivery group
        return [self.get_fleet(fleet_id).stack_id or ""], None

    def update_fleet(self, fleet_id: str, update: FleetUpdate) -> Fleet:
        self._refuse_fixed("fleets.update", update, FIXED_FLEET_FIELDS,
                           "a node pool keeps it for life: deploy a new one")
        self._refuse_fixed("fleets.update", update,
                           (*AWS_ONLY_FLEET_FIELDS, "subnet_ids", "security_group_ids"),
                           AWS_ONLY_HINT)
        fleet = self.get_fleet(fleet_id)
        group_id = fleet.stack_id or ""
        per_node = update.max_sessions_per_instance
        capacity = None if per_node is None else (translate.split_fleet_id(fleet.id)[1],
                                                  per_node)
        if (update.display_name is not None or update.disconnect_timeout_seconds is not None
                or capacity is not None):
            self._calls.run(_OP["ModifyAppInstanceGroupAttribute"], group_id,
                            update.display_name, update.disconnect_timeout_seconds, None,
                            capacity)
        if update.image_id is not None:
            self._calls.run(_OP["UpdateAppInstanceGroupImage"], self.region, group_id,
                            update.image_id)
        return self.get_fleet(fleet_id)

    def scale_fleet(self, fleet_id: str, desired: int) -> Fleet:
        if desired < MIN_NODES:
            raise ValidationError("desired", "must be >= 1 on Alibaba (a node pool is never "
                                  "empty; delete the stack to release it)", desired)
        fleet = self.get_fleet(fleet_id)
        group_id, pool = fleet.stack_id or "", translate.node_pool(fleet.raw)
        if fleet.raw.get("ChargeType") != ops.SUBSCRIPTION:
            self._calls.run(_OP["ModifyNodePoolAttribute"], self.region, group_id, pool, desired)
            return self.get_fleet(fleet_id)
        # a subscription pool cannot be resized by ModifyNodePoolAttribute, and only grows
        bought = fleet.capacity.desired
        if desired == bought:
            return fleet
        if desired < bought:
            raise ValidationError("desired", f"must be more than the {bought} nodes of "
                                  f"subscription group {group_id}: a PrePaid node pool only "
                                  "grows", desired)
        self._calls.run(_OP["ModifyNodePoolAmount"], group_id, desired)
        return self.get_fleet(fleet_id)

    def list_fleet_instances(self, fleet_id: str, token: Any, page_size: int | None
                             ) -> PageResult:
        group_id = self.get_fleet(fleet_id).stack_id or ""
        return self._calls.pages(_OP["ListNodes"], group_id)(token, page_size)

    def deploy(self, spec: DeploymentSpec) -> Deployment:
        fleet = spec.fleet
        if fleet.fleet_type is FleetType.ELASTIC:
            raise UnsupportedOperation(self.provider, "deploy(fleet_type=ELASTIC)",
                                       "use FleetSpec(scaling=UsageScaling(...)) for a node "
                                       "pool that grows with use")
        timeout = (ops.session_timeout(fleet.disconnect_timeout_seconds)
                   or ops.DEFAULT_SESSION_TIMEOUT_MINUTES)
        self._refuse_fixed("deploy", fleet, AWS_ONLY_FLEET_FIELDS, AWS_ONLY_HINT)
        policies = {**ops.group_policies(spec.stack.settings, "deploy", create=True),
                    **ops.network(fleet)}
        made = _Made()
        try:
            group_id = self._create_group(spec.stack.name, fleet.image_id,
                                          ops.node_pool(fleet), timeout, False,
                                          {**spec.stack.tags, **fleet.tags}, made, policies,
                                          fleet.alibaba or ops.PAY_AS_YOU_GO)
            group = self._group(group_id, "stack_id")
        except BaseException as failure:
            self._roll_back(failure, spec.stack.name, made)
        return Deployment(stack=translate.stack(group, self.region),
                          fleet=translate.fleet(group, self.region))

    def _roll_back(self, failure: BaseException, name: str, made: _Made) -> NoReturn:
        """Delete the group a failed deploy made, and wait until it is gone."""
        remains = Remains()
        if made.group_id is not None:
            remains.stack_id = made.group_id
        elif made.find is not None and not isinstance(failure, Exception):
            # an interrupt cut the create off: the group may exist under an id not seen yet
            remains.stack_id, remains.stack_state = name, UNKNOWN

        def wait(spec: WaitSpec, group_id: str, left: float | None) -> Any:
            return wait_for(lambda: self.get_stack(group_id), spec, group_id,
                            clock=self._context.clock, timeout=left,
                            on_progress=self._context.poll)

        def undo() -> None:
            if remains.stack_state == UNKNOWN and made.find is not None:
                remains.stack_id, remains.stack_state = made.find(), "EXISTS"
            Teardown(self, wait, self._context.clock).run(remains)

        roll_back(failure, undo, remains)

    # Images --------------------------------------------------------------------------------

    def list_images(self, token: Any, page_size: int | None) -> PageResult:
        return self._calls.pages(_OP["ListImage"])(token, page_size)

    def get_image(self, image_id: str) -> Image:
        images: Sequence[Image] = self._calls.pages(_OP["ListImage"], image_id)(None, None)[0]
        for image in images:
            if image.id == image_id:
                return image
        raise NotFound(f"image {image_id} does not exist", provider=self.provider,
                       operation="ListImage", code="InvalidImageId.NotFound")

    def delete_image(self, image_id: str) -> None:
        self.get_image(image_id)
        try:
            self._calls.run(_OP["DeleteImage"], image_id)
        except ProviderError as exc:
            if exc.code != "400":
                raise
            # the image exists (checked above): a refusal means system image or in use
            raise Conflict(exc.message, provider=self.provider, operation="DeleteImage",
                           code=exc.code, request_id=exc.request_id,
                           http_status=exc.http_status) from exc

    def copy_image(self, image_id: str, destination_region: str, destination_name: str | None,
                   description: str | None) -> str:
        if destination_name is not None or description is not None:
            raise UnsupportedOperation(self.provider,
                                       "images.copy(destination_name=..., description=...)",
                                       "a distributed image keeps its id and name in every "
                                       "region")
        self._calls.run(_OP["StartTaskForDistributeImage"], self.region, image_id,
                        destination_region)
        return image_id

    def create_image_from_instance(self, instance_id: str, image_name: str,
                                   description: str | None, persistent_id: str | None
                                   ) -> Image:
        image_id: str = self._calls.run(_OP["CreateImageByInstance"], instance_id, image_name,
                                        description, persistent_id)
        return self.get_image(image_id)

    # Image builders (debug-mode delivery groups) -------------------------------------------

    def list_image_builders(self, token: Any, page_size: int | None) -> PageResult:
        return self._groups(True, translate.image_builder)(token, page_size)

    def get_image_builder(self, builder_id: str) -> ImageBuilder:
        group = self._group(builder_id, "builder_id")
        if not translate.is_builder(group):
            raise _not_found(f"{builder_id} is a delivery group, not an image builder")
        return translate.image_builder(group, self.region)

    def create_image_builder(self, spec: ImageBuilderSpec) -> ImageBuilder:
        self._refuse_fixed("image_builders.create", spec, AWS_ONLY_FLEET_FIELDS, AWS_ONLY_HINT)
        group_id = self._create_group(
            spec.name, spec.image_id, ops.builder_pool(spec.instance_type),
            ops.DEFAULT_SESSION_TIMEOUT_MINUTES, True,
            {**spec.tags, translate.BUILDER_TAG[0]: translate.BUILDER_TAG[1]})
        return self.get_image_builder(group_id)

    def delete_image_builder(self, builder_id: str) -> None:
        self.get_image_builder(builder_id)
        self._calls.run(_OP["DeleteAppInstanceGroup"], builder_id)

    def create_image(self, builder_id: str, image_name: str, description: str | None) -> Image:
        if description is not None:
            raise UnsupportedOperation(self.provider,
                                       "image_builders.create_image(description=...)",
                                       "CreateImageFromAppInstanceGroup takes only a name")
        self.get_image_builder(builder_id)
        image_id: str = self._calls.run(_OP["CreateImageFromAppInstanceGroup"], builder_id,
                                        image_name)
        return self.get_image(image_id)

    def connect_image_builder(self, builder_id: str, validity: int | None) -> StreamingAccess:
        if validity is not None:
            raise UnsupportedOperation(self.provider, "image_builders.connect(validity=...)",
                                       "a debug auth code is valid for 3 minutes, once")
        self.get_image_builder(builder_id)
        access: StreamingAccess = self._calls.run(_OP["GetDebugAppInstance"], builder_id)
        return attrs.evolve(access, stack_id=builder_id)

    # Sessions (app instances bound to users) -----------------------------------------------

    def _stack_pages(self, stack_id: str, fleet_id: str | None, token: Any,
                     fetch: Callable[[str], FetchPage[T]], page_size: int | None
                     ) -> PageResult:
        """A page of a listing of the stack's, each item read with its fleet id (from the
        group, on the first page). Token: ``[the page's token, fleet id]``."""
        if token is None:
            inner = None
            fleet = fleet_id or translate.fleet(self._group(stack_id, "stack_id"),
                                                self.region).id
        elif isinstance(token, list) and len(token) == 2 and isinstance(token[1], str):
            inner, fleet = token
        else:
            raise bad_token()
        if translate.split_fleet_id(fleet)[0] != stack_id:
            raise ValidationError("fleet_id", f"is not the fleet of stack {stack_id}", fleet)
        items, following = fetch(fleet)(inner, page_size)
        return items, None if following is None else [following, fleet]

    def list_sessions(self, stack_id: str, fleet_id: str | None, user_id: str | None,
                      token: Any, page_size: int | None) -> PageResult:
        region = self.region

        def fetch(fleet: str) -> FetchPage[Session]:
            def session(model: Mapping[str, Any]) -> Session | None:
                found = translate.session(model, region, fleet)
                # a free slot is capacity, not a session; a broken one is shown (to delete)
                return found if found.user_id or found.state is SessionState.FAILED else None

            return _mapped(self._calls.pages(_OP["ListAppInstances"], stack_id, user_id),
                           session)

        return self._stack_pages(stack_id, fleet_id, token, fetch, page_size)

    def list_persistent_sessions(self, stack_id: str, token: Any, page_size: int | None
                                 ) -> PageResult:
        region = self.region

        def fetch(fleet: str) -> FetchPage[Session]:
            return _mapped(self._calls.pages(_OP["ListPersistentAppInstances"], stack_id),
                           lambda model: translate.persistent_session(model, region, fleet))

        return self._stack_pages(stack_id, None, token, fetch, page_size)

    def expire_session(self, session: Session) -> None:
        self._calls.run(_OP["Unbind"], session.stack_id, session.user_id, session.id,
                        session.persistent_id)

    def expire_all_sessions(self, stack_id: str) -> bool:
        group = self.get_stack(stack_id).raw
        if not translate.logs_off_at_once(group):
            return False
        self._calls.run(_OP["LogOffAllSessionsInAppInstanceGroup"], stack_id)
        return True

    def list_bindings(self, user_id: str | None, stack_id: str | None, token: Any,
                      page_size: int | None) -> PageResult:
        if stack_id is not None:
            self.get_stack(stack_id)
        return self._calls.pages(_OP["ListBindInfo"], user_id, stack_id)(token, page_size)

    def delete_instances(self, stack_id: str, instance_ids: Sequence[str]) -> None:
        self.get_stack(stack_id)
        self._calls.run(_OP["DeleteAppInstances"], stack_id, instance_ids)

    def connect(self, stack_id: str, user_id: str, fleet_id: str | None, app_id: str | None,
                validity: int | None) -> StreamingAccess:
        group = self._group(stack_id, "stack_id")
        if fleet_id is not None and fleet_id != translate.fleet(group, self.region).id:
            raise ValidationError("fleet_id", f"is not the fleet of stack {stack_id}", fleet_id)
        app_id = self._app(group, app_id)
        # AWS's API-authenticated URLs need no entitlement; a delivery group admits only
        # authorized users, so the user is authorized first (idempotent).
        self._calls.run(_OP["AuthorizeInstanceGroup"], stack_id, [user_id])
        return self._ticket(group, user_id, app_id, None)

    def connect_persistent(self, stack_id: str, user_id: str, persistent_id: str,
                           app_id: str | None) -> StreamingAccess:
        # the persistent session's own authorized users are the ones it admits
        group = self._group(stack_id, "stack_id")
        return self._ticket(group, user_id, self._app(group, app_id), persistent_id)

    @staticmethod
    def _app(group: Mapping[str, Any], app_id: str | None) -> str:
        """The app to open: the one given, else the group's first."""
        if app_id is not None:
            return app_id
        apps = translate.apps(group)
        if not apps:
            raise ValidationError("app_id", f"is required: stack {group.get('AppInstanceGroupId')}"
                                  " lists no apps")
        return apps[0]

    def _ticket(self, group: Mapping[str, Any], user_id: str, app_id: str,
                persistent_id: str | None) -> StreamingAccess:
        """GetConnectionTicket for the user in the group, polled until the ticket comes."""
        stack_id = str(group["AppInstanceGroupId"])
        ticket = _OP["GetConnectionTicket"]
        first: Body = self._calls.run(ticket, user_id, None, self.region, app_id, stack_id,
                                      persistent_id)
        task_id = translate.required(first, "TaskId", ticket.name)

        def poll() -> translate.TicketTask:
            body = first if first.get("Ticket") else self._calls.run(ticket, user_id, task_id)
            return translate.ticket_task(body, task_id)

        task = wait_for(poll, TICKET_READY, task_id, clock=self._context.clock,
                        schedule=TICKET_POLL, on_progress=self._context.poll)
        assert task is not None  # a ticket task does not go away
        return StreamingAccess(kind=AccessKind.TICKET,
                               secret=translate.ticket_of(task, ticket.name),
                               provider=self.provider, region=self.region, user_id=user_id,
                               stack_id=stack_id, session_id=task.body.get("AppInstanceId"))

    # Discovery -----------------------------------------------------------------------------

    def list_regions(self) -> list[Region]:
        regions: list[Region] = self._calls.run(_OP["ListRegions"])
        return regions

    def list_instance_types(self, token: Any, page_size: int | None) -> PageResult:
        return self._calls.pages(_OP["ListNodeInstanceType"], self.region)(token, page_size)

    # Tags (of the delivery group behind a stack, fleet or image builder) -------------------

    def _tag_target(self, kind: ResourceKind, resource_id: str) -> str:
        if kind is ResourceKind.FLEET:
            return self.get_fleet(resource_id).stack_id or ""
        if kind is ResourceKind.STACK:
            return self.get_stack(resource_id).id
        if kind is ResourceKind.IMAGE_BUILDER:
            return self.get_image_builder(resource_id).id
        unsupported(self, "get_tags")  # images carry no tags here

    def get_tags(self, kind: ResourceKind, resource_id: str) -> dict[str, str]:
        tags: dict[str, str] = self._calls.run(_OP["ListTagCloudResources"],
                                               self._tag_target(kind, resource_id))
        return tags

    def tag(self, kind: ResourceKind, resource_id: str, tags: Mapping[str, str]) -> None:
        self._tag_group(self._tag_target(kind, resource_id), tags)

    def untag(self, kind: ResourceKind, resource_id: str, keys: Sequence[str]) -> None:
        group_id = self._tag_target(kind, resource_id)
        for start in range(0, len(keys), ops.UNTAG_BATCH):
            self._calls.run(_OP["UntagCloudResources"], group_id,
                            keys[start:start + ops.UNTAG_BATCH])

    # Batched reads (waits over many resources) ---------------------------------------------
    # ListAppInstanceGroup and ListImage filter on one id at most, so a batch walks the
    # region's listing, 100 per call, until it has seen every id (a single id: one call).

    def get_fleets(self, fleet_ids: Sequence[str]) -> dict[str, Fleet]:
        for fleet_id in fleet_ids:
            translate.split_fleet_id(fleet_id)  # a malformed id is a ValidationError up front
        return self._find(fleet_ids, self._groups(False, translate.fleet), self.get_fleet)

    def get_stacks(self, stack_ids: Sequence[str]) -> dict[str, Stack]:
        for stack_id in stack_ids:
            translate.check_group_id("stack_ids", stack_id)
        return self._find(stack_ids, self._groups(False, translate.stack), self.get_stack)

    def all_tags(self, resources: Sequence[Stack | Fleet]) -> dict[str, dict[str, str]]:
        # a listed or read delivery group carries its tags: no call
        return {resource.id: translate.group_tags(resource.raw) for resource in resources}

    def get_image_builders(self, builder_ids: Sequence[str]) -> dict[str, ImageBuilder]:
        return self._find(builder_ids, self._groups(True, translate.image_builder),
                          self.get_image_builder)

    def get_images(self, image_ids: Sequence[str]) -> dict[str, Image]:
        return self._find(image_ids, self._calls.pages(_OP["ListImage"]), self.get_image)

    @staticmethod
    def _find(ids: Sequence[str], listing: FetchPage[_Found], one: Callable[[str], _Found]
              ) -> dict[str, _Found]:
        left = dict.fromkeys(ids)
        if len(left) == 1:
            (only,) = left
            with contextlib.suppress(NotFound):
                return {only: one(only)}
            return {}
        found: dict[str, _Found] = {}
        for item in walk(listing):
            if item.id in left:
                del left[item.id]
                found[item.id] = item
                if not left:
                    break
        return found

    def _refuse_fixed(self, operation: str, update: Any, fields: Sequence[str],
                      hint: str) -> None:
        for field in fields:
            if getattr(update, field, None) not in (None, ()):
                raise UnsupportedOperation(self.provider, f"{operation}({field}=...)", hint)


def make_adapter(context: CallContext, *, timeout: float, credentials: Credentials | None,
                 endpoint: str | None = None, bridge: Bridge | None = None) -> AlibabaAdapter:
    """The adapter for ``connect("alibaba", ...)`` (with ``bridge``: ``streamkit.aio``'s)."""
    if endpoint is not None and (not isinstance(endpoint, str)
                                 or not ENDPOINT_RE.fullmatch(endpoint)):
        raise ValidationError("endpoint", "must be host[:port] without a scheme", endpoint)
    guard_sdk_logs(Provider.ALIBABA)  # (no Tea SDK logger logs bodies today)
    where: dict[str, Any] = {"region": context.region, "endpoint": endpoint,
                             "credentials": credentials, "timeout": timeout}
    transport: Transport
    if bridge is None:
        transport = AlibabaTransport(**where)
    else:
        transport = bridge(AsyncAlibabaTransport(**where))
    return AlibabaAdapter(context, transport, ambiguity=timeout + AMBIGUITY_MARGIN)
