"""The Alibaba Cloud App Streaming adapter: neutral operations as appstream-center calls.

A Stack is a delivery group (``aig-...``); its node pool is the Fleet (id
``aig-.../rg-...``); a delivery group in debug mode, tagged by streamkit, is an ImageBuilder.
The SDK's own retries are off; streamkit's :class:`~streamkit.RetryPolicy` does the retrying.
"""

from __future__ import annotations

import contextlib
import enum
import ipaddress
import math
import os
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import attrs
from alibabacloud_appstream_center20210901 import models as sdk_models
from alibabacloud_appstream_center20210901.client import Client
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_tea_openapi.utils_models import Config
from darabonba.runtime import RuntimeOptions

from streamkit.calls import CallContext
from streamkit.credentials import Credentials
from streamkit.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ProviderError,
    UnsupportedOperation,
    ValidationError,
)
from streamkit.models import (
    AccessKind,
    Deployment,
    Fleet,
    FleetType,
    Image,
    ImageBuilder,
    Provider,
    ResourceError,
    Secret,
    Session,
    Stack,
    StreamingAccess,
)
from streamkit.paging import bad_token
from streamkit.providers.alibaba import translate
from streamkit.providers.alibaba.errors import from_body, from_tea_error, from_transport_error
from streamkit.providers.base import Capability, PageResult, ResourceKind
from streamkit.providers.redaction import guard_sdk_logs
from streamkit.retry import CallKind
from streamkit.specs import (
    DeploymentSpec,
    FleetSpec,
    FleetUpdate,
    ImageBuilderSpec,
    StackSpec,
    StackUpdate,
)
from streamkit.transport import Answer
from streamkit.waiting import PollSchedule, WaitSpec, wait_for

_Found = TypeVar("_Found", Fleet, Image, ImageBuilder)

PRODUCT = "CloudApp"
#: marks the delivery groups streamkit made as image builders (the API has no other sign)
BUILDER_TAG = ("streamkit:role", "image-builder")
INTERNAL_TAG_PREFIX = "streamkit:"
MAX_PAGE = 100
MAX_NODE_PAGE = 200  # ListNodes takes larger pages
USER_BATCH = 100
SESSION_TIMEOUT_MINUTES = (3, 300)
DEFAULT_SESSION_TIMEOUT_MINUTES = 15

CAPABILITIES = frozenset({
    Capability.STACK_UPDATE, Capability.STACK_DELETE, Capability.FLEET_UPDATE,
    Capability.FLEET_SCALE, Capability.NATIVE_DEPLOY, Capability.IMAGE_DELETE,
    Capability.IMAGE_COPY, Capability.IMAGE_BUILDER, Capability.IMAGE_BUILDER_CREATE_IMAGE,
    Capability.IMAGE_BUILDER_CONNECT, Capability.SESSIONS, Capability.STREAMING_ACCESS,
    Capability.STACK_TAGS, Capability.FLEET_TAGS, Capability.IMAGE_BUILDER_TAGS,
    Capability.STACK_USERS, Capability.FLEET_INSTANCES,
})
_DEPLOY = "a delivery group is a stack and its fleet at once: create both with cloud.deploy()"
HINTS: dict[Capability, str] = {
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
    Capability.TAGS: "tags on Alibaba belong to delivery groups (stacks, fleets, image builders)",
    Capability.IMAGE_TAGS: "tags on Alibaba belong to delivery groups (stacks, fleets, image "
                           "builders), not images",
    Capability.FAST_LAUNCH: "Windows fast launch is an EC2 feature with no App Streaming "
                            "equivalent",
}
#: read at connect time (the credentials library reads them once, at its import)
ENV_CREDENTIALS = ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                   "ALIBABA_CLOUD_SECURITY_TOKEN")
PAGE_LIMITS: Mapping[str, int] = {
    "stacks": MAX_PAGE, "fleets": MAX_PAGE, "stack_fleets": MAX_PAGE, "images": MAX_PAGE,
    "image_builders": MAX_PAGE, "sessions": MAX_PAGE, "stack_users": MAX_PAGE,
    "fleet_instances": MAX_NODE_PAGE,
}
#: public operation -> the appstream-center operations it sends (what the docs show)
CALLS: Mapping[str, tuple[str, ...]] = {
    "stacks.list": ("ListAppInstanceGroup",),
    "stacks.get": ("GetAppInstanceGroup",),
    "stacks.update": ("ModifyAppInstanceGroupAttribute",),
    "stacks.delete": ("DeleteAppInstanceGroup",),
    "stacks.list_users": ("PageListAppInstanceGroupUser",),
    "stacks.authorize_users": ("AuthorizeInstanceGroup",),
    "stacks.unauthorize_users": ("AuthorizeInstanceGroup",),
    "fleets.list": ("ListAppInstanceGroup",),
    "fleets.get": ("GetAppInstanceGroup",),
    "fleets.update": ("ModifyAppInstanceGroupAttribute", "UpdateAppInstanceGroupImage"),
    "fleets.scale": ("ModifyNodePoolAttribute",),
    "fleets.list_instances": ("ListNodes",),
    "images.list": ("ListImage",),
    "images.get": ("ListImage",),
    "images.delete": ("DeleteImage",),
    "images.copy": ("StartTaskForDistributeImage",),
    "image_builders.list": ("ListAppInstanceGroup",),
    "image_builders.get": ("GetAppInstanceGroup",),
    "image_builders.create": ("ListAppInstanceGroup", "CreateAppInstanceGroup",
                              "TagCloudResources"),
    "image_builders.delete": ("DeleteAppInstanceGroup",),
    "image_builders.create_image": ("CreateImageFromAppInstanceGroup",),
    "image_builders.connect": ("GetDebugAppInstance",),
    "sessions.list": ("GetAppInstanceGroup", "ListAppInstances"),
    "sessions.expire": ("Unbind",),
    "sessions.connect": ("GetAppInstanceGroup", "AuthorizeInstanceGroup", "GetConnectionTicket"),
    "deploy": ("ListAppInstanceGroup", "CreateAppInstanceGroup", "TagCloudResources",
               "GetAppInstanceGroup"),
    **{f"{kind}.{verb}": (operation,) for kind in ("stacks", "fleets", "image_builders")
       for verb, operation in (("tags", "ListTagCloudResources"), ("tag", "TagCloudResources"),
                               ("untag", "UntagCloudResources"))},
}
PROXY_VARS = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy")
_SNAKE = re.compile(r"(?<!^)(?=[A-Z])")
ENDPOINT_RE = re.compile(r"[A-Za-z0-9.\-\[\]:]+")


class TaskState(str, enum.Enum):
    """GetConnectionTicket's ``TaskStatus``."""

    RUNNING = "Running"
    FINISHED = "Finished"
    FAILED = "Failed"
    UNKNOWN = "UNKNOWN"


@attrs.frozen
class _TicketTask:
    state: TaskState
    raw_state: str
    body: Mapping[str, Any] = attrs.field(repr=False)
    errors: tuple[ResourceError, ...] = ()


TICKET_READY = WaitSpec(name="connection ticket", success=frozenset({TaskState.FINISHED}),
                        failure=frozenset({TaskState.FAILED}), timeout=120.0)
TICKET_POLL = PollSchedule(initial=0.5, factor=1.5, cap=2.0)


def _is_loopback(endpoint: str) -> bool:
    host = endpoint.rsplit(":", 1)[0].strip("[]") if endpoint.count(":") <= 1 or \
        endpoint.startswith("[") else endpoint
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _RawBodyClient(Client):  # type: ignore[misc]  # the SDK is untyped
    """The SDK client, keeping each answer's raw dict (per thread) before its models parse it.

    ``call_api`` is the public step every ``*_with_options`` method goes through; the raw body
    keeps fields the SDK's models drop (a failed ticket's Code, new fields) and spares
    streamkit turning the models back into dicts.
    """

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self._raw = threading.local()

    def call_api(self, params: Any, request: Any, runtime: Any) -> Any:
        result = super().call_api(params, request, runtime)
        self._raw.value = result
        return result

    def last_raw(self) -> Mapping[str, Any]:
        value = getattr(self._raw, "value", None)
        self._raw.value = None
        return value if isinstance(value, Mapping) else {}


class AlibabaAdapter:
    """Translates neutral calls to appstream-center 2021-09-01 through the Tea SDK client."""

    provider = Provider.ALIBABA
    capabilities = CAPABILITIES
    hints: Mapping[Capability, str] = HINTS
    page_limits = PAGE_LIMITS

    def __init__(self, context: CallContext, *, endpoint: str | None,
                 credentials: Credentials | None, timeout: float) -> None:
        self.region = region = context.region
        self._context = context
        guard_sdk_logs(Provider.ALIBABA)  # (no Tea SDK logger logs bodies today)
        millis = int(timeout * 1000)
        config = Config(region_id=region, read_timeout=millis, connect_timeout=millis)
        if endpoint is not None:
            config.endpoint = endpoint
        self._runtime = RuntimeOptions(read_timeout=millis, connect_timeout=millis,
                                       autoretry=False)
        self._loopback_runtime: RuntimeOptions | None = None
        if endpoint is not None and _is_loopback(endpoint):
            config.protocol = "http"
            # The SDK sends even 127.0.0.1 through HTTP(S)_PROXY and ignores NO_PROXY. Naming
            # the endpoint itself as the proxy keeps such a call local (the server accepts the
            # absolute-form request line this produces); used only while a proxy is set.
            self._loopback_runtime = RuntimeOptions(read_timeout=millis, connect_timeout=millis,
                                                    autoretry=False,
                                                    http_proxy=f"http://{endpoint}")
        key_id, secret, token = (os.environ.get(name) for name in ENV_CREDENTIALS)
        if credentials is None and key_id and secret:
            credentials = Credentials(key_id, secret, token or None)
        if credentials is not None:
            config.access_key_id = credentials.access_key_id
            config.access_key_secret = credentials.secret.reveal()
            if credentials.token is not None:
                config.security_token = credentials.token.reveal()
        else:
            try:
                from alibabacloud_credentials.client import Client as CredentialClient

                config.credential = CredentialClient()
            except Exception as exc:
                raise PermissionDenied("no usable Alibaba credentials were found",
                                       provider=Provider.ALIBABA, operation="connect",
                                       code="NoCredentials") from exc
        self._client = _RawBodyClient(config)

    # One place where every call goes out: retries, error translation, logging -------------

    def _call(self, action: str, kind: CallKind = CallKind.READ,
              reconcile: Callable[[], Any] | None = None, **params: Any) -> Any:
        snake = _SNAKE.sub("_", action).lower()
        request_type = getattr(sdk_models, f"{action}Request")
        method = getattr(self._client, f"{snake}_with_options")
        request = request_type().from_map({k: v for k, v in params.items() if v is not None})

        def once() -> Answer:
            runtime = self._runtime
            if self._loopback_runtime is not None and any(map(os.environ.get, PROXY_VARS)):
                runtime = self._loopback_runtime
            response = method(request, runtime)
            raw = self._client.last_raw()
            # the body as the cloud sent it: unknown fields kept, no model round trip
            raw_body = raw.get("body")
            body: Mapping[str, Any] = raw_body if isinstance(raw_body, Mapping) else {}
            failure = from_body(body, action, response.status_code)
            if failure is not None:
                raise failure
            return Answer(body, body.get("RequestId"))

        return self._context.attempts(action, once, _to_error, kind, reconcile)

    def _unsupported(self, operation: str, hint: str) -> UnsupportedOperation:
        return UnsupportedOperation(self.provider, operation, hint)

    @staticmethod
    def _paging(token: Any, page_size: int | None, largest: int = MAX_PAGE) -> tuple[int, int]:
        if token is None:
            return 1, page_size or largest
        if (not isinstance(token, list) or len(token) < 2
                or not all(isinstance(t, int) and not isinstance(t, bool) and t > 0
                           for t in token[:2]) or token[1] > largest):
            raise bad_token()
        return token[0], token[1]

    @staticmethod
    def _next(page: int, size: int, got: int, total: Any) -> list[int] | None:
        if isinstance(total, int):
            return [page + 1, size] if page * size < total else None
        return [page + 1, size] if got >= size else None

    # Delivery groups -----------------------------------------------------------------------

    def _group(self, group_id: str, field: str) -> Mapping[str, Any]:
        if not group_id.startswith("aig-"):
            raise ValidationError(field, "is not an Alibaba delivery group id (aig-...)", group_id)
        body = self._call("GetAppInstanceGroup", AppInstanceGroupId=group_id, ProductType=PRODUCT)
        group = body.get("AppInstanceGroupModels")
        if not isinstance(group, Mapping) or not group.get("AppInstanceGroupId"):
            raise NotFound(f"delivery group {group_id} does not exist", provider=self.provider,
                           operation="GetAppInstanceGroup",
                           code="InvalidAppInstanceGroup.NotFound")
        return group

    @staticmethod
    def _is_builder(group: Mapping[str, Any]) -> bool:
        return translate.tags(group).get(BUILDER_TAG[0]) == BUILDER_TAG[1]

    def _groups_page(self, token: Any, page_size: int | None, *, builders: bool) -> tuple[
            list[Mapping[str, Any]], Any]:
        page, size = self._paging(token, page_size)
        params: dict[str, Any] = {"ProductType": PRODUCT, "BizRegionId": self.region,
                                  "PageNumber": page, "PageSize": size}
        if builders:
            params["Tag"] = [{"Key": BUILDER_TAG[0], "Value": BUILDER_TAG[1]}]
        body = self._call("ListAppInstanceGroup", **params)
        groups = [g for g in body.get("AppInstanceGroupModels") or [] if isinstance(g, Mapping)]
        nxt = self._next(page, size, len(groups), body.get("TotalCount"))
        return [g for g in groups if self._is_builder(g) == builders], nxt

    def _tag_group(self, group_id: str, tags: Mapping[str, str]) -> None:
        if tags:
            self._call("TagCloudResources", CallKind.WRITE, ResourceType="AppInstanceGroupId",
                       ResourceIds=[group_id],
                       Tags=[{"Key": k, "Value": v} for k, v in tags.items()])

    def _groups_named(self, name: str, image_id: str) -> dict[str, Mapping[str, Any]]:
        """Every group called exactly ``name`` on ``image_id`` (the name filter is fuzzy)."""
        found: dict[str, Mapping[str, Any]] = {}
        page: list[int] | None = [1, MAX_PAGE]
        while page is not None:
            body = self._call("ListAppInstanceGroup", ProductType=PRODUCT,
                              BizRegionId=self.region, AppInstanceGroupName=name,
                              AppCenterImageId=image_id, PageNumber=page[0], PageSize=MAX_PAGE)
            groups = [g for g in body.get("AppInstanceGroupModels") or []
                      if isinstance(g, Mapping)]
            found.update((str(g["AppInstanceGroupId"]), g) for g in groups
                         if g.get("AppInstanceGroupName") == name and g.get("AppInstanceGroupId"))
            page = self._next(page[0], MAX_PAGE, len(groups), body.get("TotalCount"))
        return found

    def _create_group(self, *, name: str, image_id: str, node_pool: Mapping[str, Any],
                      session_timeout: int, debug: bool, tags: Mapping[str, str]) -> str:
        params: dict[str, Any] = {
            "AppCenterImageId": image_id, "AppInstanceGroupName": name,
            "BizRegionId": self.region, "ProductType": PRODUCT, "ChargeType": "PostPaid",
            "ChargeResourceMode": "Node", "Period": 1, "PeriodUnit": "Month", "AutoPay": True,
            "SessionTimeout": session_timeout, "NodePool": dict(node_pool),
            "RuntimePolicy": {"DebugMode": "ON" if debug else "OFF"},
        }

        # Names are not unique keys here, and the API takes no client token: note the groups
        # that bear this name already, so that after an ambiguous failure only a group that
        # is new since then (and matches the spec) can be taken for the one this call made.
        before = set(self._groups_named(name, image_id))

        def reconcile() -> Mapping[str, Any] | None:
            new = [group_id for group_id, group in self._groups_named(name, image_id).items()
                   if group_id not in before and translate.node_pool(group).get(
                       "NodeInstanceType") == node_pool.get("NodeInstanceType")]
            if len(new) > 1:
                raise Conflict(f"{len(new)} new delivery groups named {name!r} appeared; "
                               "cannot tell which one this call created",
                               provider=self.provider, operation="CreateAppInstanceGroup",
                               code="AmbiguousCreate")
            return {"AppInstanceGroupModel": {"AppInstanceGroupId": new[0]}} if new else None

        body = self._call("CreateAppInstanceGroup", CallKind.CREATE, reconcile, **params)
        group_id = str((body.get("AppInstanceGroupModel") or {}).get("AppInstanceGroupId") or "")
        if not group_id:
            raise ProviderError("CreateAppInstanceGroup returned no group id",
                                provider=self.provider, operation="CreateAppInstanceGroup",
                                code="MissingGroupId")
        try:
            self._tag_group(group_id, tags)
        except ProviderError:
            self._call("DeleteAppInstanceGroup", CallKind.DELETE, AppInstanceGroupId=group_id,
                       ProductType=PRODUCT)
            raise
        return group_id

    # Stacks --------------------------------------------------------------------------------

    def list_stacks(self, token: Any, page_size: int | None) -> PageResult:
        groups, nxt = self._groups_page(token, page_size, builders=False)
        return [translate.stack(g, self.region) for g in groups], nxt

    def get_stack(self, stack_id: str) -> Stack:
        group = self._group(stack_id, "stack_id")
        if self._is_builder(group):
            raise self._not_a("stack", stack_id)
        return translate.stack(group, self.region)

    def _not_a(self, what: str, resource_id: str) -> NotFound:
        return NotFound(f"{resource_id} is an image builder, not a {what}",
                        provider=self.provider, operation="GetAppInstanceGroup",
                        code="InvalidAppInstanceGroup.NotFound")

    def create_stack(self, spec: StackSpec) -> Stack:
        raise self._unsupported("stacks.create", _DEPLOY)

    def update_stack(self, stack_id: str, update: StackUpdate) -> Stack:
        for field in ("description", "redirect_url", "feedback_url"):
            if getattr(update, field) is not None:
                raise self._unsupported(f"stacks.update({field}=...)",
                                        "a delivery group has only a name to change")
        self.get_stack(stack_id)
        if update.display_name is not None:
            self._call("ModifyAppInstanceGroupAttribute", CallKind.WRITE,
                       AppInstanceGroupId=stack_id, ProductType=PRODUCT,
                       AppInstanceGroupName=update.display_name)
        return self.get_stack(stack_id)

    def delete_stack(self, stack_id: str) -> None:
        self.get_stack(stack_id)
        self._call("DeleteAppInstanceGroup", CallKind.DELETE, AppInstanceGroupId=stack_id,
                   ProductType=PRODUCT)

    def associate_fleet(self, stack_id: str, fleet_id: str) -> None:
        raise self._unsupported("stacks.associate_fleet", HINTS[Capability.FLEET_ASSOCIATION])

    disassociate_fleet = associate_fleet

    def list_stack_fleets(self, stack_id: str, token: Any, page_size: int | None) -> PageResult:
        raise self._unsupported("stacks.list_fleets", HINTS[Capability.FLEET_ASSOCIATION])

    def list_stack_users(self, stack_id: str, token: Any, page_size: int | None) -> PageResult:
        page, size = self._paging(token, page_size)
        self.get_stack(stack_id)
        body = self._call("PageListAppInstanceGroupUser", AppInstanceGroupId=stack_id,
                          ProductType=PRODUCT, PageNumber=page, PageSize=size)
        users = [str(u) for u in body.get("Users") or []]
        # this call returns no total: a short page is the last one
        return users, self._next(page, size, len(users), None)

    def _authorize(self, stack_id: str, field: str, user_ids: Sequence[str]) -> None:
        self.get_stack(stack_id)
        for start in range(0, len(user_ids), USER_BATCH):
            params: dict[str, Any] = {field: list(user_ids[start:start + USER_BATCH])}
            self._call("AuthorizeInstanceGroup", CallKind.WRITE, None,
                       AppInstanceGroupId=stack_id, ProductType=PRODUCT, **params)

    def authorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        self._authorize(stack_id, "AuthorizeUserIds", user_ids)

    def unauthorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        self._authorize(stack_id, "UnAuthorizeUserIds", user_ids)

    # Fleets --------------------------------------------------------------------------------

    def list_fleets(self, token: Any, page_size: int | None) -> PageResult:
        groups, nxt = self._groups_page(token, page_size, builders=False)
        return [translate.fleet(g, self.region) for g in groups], nxt

    def get_fleet(self, fleet_id: str) -> Fleet:
        group_id, pool_id = translate.split_fleet_id(fleet_id)
        group = self._group(group_id, "fleet_id")
        if self._is_builder(group) or translate.node_pool(group).get("NodePoolId") != pool_id:
            raise NotFound(f"fleet {fleet_id} does not exist", provider=self.provider,
                           operation="GetAppInstanceGroup", code="InvalidNodePoolId.NotFound")
        return translate.fleet(group, self.region)

    def create_fleet(self, spec: FleetSpec) -> Fleet:
        raise self._unsupported("fleets.create", _DEPLOY)

    def update_fleet(self, fleet_id: str, update: FleetUpdate) -> Fleet:
        for field in ("instance_type", "description", "max_user_duration_seconds",
                      "idle_disconnect_timeout_seconds"):
            if getattr(update, field) is not None:
                raise self._unsupported(f"fleets.update({field}=...)",
                                        "a node pool keeps it for life: deploy a new one")
        fleet = self.get_fleet(fleet_id)
        group_id = fleet.stack_id or ""
        if update.display_name is not None or update.disconnect_timeout_seconds is not None:
            self._call("ModifyAppInstanceGroupAttribute", CallKind.WRITE,
                       AppInstanceGroupId=group_id, ProductType=PRODUCT,
                       AppInstanceGroupName=update.display_name,
                       SessionTimeout=_session_timeout(update.disconnect_timeout_seconds))
        if update.image_id is not None:
            self._call("UpdateAppInstanceGroupImage", CallKind.WRITE,
                       AppInstanceGroupId=group_id, AppCenterImageId=update.image_id,
                       BizRegionId=self.region, ProductType=PRODUCT)
        return self.get_fleet(fleet_id)

    def start_fleet(self, fleet_id: str) -> None:
        raise self._unsupported("fleets.start", HINTS[Capability.FLEET_START_STOP])

    stop_fleet = start_fleet

    def scale_fleet(self, fleet_id: str, desired: int) -> Fleet:
        if desired < 1:
            raise ValidationError("desired", "must be >= 1 on Alibaba (a node pool is never "
                                  "empty; delete the stack to release it)", desired)
        fleet = self.get_fleet(fleet_id)
        pool = translate.node_pool(fleet.raw)
        strategy = {k: pool[k] for k in ("StrategyType", "MaxScalingAmount", "ScalingStep",
                                          "ScalingUsageThreshold", "ScalingDownAfterIdleMinutes")
                    if pool.get(k) is not None}
        strategy.setdefault("StrategyType", "NODE_FIXED")
        strategy["NodeAmount"] = desired
        self._call("ModifyNodePoolAttribute", CallKind.WRITE, PoolId=pool.get("NodePoolId"),
                   BizRegionId=self.region, ProductType=PRODUCT, NodePoolStrategy=strategy)
        return self.get_fleet(fleet_id)

    def delete_fleet(self, fleet_id: str) -> None:
        raise self._unsupported("fleets.delete", HINTS[Capability.FLEET_DELETE])

    def list_fleet_instances(self, fleet_id: str, token: Any, page_size: int | None
                             ) -> PageResult:
        page, size = self._paging(token, page_size, MAX_NODE_PAGE)
        group_id = self.get_fleet(fleet_id).stack_id
        body = self._call("ListNodes", AppInstanceGroupId=group_id, ProductType=PRODUCT,
                          PageNumber=page, PageSize=size)
        nodes = [str(n.get("NodeId")) for n in body.get("NodeModels") or []
                 if isinstance(n, Mapping) and n.get("NodeId")]
        # ListNodes answers in its own words: Count (the total), ToPage, PerPageSize
        count, to_page, per_page = body.get("Count"), body.get("ToPage"), body.get("PerPageSize")
        if all(isinstance(v, int) for v in (count, to_page, per_page)):
            more = to_page * per_page < count
            return nodes, [to_page + 1, size] if more else None
        return nodes, self._next(page, size, len(nodes), None)

    def deploy(self, spec: DeploymentSpec) -> Deployment:
        fleet = spec.fleet
        if fleet.fleet_type is FleetType.ELASTIC:
            raise self._unsupported("deploy(fleet_type=ELASTIC)",
                                    "use FleetSpec(scaling=UsageScaling(...)) for a node pool "
                                    "that grows with use")
        group_id = self._create_group(
            name=spec.stack.name, image_id=fleet.image_id, node_pool=_node_pool(fleet),
            session_timeout=_session_timeout(fleet.disconnect_timeout_seconds)
            or DEFAULT_SESSION_TIMEOUT_MINUTES,
            debug=False, tags={**spec.stack.tags, **fleet.tags})
        group = self._group(group_id, "stack_id")
        return Deployment(stack=translate.stack(group, self.region),
                          fleet=translate.fleet(group, self.region))

    # Images --------------------------------------------------------------------------------

    def list_images(self, token: Any, page_size: int | None) -> PageResult:
        page, size = self._paging(token, page_size)
        body = self._call("ListImage", ProductType=PRODUCT, PageNumber=page, PageSize=size)
        items = [translate.image(d, self.region) for d in body.get("Data") or []
                 if isinstance(d, Mapping)]
        return items, self._next(page, size, len(items), body.get("Count"))

    def get_image(self, image_id: str) -> Image:
        body = self._call("ListImage", ImageId=image_id, PageNumber=1, PageSize=10)
        for item in body.get("Data") or []:
            if isinstance(item, Mapping) and item.get("ImageId") == image_id:
                return translate.image(item, self.region)
        raise NotFound(f"image {image_id} does not exist", provider=self.provider,
                       operation="ListImage", code="InvalidImageId.NotFound")

    def delete_image(self, image_id: str) -> None:
        self.get_image(image_id)
        try:
            self._call("DeleteImage", CallKind.DELETE, ImageId=image_id)
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
            raise self._unsupported("images.copy(destination_name=..., description=...)",
                                    "a distributed image keeps its id and name in every region")
        self._call("StartTaskForDistributeImage", CallKind.WRITE, ImageId=image_id,
                   SourceRegion=self.region, DestinationRegionList=[destination_region],
                   ProductType=PRODUCT)
        return image_id

    # Image builders (debug-mode delivery groups) ---------------------------------------------

    def list_image_builders(self, token: Any, page_size: int | None) -> PageResult:
        groups, nxt = self._groups_page(token, page_size, builders=True)
        return [translate.image_builder(g, self.region) for g in groups], nxt

    def get_image_builder(self, builder_id: str) -> ImageBuilder:
        group = self._group(builder_id, "builder_id")
        if not self._is_builder(group):
            raise NotFound(f"{builder_id} is a delivery group, not an image builder",
                           provider=self.provider, operation="GetAppInstanceGroup",
                           code="InvalidAppInstanceGroup.NotFound")
        return translate.image_builder(group, self.region)

    def create_image_builder(self, spec: ImageBuilderSpec) -> ImageBuilder:
        group_id = self._create_group(
            name=spec.name, image_id=spec.image_id,
            node_pool={"NodeInstanceType": spec.instance_type, "NodeAmount": 1,
                       "StrategyType": "NODE_FIXED"},
            session_timeout=DEFAULT_SESSION_TIMEOUT_MINUTES, debug=True,
            tags={**spec.tags, BUILDER_TAG[0]: BUILDER_TAG[1]})
        return self.get_image_builder(group_id)

    def start_image_builder(self, builder_id: str) -> None:
        raise self._unsupported("image_builders.start",
                                HINTS[Capability.IMAGE_BUILDER_START_STOP])

    stop_image_builder = start_image_builder

    def delete_image_builder(self, builder_id: str) -> None:
        self.get_image_builder(builder_id)
        self._call("DeleteAppInstanceGroup", CallKind.DELETE, AppInstanceGroupId=builder_id,
                   ProductType=PRODUCT)

    def create_image(self, builder_id: str, image_name: str, description: str | None) -> Image:
        if description is not None:
            raise self._unsupported("image_builders.create_image(description=...)",
                                    "CreateImageFromAppInstanceGroup takes only a name")
        self.get_image_builder(builder_id)
        body = self._call("CreateImageFromAppInstanceGroup", CallKind.CREATE,
                          AppInstanceGroupId=builder_id, AppCenterImageName=image_name,
                          ProductType=PRODUCT)
        return self.get_image(str(body.get("ImageId") or ""))

    def connect_image_builder(self, builder_id: str, validity: int | None) -> StreamingAccess:
        if validity is not None:
            raise self._unsupported("image_builders.connect(validity=...)",
                                    "a debug auth code is valid for 3 minutes, once")
        self.get_image_builder(builder_id)
        body = self._call("GetDebugAppInstance", AppInstanceGroupId=builder_id,
                          ProductType=PRODUCT)
        return StreamingAccess(kind=AccessKind.TICKET, secret=Secret(_required(body, "AuthCode",
                                                                               "GetDebugAppInstance")),
                               provider=self.provider, region=self.region,
                               stack_id=builder_id, session_id=body.get("AppInstanceId"))

    # Sessions (app instances bound to users) ----------------------------------------------

    def list_sessions(self, stack_id: str, fleet_id: str | None, user_id: str | None,
                      token: Any, page_size: int | None) -> PageResult:
        """Token: ``[page, size, fleet id]``; the fleet id comes from the group on page one."""
        page, size = self._paging(token, page_size)
        if token is not None:
            if len(token) != 3 or not isinstance(token[2], str):
                raise bad_token()
            fleet = token[2]
        elif fleet_id is not None:
            fleet = fleet_id
        else:
            fleet = translate.fleet(self._group(stack_id, "stack_id"), self.region).id
        if translate.split_fleet_id(fleet)[0] != stack_id:
            raise ValidationError("fleet_id", f"is not the fleet of stack {stack_id}", fleet)
        body = self._call("ListAppInstances", AppInstanceGroupId=stack_id,
                          UserIdList=[user_id] if user_id else None,
                          PageNumber=page, PageSize=size)
        models = [m for m in body.get("AppInstanceModels") or [] if isinstance(m, Mapping)]
        sessions = [translate.session(m, self.region, fleet) for m in models]
        nxt = self._next(page, size, len(models), body.get("TotalCount"))
        # free slots (no user bound) are capacity, not sessions
        return [s for s in sessions if s.user_id], None if nxt is None else [*nxt, fleet]

    def expire_session(self, session: Session) -> None:
        self._call("Unbind", CallKind.DELETE, AppInstanceGroupId=session.stack_id,
                   EndUserId=session.user_id, AppInstanceId=session.id, ProductType=PRODUCT)

    def connect(self, stack_id: str, user_id: str, fleet_id: str | None, app_id: str | None,
                validity: int | None) -> StreamingAccess:
        group = self._group(stack_id, "stack_id")
        if fleet_id is not None and fleet_id != translate.fleet(group, self.region).id:
            raise ValidationError("fleet_id", f"is not the fleet of stack {stack_id}", fleet_id)
        if app_id is None:
            apps = [a for a in group.get("Apps") or [] if isinstance(a, Mapping)]
            if not apps:
                raise ValidationError("app_id", f"is required: stack {stack_id} lists no apps")
            app_id = str(apps[0].get("AppId"))
        # AWS's API-authenticated URLs need no entitlement; a delivery group admits only
        # authorized users, so the user is authorized first (idempotent).
        self._call("AuthorizeInstanceGroup", CallKind.WRITE, AppInstanceGroupId=stack_id,
                   ProductType=PRODUCT, AuthorizeUserIds=[user_id])
        first = self._call("GetConnectionTicket", CallKind.WRITE, ProductType=PRODUCT,
                           EndUserId=user_id, AppId=app_id, AppInstanceGroupIdList=[stack_id],
                           BizRegionId=self.region)
        task_id = _required(first, "TaskId", "GetConnectionTicket")

        def poll() -> _TicketTask:
            body = first if first.get("Ticket") else self._call(
                "GetConnectionTicket", ProductType=PRODUCT, EndUserId=user_id, TaskId=task_id)
            raw = str(body.get("TaskStatus") or "")
            state = TaskState.FINISHED if body.get("Ticket") else \
                {s.value: s for s in TaskState}.get(raw, TaskState.UNKNOWN)
            errors = (ResourceError(code=str(body.get("Code") or "TaskFailed"),
                                    message=str(body.get("Message") or f"ticket task {task_id} "
                                                "failed")),) if state is TaskState.FAILED else ()
            return _TicketTask(state=state, raw_state=raw, body=body, errors=errors)

        task = wait_for(poll, TICKET_READY, task_id, clock=self._context.clock,
                        schedule=TICKET_POLL, on_progress=self._context.poll)
        assert task is not None
        return StreamingAccess(kind=AccessKind.TICKET,
                               secret=Secret(_required(task.body, "Ticket", "GetConnectionTicket")),
                               provider=self.provider, region=self.region, user_id=user_id,
                               stack_id=stack_id, session_id=task.body.get("AppInstanceId"))

    # Tags ----------------------------------------------------------------------------------

    def _tag_target(self, kind: ResourceKind, resource_id: str) -> str:
        if kind is ResourceKind.IMAGE:
            raise self._unsupported("images tags", "tags on Alibaba belong to delivery groups "
                                    "(stacks, fleets, image builders)")
        if kind is ResourceKind.FLEET:
            return self.get_fleet(resource_id).stack_id or ""
        getter = self.get_stack if kind is ResourceKind.STACK else self.get_image_builder
        return getter(resource_id).id

    def get_tags(self, kind: ResourceKind, resource_id: str) -> dict[str, str]:
        group_id = self._tag_target(kind, resource_id)
        body = self._call("ListTagCloudResources", ResourceType="AppInstanceGroupId",
                          ResourceIds=[group_id])
        found: dict[str, str] = {}
        for entry in body.get("ResourceTags") or []:
            for tag in entry.get("Tags") or []:
                key = tag.get("Key")
                if isinstance(key, str) and not key.startswith(INTERNAL_TAG_PREFIX) \
                        and tag.get("Scope", "Custom") == "Custom":
                    found[key] = str(tag.get("Value") or "")
        return found

    def tag(self, kind: ResourceKind, resource_id: str, tags: Mapping[str, str]) -> None:
        self._tag_group(self._tag_target(kind, resource_id), tags)

    def untag(self, kind: ResourceKind, resource_id: str, keys: Sequence[str]) -> None:
        group_id = self._tag_target(kind, resource_id)
        for start in range(0, len(keys), 10):  # the API takes ten keys at a time
            self._call("UntagCloudResources", CallKind.WRITE, ResourceType="AppInstanceGroupId",
                       ResourceIds=[group_id], TagKeys=list(keys[start:start + 10]))

    # Batched reads (waits over many resources) ---------------------------------------------
    # ListAppInstanceGroup and ListImage filter on one id at most, so a batch reads the
    # region's listing, 100 per call, and picks its ids (one call per 100 groups or images).

    def get_fleets(self, fleet_ids: Sequence[str]) -> dict[str, Fleet]:
        ids = list(dict.fromkeys(fleet_ids))
        for fleet_id in ids:
            translate.split_fleet_id(fleet_id)  # a malformed id is a ValidationError up front

        def page(number: int) -> tuple[list[Fleet], int, Any]:
            groups, got, total = self._group_listing(number, builders=False)
            return [translate.fleet(g, self.region) for g in groups], got, total

        return self._find(ids, page, self.get_fleet)

    def get_image_builders(self, builder_ids: Sequence[str]) -> dict[str, ImageBuilder]:
        ids = list(dict.fromkeys(builder_ids))

        def page(number: int) -> tuple[list[ImageBuilder], int, Any]:
            groups, got, total = self._group_listing(number, builders=True)
            return [translate.image_builder(g, self.region) for g in groups], got, total

        return self._find(ids, page, self.get_image_builder)

    def get_images(self, image_ids: Sequence[str]) -> dict[str, Image]:
        def page(number: int) -> tuple[list[Image], int, Any]:
            body = self._call("ListImage", PageNumber=number, PageSize=MAX_PAGE)
            data = [d for d in body.get("Data") or [] if isinstance(d, Mapping)]
            return [translate.image(d, self.region) for d in data], len(data), body.get("Count")

        return self._find(list(dict.fromkeys(image_ids)), page, self.get_image)

    def _group_listing(self, number: int, *, builders: bool) -> tuple[
            list[Mapping[str, Any]], int, Any]:
        """Page ``number`` of the region's delivery groups (builders or the others), the
        number of groups it held and the listing's TotalCount."""
        params: dict[str, Any] = {"ProductType": PRODUCT, "BizRegionId": self.region,
                                  "PageNumber": number, "PageSize": MAX_PAGE}
        if builders:
            params["Tag"] = [{"Key": BUILDER_TAG[0], "Value": BUILDER_TAG[1]}]
        body = self._call("ListAppInstanceGroup", **params)
        groups = [g for g in body.get("AppInstanceGroupModels") or [] if isinstance(g, Mapping)]
        return ([g for g in groups if self._is_builder(g) == builders], len(groups),
                body.get("TotalCount"))

    @staticmethod
    def _find(ids: list[str], page: Callable[[int], tuple[list[_Found], int, Any]],
              one: Callable[[str], _Found]) -> dict[str, _Found]:
        """The resources with these ids: from the listing, page by page until all are found,
        or one call each once fewer are left than pages to read (a single id: one call)."""
        found: dict[str, _Found] = {}
        left = dict.fromkeys(ids)
        number = 1
        pages_left: int | None = None  # unknown until the first page
        while left and pages_left != 0 and len(left) >= (pages_left or 2):
            items, got, total = page(number)
            for item in items:
                if item.id in left:
                    del left[item.id]
                    found[item.id] = item
            if isinstance(total, int):
                pages_left = max(0, math.ceil(total / MAX_PAGE) - number)
            else:
                pages_left = 1 if got >= MAX_PAGE else 0
            number += 1
        if pages_left != 0:  # the listing was not read to its end: fetch the rest one by one
            for resource_id in left:
                with contextlib.suppress(NotFound):
                    found[resource_id] = one(resource_id)
        return found


def _required(body: Mapping[str, Any], key: str, operation: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise ProviderError(f"{operation} answered without {key}", provider=Provider.ALIBABA,
                            operation=operation, code=f"Missing{key}")
    return value


def _session_timeout(seconds: int | None) -> int | None:
    """AWS-style disconnect timeout (seconds) as Alibaba's SessionTimeout (minutes, 3-300)."""
    if seconds is None:
        return None
    low, high = SESSION_TIMEOUT_MINUTES
    return max(low, min(high, math.ceil(seconds / 60)))


def _node_pool(fleet: FleetSpec) -> dict[str, Any]:
    pool: dict[str, Any] = {"NodeInstanceType": fleet.instance_type,
                            "NodeAmount": max(fleet.desired_capacity or 1, 1),
                            "StrategyType": "NODE_FIXED"}
    if fleet.scaling is not None:
        pool.update(StrategyType="NODE_SCALING_BY_USAGE",
                    MaxScalingAmount=fleet.scaling.max_capacity, ScalingStep=fleet.scaling.step,
                    ScalingUsageThreshold=str(fleet.scaling.usage_threshold_percent),
                    ScalingDownAfterIdleMinutes=fleet.scaling.scale_down_after_idle_minutes)
    return pool


def _to_error(exc: Exception, action: str) -> ProviderError:
    if isinstance(exc, AlibabaCloudException):
        return from_tea_error(exc, action)
    return from_transport_error(exc, action)  # the SDK wraps transport failures in many types


def make_adapter(context: CallContext, *, timeout: float, credentials: Credentials | None,
                 endpoint: str | None = None) -> AlibabaAdapter:
    """The adapter for ``connect("alibaba", ...)``."""
    if endpoint is not None and (not isinstance(endpoint, str)
                                 or not ENDPOINT_RE.fullmatch(endpoint)):
        raise ValidationError("endpoint", "must be host[:port] without a scheme", endpoint)
    return AlibabaAdapter(context, endpoint=endpoint, credentials=credentials, timeout=timeout)
