"""The resource services users reach through the facade: ``cloud.stacks``, ``cloud.fleets``...

Each method validates its input (naming the field on error), checks that the provider can do
it, and hands the call to the adapter. Listings go through the paging engine.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from streamkit.errors import NotFound, PermissionDenied, ValidationError
from streamkit.models import (
    DomainJoin,
    Fleet,
    Image,
    ImageBuilder,
    ImagePermission,
    ImageUpdate,
    Page,
    Session,
    SessionBinding,
    Stack,
    StreamingAccess,
    UserGroup,
)
from streamkit.paging import FetchPage, Listing
from streamkit.providers import PROVIDERS
from streamkit.providers.base import (
    TAG_CAPABILITY,
    Adapter,
    Capability,
    ResourceKind,
    lacking,
)
from streamkit.specs import FleetSpec, FleetUpdate, ImageBuilderSpec, StackSpec, StackUpdate
from streamkit.stack_settings import StackSettings
from streamkit.validation import (
    check_bool,
    check_id,
    check_instance,
    check_int,
    check_name,
    check_optional_int,
    check_optional_str,
    check_str,
    check_tag_keys,
    check_tags,
    check_user_id,
)

__all__ = ["Fleets", "ImageBuilders", "Images", "Sessions", "Stacks"]

T = TypeVar("T")

STREAMING_VALIDITY = (1, 604_800)
ACCOUNT_ID_RE = re.compile(r"\d{12}")


def _account(field: str, value: object) -> str:
    """An AWS account id: 12 digits."""
    if not isinstance(value, str) or not ACCOUNT_ID_RE.fullmatch(value):
        raise ValidationError(field, "must be a 12-digit AWS account id", value)
    return value


def _ids(field: str, value: object, limit: int) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ValidationError(field, "must be a list of ids", value)
    if not 1 <= len(value) <= limit:
        raise ValidationError(field, f"must hold 1 to {limit} ids", len(value))
    return tuple(check_id(f"{field}[{i}]", item) for i, item in enumerate(value))


def _user_ids(field: str, value: object) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ValidationError(field, "must be a list of user ids", value)
    if not 1 <= len(value) <= 1000:
        raise ValidationError(field, "must hold 1 to 1000 user ids", len(value))
    return tuple(check_user_id(f"{field}[{i}]", user) for i, user in enumerate(value))


class _Service(Generic[T]):
    """Shared plumbing: capability checks, listings and tags for one kind of resource."""

    _listing_name = ""

    def __init__(self, adapter: Adapter) -> None:
        self._adapter = adapter
        self._provider = PROVIDERS[adapter.provider]
        self._id = self._provider.check_id  # this provider's rule for resource ids

    def _require(self, capability: Capability, operation: str) -> None:
        if capability not in self._adapter.capabilities:
            raise lacking(self._adapter, capability, operation)

    def _listing(self, fetch: FetchPage[Any], *parts: str, name: str | None = None
                 ) -> Listing[Any]:
        name = name or self._listing_name
        key = "/".join((self._adapter.provider.value, self._adapter.region, name, *parts))
        return Listing(key=key, fetch=fetch, max_page_size=self._adapter.page_limits[name])


    def _of(self, id_name: str, resource_id: str,
            fetch: Callable[[str, Any, int | None], Any], name: str) -> Listing[Any]:
        """The listing of what one resource has (``fetch(resource_id, token, size)``)."""
        resource_id = self._id(id_name, resource_id)

        def page(token: Any, size: int | None) -> Any:
            return fetch(resource_id, token, size)

        return self._listing(page, resource_id, name=name)


class _Tagged(_Service[T]):
    """A service whose resources carry tags (all but sessions)."""

    _kind: ResourceKind

    def tags(self, resource_id: str) -> dict[str, str]:
        """The resource's tags."""
        self._require(TAG_CAPABILITY[self._kind], f"{self._listing_name}.tags")
        return self._adapter.get_tags(self._kind, self._id("resource_id", resource_id))

    def tag(self, resource_id: str, tags: Mapping[str, str]) -> None:
        """Add or overwrite tags on the resource."""
        self._require(TAG_CAPABILITY[self._kind], f"{self._listing_name}.tag")
        checked = check_tags("tags", tags)
        if not checked:
            raise ValidationError("tags", "must hold at least one tag", tags)
        self._adapter.tag(self._kind, self._id("resource_id", resource_id), checked)

    def untag(self, resource_id: str, keys: Sequence[str]) -> None:
        """Remove the tags with these keys from the resource."""
        self._require(TAG_CAPABILITY[self._kind], f"{self._listing_name}.untag")
        self._adapter.untag(self._kind, self._id("resource_id", resource_id),
                            check_tag_keys("keys", keys))


class Stacks(_Tagged[Stack]):
    """Stacks: where users are entitled to stream. On Alibaba, delivery groups."""

    _listing_name = "stacks"
    _kind = ResourceKind.STACK

    def list(self) -> Iterator[Stack]:
        """Every stack, fetched lazily page by page."""
        return iter(self._listing(self._adapter.list_stacks))

    def list_page(self, page_size: int | None = None, cursor: str | None = None) -> Page[Stack]:
        """One page of stacks; pass ``next_cursor`` back for the next."""
        return self._listing(self._adapter.list_stacks).page(page_size, cursor)

    def get(self, stack_id: str) -> Stack:
        """The stack, or :class:`~streamkit.NotFound`."""
        return self._adapter.get_stack(self._id("stack_id", stack_id))

    def create(self, spec: StackSpec) -> Stack:
        """Create a stack on its own. On Alibaba a stack needs its fleet: use ``cloud.deploy``."""
        self._require(Capability.STACK_CREATE, "stacks.create")
        return self._adapter.create_stack(check_instance("spec", spec, StackSpec))

    def update(self, stack_id: str, *, display_name: str | None = None,
               description: str | None = None, redirect_url: str | None = None,
               feedback_url: str | None = None, settings: StackSettings | None = None
               ) -> Stack:
        """Change the given fields; the others stay as they are.

        ``settings``: the :class:`~streamkit.StackSettings` fields to change (None ones
        stay; an empty tuple removes a list).
        """
        self._require(Capability.STACK_UPDATE, "stacks.update")
        update = StackUpdate(display_name=display_name, description=description,
                             redirect_url=redirect_url, feedback_url=feedback_url,
                             settings=settings)
        return self._adapter.update_stack(self._id("stack_id", stack_id), update)

    def delete(self, stack_id: str) -> None:
        """Delete the stack (on AWS, disassociate its fleets first)."""
        self._require(Capability.STACK_DELETE, "stacks.delete")
        self._adapter.delete_stack(self._id("stack_id", stack_id))

    def associate_fleet(self, stack_id: str, fleet_id: str) -> None:
        """Let the stack stream from the fleet."""
        self._require(Capability.FLEET_ASSOCIATION, "stacks.associate_fleet")
        self._adapter.associate_fleet(self._id("stack_id", stack_id),
                                      self._id("fleet_id", fleet_id))

    def disassociate_fleet(self, stack_id: str, fleet_id: str) -> None:
        """Stop the stack streaming from the fleet."""
        self._require(Capability.FLEET_ASSOCIATION, "stacks.disassociate_fleet")
        self._adapter.disassociate_fleet(self._id("stack_id", stack_id),
                                         self._id("fleet_id", fleet_id))

    def list_fleets(self, stack_id: str) -> Iterator[str]:
        """Ids of the fleets associated with the stack."""
        self._require(Capability.FLEET_ASSOCIATION, "stacks.list_fleets")
        stack_id = self._id("stack_id", stack_id)

        def fetch(token: Any, size: int | None) -> Any:
            return self._adapter.list_stack_fleets(stack_id, token, size)

        return iter(self._listing(fetch, stack_id, name="stack_fleets"))

    def _users(self, stack_id: str) -> Listing[str]:
        self._require(Capability.STACK_USERS, "stacks.list_users")
        stack_id = self._id("stack_id", stack_id)

        def fetch(token: Any, size: int | None) -> Any:
            return self._adapter.list_stack_users(stack_id, token, size)

        return self._listing(fetch, stack_id, name="stack_users")

    def list_users(self, stack_id: str) -> Iterator[str]:
        """The users entitled to the stack.

        AWS: user pool associations; Alibaba: the delivery group's authorized users.
        """
        return iter(self._users(stack_id))

    def list_users_page(self, stack_id: str, *, page_size: int | None = None,
                        cursor: str | None = None) -> Page[str]:
        """One page of :meth:`list_users`."""
        return self._users(stack_id).page(page_size, cursor)

    def authorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        """Entitle users to the stack (AWS: user pool users, by email)."""
        self._require(Capability.STACK_USERS, "stacks.authorize_users")
        self._adapter.authorize_users(self._id("stack_id", stack_id),
                                      _user_ids("user_ids", user_ids))

    def unauthorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        """Take the users' entitlement to the stack away."""
        self._require(Capability.STACK_USERS, "stacks.unauthorize_users")
        self._adapter.unauthorize_users(self._id("stack_id", stack_id),
                                        _user_ids("user_ids", user_ids))

    def _user_groups(self, stack_id: str) -> Listing[UserGroup]:
        self._require(Capability.STACK_USER_GROUPS, "stacks.list_user_groups")
        return self._of("stack_id", stack_id, self._adapter.list_stack_user_groups,
                        "stack_user_groups")

    def list_user_groups(self, stack_id: str) -> Iterator[UserGroup]:
        """The user groups entitled to the stack. Alibaba: ListAuthorizedUserGroups."""
        return iter(self._user_groups(stack_id))

    def list_user_groups_page(self, stack_id: str, *, page_size: int | None = None,
                              cursor: str | None = None) -> Page[UserGroup]:
        """One page of :meth:`list_user_groups`."""
        return self._user_groups(stack_id).page(page_size, cursor)

    def authorize_user_groups(self, stack_id: str, group_ids: Sequence[str]) -> None:
        """Entitle every member of these user groups to the stack (Alibaba only)."""
        self._require(Capability.STACK_USER_GROUPS, "stacks.authorize_user_groups")
        self._adapter.authorize_user_groups(self._id("stack_id", stack_id),
                                            _ids("group_ids", group_ids, 1000))

    def unauthorize_user_groups(self, stack_id: str, group_ids: Sequence[str]) -> None:
        """Take these user groups' entitlement to the stack away (Alibaba only)."""
        self._require(Capability.STACK_USER_GROUPS, "stacks.unauthorize_user_groups")
        self._adapter.unauthorize_user_groups(self._id("stack_id", stack_id),
                                              _ids("group_ids", group_ids, 1000))


class Fleets(_Tagged[Fleet]):
    """Fleets: the instances that stream. On Alibaba, a delivery group's node pool."""

    _listing_name = "fleets"
    _kind = ResourceKind.FLEET

    def list(self) -> Iterator[Fleet]:
        """Every fleet in the region, fetched page by page as you iterate."""
        return iter(self._listing(self._adapter.list_fleets))

    def list_page(self, page_size: int | None = None, cursor: str | None = None) -> Page[Fleet]:
        """One page of fleets; pass ``next_cursor`` back for the next."""
        return self._listing(self._adapter.list_fleets).page(page_size, cursor)

    def get(self, fleet_id: str) -> Fleet:
        """One fleet; raises NotFound if there is none with this id.

        On AWS ``stack_id`` is filled with one more call (ListAssociatedStacks) when the
        fleet serves exactly one stack; listings and waits leave it None, to spare a call per
        fleet (ask :meth:`list_stacks`).
        """
        fleet = self._observe(fleet_id)
        if fleet.stack_id is None:
            try:
                stacks, more = self._adapter.list_fleet_stacks(fleet.id, None, None, known=True)
            except PermissionDenied:  # a policy that allows reading fleets but not this
                return fleet
            if len(stacks) == 1 and more is None:
                fleet = attrs.evolve(fleet, stack_id=stacks[0])
        return fleet

    def _observe(self, fleet_id: str) -> Fleet:
        """The fleet as the waiters poll it: one read, no stack lookup."""
        return self._adapter.get_fleet(self._id("fleet_id", fleet_id))

    def list_stacks(self, fleet_id: str) -> Iterator[str]:
        """Ids of the stacks the fleet serves (disassociate them before deleting it).

        AWS: ListAssociatedStacks; Alibaba: the fleet's own delivery group.
        """
        return iter(self._of("fleet_id", fleet_id, self._adapter.list_fleet_stacks,
                             "fleet_stacks"))

    def create(self, spec: FleetSpec) -> Fleet:
        """Create a fleet on its own (stopped on AWS). On Alibaba use ``cloud.deploy``."""
        self._require(Capability.FLEET_CREATE, "fleets.create")
        spec = check_instance("spec", spec, FleetSpec)
        self._provider.check_instance_type("instance_type", spec.instance_type)
        if spec.alibaba is not None:
            self._require(Capability.FLEET_SUBSCRIPTION, "fleets.create(FleetSpec(alibaba=...))")
        return self._adapter.create_fleet(spec)

    def update(self, fleet_id: str, *, image_id: str | None = None,
               instance_type: str | None = None, display_name: str | None = None,
               description: str | None = None, max_user_duration_seconds: int | None = None,
               disconnect_timeout_seconds: int | None = None,
               idle_disconnect_timeout_seconds: int | None = None,
               platform: str | None = None, subnet_ids: Sequence[str] | None = None,
               security_group_ids: Sequence[str] | None = None,
               iam_role_arn: str | None = None, domain_join: DomainJoin | None = None,
               session_script: str | None = None,
               max_sessions_per_instance: int | None = None,
               max_concurrent_sessions: int | None = None) -> Fleet:
        """Change the given fields; the others stay as they are.

        See :class:`~streamkit.specs.FleetUpdate` for each; an empty ``subnet_ids`` removes
        the VPC configuration, an empty ``security_group_ids`` the security groups.
        """
        self._require(Capability.FLEET_UPDATE, "fleets.update")
        if instance_type is not None:
            self._provider.check_instance_type("instance_type", instance_type)
        update = FleetUpdate(image_id=image_id, instance_type=instance_type,
                             display_name=display_name, description=description,
                             max_user_duration_seconds=max_user_duration_seconds,
                             disconnect_timeout_seconds=disconnect_timeout_seconds,
                             idle_disconnect_timeout_seconds=idle_disconnect_timeout_seconds,
                             platform=platform, subnet_ids=subnet_ids,
                             security_group_ids=security_group_ids, iam_role_arn=iam_role_arn,
                             domain_join=domain_join, session_script=session_script,
                             max_sessions_per_instance=max_sessions_per_instance,
                             max_concurrent_sessions=max_concurrent_sessions)
        return self._adapter.update_fleet(self._id("fleet_id", fleet_id), update)

    def start(self, fleet_id: str) -> None:
        """Start the fleet; follow with ``cloud.wait_until_fleet_running``."""
        self._require(Capability.FLEET_START_STOP, "fleets.start")
        self._adapter.start_fleet(self._id("fleet_id", fleet_id))

    def stop(self, fleet_id: str) -> None:
        """Stop the fleet; follow with ``cloud.wait_until_fleet_stopped``."""
        self._require(Capability.FLEET_START_STOP, "fleets.stop")
        self._adapter.stop_fleet(self._id("fleet_id", fleet_id))

    def scale(self, fleet_id: str, desired: int) -> Fleet:
        """Set the desired number of instances (AWS) or nodes (Alibaba).

        On AWS the fleet is read first: a multi-session fleet takes the capacity as
        ``desired`` instances' worth of sessions (DesiredSessions).
        """
        self._require(Capability.FLEET_SCALE, "fleets.scale")
        return self._adapter.scale_fleet(self._id("fleet_id", fleet_id),
                                         check_int("desired", desired, minimum=0, maximum=10_000))

    def delete(self, fleet_id: str) -> None:
        """Delete a stopped fleet that no stack uses."""
        self._require(Capability.FLEET_DELETE, "fleets.delete")
        self._adapter.delete_fleet(self._id("fleet_id", fleet_id))

    def _instances(self, fleet_id: str) -> Listing[str]:
        self._require(Capability.FLEET_INSTANCES, "fleets.list_instances")
        return self._of("fleet_id", fleet_id, self._adapter.list_fleet_instances,
                        "fleet_instances")

    def list_instances(self, fleet_id: str) -> Iterator[str]:
        """Ids of the fleet's instances (Alibaba: node ids; AWS does not expose them)."""
        return iter(self._instances(fleet_id))

    def list_instances_page(self, fleet_id: str, *, page_size: int | None = None,
                            cursor: str | None = None) -> Page[str]:
        """One page of :meth:`list_instances`."""
        return self._instances(fleet_id).page(page_size, cursor)


class Images(_Tagged[Image]):
    """Images: what fleets and image builders start from."""

    _listing_name = "images"
    _kind = ResourceKind.IMAGE

    def list(self) -> Iterator[Image]:
        """Every image in the region, fetched page by page as you iterate."""
        return iter(self._listing(self._adapter.list_images))

    def list_page(self, page_size: int | None = None, cursor: str | None = None) -> Page[Image]:
        """One page of images; pass ``next_cursor`` back for the next."""
        return self._listing(self._adapter.list_images).page(page_size, cursor)

    def get(self, image_id: str) -> Image:
        """One image; raises NotFound if there is none with this id."""
        return self._adapter.get_image(self._id("image_id", image_id))

    def delete(self, image_id: str) -> None:
        """Delete an image that no fleet or builder uses."""
        self._require(Capability.IMAGE_DELETE, "images.delete")
        self._adapter.delete_image(self._id("image_id", image_id))

    def copy(self, image_id: str, destination_region: str, *,
             destination_name: str | None = None, description: str | None = None) -> str:
        """Copy the image to another region; returns the copy's id there.

        AWS names the copy ``destination_name`` (required); Alibaba keeps the image id.
        """
        self._require(Capability.IMAGE_COPY, "images.copy")
        if destination_name is not None:
            check_name("destination_name", destination_name)
        return self._adapter.copy_image(
            self._id("image_id", image_id),
            check_str("destination_region", destination_region, max_len=32),
            destination_name, check_optional_str("description", description, max_len=256))

    def create_from_instance(self, instance_id: str, image_name: str, *,
                             description: str | None = None,
                             persistent_id: str | None = None) -> Image:
        """Capture a workstation into a new image; follow with ``wait_until_image_available``.

        The second way to make an image, beside ``image_builders.create_image``. Alibaba:
        CreateImageByInstance of a WUYING workstation (``cloud.alibaba.workstations``; stop
        it first for a consistent image), ``persistent_id`` naming one persistent session of
        it. AWS has no such operation.
        """
        self._require(Capability.IMAGE_FROM_INSTANCE, "images.create_from_instance")
        if persistent_id is not None:
            check_id("persistent_id", persistent_id)
        return self._adapter.create_image_from_instance(
            check_id("instance_id", instance_id), check_name("image_name", image_name),
            check_optional_str("description", description, max_len=256), persistent_id)


    def share(self, image_id: str, account_id: str, *, fleets: bool = True,
              builders: bool = True) -> None:
        """Let another AWS account use a private image you own.

        ``fleets``: it may start fleets from it; ``builders``: image builders. Sharing again
        changes what it may do.
        """
        self._require(Capability.IMAGE_SHARING, "images.share")
        self._adapter.share_image(self._id("image_id", image_id),
                                  _account("account_id", account_id),
                                  check_bool("fleets", fleets), check_bool("builders", builders))

    def unshare(self, image_id: str, account_id: str) -> None:
        """Stop sharing the image with the account."""
        self._require(Capability.IMAGE_SHARING, "images.unshare")
        self._adapter.unshare_image(self._id("image_id", image_id),
                                    _account("account_id", account_id))

    def _permissions(self, image_id: str) -> Listing[ImagePermission]:
        self._require(Capability.IMAGE_SHARING, "images.permissions")
        return self._of("image_id", image_id, self._adapter.list_image_permissions,
                        "image_permissions")

    def permissions(self, image_id: str) -> Iterator[ImagePermission]:
        """The accounts the image is shared with, and what each may do with it."""
        return iter(self._permissions(image_id))

    def permissions_page(self, image_id: str, *, page_size: int | None = None,
                         cursor: str | None = None) -> Page[ImagePermission]:
        """One page of :meth:`permissions`."""
        return self._permissions(image_id).page(page_size, cursor)

    def create_updated(self, image_id: str, new_name: str, *, description: str | None = None,
                       display_name: str | None = None,
                       tags: Mapping[str, str] | None = None,
                       dry_run: bool = False) -> ImageUpdate:
        """Patch an image you own without a builder (AWS managed image updates).

        Makes ``new_name`` with the latest OS, driver and agent updates; follow it with
        ``cloud.wait_until_image_available``. ``dry_run`` only asks whether updates exist.
        """
        self._require(Capability.IMAGE_MANAGED_UPDATE, "images.create_updated")
        return self._adapter.create_updated_image(
            self._id("image_id", image_id), check_name("new_name", new_name),
            check_optional_str("description", description, max_len=256),
            check_optional_str("display_name", display_name, max_len=100),
            check_tags("tags", tags or {}), check_bool("dry_run", dry_run))


class ImageBuilders(_Tagged[ImageBuilder]):
    """Image builders. On Alibaba, a delivery group in debug mode."""

    _listing_name = "image_builders"
    _kind = ResourceKind.IMAGE_BUILDER

    def list(self) -> Iterator[ImageBuilder]:
        """Every image builder in the region, fetched page by page as you iterate."""
        self._require(Capability.IMAGE_BUILDER, "image_builders.list")
        return iter(self._listing(self._adapter.list_image_builders))

    def list_page(self, page_size: int | None = None,
                  cursor: str | None = None) -> Page[ImageBuilder]:
        """One page of image builders; pass ``next_cursor`` back for the next."""
        self._require(Capability.IMAGE_BUILDER, "image_builders.list_page")
        return self._listing(self._adapter.list_image_builders).page(page_size, cursor)

    def get(self, builder_id: str) -> ImageBuilder:
        """One image builder; raises NotFound if there is none with this id."""
        self._require(Capability.IMAGE_BUILDER, "image_builders.get")
        return self._adapter.get_image_builder(self._id("builder_id", builder_id))

    def create(self, spec: ImageBuilderSpec) -> ImageBuilder:
        """Create an image builder; follow with ``cloud.wait_until_image_builder_running``."""
        self._require(Capability.IMAGE_BUILDER, "image_builders.create")
        spec = check_instance("spec", spec, ImageBuilderSpec)
        self._provider.check_instance_type("instance_type", spec.instance_type)
        return self._adapter.create_image_builder(spec)

    def start(self, builder_id: str) -> None:
        """Start a stopped image builder."""
        self._require(Capability.IMAGE_BUILDER_START_STOP, "image_builders.start")
        self._adapter.start_image_builder(self._id("builder_id", builder_id))

    def stop(self, builder_id: str) -> None:
        """Stop the image builder (it keeps its disk)."""
        self._require(Capability.IMAGE_BUILDER_START_STOP, "image_builders.stop")
        self._adapter.stop_image_builder(self._id("builder_id", builder_id))

    def delete(self, builder_id: str) -> None:
        """Delete the image builder."""
        self._require(Capability.IMAGE_BUILDER, "image_builders.delete")
        self._adapter.delete_image_builder(self._id("builder_id", builder_id))

    def create_image(self, builder_id: str, image_name: str, *,
                     description: str | None = None) -> Image:
        """Capture the builder into a new image; follow with ``wait_until_image_available``.

        AWS has no API for this (Image Assistant does it inside the builder), so on AWS it
        raises UnsupportedOperation.
        """
        self._require(Capability.IMAGE_BUILDER_CREATE_IMAGE, "image_builders.create_image")
        return self._adapter.create_image(self._id("builder_id", builder_id),
                                          check_name("image_name", image_name),
                                          check_optional_str("description", description,
                                                             max_len=256))

    def connect(self, builder_id: str, *, validity: int | None = None) -> StreamingAccess:
        """Access to the builder's desktop: a URL (AWS) or a debug auth code (Alibaba)."""
        self._require(Capability.IMAGE_BUILDER_CONNECT, "image_builders.connect")
        check_optional_int("validity", validity, minimum=STREAMING_VALIDITY[0],
                           maximum=STREAMING_VALIDITY[1])
        return self._adapter.connect_image_builder(self._id("builder_id", builder_id), validity)


class Sessions(_Service[Session]):
    """Users' streaming sessions. On Alibaba, app instances bound to users."""

    _listing_name = "sessions"

    def _fetch(self, stack_id: str, fleet_id: str | None, user_id: str | None) -> Listing[Session]:
        self._require(Capability.SESSIONS, "sessions.list")
        stack_id = self._id("stack_id", stack_id)
        if fleet_id is not None:
            self._id("fleet_id", fleet_id)
        if user_id is not None:
            check_user_id("user_id", user_id)

        def fetch(token: Any, size: int | None) -> Any:
            return self._adapter.list_sessions(stack_id, fleet_id, user_id, token, size)

        return self._listing(fetch, stack_id, fleet_id or "*", user_id or "*")

    def list(self, stack_id: str, fleet_id: str | None = None,
             user_id: str | None = None) -> Iterator[Session]:
        """Sessions on the stack (all its fleets unless ``fleet_id``), optionally one user's."""
        return iter(self._fetch(stack_id, fleet_id, user_id))

    def list_page(self, stack_id: str, fleet_id: str | None = None, user_id: str | None = None,
                  *, page_size: int | None = None, cursor: str | None = None) -> Page[Session]:
        """One page of :meth:`list`; pass ``next_cursor`` back for the next."""
        return self._fetch(stack_id, fleet_id, user_id).page(page_size, cursor)

    def expire(self, session: Session) -> None:
        """End the session. Takes the Session (Alibaba needs its user to unbind it)."""
        self._require(Capability.SESSIONS, "sessions.expire")
        if not isinstance(session, Session):
            raise ValidationError("session", "must be a Session from sessions.list", session)
        if session.provider is not self._adapter.provider:
            raise ValidationError("session", f"comes from {session.provider.value}, not "
                                  f"{self._adapter.provider.value}", session.id)
        if not session.user_id:
            raise ValidationError("session", "has no user: a broken app instance is removed "
                                  "with sessions.delete_instances", session.id)
        self._adapter.expire_session(session)

    def connect(self, stack_id: str, user_id: str, *, fleet_id: str | None = None,
                app_id: str | None = None, validity: int | None = None,
                persistent_id: str | None = None) -> StreamingAccess:
        """Streaming access for a user: a URL (AWS) or a connection ticket (Alibaba).

        ``validity`` (seconds, AWS only) defaults to the cloud's 60 s. ``fleet_id`` may be
        left out when the stack has exactly one fleet. ``persistent_id`` (Alibaba): back into
        that persistent session (``Session.persistent_id``, from :meth:`list_persistent`),
        which must list the user among its authorized users.
        """
        self._require(Capability.STREAMING_ACCESS, "sessions.connect")
        if persistent_id is not None:
            self._require(Capability.PERSISTENT_SESSIONS, "sessions.connect(persistent_id=...)")
            check_id("persistent_id", persistent_id)
            if fleet_id is not None:
                raise ValidationError("fleet_id", "is not taken with persistent_id (the "
                                      "persistent session has its own)", fleet_id)
        if validity is not None:
            self._require(Capability.STREAMING_URL_VALIDITY, "sessions.connect(validity=...)")
            check_int("validity", validity, minimum=STREAMING_VALIDITY[0],
                      maximum=STREAMING_VALIDITY[1])
        if fleet_id is not None:
            self._id("fleet_id", fleet_id)
        if app_id is not None:
            check_id("app_id", app_id)
        user_id = check_user_id("user_id", user_id)
        if len(user_id) > self._provider.max_streaming_user_id:
            raise ValidationError("user_id", f"must be at most "
                                  f"{self._provider.max_streaming_user_id} characters on "
                                  f"{self._provider.title}", user_id)
        if persistent_id is not None:
            return self._adapter.connect_persistent(self._id("stack_id", stack_id), user_id,
                                                    persistent_id, app_id)
        return self._adapter.connect(self._id("stack_id", stack_id), user_id, fleet_id, app_id,
                                     validity)

    def _persistent(self, stack_id: str) -> Listing[Session]:
        self._require(Capability.PERSISTENT_SESSIONS, "sessions.list_persistent")
        return self._of("stack_id", stack_id, self._adapter.list_persistent_sessions,
                        "persistent_sessions")

    def list_persistent(self, stack_id: str) -> Iterator[Session]:
        """The stack's persistent sessions, each with its ``persistent_id``.

        Alibaba: ListPersistentAppInstances. ``expire`` and ``connect(persistent_id=...)``
        take them.
        """
        return iter(self._persistent(stack_id))

    def list_persistent_page(self, stack_id: str, *, page_size: int | None = None,
                             cursor: str | None = None) -> Page[Session]:
        """One page of :meth:`list_persistent`."""
        return self._persistent(stack_id).page(page_size, cursor)

    def expire_all(self, stack_id: str) -> None:
        """End every session on the stack.

        Alibaba: one LogOffAllSessionsInAppInstanceGroup where the cloud takes it (a
        pay-as-you-go delivery group with a scheduled scaling policy, called outside the
        schedule's periods: inside them the cloud refuses, raised as InvalidRequest), else
        each session is unbound. AWS: each session of each fleet is expired.
        """
        self._require(Capability.SESSIONS, "sessions.expire_all")
        stack_id = self._id("stack_id", stack_id)
        if self._adapter.expire_all_sessions(stack_id):
            return
        for session in list(self._fetch(stack_id, None, None)):  # all read before any ends
            if session.user_id:
                with contextlib.suppress(NotFound):  # it ended meanwhile
                    self._adapter.expire_session(session)

    def _bindings(self, user_id: str | None, stack_id: str | None) -> Listing[SessionBinding]:
        self._require(Capability.SESSION_BINDINGS, "sessions.bindings")
        if user_id is not None:
            check_user_id("user_id", user_id)
        if stack_id is not None:
            self._id("stack_id", stack_id)

        def fetch(token: Any, size: int | None) -> Any:
            return self._adapter.list_bindings(user_id, stack_id, token, size)

        return self._listing(fetch, user_id or "*", stack_id or "*", name="session_bindings")

    def bindings(self, user_id: str | None = None, stack_id: str | None = None
                 ) -> Iterator[SessionBinding]:
        """Where users are bound, across every stack of the region.

        One user's (``user_id``), one stack's (``stack_id``), or all. Alibaba: ListBindInfo.
        """
        return iter(self._bindings(user_id, stack_id))

    def bindings_page(self, user_id: str | None = None, stack_id: str | None = None, *,
                      page_size: int | None = None, cursor: str | None = None
                      ) -> Page[SessionBinding]:
        """One page of :meth:`bindings`."""
        return self._bindings(user_id, stack_id).page(page_size, cursor)

    def delete_instances(self, stack_id: str, instance_ids: Sequence[str]) -> None:
        """Delete app instances that serve no one (Alibaba: DeleteAppInstances).

        The cloud takes only INIT or IDLE ones (such as one stuck initializing). Each
        instance it refuses is named in the error raised (its class from the first
        refusal's code); the others are deleted.
        """
        self._require(Capability.SESSION_INSTANCES, "sessions.delete_instances")
        self._adapter.delete_instances(self._id("stack_id", stack_id),
                                       _ids("instance_ids", instance_ids, 100))
