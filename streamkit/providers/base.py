"""The adapter contract every provider implements, per resource, and the capability flags.

The facade (:mod:`streamkit.client`, :mod:`streamkit.services`) validates input, pages,
waits and checks capabilities; an adapter only translates one call at a time to its cloud and
back. The contract is one protocol per resource (:class:`StacksAdapter`, ...);
:class:`Adapter` is all of them. :class:`AdapterBase` is what adapters subclass: every method
tied to a :class:`Capability` (see :data:`CAPABILITY_OF`) raises
:class:`~streamkit.UnsupportedOperation` with the provider's hint unless the adapter has it,
and it runs declared operations (:mod:`streamkit.operations`) through the one call path.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn, Protocol

from streamkit.calls import Body, CallContext
from streamkit.errors import UnsupportedOperation, ValidationError
from streamkit.extensions import ExtensionContext, Waiting
from streamkit.models import (
    Deployment,
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
from streamkit.operations import Runner
from streamkit.retry import CallKind
from streamkit.specs import (
    DeploymentSpec,
    FleetSpec,
    FleetUpdate,
    ImageBuilderSpec,
    StackSpec,
    StackUpdate,
)
from streamkit.transport import Transport

__all__ = ["CAPABILITY_ALSO", "CAPABILITY_OF", "Adapter", "AdapterBase", "Capability",
           "CatalogAdapter", "FleetsAdapter", "ImageBuildersAdapter", "ImagesAdapter",
           "PageResult", "ResourceKind", "SessionsAdapter", "StacksAdapter", "TagsAdapter"]

#: how ``cloud.call`` tells what an operation it knows only by name does, which decides what
#: may be retried: reads retry; a delete that finds nothing after a lost answer is done;
#: anything else is not sent again after a lost answer (it cannot be told whether it happened)
_READ_NAME = re.compile(r"(Describe|List|Get|PageList|Query)[A-Z]")
_DELETE_NAME = re.compile(r"Delete[A-Z]")

#: a page as an adapter returns it: the items and the cloud's token for the next (None at end)
PageResult = tuple[Sequence[Any], Any]


class Capability(str, enum.Enum):
    """What a provider can do natively. ``cloud.capabilities`` lists the ones it has."""

    STACK_CREATE = "stack.create"          # a stack on its own (else: deploy())
    STACK_UPDATE = "stack.update"
    STACK_DELETE = "stack.delete"
    STACK_USERS = "stack.users"            # entitle users to a stack, list them
    STACK_USER_GROUPS = "stack.user_groups"  # entitle user groups to a stack, list them
    FLEET_CREATE = "fleet.create"          # a fleet on its own (else: deploy())
    FLEET_UPDATE = "fleet.update"
    FLEET_START_STOP = "fleet.start_stop"
    FLEET_SCALE = "fleet.scale"
    FLEET_DELETE = "fleet.delete"
    FLEET_ASSOCIATION = "fleet.association"  # associate / disassociate / list a stack's fleets
    FLEET_INSTANCES = "fleet.instances"    # list the instances (nodes) of a fleet
    FLEET_SUBSCRIPTION = "fleet.subscription"  # FleetSpec(alibaba=AlibabaFleetOptions(...))
    NATIVE_DEPLOY = "deploy.native"        # stack + fleet in one cloud call
    IMAGE_DELETE = "image.delete"
    IMAGE_COPY = "image.copy"
    IMAGE_FROM_INSTANCE = "image.from_instance"  # capture a workstation into an image
    IMAGE_SHARING = "image.sharing"        # share a private image with other accounts
    IMAGE_MANAGED_UPDATE = "image.managed_update"  # patch an image without a builder
    IMAGE_BUILDER = "image_builder"        # list / get / create / delete
    IMAGE_BUILDER_START_STOP = "image_builder.start_stop"
    IMAGE_BUILDER_CREATE_IMAGE = "image_builder.create_image"
    IMAGE_BUILDER_CONNECT = "image_builder.connect"
    SESSIONS = "sessions"                  # list / expire / expire_all
    SESSION_BINDINGS = "sessions.bindings"  # where users are bound, across stacks
    SESSION_INSTANCES = "sessions.delete_instances"  # delete app instances nobody uses
    PERSISTENT_SESSIONS = "sessions.persistent"  # list / connect to persistent sessions
    STREAMING_ACCESS = "sessions.connect"
    STREAMING_URL_VALIDITY = "sessions.connect.validity"
    TAGS = "tags"                          # every kind of resource below carries tags
    STACK_TAGS = "stack.tags"
    FLEET_TAGS = "fleet.tags"
    IMAGE_TAGS = "image.tags"
    IMAGE_BUILDER_TAGS = "image_builder.tags"
    FAST_LAUNCH = "fast_launch"            # EC2 Windows fast launch images (AWS only)
    # Areas of one provider's extension namespace (``cloud.aws``, ``cloud.alibaba``) are
    # named "<provider>.<area>" (see :attr:`only_on`).
    AWS_APP_BLOCKS = "aws.app_blocks"
    AWS_APPLICATIONS = "aws.applications"
    AWS_APP_BLOCK_BUILDERS = "aws.app_block_builders"
    AWS_ENTITLEMENTS = "aws.entitlements"
    ALIBABA_BILLING = "alibaba.billing"    # prices and renewals of subscription groups
    ALIBABA_POLICIES = "alibaba.policies"  # a delivery group's display policy
    ALIBABA_TENANT = "alibaba.tenant"      # the account's settings
    ALIBABA_OTA = "alibaba.ota"            # over-the-air updates of Workspace components
    ALIBABA_WORKSTATIONS = "alibaba.workstations"  # cloud workstations (WuyingServer)
    ALIBABA_BROWSERS = "alibaba.browsers"  # cloud browsers (browser instance groups)
    AWS_USERS = "aws.users"                # the AppStream user pool
    AWS_DIRECTORIES = "aws.directories"    # directory configs (Active Directory domain join)
    AWS_USAGE_REPORTS = "aws.usage_reports"  # the usage report subscription
    AWS_THEMES = "aws.themes"              # stack themes (the portal's look)
    AWS_IMAGE_EXPORTS = "aws.image_exports"  # image export tasks (an image to an EC2 AMI)
    AWS_SOFTWARE = "aws.software"          # license-included software on image builders

    @property
    def only_on(self) -> Provider | None:
        """The provider whose extension namespace this belongs to; None if neutral."""
        head = self.value.split(".", 1)[0]
        return next((p for p in Provider if p.value == head), None)


class ResourceKind(str, enum.Enum):
    """The kinds of resource that carry tags."""

    STACK = "stack"
    FLEET = "fleet"
    IMAGE = "image"
    IMAGE_BUILDER = "image_builder"


#: the capability that tags each kind of resource
TAG_CAPABILITY: Mapping[ResourceKind, Capability] = {
    ResourceKind.STACK: Capability.STACK_TAGS, ResourceKind.FLEET: Capability.FLEET_TAGS,
    ResourceKind.IMAGE: Capability.IMAGE_TAGS,
    ResourceKind.IMAGE_BUILDER: Capability.IMAGE_BUILDER_TAGS,
}

#: adapter method -> (the capability it needs, the public operation it serves)
CAPABILITY_OF: Mapping[str, tuple[Capability, str]] = {
    "create_stack": (Capability.STACK_CREATE, "stacks.create"),
    "update_stack": (Capability.STACK_UPDATE, "stacks.update"),
    "delete_stack": (Capability.STACK_DELETE, "stacks.delete"),
    "associate_fleet": (Capability.FLEET_ASSOCIATION, "stacks.associate_fleet"),
    "disassociate_fleet": (Capability.FLEET_ASSOCIATION, "stacks.disassociate_fleet"),
    "list_stack_fleets": (Capability.FLEET_ASSOCIATION, "stacks.list_fleets"),
    "list_stack_users": (Capability.STACK_USERS, "stacks.list_users"),
    "authorize_users": (Capability.STACK_USERS, "stacks.authorize_users"),
    "unauthorize_users": (Capability.STACK_USERS, "stacks.unauthorize_users"),
    "list_stack_user_groups": (Capability.STACK_USER_GROUPS, "stacks.list_user_groups"),
    "authorize_user_groups": (Capability.STACK_USER_GROUPS, "stacks.authorize_user_groups"),
    "unauthorize_user_groups": (Capability.STACK_USER_GROUPS,
                                "stacks.unauthorize_user_groups"),
    "create_fleet": (Capability.FLEET_CREATE, "fleets.create"),
    "update_fleet": (Capability.FLEET_UPDATE, "fleets.update"),
    "start_fleet": (Capability.FLEET_START_STOP, "fleets.start"),
    "stop_fleet": (Capability.FLEET_START_STOP, "fleets.stop"),
    "scale_fleet": (Capability.FLEET_SCALE, "fleets.scale"),
    "delete_fleet": (Capability.FLEET_DELETE, "fleets.delete"),
    "list_fleet_instances": (Capability.FLEET_INSTANCES, "fleets.list_instances"),
    "deploy": (Capability.NATIVE_DEPLOY, "deploy"),
    "delete_image": (Capability.IMAGE_DELETE, "images.delete"),
    "copy_image": (Capability.IMAGE_COPY, "images.copy"),
    "create_image_from_instance": (Capability.IMAGE_FROM_INSTANCE,
                                   "images.create_from_instance"),
    "share_image": (Capability.IMAGE_SHARING, "images.share"),
    "unshare_image": (Capability.IMAGE_SHARING, "images.unshare"),
    "list_image_permissions": (Capability.IMAGE_SHARING, "images.permissions"),
    "create_updated_image": (Capability.IMAGE_MANAGED_UPDATE, "images.create_updated"),
    "list_image_builders": (Capability.IMAGE_BUILDER, "image_builders.list"),
    "get_image_builder": (Capability.IMAGE_BUILDER, "image_builders.get"),
    "get_image_builders": (Capability.IMAGE_BUILDER, "image_builders.get"),
    "create_image_builder": (Capability.IMAGE_BUILDER, "image_builders.create"),
    "delete_image_builder": (Capability.IMAGE_BUILDER, "image_builders.delete"),
    "start_image_builder": (Capability.IMAGE_BUILDER_START_STOP, "image_builders.start"),
    "stop_image_builder": (Capability.IMAGE_BUILDER_START_STOP, "image_builders.stop"),
    "create_image": (Capability.IMAGE_BUILDER_CREATE_IMAGE, "image_builders.create_image"),
    "connect_image_builder": (Capability.IMAGE_BUILDER_CONNECT, "image_builders.connect"),
    "list_sessions": (Capability.SESSIONS, "sessions.list"),
    "expire_session": (Capability.SESSIONS, "sessions.expire"),
    "connect": (Capability.STREAMING_ACCESS, "sessions.connect"),
    "list_bindings": (Capability.SESSION_BINDINGS, "sessions.bindings"),
    "delete_instances": (Capability.SESSION_INSTANCES, "sessions.delete_instances"),
    "list_persistent_sessions": (Capability.PERSISTENT_SESSIONS, "sessions.list_persistent"),
    "connect_persistent": (Capability.PERSISTENT_SESSIONS,
                           "sessions.connect(persistent_id=...)"),
    "get_tags": (Capability.TAGS, "tags"),
    "tag": (Capability.TAGS, "tag"),
    "untag": (Capability.TAGS, "untag"),
}

#: capability -> public operations that need it beside the adapter methods of CAPABILITY_OF
CAPABILITY_ALSO: Mapping[Capability, tuple[str, ...]] = {
    Capability.FLEET_SUBSCRIPTION: ("deploy(FleetSpec(alibaba=...))",),
    Capability.STREAMING_URL_VALIDITY: ("sessions.connect(validity=...)",),
    Capability.FAST_LAUNCH: ("fast_launch.list", "fast_launch.get", "fast_launch.enable",
                             "fast_launch.disable"),
}


class _Described(Protocol):
    provider: Provider
    region: str
    capabilities: frozenset[Capability]
    hints: Mapping[Capability, str]  # per missing capability: the portable way
    page_limits: Mapping[str, int]  # largest page_size, by listing name


def lacking(adapter: _Described, capability: Capability, operation: str
            ) -> UnsupportedOperation:
    """The error for ``operation`` on a provider without ``capability``, with its hint."""
    return UnsupportedOperation(adapter.provider, operation,
                                adapter.hints.get(capability, "no portable alternative"))


def unsupported(adapter: _Described, method: str) -> NoReturn:
    """Raise :class:`UnsupportedOperation` for the adapter ``method`` (see CAPABILITY_OF)."""
    raise lacking(adapter, *CAPABILITY_OF[method])


# The defaults below are the contract's fallbacks, not stubs to fill: a method an adapter
# leaves out raises UnsupportedOperation from CAPABILITY_OF.

class StacksAdapter(_Described, Protocol):
    def list_stacks(self, token: Any, page_size: int | None) -> PageResult: ...
    def get_stack(self, stack_id: str) -> Stack: ...
    def get_stacks(self, stack_ids: Sequence[str]) -> dict[str, Stack]: ...
    def create_stack(self, spec: StackSpec) -> Stack:
        unsupported(self, "create_stack")
    def update_stack(self, stack_id: str, update: StackUpdate) -> Stack:
        unsupported(self, "update_stack")
    def delete_stack(self, stack_id: str) -> None:
        unsupported(self, "delete_stack")
    def associate_fleet(self, stack_id: str, fleet_id: str) -> None:
        unsupported(self, "associate_fleet")
    def disassociate_fleet(self, stack_id: str, fleet_id: str) -> None:
        unsupported(self, "disassociate_fleet")
    def list_stack_fleets(self, stack_id: str, token: Any, page_size: int | None) -> PageResult:
        unsupported(self, "list_stack_fleets")
    def list_stack_users(self, stack_id: str, token: Any, page_size: int | None) -> PageResult:
        unsupported(self, "list_stack_users")
    def authorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        unsupported(self, "authorize_users")
    def unauthorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        unsupported(self, "unauthorize_users")
    def list_stack_user_groups(self, stack_id: str, token: Any, page_size: int | None
                               ) -> PageResult:
        unsupported(self, "list_stack_user_groups")
    def authorize_user_groups(self, stack_id: str, group_ids: Sequence[str]) -> None:
        unsupported(self, "authorize_user_groups")
    def unauthorize_user_groups(self, stack_id: str, group_ids: Sequence[str]) -> None:
        unsupported(self, "unauthorize_user_groups")


class FleetsAdapter(_Described, Protocol):
    def list_fleets(self, token: Any, page_size: int | None) -> PageResult: ...
    def get_fleet(self, fleet_id: str) -> Fleet: ...
    # batched reads: the ids found (absent ones left out), in as few calls as the API allows
    def get_fleets(self, fleet_ids: Sequence[str]) -> dict[str, Fleet]: ...
    def create_fleet(self, spec: FleetSpec) -> Fleet:
        unsupported(self, "create_fleet")
    def update_fleet(self, fleet_id: str, update: FleetUpdate) -> Fleet:
        unsupported(self, "update_fleet")
    def start_fleet(self, fleet_id: str) -> None:
        unsupported(self, "start_fleet")
    def stop_fleet(self, fleet_id: str) -> None:
        unsupported(self, "stop_fleet")
    def scale_fleet(self, fleet_id: str, desired: int) -> Fleet:
        unsupported(self, "scale_fleet")
    def delete_fleet(self, fleet_id: str) -> None:
        unsupported(self, "delete_fleet")
    def list_fleet_instances(self, fleet_id: str, token: Any, page_size: int | None
                             ) -> PageResult:
        unsupported(self, "list_fleet_instances")
    # the stacks a fleet serves (Alibaba: its delivery group)
    # known: the fleet was just read, so an empty page needs no look to tell NotFound
    def list_fleet_stacks(self, fleet_id: str, token: Any, page_size: int | None, *,
                          known: bool = False) -> PageResult: ...
    def deploy(self, spec: DeploymentSpec) -> Deployment:
        unsupported(self, "deploy")

    def made_by_last_create(self, kind: ResourceKind, resource_id: str) -> bool:
        """Whether the resource bears the mark of this client's last create of it.

        A provider without an ownership mark answers False: what an interrupt cut off is never
        taken for its own (a rollback must not delete a stranger's resource of that name).
        """
        return False


class ImagesAdapter(_Described, Protocol):
    def list_images(self, token: Any, page_size: int | None) -> PageResult: ...
    def get_image(self, image_id: str) -> Image: ...
    def get_images(self, image_ids: Sequence[str]) -> dict[str, Image]: ...
    def delete_image(self, image_id: str) -> None:
        unsupported(self, "delete_image")
    def copy_image(self, image_id: str, destination_region: str, destination_name: str | None,
                   description: str | None) -> str:
        unsupported(self, "copy_image")
    def create_image_from_instance(self, instance_id: str, image_name: str,
                                   description: str | None, persistent_id: str | None
                                   ) -> Image:
        unsupported(self, "create_image_from_instance")
    def share_image(self, image_id: str, account_id: str, fleets: bool, builders: bool
                    ) -> None:
        unsupported(self, "share_image")
    def unshare_image(self, image_id: str, account_id: str) -> None:
        unsupported(self, "unshare_image")
    def list_image_permissions(self, image_id: str, token: Any, page_size: int | None
                               ) -> PageResult:
        unsupported(self, "list_image_permissions")
    def create_updated_image(self, image_id: str, new_name: str, description: str | None,
                             display_name: str | None, tags: Mapping[str, str],
                             dry_run: bool) -> ImageUpdate:
        unsupported(self, "create_updated_image")


class ImageBuildersAdapter(_Described, Protocol):
    def list_image_builders(self, token: Any, page_size: int | None) -> PageResult:
        unsupported(self, "list_image_builders")
    def get_image_builder(self, builder_id: str) -> ImageBuilder:
        unsupported(self, "get_image_builder")
    def get_image_builders(self, builder_ids: Sequence[str]) -> dict[str, ImageBuilder]:
        unsupported(self, "get_image_builders")
    def create_image_builder(self, spec: ImageBuilderSpec) -> ImageBuilder:
        unsupported(self, "create_image_builder")
    def start_image_builder(self, builder_id: str) -> None:
        unsupported(self, "start_image_builder")
    def stop_image_builder(self, builder_id: str) -> None:
        unsupported(self, "stop_image_builder")
    def delete_image_builder(self, builder_id: str) -> None:
        unsupported(self, "delete_image_builder")
    def create_image(self, builder_id: str, image_name: str, description: str | None) -> Image:
        unsupported(self, "create_image")
    def connect_image_builder(self, builder_id: str, validity: int | None) -> StreamingAccess:
        unsupported(self, "connect_image_builder")


class SessionsAdapter(_Described, Protocol):
    def list_sessions(self, stack_id: str, fleet_id: str | None, user_id: str | None,
                      token: Any, page_size: int | None) -> PageResult:
        unsupported(self, "list_sessions")
    def expire_session(self, session: Session) -> None:
        unsupported(self, "expire_session")
    def connect(self, stack_id: str, user_id: str, fleet_id: str | None, app_id: str | None,
                validity: int | None) -> StreamingAccess:
        unsupported(self, "connect")
    def expire_all_sessions(self, stack_id: str) -> bool:
        """End the stack's sessions in one call if the cloud can: whether it did (if not,
        the service expires them one by one)."""
        return False
    def list_bindings(self, user_id: str | None, stack_id: str | None, token: Any,
                      page_size: int | None) -> PageResult:
        unsupported(self, "list_bindings")
    def delete_instances(self, stack_id: str, instance_ids: Sequence[str]) -> None:
        unsupported(self, "delete_instances")
    def list_persistent_sessions(self, stack_id: str, token: Any, page_size: int | None
                                 ) -> PageResult:
        unsupported(self, "list_persistent_sessions")
    def connect_persistent(self, stack_id: str, user_id: str, persistent_id: str,
                           app_id: str | None) -> StreamingAccess:
        unsupported(self, "connect_persistent")


class TagsAdapter(_Described, Protocol):
    def get_tags(self, kind: ResourceKind, resource_id: str) -> dict[str, str]:
        unsupported(self, "get_tags")
    def tag(self, kind: ResourceKind, resource_id: str, tags: Mapping[str, str]) -> None:
        unsupported(self, "tag")
    def untag(self, kind: ResourceKind, resource_id: str, keys: Sequence[str]) -> None:
        unsupported(self, "untag")
    def all_tags(self, resources: Sequence[Stack | Fleet]) -> dict[str, dict[str, str]]:
        """Every tag of each stack or fleet just read (by id), streamkit's marks included,
        in as few calls as the cloud allows."""
        unsupported(self, "get_tags")


class CatalogAdapter(_Described, Protocol):
    # what the provider offers: a call on Alibaba, data on AWS
    def list_regions(self) -> list[Region]: ...
    def list_instance_types(self, token: Any, page_size: int | None) -> PageResult: ...


class Adapter(StacksAdapter, FleetsAdapter, ImagesAdapter, ImageBuildersAdapter,
              SessionsAdapter, TagsAdapter, CatalogAdapter, Protocol):
    """One provider's translation of the neutral operations. Inputs arrive validated."""

    def extension(self, wait: Waiting) -> Any: ...
    def call(self, operation: str, params: Mapping[str, Any]) -> dict[str, Any]: ...


class AdapterBase(Adapter):
    """What an adapter subclasses: the contract's defaults, and ``_calls`` to run operations.

    A subclass sets ``provider``, ``capabilities``, ``hints`` and ``page_limits`` and
    implements the methods of the capabilities it claims.
    """

    def __init__(self, context: CallContext, transport: Transport) -> None:
        self.region = context.region
        self._context = context
        self._transport = transport
        self._calls = Runner(context, transport)

    #: every operation name of the provider's API that ``cloud.call`` may send
    operation_names: frozenset[str] = frozenset()

    def extension(self, wait: Waiting) -> Any:
        """This provider's extension namespace (``cloud.aws``, ``cloud.alibaba``), if any."""
        return None

    def _extension_context(self, wait: Waiting) -> ExtensionContext:
        return ExtensionContext(self.provider, self._calls, wait, self.region)

    def call(self, operation: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """Send any operation of the API by name on the one call path; its answer's body."""
        if not isinstance(operation, str) or operation not in self.operation_names:
            raise ValidationError("operation", f"must be an operation of the {self.provider.value}"
                                  " API, named as the API names it (e.g. 'DescribeFleets')",
                                  operation)
        if not isinstance(params, Mapping) or not all(isinstance(k, str) for k in params):
            raise ValidationError("params", "must be a mapping of parameter names to values",
                                  type(params).__name__)
        kind = (CallKind.READ if _READ_NAME.match(operation)
                else CallKind.DELETE if _DELETE_NAME.match(operation) else CallKind.CREATE)
        body: Body = self._context.call(self._transport, operation, dict(params), kind)
        return {key: value for key, value in body.items() if key != "ResponseMetadata"}
