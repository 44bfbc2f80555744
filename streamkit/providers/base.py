"""The adapter contract every provider implements, and the capability flags.

The facade (:mod:`streamkit.client`) validates input, pages, waits and checks capabilities;
an adapter only translates one call at a time to its cloud and back.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from streamkit.models import (
    Deployment,
    Fleet,
    Image,
    ImageBuilder,
    Provider,
    Session,
    Stack,
    StreamingAccess,
)
from streamkit.specs import (
    DeploymentSpec,
    FleetSpec,
    FleetUpdate,
    ImageBuilderSpec,
    StackSpec,
    StackUpdate,
)

__all__ = ["Adapter", "Capability", "PageResult", "ResourceKind"]

#: a page as an adapter returns it: the items and the cloud's token for the next (None at end)
PageResult = tuple[Sequence[Any], Any]


class Capability(str, enum.Enum):
    """What a provider can do natively. ``cloud.capabilities`` lists the ones it has."""

    STACK_CREATE = "stack.create"          # a stack on its own (else: deploy())
    STACK_UPDATE = "stack.update"
    STACK_DELETE = "stack.delete"
    FLEET_CREATE = "fleet.create"          # a fleet on its own (else: deploy())
    FLEET_UPDATE = "fleet.update"
    FLEET_START_STOP = "fleet.start_stop"
    FLEET_SCALE = "fleet.scale"
    FLEET_DELETE = "fleet.delete"
    FLEET_ASSOCIATION = "fleet.association"  # associate / disassociate / list a stack's fleets
    NATIVE_DEPLOY = "deploy.native"        # stack + fleet in one cloud call
    IMAGE_DELETE = "image.delete"
    IMAGE_COPY = "image.copy"
    IMAGE_BUILDER = "image_builder"        # list / get / create / delete
    IMAGE_BUILDER_START_STOP = "image_builder.start_stop"
    IMAGE_BUILDER_CREATE_IMAGE = "image_builder.create_image"
    IMAGE_BUILDER_CONNECT = "image_builder.connect"
    SESSIONS = "sessions"                  # list / expire
    STREAMING_ACCESS = "sessions.connect"
    STREAMING_URL_VALIDITY = "sessions.connect.validity"
    TAGS = "tags"
    FAST_LAUNCH = "fast_launch"            # EC2 Windows fast launch images (AWS only)


class ResourceKind(str, enum.Enum):
    """The kinds of resource that carry tags."""

    STACK = "stack"
    FLEET = "fleet"
    IMAGE = "image"
    IMAGE_BUILDER = "image_builder"


class Adapter(Protocol):
    """One provider's translation of the neutral operations. Inputs arrive validated."""

    @property
    def provider(self) -> Provider: ...
    @property
    def region(self) -> str: ...
    @property
    def capabilities(self) -> frozenset[Capability]: ...
    @property
    def hints(self) -> Mapping[Capability, str]: ...  # per missing capability: the portable way
    @property
    def page_limits(self) -> Mapping[str, int]: ...  # largest page_size, by listing name

    def list_stacks(self, token: Any, page_size: int | None) -> PageResult: ...
    def get_stack(self, stack_id: str) -> Stack: ...
    def create_stack(self, spec: StackSpec) -> Stack: ...
    def update_stack(self, stack_id: str, update: StackUpdate) -> Stack: ...
    def delete_stack(self, stack_id: str) -> None: ...
    def associate_fleet(self, stack_id: str, fleet_id: str) -> None: ...
    def disassociate_fleet(self, stack_id: str, fleet_id: str) -> None: ...
    def list_stack_fleets(self, stack_id: str, token: Any, page_size: int | None) -> PageResult: ...

    def list_fleets(self, token: Any, page_size: int | None) -> PageResult: ...
    def get_fleet(self, fleet_id: str) -> Fleet: ...
    def create_fleet(self, spec: FleetSpec) -> Fleet: ...
    def update_fleet(self, fleet_id: str, update: FleetUpdate) -> Fleet: ...
    def start_fleet(self, fleet_id: str) -> None: ...
    def stop_fleet(self, fleet_id: str) -> None: ...
    def scale_fleet(self, fleet_id: str, desired: int) -> Fleet: ...
    def delete_fleet(self, fleet_id: str) -> None: ...
    def deploy(self, spec: DeploymentSpec) -> Deployment: ...

    def list_images(self, token: Any, page_size: int | None) -> PageResult: ...
    def get_image(self, image_id: str) -> Image: ...
    def delete_image(self, image_id: str) -> None: ...
    def copy_image(self, image_id: str, destination_region: str, destination_name: str | None,
                   description: str | None) -> str: ...

    def list_image_builders(self, token: Any, page_size: int | None) -> PageResult: ...
    def get_image_builder(self, builder_id: str) -> ImageBuilder: ...
    def create_image_builder(self, spec: ImageBuilderSpec) -> ImageBuilder: ...
    def start_image_builder(self, builder_id: str) -> None: ...
    def stop_image_builder(self, builder_id: str) -> None: ...
    def delete_image_builder(self, builder_id: str) -> None: ...
    def create_image(self, builder_id: str, image_name: str, description: str | None) -> Image: ...
    def connect_image_builder(self, builder_id: str, validity: int | None) -> StreamingAccess: ...

    def list_sessions(self, stack_id: str, fleet_id: str | None, user_id: str | None,
                      token: Any, page_size: int | None) -> PageResult: ...
    def expire_session(self, session: Session) -> None: ...
    def connect(self, stack_id: str, user_id: str, fleet_id: str | None, app_id: str | None,
                validity: int | None) -> StreamingAccess: ...

    def get_tags(self, kind: ResourceKind, resource_id: str) -> dict[str, str]: ...
    def tag(self, kind: ResourceKind, resource_id: str, tags: Mapping[str, str]) -> None: ...
    def untag(self, kind: ResourceKind, resource_id: str, keys: Sequence[str]) -> None: ...
