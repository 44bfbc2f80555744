"""The ``streamkit`` commands that talk to a cloud: one group per resource, ``deploy``, ``wait``.

Each command is a thin layer over the neutral API: flags build the specs, the connection is
made on first use from the global options, and what comes back is printed by
:mod:`streamkit.cli_output`. Errors are left to the root command, which maps them to exit codes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import attrs
import click

import streamkit
from streamkit import waiting
from streamkit.cli_output import CommandError, ExitCode, Output, WaitProgress
from streamkit.models import (
    Deployment,
    Fleet,
    FleetType,
    Image,
    ImageBuilder,
    Page,
    Session,
    Stack,
)
from streamkit.specs import (
    DeploymentSpec,
    FleetSpec,
    ImageBuilderSpec,
    StackSpec,
    UsageScaling,
)

__all__ = [
    "COMMANDS",
    "Connection",
    "parse_duration",
]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

#: the emulator's default regions, used with ``--emulator`` when no region is given
EMULATOR_REGIONS: Mapping[str, str] = {"aws": "us-east-1", "alibaba": "cn-shanghai"}
#: where the Alibaba default chain looks first; read at connect time (see Connection.cloud)
ALIBABA_ENV = ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
               "ALIBABA_CLOUD_SECURITY_TOKEN")
AWS_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


# Durations ----------------------------------------------------------------------------------

_NUMBER = r"\d+(?:\.\d+)?"
_DURATION = re.compile(rf"(?:(?P<h>{_NUMBER})h)?(?:(?P<m>{_NUMBER})m)?(?:(?P<s>{_NUMBER})s)?")


def parse_duration(text: str) -> float:
    """Seconds in ``20m``, ``90s``, ``1h``, ``1h30m`` or plain seconds (``600``)."""
    value = text.strip().lower()
    if re.fullmatch(_NUMBER, value):
        return float(value)
    match = _DURATION.fullmatch(value)
    if not value or match is None:
        raise ValueError(f"{text!r} is not a duration like 20m, 90s, 1h or 600")
    hours, minutes, seconds = (float(match.group(k) or 0) for k in "hms")
    return hours * 3600 + minutes * 60 + seconds


def _duration(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """A click callback: the option's duration in seconds (None when not given)."""
    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def duration_option(*names: str, help: str) -> Callable[[F], F]:
    """An option that takes a duration (:func:`parse_duration`)."""
    return click.option(*names, callback=_duration, metavar="DURATION", help=help)


def _seconds(value: float | None) -> int | None:
    return None if value is None else int(value)


def _tags(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> dict[str, str]:
    tags: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", ctx, param)
        tags[key] = value
    return tags


# The connection -----------------------------------------------------------------------------


@attrs.define
class Connection:
    """The global options, and the cloud they name, connected on first use."""

    provider: str | None = None
    region: str | None = None
    endpoint: str | None = None
    emulator: str | None = None
    max_attempts: int | None = None
    output: str = "table"
    debug: bool = False
    _cloud: streamkit.StreamingCloud | None = attrs.field(default=None, init=False)

    @property
    def out(self) -> Output:
        return Output(self.output)

    def cloud(self) -> streamkit.StreamingCloud:
        """The :class:`~streamkit.StreamingCloud` the options name (made once)."""
        if self._cloud is None:
            self._cloud = self._connect()
        return self._cloud

    def _connect(self) -> streamkit.StreamingCloud:
        if self.provider is None:
            raise CommandError("--provider is required (aws or alibaba; or set "
                               "STREAMKIT_PROVIDER)", ExitCode.BAD_INPUT)
        endpoint, credentials = self.endpoint, None
        if self.emulator is not None:
            if endpoint is not None:
                raise CommandError("give --endpoint or --emulator, not both",
                                   ExitCode.BAD_INPUT)
            endpoint, credentials = self._emulator_target()
        region = self.region or (EMULATOR_REGIONS[self.provider] if self.emulator else None)
        if region is None:
            raise CommandError("--region is required (or set STREAMKIT_REGION)",
                               ExitCode.BAD_INPUT)
        if self.provider == "alibaba":
            # alibabacloud-credentials reads its environment variables once, when it is first
            # imported; reading them here keeps the CLI right in any process
            key_id, secret, token = (os.environ.get(name) for name in ALIBABA_ENV)
            if key_id and secret:
                credentials = streamkit.Credentials(key_id, secret, token or None)
        kwargs: dict[str, Any] = {"credentials": credentials}
        if endpoint is not None:
            kwargs["endpoint_url" if self.provider == "aws" else "endpoint"] = endpoint
        if self.max_attempts is not None:
            kwargs["retry"] = streamkit.RetryPolicy(max_attempts=self.max_attempts)
        return streamkit.connect(self.provider, region, **kwargs)

    def _emulator_target(self) -> tuple[str, streamkit.Credentials | None]:
        assert self.emulator is not None and self.provider is not None
        address = self.emulator.strip().removeprefix("http://").rstrip("/")
        if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+:\d+", address):
            raise CommandError(f"--emulator: {self.emulator!r} is not host:port or "
                               "http://host:port", ExitCode.BAD_INPUT)
        from streamkit.testing.emulator import DEFAULT_CREDENTIALS

        defaults = DEFAULT_CREDENTIALS[self.provider]
        credentials = None
        if self.provider == "aws" and not all(os.environ.get(name) for name in AWS_ENV):
            credentials = streamkit.Credentials(defaults["access_key_id"],
                                                defaults["secret_access_key"])
        if self.provider == "alibaba":
            credentials = streamkit.Credentials(defaults["access_key_id"],
                                                defaults["access_key_secret"])
        endpoint = f"http://{address}" if self.provider == "aws" else address
        return endpoint, credentials


pass_connection = click.make_pass_decorator(Connection)


def _set_output(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(Connection).output = value


def output_option(f: F) -> F:
    """``-o table|json`` on a command, overriding the global one."""
    return click.option("-o", "--output", type=click.Choice(["table", "json"]),
                        expose_value=False, callback=_set_output, is_eager=True,
                        help="Print a table (for people) or JSON (for scripts).")(f)


def paging_options(f: F) -> F:
    f = click.option("--cursor", help="Continue a listing from a next_cursor.")(f)
    return click.option("--page-size", type=click.IntRange(min=1),
                        help="Print one page ({items, next_cursor}) instead of all.")(f)


def _list(conn: Connection, kind: type, everything: Callable[[], Iterator[Any]],
          one_page: Callable[[int | None, str | None], Page[Any]],
          page_size: int | None, cursor: str | None) -> None:
    if page_size is None and cursor is None:
        conn.out.resources(everything(), kind)
    else:
        conn.out.page(one_page(page_size, cursor), kind)


def _wait_with_progress(what: str, resource_id: str, quiet: bool,
                        wait: Callable[[WaitProgress], T]) -> T:
    with WaitProgress(what, resource_id, quiet=quiet) as progress:
        return wait(progress)


# Stacks -------------------------------------------------------------------------------------


@click.group()
def stacks() -> None:
    """Stacks: where users stream from. On Alibaba, delivery groups."""


@stacks.command("list")
@paging_options
@output_option
@pass_connection
def stacks_list(conn: Connection, page_size: int | None, cursor: str | None) -> None:
    """List stacks."""
    cloud = conn.cloud()
    _list(conn, Stack, cloud.stacks.list, cloud.stacks.list_page, page_size, cursor)


@stacks.command("get")
@click.argument("stack_id")
@output_option
@pass_connection
def stacks_get(conn: Connection, stack_id: str) -> None:
    """Show one stack."""
    conn.out.resource(conn.cloud().stacks.get(stack_id))


def stack_text_options(f: F) -> F:
    for name, help_text in (("--feedback-url", "URL users see to give feedback."),
                            ("--redirect-url", "URL users go to when their session ends."),
                            ("--description", "Description."),
                            ("--display-name", "Name shown to users.")):
        f = click.option(name, help=help_text)(f)
    return f


@stacks.command("create")
@click.argument("name")
@stack_text_options
@click.option("--tag", "tags", multiple=True, callback=_tags, metavar="KEY=VALUE",
              help="A tag (repeatable).")
@output_option
@pass_connection
def stacks_create(conn: Connection, name: str, display_name: str | None,
                  description: str | None, redirect_url: str | None, feedback_url: str | None,
                  tags: dict[str, str]) -> None:
    """Create a stack on its own (AWS only; on Alibaba use `streamkit deploy`)."""
    spec = StackSpec(name=name, display_name=display_name, description=description,
                     redirect_url=redirect_url, feedback_url=feedback_url, tags=tags)
    conn.out.resource(conn.cloud().stacks.create(spec))


@stacks.command("update")
@click.argument("stack_id")
@stack_text_options
@output_option
@pass_connection
def stacks_update(conn: Connection, stack_id: str, display_name: str | None,
                  description: str | None, redirect_url: str | None,
                  feedback_url: str | None) -> None:
    """Change the given fields of a stack (on Alibaba, only --display-name)."""
    conn.out.resource(conn.cloud().stacks.update(
        stack_id, display_name=display_name, description=description,
        redirect_url=redirect_url, feedback_url=feedback_url))


@stacks.command("delete")
@click.argument("stack_id")
@output_option
@pass_connection
def stacks_delete(conn: Connection, stack_id: str) -> None:
    """Delete a stack.

    On AWS, disassociate its fleets first; on Alibaba its fleet goes with it."""
    conn.cloud().stacks.delete(stack_id)
    conn.out.done("stacks.delete", stack_id)


@stacks.command("associate")
@click.argument("stack_id")
@click.argument("fleet_id")
@output_option
@pass_connection
def stacks_associate(conn: Connection, stack_id: str, fleet_id: str) -> None:
    """Let a stack stream from a fleet (AWS only)."""
    conn.cloud().stacks.associate_fleet(stack_id, fleet_id)
    conn.out.done("stacks.associate", stack_id, fleet=fleet_id)


@stacks.command("disassociate")
@click.argument("stack_id")
@click.argument("fleet_id")
@output_option
@pass_connection
def stacks_disassociate(conn: Connection, stack_id: str, fleet_id: str) -> None:
    """Stop a stack streaming from a fleet (AWS only)."""
    conn.cloud().stacks.disassociate_fleet(stack_id, fleet_id)
    conn.out.done("stacks.disassociate", stack_id, fleet=fleet_id)


@stacks.command("fleets")
@click.argument("stack_id")
@output_option
@pass_connection
def stacks_fleets(conn: Connection, stack_id: str) -> None:
    """List the ids of a stack's fleets (AWS only)."""
    ids = list(conn.cloud().stacks.list_fleets(stack_id))
    if conn.out.is_json:
        conn.out.json(ids)
    else:
        for fleet_id in ids:
            click.echo(fleet_id)


# Fleets -------------------------------------------------------------------------------------


_FLEET_TYPES = {"always-on": FleetType.ALWAYS_ON, "on-demand": FleetType.ON_DEMAND,
                "elastic": FleetType.ELASTIC}


def fleet_spec_options(f: F) -> F:
    """The flags that make a :class:`~streamkit.FleetSpec` (``fleets create``, ``deploy``)."""
    options = [
        click.option("--instance-type", required=True,
                     help="e.g. stream.standard.medium (AWS), appstreaming.general.4c8g "
                          "(Alibaba)."),
        click.option("--image", "image_id", required=True,
                     help="Image id: its name on AWS, img-... on Alibaba."),
        click.option("--capacity", type=click.IntRange(min=0),
                     help="Desired instances (AWS) or nodes (Alibaba).  [default: 1]"),
        click.option("--type", "fleet_type", type=click.Choice(sorted(_FLEET_TYPES)),
                     help="Fleet type.  [default: on-demand]"),
        click.option("--max-sessions", type=click.IntRange(min=1),
                     help="Elastic fleets: the most concurrent sessions."),
        click.option("--max-capacity", type=click.IntRange(min=1),
                     help="Alibaba: grow with use up to this many nodes."),
        click.option("--fleet-display-name", help="Fleet name shown to users."),
        click.option("--fleet-description", help="Fleet description."),
        duration_option("--max-user-duration",
                     help="Longest session (e.g. 8h)."),
        duration_option("--disconnect-timeout",
                     help="How long a session survives a disconnect (e.g. 15m)."),
        duration_option("--idle-disconnect-timeout",
                     help="Disconnect idle users after this long (0: never)."),
        click.option("--subnet", "subnet_ids", multiple=True, help="Subnet id (repeatable)."),
        click.option("--security-group", "security_group_ids", multiple=True,
                     help="Security group id (repeatable)."),
        click.option("--internet/--no-internet", "enable_internet_access", default=None,
                     help="Default internet access for the instances."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def fleet_spec(name: str, tags: Mapping[str, str], options: Mapping[str, Any]) -> FleetSpec:
    """A :class:`~streamkit.FleetSpec` from the :func:`fleet_spec_options` values."""
    fields: dict[str, Any] = {
        "name": name, "instance_type": options["instance_type"],
        "image_id": options["image_id"], "tags": dict(tags),
        "max_concurrent_sessions": options["max_sessions"],
        "display_name": options["fleet_display_name"],
        "description": options["fleet_description"],
        "max_user_duration_seconds": _seconds(options["max_user_duration"]),
        "disconnect_timeout_seconds": _seconds(options["disconnect_timeout"]),
        "idle_disconnect_timeout_seconds": _seconds(options["idle_disconnect_timeout"]),
        "subnet_ids": tuple(options["subnet_ids"]),
        "security_group_ids": tuple(options["security_group_ids"]),
        "enable_internet_access": options["enable_internet_access"],
    }
    if options["fleet_type"] is not None:
        fields["fleet_type"] = _FLEET_TYPES[options["fleet_type"]]
    if options["capacity"] is not None:
        fields["desired_capacity"] = options["capacity"]
    elif fields.get("fleet_type") is FleetType.ELASTIC:
        fields["desired_capacity"] = None
    if options["max_capacity"] is not None:
        fields["scaling"] = UsageScaling(max_capacity=options["max_capacity"])
    return FleetSpec(**fields)


@click.group()
def fleets() -> None:
    """Fleets: the instances that stream. On Alibaba, a delivery group's node pool
    (id aig-.../rg-...)."""


@fleets.command("list")
@paging_options
@output_option
@pass_connection
def fleets_list(conn: Connection, page_size: int | None, cursor: str | None) -> None:
    """List fleets."""
    cloud = conn.cloud()
    _list(conn, Fleet, cloud.fleets.list, cloud.fleets.list_page, page_size, cursor)


@fleets.command("get")
@click.argument("fleet_id")
@output_option
@pass_connection
def fleets_get(conn: Connection, fleet_id: str) -> None:
    """Show one fleet."""
    conn.out.resource(conn.cloud().fleets.get(fleet_id))


@fleets.command("create")
@click.argument("name")
@fleet_spec_options
@click.option("--tag", "tags", multiple=True, callback=_tags, metavar="KEY=VALUE",
              help="A tag (repeatable).")
@output_option
@pass_connection
def fleets_create(conn: Connection, /, name: str, tags: dict[str, str], **options: Any) -> None:
    """Create a fleet on its own, stopped (AWS only; on Alibaba use `streamkit deploy`)."""
    conn.out.resource(conn.cloud().fleets.create(fleet_spec(name, tags, options)))


@fleets.command("update")
@click.argument("fleet_id")
@click.option("--image", "image_id", help="New image (on Alibaba the fleet goes UPDATING).")
@click.option("--instance-type", help="New instance type (AWS, stopped fleets).")
@click.option("--display-name", help="Name shown to users.")
@click.option("--description", help="Description.")
@duration_option("--max-user-duration", help="Longest session (e.g. 8h).")
@duration_option("--disconnect-timeout",
              help="How long a session survives a disconnect.")
@duration_option("--idle-disconnect-timeout",
              help="Disconnect idle users after this long (0: never).")
@output_option
@pass_connection
def fleets_update(conn: Connection, fleet_id: str, image_id: str | None,
                  instance_type: str | None, display_name: str | None, description: str | None,
                  max_user_duration: float | None, disconnect_timeout: float | None,
                  idle_disconnect_timeout: float | None) -> None:
    """Change the given fields of a fleet.

    On Alibaba a new image takes the fleet through UPDATING: follow it with
    `streamkit wait fleet-running`."""
    conn.out.resource(conn.cloud().fleets.update(
        fleet_id, image_id=image_id, instance_type=instance_type, display_name=display_name,
        description=description, max_user_duration_seconds=_seconds(max_user_duration),
        disconnect_timeout_seconds=_seconds(disconnect_timeout),
        idle_disconnect_timeout_seconds=_seconds(idle_disconnect_timeout)))


@fleets.command("start")
@click.argument("fleet_id")
@output_option
@pass_connection
def fleets_start(conn: Connection, fleet_id: str) -> None:
    """Start a fleet (AWS only).

    Follow with `streamkit wait fleet-running ID`."""
    conn.cloud().fleets.start(fleet_id)
    conn.out.done("fleets.start", fleet_id)


@fleets.command("stop")
@click.argument("fleet_id")
@output_option
@pass_connection
def fleets_stop(conn: Connection, fleet_id: str) -> None:
    """Stop a fleet (AWS only).

    On Alibaba, scale the fleet down or delete its stack."""
    conn.cloud().fleets.stop(fleet_id)
    conn.out.done("fleets.stop", fleet_id)


@fleets.command("scale")
@click.argument("fleet_id")
@click.argument("desired", type=click.IntRange(min=0))
@output_option
@pass_connection
def fleets_scale(conn: Connection, fleet_id: str, desired: int) -> None:
    """Set the desired instances (AWS) or nodes (Alibaba, at least 1)."""
    conn.out.resource(conn.cloud().fleets.scale(fleet_id, desired))


@fleets.command("delete")
@click.argument("fleet_id")
@output_option
@pass_connection
def fleets_delete(conn: Connection, fleet_id: str) -> None:
    """Delete a stopped fleet that no stack uses (AWS only).

    On Alibaba, delete the fleet's stack."""
    conn.cloud().fleets.delete(fleet_id)
    conn.out.done("fleets.delete", fleet_id)


# Images -------------------------------------------------------------------------------------


@click.group()
def images() -> None:
    """Images that fleets and image builders run."""


@images.command("list")
@paging_options
@output_option
@pass_connection
def images_list(conn: Connection, page_size: int | None, cursor: str | None) -> None:
    """List images."""
    cloud = conn.cloud()
    _list(conn, Image, cloud.images.list, cloud.images.list_page, page_size, cursor)


@images.command("get")
@click.argument("image_id")
@output_option
@pass_connection
def images_get(conn: Connection, image_id: str) -> None:
    """Show one image."""
    conn.out.resource(conn.cloud().images.get(image_id))


@images.command("delete")
@click.argument("image_id")
@output_option
@pass_connection
def images_delete(conn: Connection, image_id: str) -> None:
    """Delete an image."""
    conn.cloud().images.delete(image_id)
    conn.out.done("images.delete", image_id)


@images.command("copy")
@click.argument("image_id")
@click.argument("destination_region")
@click.option("--name", "destination_name", help="The copy's name (required on AWS).")
@click.option("--description", help="The copy's description.")
@output_option
@pass_connection
def images_copy(conn: Connection, image_id: str, destination_region: str,
                destination_name: str | None, description: str | None) -> None:
    """Copy an image to another region; prints the copy's id there."""
    copy_id = conn.cloud().images.copy(image_id, destination_region,
                                       destination_name=destination_name,
                                       description=description)
    conn.out.done("images.copy", image_id, copy_id=copy_id, region=destination_region)


# Image builders -----------------------------------------------------------------------------


@click.group("image-builders")
def image_builders() -> None:
    """Image builders. On Alibaba, a delivery group in debug mode."""


@image_builders.command("list")
@paging_options
@output_option
@pass_connection
def image_builders_list(conn: Connection, page_size: int | None, cursor: str | None) -> None:
    """List image builders."""
    cloud = conn.cloud()
    _list(conn, ImageBuilder, cloud.image_builders.list, cloud.image_builders.list_page,
          page_size, cursor)


@image_builders.command("get")
@click.argument("builder_id")
@output_option
@pass_connection
def image_builders_get(conn: Connection, builder_id: str) -> None:
    """Show one image builder."""
    conn.out.resource(conn.cloud().image_builders.get(builder_id))


@image_builders.command("create")
@click.argument("name")
@click.option("--instance-type", required=True, help="e.g. stream.standard.medium.")
@click.option("--image", "image_id", required=True, help="The image to start from.")
@click.option("--display-name", help="Name shown to users.")
@click.option("--description", help="Description.")
@click.option("--subnet", "subnet_ids", multiple=True, help="Subnet id.")
@click.option("--security-group", "security_group_ids", multiple=True,
              help="Security group id (repeatable).")
@click.option("--internet/--no-internet", "enable_internet_access", default=None,
              help="Default internet access.")
@click.option("--tag", "tags", multiple=True, callback=_tags, metavar="KEY=VALUE",
              help="A tag (repeatable).")
@output_option
@pass_connection
def image_builders_create(conn: Connection, name: str, instance_type: str, image_id: str,
                          display_name: str | None, description: str | None,
                          subnet_ids: tuple[str, ...], security_group_ids: tuple[str, ...],
                          enable_internet_access: bool | None, tags: dict[str, str]) -> None:
    """Create an image builder.

    Follow with `streamkit wait image-builder-running ID`."""
    spec = ImageBuilderSpec(name=name, instance_type=instance_type, image_id=image_id,
                            display_name=display_name, description=description,
                            subnet_ids=subnet_ids, security_group_ids=security_group_ids,
                            enable_internet_access=enable_internet_access, tags=tags)
    conn.out.resource(conn.cloud().image_builders.create(spec))


def _builder_action(name: str, doc: str, act: Callable[[streamkit.StreamingCloud, str], None]
                    ) -> click.Command:
    @click.command(name, help=doc)
    @click.argument("builder_id")
    @output_option
    @pass_connection
    def command(conn: Connection, builder_id: str) -> None:
        act(conn.cloud(), builder_id)
        conn.out.done(f"image-builders.{name}", builder_id)

    return command


image_builders.add_command(_builder_action(
    "start", "Start an image builder (AWS only).",
    lambda cloud, builder_id: cloud.image_builders.start(builder_id)))
image_builders.add_command(_builder_action(
    "stop", "Stop an image builder (AWS only; on Alibaba, delete it).",
    lambda cloud, builder_id: cloud.image_builders.stop(builder_id)))
image_builders.add_command(_builder_action(
    "delete", "Delete an image builder.",
    lambda cloud, builder_id: cloud.image_builders.delete(builder_id)))


@image_builders.command("create-image")
@click.argument("builder_id")
@click.argument("image_name")
@click.option("--description", help="The image's description (AWS).")
@output_option
@pass_connection
def image_builders_create_image(conn: Connection, builder_id: str, image_name: str,
                                description: str | None) -> None:
    """Capture a builder into a new image (Alibaba only).

    On AWS, Image Assistant does this inside the builder. Follow with
    `streamkit wait image-available ID`."""
    conn.out.resource(conn.cloud().image_builders.create_image(
        builder_id, image_name, description=description))


@image_builders.command("connect")
@click.argument("builder_id")
@duration_option("--validity", help="How long the URL works (AWS).")
@click.option("--reveal", is_flag=True, help="Print the URL or auth code itself.")
@output_option
@pass_connection
def image_builders_connect(conn: Connection, builder_id: str, validity: float | None,
                           reveal: bool) -> None:
    """Access to a builder's desktop: a URL (AWS) or a debug auth code (Alibaba).

    The secret is printed only with --reveal."""
    access = conn.cloud().image_builders.connect(builder_id, validity=_seconds(validity))
    conn.out.access(access, reveal=reveal)


# Sessions -----------------------------------------------------------------------------------


@click.group()
def sessions() -> None:
    """Users' streaming sessions. On Alibaba, app instances bound to users."""


@sessions.command("list")
@click.argument("stack_id")
@click.option("--fleet", "fleet_id", help="Only this fleet's sessions.")
@click.option("--user", "user_id", help="Only this user's sessions.")
@paging_options
@output_option
@pass_connection
def sessions_list(conn: Connection, stack_id: str, fleet_id: str | None, user_id: str | None,
                  page_size: int | None, cursor: str | None) -> None:
    """List the sessions on a stack."""
    service = conn.cloud().sessions
    _list(conn, Session, lambda: service.list(stack_id, fleet_id, user_id),
          lambda size, at: service.list_page(stack_id, fleet_id, user_id, page_size=size,
                                             cursor=at),
          page_size, cursor)


@sessions.command("expire")
@click.argument("stack_id")
@click.argument("session_id")
@click.option("--fleet", "fleet_id", help="The session's fleet (speeds up the search).")
@click.option("--user", "user_id", help="The session's user (speeds up the search).")
@output_option
@pass_connection
def sessions_expire(conn: Connection, stack_id: str, session_id: str, fleet_id: str | None,
                    user_id: str | None) -> None:
    """End a session (found by its id among the stack's sessions)."""
    service = conn.cloud().sessions
    for session in service.list(stack_id, fleet_id, user_id):
        if session.id == session_id:
            service.expire(session)
            conn.out.done("sessions.expire", session_id, user=session.user_id)
            return
    raise CommandError(f"not found: no session {session_id!r} on stack {stack_id!r}",
                       ExitCode.NOT_FOUND)


@sessions.command("connect")
@click.argument("stack_id")
@click.argument("user_id")
@click.option("--fleet", "fleet_id", help="Needed when the stack has several fleets.")
@click.option("--app", "app_id", help="The application to open.")
@duration_option("--validity", help="How long the URL works (AWS; e.g. 5m).")
@click.option("--reveal", is_flag=True, help="Print the URL or ticket itself.")
@output_option
@pass_connection
def sessions_connect(conn: Connection, stack_id: str, user_id: str, fleet_id: str | None,
                     app_id: str | None, validity: float | None, reveal: bool) -> None:
    """Streaming access for a user: a URL (AWS) or a connection ticket (Alibaba).

    The URL or ticket is a secret: it is printed only with --reveal."""
    access = conn.cloud().sessions.connect(stack_id, user_id, fleet_id=fleet_id, app_id=app_id,
                                           validity=_seconds(validity))
    conn.out.access(access, reveal=reveal)


# deploy -------------------------------------------------------------------------------------


@click.command()
@click.option("--stack", "stack_name", required=True, help="The stack's name.")
@click.option("--fleet", "fleet_name", required=True, help="The fleet's name.")
@click.option("--stack-display-name", help="Stack name shown to users.")
@click.option("--stack-description", help="Stack description.")
@fleet_spec_options
@click.option("--tag", "tags", multiple=True, callback=_tags, metavar="KEY=VALUE",
              help="A tag on the stack and the fleet (repeatable).")
@click.option("--wait", is_flag=True, help="Wait until the fleet is RUNNING (exit codes as for "
              "`streamkit wait`; the stack and fleet are printed either way).")
@duration_option("--timeout", help="With --wait: give up after this long "
              f"(e.g. 20m).  [default: {waiting.FLEET_RUNNING.timeout:.0f}s]")
@output_option
@pass_connection
def deploy(conn: Connection, /, stack_name: str, fleet_name: str,
           stack_display_name: str | None, stack_description: str | None,
           tags: dict[str, str], wait: bool, timeout: float | None, **options: Any) -> None:
    """Create a stack and the fleet that serves it, and start the fleet.

    On AWS: CreateStack, CreateFleet, AssociateFleet, StartFleet (undone if a step
    fails). On Alibaba: one delivery group. Prints the stack and the fleet; the fleet's id
    is what `streamkit wait fleet-running` takes.
    """
    spec = DeploymentSpec(
        stack=StackSpec(name=stack_name, display_name=stack_display_name,
                        description=stack_description, tags=tags),
        fleet=fleet_spec(fleet_name, tags, options))
    cloud = conn.cloud()
    deployment = cloud.deploy(spec)
    if wait:
        try:
            fleet = _wait_with_progress(
                "fleet running", deployment.fleet.id, False,
                lambda progress: cloud.wait_until_fleet_running(
                    deployment.fleet.id, timeout=timeout, on_progress=progress))
        except streamkit.WaiterError as exc:
            # the stack and fleet exist: print them (with the fleet as last seen) before the
            # error, so a script still learns their ids
            last = exc.resource if isinstance(exc.resource, Fleet) else deployment.fleet
            conn.out.resource(Deployment(stack=deployment.stack, fleet=last))
            raise
        deployment = Deployment(stack=deployment.stack, fleet=fleet)
    conn.out.resource(deployment)


# wait ---------------------------------------------------------------------------------------


@click.group()
def wait() -> None:
    """Wait until a resource reaches a state, showing progress on stderr.

    Exits 0 with the resource printed, 5 when the timeout passes, 6 when the resource
    reaches a failure state, 3 when it does not exist.
    """


@attrs.frozen
class _Waiter:
    method: str  # the StreamingCloud waiter
    spec: waiting.WaitSpec  # for the default timeout
    metavar: str
    help: str


#: ``streamkit wait <name>`` -> the waiter it runs
WAITERS: Mapping[str, _Waiter] = {
    "fleet-running": _Waiter(
        "wait_until_fleet_running", waiting.FLEET_RUNNING, "FLEET_ID",
        "Wait until the fleet is RUNNING. STOPPED is tolerated for a minute after a start; "
        "FAILED, or STOPPED with errors, fails at once."),
    "fleet-stopped": _Waiter(
        "wait_until_fleet_stopped", waiting.FLEET_STOPPED, "FLEET_ID",
        "Wait until the fleet is STOPPED (AWS)."),
    "fleet-deleted": _Waiter(
        "wait_until_fleet_deleted", waiting.FLEET_DELETED, "FLEET_ID",
        "Wait until the fleet no longer exists."),
    "stack-deleted": _Waiter(
        "wait_until_stack_deleted", waiting.STACK_DELETED, "STACK_ID",
        "Wait until the stack no longer exists."),
    "image-available": _Waiter(
        "wait_until_image_available", waiting.IMAGE_AVAILABLE, "IMAGE_ID",
        "Wait until the image is AVAILABLE; FAILED fails."),
    "image-builder-running": _Waiter(
        "wait_until_image_builder_running", waiting.IMAGE_BUILDER_RUNNING, "BUILDER_ID",
        "Wait until the image builder is RUNNING; FAILED fails."),
    "image-builder-stopped": _Waiter(
        "wait_until_image_builder_stopped", waiting.IMAGE_BUILDER_STOPPED, "BUILDER_ID",
        "Wait until the image builder is STOPPED (AWS)."),
}


def _wait_command(name: str, waiter: _Waiter) -> click.Command:
    spec = waiter.spec

    @click.command(name, help=waiter.help)
    @click.argument("resource_id", metavar=waiter.metavar)
    @duration_option("--timeout",
                  help=f"Give up after this long: 20m, 90s, 1h or seconds.  "
                          f"[default: {spec.timeout:.0f}s]")
    @click.option("-q", "--quiet", is_flag=True, help="No progress display.")
    @output_option
    @pass_connection
    def command(conn: Connection, resource_id: str, timeout: float | None,
                quiet: bool) -> None:
        wait_until = getattr(conn.cloud(), waiter.method)
        result = _wait_with_progress(
            spec.name, resource_id, quiet,
            lambda progress: wait_until(resource_id, timeout=timeout, on_progress=progress))
        if result is None:
            conn.out.done(f"wait {name}", resource_id)
        else:
            conn.out.resource(result)

    return command


for _name, _waiter in WAITERS.items():
    wait.add_command(_wait_command(_name, _waiter))


# capabilities -------------------------------------------------------------------------------


@click.command()
@output_option
@pass_connection
def capabilities(conn: Connection) -> None:
    """What the provider can do natively, and the portable way for what it cannot."""
    cloud = conn.cloud()
    rows = [(c.value, "yes" if c in cloud.capabilities else f"no: {cloud.hints.get(c, '')}")
            for c in streamkit.Capability]
    if conn.out.is_json:
        conn.out.json({"provider": cloud.provider.value,
                       "capabilities": sorted(c.value for c in cloud.capabilities),
                       "hints": {c.value: hint for c, hint in cloud.hints.items()}})
    else:
        conn.out.mapping_table(("CAPABILITY", "SUPPORTED"), rows)


#: every command above, in the order ``streamkit --help`` lists them
COMMANDS: tuple[click.Command, ...] = (
    deploy, wait, stacks, fleets, images, image_builders, sessions, capabilities,
)
