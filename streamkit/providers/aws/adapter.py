"""The AWS AppStream 2.0 adapter: neutral operations as declared AppStream operations.

On AWS the id of every resource is its name. The operations are declared in
:mod:`streamkit.providers.aws.operations`; this module picks which to run and composes the
few that take more than one call (a resource by name, batched reads, sessions over a stack's
fleets, tags by ARN). botocore's own retries are off; :class:`~streamkit.RetryPolicy` retries.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import boto3

from streamkit.calls import Body, CallContext
from streamkit.credentials import Credentials
from streamkit.errors import (
    AlreadyExists,
    NotFound,
    ProviderError,
    UnsupportedOperation,
    ValidationError,
)
from streamkit.extensions import Waiting
from streamkit.models import (
    Fleet,
    Image,
    ImageBuilder,
    ImageUpdate,
    Provider,
    Region,
    Session,
    Stack,
    StreamingAccess,
)
from streamkit.operations import Operation
from streamkit.paging import partitioned, walk
from streamkit.providers.aws import translate
from streamkit.providers.aws.assume_role import aio_assumed_role_session, assumed_role_session
from streamkit.providers.aws.extensions import AwsExtension
from streamkit.providers.aws.fast_launch import AwsFastLaunch
from streamkit.providers.aws.operations import (
    ALL_TAGS,
    CREATE_TOKEN,
    OPERATIONS,
    PAGINATORS,
    UpdatedImage,
)
from streamkit.providers.aws.transport import AsyncClientFactory, ClientFactory, credential_keys
from streamkit.providers.base import AdapterBase, Capability, PageResult, ResourceKind
from streamkit.providers.redaction import guard_sdk_logs
from streamkit.specs import FleetSpec, FleetUpdate, ImageBuilderSpec, StackSpec, StackUpdate
from streamkit.transport import Bridge

__all__ = ["AwsAdapter", "make_adapter"]

ENDPOINT_URL_RE = re.compile(r"https?://[^\s/]+(/\S*)?")
ROLE_ARN_RE = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}")
ROLE_SESSION_NAME_RE = re.compile(r"[\w+=,.@-]{2,64}")
EXTERNAL_ID_RE = re.compile(r"[\w+=,.@:/-]{2,1224}")

#: Names per batched describe. The model sets no maximum for ``Names``; 25 is the largest
#: page the service documents (DescribeImages ``MaxResults`` <= 25) and the page size the
#: emulator serves DescribeFleets in, so a chunk is one call without NextToken, an unknown
#: name spoils one call of 25 at most, and the list stays far below any unstated limit.
DESCRIBE_CHUNK = 25
USER_BATCH = 25

CAPABILITIES = frozenset(c for c in Capability if c.only_on in (None, Provider.AWS)) - {
    Capability.NATIVE_DEPLOY,
    Capability.IMAGE_BUILDER_CREATE_IMAGE,
    Capability.FLEET_INSTANCES,
    Capability.FLEET_SUBSCRIPTION,
    Capability.SESSION_BINDINGS,
    Capability.SESSION_INSTANCES,
    Capability.STACK_USER_GROUPS,
    Capability.PERSISTENT_SESSIONS,
    Capability.IMAGE_FROM_INSTANCE,
}
HINTS: Mapping[Capability, str] = {
    Capability.NATIVE_DEPLOY: "cloud.deploy() runs CreateStack, CreateFleet, AssociateFleet "
                              "and StartFleet, undoing them if a step fails",
    Capability.IMAGE_BUILDER_CREATE_IMAGE: "AWS has no API for it: run Image Assistant inside "
                                           "the builder (image-assistant.exe create-image), then "
                                           "cloud.wait_until_image_available(name)",
    Capability.FLEET_INSTANCES: "AppStream does not expose a fleet's instances; "
                                "fleet.capacity counts them",
    Capability.IMAGE_FROM_INSTANCE: "AppStream makes images only inside an image builder: "
                                    "run Image Assistant there (image-assistant.exe "
                                    "create-image)",
    Capability.PERSISTENT_SESSIONS: "AppStream sessions end with their instance; keep a "
                                    "user's settings with persistent application settings "
                                    "(StackSettings)",
    Capability.STACK_USER_GROUPS: "AppStream has no user groups: entitle user pool users "
                                  "with cloud.stacks.authorize_users(), or SAML users by "
                                  "attribute through entitlements",
    Capability.SESSION_BINDINGS: "AppStream keeps sessions per stack and fleet: "
                                 "cloud.sessions.list(stack_id, user_id=...) on each stack",
    Capability.SESSION_INSTANCES: "AppStream replaces streaming instances itself; end a "
                                  "session with cloud.sessions.expire()",
    Capability.FLEET_SUBSCRIPTION: "AppStream fleets are billed by the hour; leave "
                                   "FleetSpec.alibaba out (savings come from AWS pricing "
                                   "plans, not from the fleet)",
}
#: largest page_size per listing: the paginators' limits (fleet instances do not exist here)
PAGE_LIMITS: Mapping[str, int] = {
    **{listing: PAGINATORS[operation].max_page for listing, operation in (
        ("stacks", "DescribeStacks"), ("fleets", "DescribeFleets"),
        ("stack_fleets", "ListAssociatedFleets"), ("fleet_stacks", "ListAssociatedStacks"),
        ("images", "DescribeImages"), ("image_permissions", "DescribeImagePermissions"),
        ("image_builders", "DescribeImageBuilders"), ("sessions", "DescribeSessions"),
        ("stack_users", "DescribeUserStackAssociations"))},
    "fleet_instances": 1,
}
#: the operation that reads each kind of resource by name
DESCRIBE: Mapping[ResourceKind, Operation[Any]] = {
    ResourceKind.STACK: OPERATIONS["DescribeStacks"],
    ResourceKind.FLEET: OPERATIONS["DescribeFleets"],
    ResourceKind.IMAGE: OPERATIONS["DescribeImages"],
    ResourceKind.IMAGE_BUILDER: OPERATIONS["DescribeImageBuilders"],
}
_OP = OPERATIONS
#: DescribeSessions' AuthenticationType values (botocore's model): the listing covers each
SESSION_AUTHENTICATION_TYPES = ("API", "SAML", "USERPOOL", "AWS_AD")


class AwsAdapter(AdapterBase):
    """Translates neutral calls to AppStream 2.0 through one boto3 client."""

    provider = Provider.AWS
    capabilities = CAPABILITIES
    hints = HINTS
    page_limits = PAGE_LIMITS

    def __init__(self, context: CallContext, clients: ClientFactory) -> None:
        transport = clients.transport("appstream")
        super().__init__(context, transport)
        self._client = getattr(transport, "client", None)  # boto3's (None: an async one)
        self.operation_names = clients.operation_names("appstream")
        self._clients = clients
        self._fast_launch: AwsFastLaunch | None = None
        #: (kind, name) -> the token of this client's last create of it (see _create)
        self._last_create_tokens: dict[tuple[ResourceKind, str], str] = {}

    def extension(self, wait: Waiting) -> AwsExtension:
        return AwsExtension(self._extension_context(wait))

    def fast_launch_backend(self) -> AwsFastLaunch:
        """The EC2 side of ``cloud.fast_launch``, made on first use with this connection."""
        if self._fast_launch is None:
            self._fast_launch = AwsFastLaunch(self._context, self._clients.transport("ec2"))
        return self._fast_launch

    # What every resource below shares: one by name, many by name, reconciling a create -----

    def _get(self, describe: Operation[Any], name: str) -> Any:
        """One resource by name through its Describe operation (``Names=[name]``)."""
        for item in self._calls.pages(describe, [name])(None, None)[0]:
            if item.id == name:
                return item
        raise NotFound(f"{name} does not exist", provider=Provider.AWS,
                       operation=describe.name, code="ResourceNotFoundException")

    def _get_many(self, describe: Operation[Any], names: Sequence[str]) -> dict[str, Any]:
        """``Names=[...]`` in chunks of :data:`DESCRIBE_CHUNK`, every page of each."""
        unique = list(dict.fromkeys(names))
        found: dict[str, Any] = {}
        for start in range(0, len(unique), DESCRIBE_CHUNK):
            found.update(self._get_chunk(describe, unique[start:start + DESCRIBE_CHUNK]))
        return found

    def _get_chunk(self, describe: Operation[Any], names: list[str]) -> dict[str, Any]:
        # One unknown name fails the whole call with ResourceNotFoundException: halve the
        # chunk until the unknown names stand alone (about 2 log2(n) extra calls per unknown).
        try:
            items = list(walk(self._calls.pages(describe, names)))
        except NotFound:
            if len(names) == 1:
                return {}
            half = len(names) // 2
            return {**self._get_chunk(describe, names[:half]),
                    **self._get_chunk(describe, names[half:])}
        wanted = set(names)
        return {item.id: item for item in items if item.id in wanted}

    def _create(self, operation: str, kind: ResourceKind, spec: Any, key: str) -> Any:
        """Run a CREATE; after an ambiguous failure, take the resource only if it is ours.

        Every create carries a token of its own as a tag (:data:`~translate.CREATE_TOKEN_TAG`):
        a resource of that name without it was made by another request (another client's,
        or an earlier call's), whatever its settings, and is AlreadyExists.
        """
        token = uuid.uuid4().hex
        self._last_create_tokens[(kind, spec.name)] = token

        def reconcile() -> Body | None:
            marked = self._create_mark(kind, spec.name)
            if marked is None:
                return None
            found, mark = marked
            if mark != token:
                raise AlreadyExists(f"{kind.value} {spec.name} exists and was not made by "
                                    "this call", provider=Provider.AWS, operation=operation,
                                    code="ResourceAlreadyExistsException")
            return {key: found.raw}

        return self._calls.run(_OP[operation], spec, token, reconcile=reconcile)

    def _create_mark(self, kind: ResourceKind, name: str) -> tuple[Any, str | None] | None:
        """The resource named ``name`` and the create token it bears; None if it is absent."""
        try:
            found = self._get(DESCRIBE[kind], name)
        except NotFound:
            return None
        arn = found.raw.get("Arn")
        return found, self._calls.run(CREATE_TOKEN, arn) if isinstance(arn, str) else None

    def made_by_last_create(self, kind: ResourceKind, resource_id: str) -> bool:
        token = self._last_create_tokens.get((kind, resource_id))
        marked = self._create_mark(kind, resource_id) if token is not None else None
        return marked is not None and marked[1] == token

    # Stacks --------------------------------------------------------------------------------

    def list_stacks(self, token: Any, page_size: int | None) -> PageResult:
        return self._calls.pages(_OP["DescribeStacks"])(token, page_size)

    def get_stack(self, stack_id: str) -> Stack:
        stack: Stack = self._get(_OP["DescribeStacks"], stack_id)
        return stack

    def get_stacks(self, stack_ids: Sequence[str]) -> dict[str, Stack]:
        return self._get_many(_OP["DescribeStacks"], stack_ids)

    def create_stack(self, spec: StackSpec) -> Stack:
        stack: Stack = self._create("CreateStack", ResourceKind.STACK, spec, "Stack")
        return stack

    def update_stack(self, stack_id: str, update: StackUpdate) -> Stack:
        settings = update.settings
        flags = translate.USER_SETTING_ACTIONS
        if settings is not None and any(getattr(settings, f) is not None for f in flags):
            # UserSettings is sent whole: keep the actions this update leaves as they are
            current = self.get_stack(stack_id).settings
            kept = {f: getattr(current, f) for f in flags if getattr(settings, f) is None}
            update = attrs.evolve(update, settings=attrs.evolve(settings, **kept))
        stack: Stack = self._calls.run(_OP["UpdateStack"], stack_id, update)
        return stack

    def delete_stack(self, stack_id: str) -> None:
        self._calls.run(_OP["DeleteStack"], stack_id)

    def associate_fleet(self, stack_id: str, fleet_id: str) -> None:
        self._calls.run(_OP["AssociateFleet"], stack_id, fleet_id)

    def disassociate_fleet(self, stack_id: str, fleet_id: str) -> None:
        self._calls.run(_OP["DisassociateFleet"], stack_id, fleet_id)

    def list_stack_fleets(self, stack_id: str, token: Any, page_size: int | None) -> PageResult:
        return self._calls.pages(_OP["ListAssociatedFleets"], stack_id)(token, page_size)

    def list_stack_users(self, stack_id: str, token: Any, page_size: int | None) -> PageResult:
        return self._calls.pages(_OP["DescribeUserStackAssociations"], stack_id)(token, page_size)

    def _user_batch(self, operation: str, stack_id: str, user_ids: Sequence[str]) -> None:
        for start in range(0, len(user_ids), USER_BATCH):
            self._calls.run(_OP[operation], stack_id, user_ids[start:start + USER_BATCH])

    def authorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        self._user_batch("BatchAssociateUserStack", stack_id, user_ids)

    def unauthorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        self._user_batch("BatchDisassociateUserStack", stack_id, user_ids)

    # Fleets --------------------------------------------------------------------------------

    def list_fleets(self, token: Any, page_size: int | None) -> PageResult:
        return self._calls.pages(_OP["DescribeFleets"])(token, page_size)

    def get_fleet(self, fleet_id: str) -> Fleet:
        fleet: Fleet = self._get(_OP["DescribeFleets"], fleet_id)
        return fleet

    def get_fleets(self, fleet_ids: Sequence[str]) -> dict[str, Fleet]:
        return self._get_many(_OP["DescribeFleets"], fleet_ids)

    def create_fleet(self, spec: FleetSpec) -> Fleet:
        if spec.scaling is not None:
            raise UnsupportedOperation(self.provider, "fleets.create(scaling=...)",
                                       "AWS fleets scale with Application Auto Scaling "
                                       "policies, or use fleet_type=ELASTIC")
        fleet: Fleet = self._create("CreateFleet", ResourceKind.FLEET, spec, "Fleet")
        return fleet

    def update_fleet(self, fleet_id: str, update: FleetUpdate) -> Fleet:
        subnets, groups = update.subnet_ids, update.security_group_ids
        if bool(subnets) != bool(groups) and (subnets is None or groups is None):
            # VpcConfig is sent whole: keep the half this update leaves as it is
            current = self.get_fleet(fleet_id)
            update = attrs.evolve(update, subnet_ids=subnets or current.subnet_ids or None,
                                  security_group_ids=groups or current.security_group_ids
                                  or None)
        fleet: Fleet = self._calls.run(_OP["UpdateFleet"], fleet_id, update)
        return fleet

    def start_fleet(self, fleet_id: str) -> None:
        self._calls.run(_OP["StartFleet"], fleet_id)

    def stop_fleet(self, fleet_id: str) -> None:
        self._calls.run(_OP["StopFleet"], fleet_id)

    def scale_fleet(self, fleet_id: str, desired: int) -> Fleet:
        # a multi-session fleet refuses DesiredInstances: its sessions per instance decide
        per_instance = self.get_fleet(fleet_id).max_sessions_per_instance
        fleet: Fleet = self._calls.run(_OP["UpdateFleet"], fleet_id, FleetUpdate(), desired,
                                       per_instance)
        return fleet

    def delete_fleet(self, fleet_id: str) -> None:
        self._calls.run(_OP["DeleteFleet"], fleet_id)

    def list_fleet_stacks(self, fleet_id: str, token: Any, page_size: int | None, *,
                          known: bool = False) -> PageResult:
        page: PageResult = self._calls.pages(_OP["ListAssociatedStacks"], fleet_id)(token,
                                                                                    page_size)
        if token is None and not page[0] and not known:
            # ListAssociatedStacks lists nothing for a fleet that does not exist: look, so
            # both clouds say NotFound
            self.get_fleet(fleet_id)
        return page

    # Images --------------------------------------------------------------------------------

    def list_images(self, token: Any, page_size: int | None) -> PageResult:
        return self._calls.pages(_OP["DescribeImages"])(token, page_size)

    def get_image(self, image_id: str) -> Image:
        image: Image = self._get(_OP["DescribeImages"], image_id)
        return image

    def get_images(self, image_ids: Sequence[str]) -> dict[str, Image]:
        return self._get_many(_OP["DescribeImages"], image_ids)

    def delete_image(self, image_id: str) -> None:
        self._calls.run(_OP["DeleteImage"], image_id)

    def copy_image(self, image_id: str, destination_region: str, destination_name: str | None,
                   description: str | None) -> str:
        copied: str = self._calls.run(_OP["CopyImage"], image_id, destination_region,
                                destination_name, description)
        return copied or str(destination_name)

    def share_image(self, image_id: str, account_id: str, fleets: bool, builders: bool
                    ) -> None:
        self._calls.run(_OP["UpdateImagePermissions"], image_id, account_id, fleets, builders)

    def unshare_image(self, image_id: str, account_id: str) -> None:
        self._calls.run(_OP["DeleteImagePermissions"], image_id, account_id)

    def list_image_permissions(self, image_id: str, token: Any, page_size: int | None
                               ) -> PageResult:
        return self._calls.pages(_OP["DescribeImagePermissions"], image_id)(token, page_size)

    def create_updated_image(self, image_id: str, new_name: str, description: str | None,
                             display_name: str | None, tags: Mapping[str, str],
                             dry_run: bool) -> ImageUpdate:
        update = UpdatedImage(name=new_name, source=image_id, description=description,
                              display_name=display_name, tags=tags, dry_run=dry_run)
        if dry_run:  # makes nothing: nothing to reconcile
            asked: ImageUpdate = self._calls.run(_OP["CreateUpdatedImage"], update)
            return attrs.evolve(asked, dry_run=True)
        made: ImageUpdate = self._create("CreateUpdatedImage", ResourceKind.IMAGE, update,
                                         "image")
        return made

    # Image builders ------------------------------------------------------------------------

    def list_image_builders(self, token: Any, page_size: int | None) -> PageResult:
        return self._calls.pages(_OP["DescribeImageBuilders"])(token, page_size)

    def get_image_builder(self, builder_id: str) -> ImageBuilder:
        builder: ImageBuilder = self._get(_OP["DescribeImageBuilders"], builder_id)
        return builder

    def get_image_builders(self, builder_ids: Sequence[str]) -> dict[str, ImageBuilder]:
        return self._get_many(_OP["DescribeImageBuilders"], builder_ids)

    def create_image_builder(self, spec: ImageBuilderSpec) -> ImageBuilder:
        builder: ImageBuilder = self._create("CreateImageBuilder", ResourceKind.IMAGE_BUILDER,
                                             spec, "ImageBuilder")
        return builder

    def start_image_builder(self, builder_id: str) -> None:
        self._calls.run(_OP["StartImageBuilder"], builder_id)

    def stop_image_builder(self, builder_id: str) -> None:
        self._calls.run(_OP["StopImageBuilder"], builder_id)

    def delete_image_builder(self, builder_id: str) -> None:
        self._calls.run(_OP["DeleteImageBuilder"], builder_id)

    def connect_image_builder(self, builder_id: str, validity: int | None) -> StreamingAccess:
        access: StreamingAccess = self._calls.run(_OP["CreateImageBuilderStreamingURL"], builder_id,
                                            validity)
        return access

    # Sessions ------------------------------------------------------------------------------

    def _stack_fleets(self, stack_id: str) -> list[str]:
        return list(walk(self._calls.pages(_OP["ListAssociatedFleets"], stack_id)))

    def list_sessions(self, stack_id: str, fleet_id: str | None, user_id: str | None,
                      token: Any, page_size: int | None) -> PageResult:
        """Every fleet's sessions in turn (the stack's fleets, unless ``fleet_id``), one
        authentication type at a time: without one, DescribeSessions lists API sessions only.
        A stack that does not exist raises NotFound."""
        fleets = [fleet_id] if fleet_id is not None else sorted(self._stack_fleets(stack_id))
        if not fleets and token is None:
            # ListAssociatedFleets lists nothing for a stack that does not exist, where
            # Alibaba says NotFound: look, so both say NotFound
            self.get_stack(stack_id)
        parts = [(fleet, auth) for fleet in fleets for auth in SESSION_AUTHENTICATION_TYPES]
        operation = _OP["DescribeSessions"]

        def fetch_part(part: tuple[str, str]) -> Any:
            return self._calls.pages(operation, stack_id, part[0], user_id, part[1])

        return partitioned(parts, fetch_part)(token, page_size)

    def expire_session(self, session: Session) -> None:
        self._calls.run(_OP["ExpireSession"], session.id)

    def connect(self, stack_id: str, user_id: str, fleet_id: str | None, app_id: str | None,
                validity: int | None) -> StreamingAccess:
        if fleet_id is None:
            fleets = self._stack_fleets(stack_id)
            if len(fleets) != 1:
                raise ValidationError("fleet_id", f"is required: stack {stack_id} has "
                                      f"{len(fleets)} fleets", None, show_value=False)
            fleet_id = fleets[0]
        access: StreamingAccess = self._calls.run(_OP["CreateStreamingURL"], stack_id, fleet_id,
                                            user_id, app_id, validity)
        return attrs.evolve(access, user_id=user_id, stack_id=stack_id)

    # Discovery (data: AppStream has no API for it) -----------------------------------------

    def list_regions(self) -> list[Region]:
        return translate.regions()

    def list_instance_types(self, token: Any, page_size: int | None) -> PageResult:
        return translate.instance_types(), None

    # Tags ----------------------------------------------------------------------------------

    def _arn(self, kind: ResourceKind, resource_id: str) -> str:
        arn = self._get(DESCRIBE[kind], resource_id).raw.get("Arn")
        if not isinstance(arn, str):
            raise ProviderError(f"{kind.value} {resource_id} has no ARN to tag",
                                provider=Provider.AWS, operation="TagResource", code="NoArn")
        return arn

    def get_tags(self, kind: ResourceKind, resource_id: str) -> dict[str, str]:
        tags: dict[str, str] = self._calls.run(_OP["ListTagsForResource"],
                                               self._arn(kind, resource_id))
        return tags

    def tag(self, kind: ResourceKind, resource_id: str, tags: Mapping[str, str]) -> None:
        self._calls.run(_OP["TagResource"], self._arn(kind, resource_id), tags)

    def untag(self, kind: ResourceKind, resource_id: str, keys: Sequence[str]) -> None:
        self._calls.run(_OP["UntagResource"], self._arn(kind, resource_id), keys)

    def all_tags(self, resources: Sequence[Stack | Fleet]) -> dict[str, dict[str, str]]:
        # AppStream reads tags one ARN at a time; the ARN comes with the resource read
        found: dict[str, dict[str, str]] = {}
        for resource in resources:
            arn = resource.raw.get("Arn")
            found[resource.id] = self._calls.run(ALL_TAGS, arn) if isinstance(arn, str) else {}
        return found


def make_adapter(context: CallContext, *, timeout: float, credentials: Credentials | None,
                 endpoint_url: str | None = None, session: Any = None,
                 role_arn: str | None = None, role_session_name: str = "streamkit",
                 external_id: str | None = None, bridge: Bridge | None = None) -> AwsAdapter:
    """The adapter for ``connect("aws", ...)``: checks the AWS options, makes the clients.

    With ``bridge`` (``streamkit.aio``'s): aiobotocore clients, ``session`` an ``AioSession``.
    """
    if endpoint_url is not None and (not isinstance(endpoint_url, str)
                                     or not ENDPOINT_URL_RE.fullmatch(endpoint_url)):
        raise ValidationError("endpoint_url", "must be an http(s) URL", endpoint_url)
    if bridge is not None:
        return _async_adapter(context, timeout=timeout, credentials=credentials,
                              endpoint_url=endpoint_url, session=session, role_arn=role_arn,
                              role_session_name=role_session_name, external_id=external_id,
                              bridge=bridge)
    if session is not None and not isinstance(session, boto3.Session):
        raise ValidationError("session", "must be a boto3.Session", type(session).__name__)
    guard_sdk_logs(Provider.AWS)  # botocore logs bodies: mask streaming URLs
    clients = ClientFactory(region=context.region, endpoint_url=endpoint_url,
                            credentials=credentials, session=session, timeout=timeout)
    if role_arn is not None:  # the base credentials only call STS; the role signs the rest
        _check_role(role_arn, role_session_name, external_id)
        base = session or boto3.Session(**credential_keys(credentials), region_name=context.region)
        clients.session = assumed_role_session(
            base, region=context.region, role_arn=role_arn, session_name=role_session_name,
            external_id=external_id, config=clients.config)
    return AwsAdapter(context, clients)


def _async_adapter(context: CallContext, *, timeout: float, credentials: Credentials | None,
                   endpoint_url: str | None, session: Any, role_arn: str | None,
                   role_session_name: str, external_id: str | None,
                   bridge: Bridge) -> AwsAdapter:
    from aiobotocore.session import AioSession

    if session is not None and not isinstance(session, AioSession):
        raise ValidationError("session", "must be an aiobotocore AioSession",
                              type(session).__name__)
    guard_sdk_logs(Provider.AWS)
    clients = AsyncClientFactory(region=context.region, endpoint_url=endpoint_url,
                                 credentials=credentials, session=session, timeout=timeout,
                                 bridge=bridge)
    if role_arn is not None:
        _check_role(role_arn, role_session_name, external_id)
        clients.session = aio_assumed_role_session(
            session, credential_keys(credentials), region=context.region, role_arn=role_arn,
            session_name=role_session_name, external_id=external_id, config=clients.config)
    return AwsAdapter(context, clients)


def _check_role(role_arn: object, session_name: object, external_id: object) -> None:
    if not isinstance(role_arn, str) or not ROLE_ARN_RE.fullmatch(role_arn):
        raise ValidationError("role_arn", "must look like 'arn:aws:iam::123456789012:role/name'",
                              role_arn)
    if not isinstance(session_name, str) or not ROLE_SESSION_NAME_RE.fullmatch(session_name):
        raise ValidationError("role_session_name", "must be 2-64 of letters, digits and "
                              "+=,.@-", session_name)
    if external_id is not None and (not isinstance(external_id, str)
                                    or not EXTERNAL_ID_RE.fullmatch(external_id)):
        raise ValidationError("external_id", "must be 2-1224 of letters, digits and +=,.@:/-",
                              external_id, show_value=False)
