"""The resource commands (``stacks``, ``fleets``, ``images``, ``image-builders``,
``sessions``), made from one table of the services' public methods.

A row names the CLI verb, the service method it runs, its arguments and options (click
parameters named as the method's parameters, so the values pass straight through) and what
it prints. A service method reaches the command line by adding its row to :data:`RESOURCES`;
``tests/test_cli.py`` checks every row against its method's signature.
"""

from __future__ import annotations

import enum
import functools
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import click

from streamkit.alibaba import (
    AllowedDomain,
    Bookmark,
    BrowserGroup,
    OtaTask,
    Period,
    Price,
    TenantConfig,
)
from streamkit.aws import (
    AppBlock,
    AppBlockBuilder,
    AppBlockBuilderAssociation,
    ApplicationFleetAssociation,
    ElasticApplication,
    Entitlement,
    EntitlementAttribute,
    PackagingType,
    S3Location,
    ScriptDetails,
)
from streamkit.cli.aws_options import (
    certificate_auth_option,
    s3_location,
    service_account_option,
    theme_options,
    units_option,
)
from streamkit.cli.connection import Connection, pass_connection
from streamkit.cli.options import (
    GLOBAL_EPILOG,
    duration_option,
    global_options,
    paging_options,
    seconds_option,
    tags_option,
)
from streamkit.cli.output import CommandError, ExitCode
from streamkit.cli.specs import (
    fleet_spec,
    fleet_spec_options,
    placement_options,
    settings_option,
)
from streamkit.errors import ValidationError
from streamkit.models import (
    FastLaunchImage,
    Fleet,
    Image,
    ImageBuilder,
    ImagePermission,
    InstanceType,
    LaunchTemplateRef,
    Region,
    Session,
    SessionBinding,
    Stack,
    UserGroup,
)
from streamkit.providers.alibaba.extensions.workstations import (
    CHARGE_TYPES,
    ISPS,
    PERIOD_UNITS,
    Workstation,
    WorkstationSpec,
    WorkstationState,
)
from streamkit.providers.aws.extensions.directories import DirectoryConfig
from streamkit.providers.aws.extensions.image_exports import ImageExport
from streamkit.providers.aws.extensions.software import SoftwareAssociation
from streamkit.providers.aws.extensions.themes import StackTheme
from streamkit.providers.aws.extensions.usage_reports import UsageReportSubscription
from streamkit.providers.aws.extensions.users import User
from streamkit.specs import ImageBuilderSpec, StackSpec

__all__ = ["CLOUD", "NOT_COMMANDS", "RESOURCES", "Prints", "Resource", "Verb", "options_group",
           "resource_groups"]

Parameter = Callable[[Callable[..., Any]], Callable[..., Any]]

#: what names the method's result in :attr:`Verb.extra`
RESULT = "result"
#: a :attr:`Resource.service` naming the client itself (``cloud.regions()``)
CLOUD = "cloud"


class Prints(enum.Enum):
    """What a verb prints (see :class:`~streamkit.cli.output.Output`)."""

    RESOURCE = "resource"  # the resource returned: an object, or a two-column table
    LISTING = "listing"  # every item, or one page with --page-size/--cursor (``<method>_page``)
    ITEMS = "items"  # every item of a list the method returns whole (no paging)
    IDS = "ids"  # the ids the method yields: a JSON array, or one per line
    MAPPING = "mapping"  # a dict of strings (tags): a JSON object, or a KEY VALUE table
    DONE = "done"  # {"action": "<group>.<verb>", "id": <first argument>, ...extra}
    ACCESS = "access"  # streaming access; the secret only with --reveal


@attrs.frozen(kw_only=True)
class Verb:
    """One command: ``streamkit <group> <name>`` runs ``cloud.<service>.<method>(**values)``.

    ``params``: click arguments and options, in the order ``--help`` shows them, each
    named as the method's parameter. ``build``: makes the method's one argument (a spec) from
    the values instead. ``extra``: for :attr:`Prints.DONE`, more keys to print, each a value
    name or :data:`RESULT`. ``paged``: an :attr:`Prints.IDS` verb that pages like a listing.
    """

    name: str
    method: str
    help: str
    params: tuple[Parameter, ...] = ()
    prints: Prints = Prints.RESOURCE
    build: Callable[..., object] | None = None
    extra: tuple[tuple[str, str], ...] = ()
    paged: bool = False  # an IDS verb whose method has a ``<method>_page`` twin
    model: type | None = None  # the items' type (ITEMS, LISTING), when not the resource's

    @property
    def pages(self) -> bool:
        """Whether the verb takes ``--page-size`` and ``--cursor``."""
        return self.paged or self.prints is Prints.LISTING


@attrs.frozen(kw_only=True)
class Resource:
    """``streamkit <name>``: the verbs of ``cloud.<service>`` (of ``cloud`` itself when
    ``service`` is :data:`CLOUD`); ``model`` gives the table columns of its listings. A
    service of an extension namespace (``"aws.users"``) makes ``streamkit aws <name>``."""

    name: str
    service: str
    help: str
    model: type
    verbs: tuple[Verb, ...]

    @property
    def namespace(self) -> str | None:
        """The extension namespace the service is in (``"aws"``), or None."""
        head, dot, _ = self.service.rpartition(".")
        return head if dot else None

    def of(self, cloud: object) -> Any:
        """The object of ``cloud`` whose methods the group's verbs call."""
        if self.service == CLOUD:
            return cloud
        return functools.reduce(getattr, self.service.split("."), cloud)


def _arg(name: str, **kwargs: Any) -> Parameter:
    return click.argument(name, **kwargs)


def _text(flag: str, help: str, name: str | None = None) -> Parameter:
    return click.option(flag, *([name] if name else []), help=help)


def _reveal(help: str) -> Parameter:
    return click.option("--reveal", is_flag=True, help=help)


def _many(flag: str, name: str, help: str) -> Parameter:
    return click.option(flag, name, multiple=True, help=help)


def _filters(ctx: click.Context, param: click.Parameter, values: Sequence[str]
             ) -> dict[str, list[str]]:
    """``--filter NAME=VALUE`` (repeatable) as ``{name: [values]}``."""
    filters: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", ctx, param)
        filters.setdefault(name, []).append(value)
    return filters


def _launch_template(ctx: click.Context, param: click.Parameter, value: str | None
                     ) -> LaunchTemplateRef | None:
    """``lt-0abc:1`` or ``name:$Latest`` as a :class:`~streamkit.LaunchTemplateRef`."""
    if value is None:
        return None
    template, sep, version = value.rpartition(":")
    if not sep or not template or not version:
        raise click.BadParameter(f"{value!r} is not ID_OR_NAME:VERSION", ctx, param)
    if template.startswith("lt-"):
        return LaunchTemplateRef(id=template, version=version)
    return LaunchTemplateRef(name=template, version=version)


def _script(ctx: click.Context, param: click.Parameter, value: str | None
            ) -> ScriptDetails | None:
    """A JSON object of :class:`~streamkit.aws.ScriptDetails` fields, ``script`` an S3 URI."""
    if value is None:
        return None
    try:
        fields: Any = json.loads(value)
        if not isinstance(fields, dict):
            raise TypeError("not a JSON object")
        script = S3Location.parse(str(fields.pop("script", "")))
        return ScriptDetails(script=script, **fields)
    except (ValueError, TypeError) as exc:
        raise click.BadParameter(f"{exc} (expected {{\"script\": \"s3://bucket/key\", "
                                 "\"executable_path\": ..., \"timeout_seconds\": N}})",
                                 ctx, param) from None


def _given(ctx: click.Context, param: click.Parameter, values: Sequence[str]
           ) -> tuple[str, ...] | None:
    """A repeatable option of an update: None (unchanged) when not given."""
    return tuple(values) or None


def _attributes(ctx: click.Context, param: click.Parameter, values: Sequence[str]
                ) -> tuple[EntitlementAttribute, ...] | None:
    """``--attribute NAME=VALUE`` (repeatable); None when not given."""
    try:
        return tuple(EntitlementAttribute.parse(v) for v in values) or None
    except ValidationError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


_VISIBILITY = click.option("--visibility", "app_visibility",
                           type=click.Choice(["ALL", "ASSOCIATED"]),
                           help="ALL the stack's applications, or those ASSOCIATED.")
_INTERNET = click.option("--internet/--no-internet", "enable_internet_access", default=None,
                         help="Default internet access.")
_BUILDER_OPTIONS = (
    click.option("--security-group", "security_group_ids", multiple=True, callback=_given,
                 help="A security group id (repeatable)."),
    click.option("--access-endpoint", "access_endpoints", multiple=True, callback=_given,
                 help="An interface VPC endpoint id admins connect through (repeatable)."),
    _text("--iam-role", "The IAM role's ARN.", "iam_role_arn"),
    _INTERNET,
    click.option("--disable-imdsv1/--enable-imdsv1", "disable_imdsv1", default=None,
                 help="Turn IMDSv1 off (IMDSv2 only) or on."),
    _text("--display-name", "Display name."),
    _text("--description", "Description."),
)
_WAIT_TIMEOUT = duration_option("--timeout", help="Give up after this long: 20m, 90s, 1h or "
                                "seconds.  [default: 1800s]")
_STACK_TEXT = (
    _text("--display-name", "Name shown to users."),
    _text("--description", "Description."),
    _text("--redirect-url", "URL users go to when their session ends."),
    _text("--feedback-url", "URL users see to give feedback."),
)


def _list(noun: str) -> Verb:
    return Verb(name="list", method="list", help=f"List {noun}.", prints=Prints.LISTING)


def _get(noun: str, id_name: str) -> Verb:
    return Verb(name="get", method="get", help=f"Show one {noun}.", params=(_arg(id_name),))


def _action(name: str, id_name: str, help: str) -> Verb:
    return Verb(name=name, method=name.replace("-", "_"), help=help, params=(_arg(id_name),),
                prints=Prints.DONE)


def _grant(name: str, method: str, whom: str, help: str) -> Verb:
    """A verb that entitles ``whom`` (users, groups) to a stack or takes it away."""
    ids = {"users": "user_ids", "groups": "group_ids"}[whom]
    return Verb(name=name, method=method, prints=Prints.DONE, help=help,
                params=(_arg("stack_id"), _arg(ids, nargs=-1, required=True,
                                               metavar=f"{ids[:-1].upper()}...")),
                extra=((whom, ids),))


def _tag_verbs(noun: str, id_name: str) -> tuple[Verb, ...]:
    """``tags``, ``tag`` and ``untag`` (the methods every tagged service shares)."""
    resource = _arg("resource_id", metavar=id_name.upper())
    return (
        Verb(name="tags", method="tags", help=f"Show the tags of {noun}.",
             params=(resource,), prints=Prints.MAPPING),
        Verb(name="tag", method="tag", help=f"Add or overwrite tags on {noun}.",
             params=(resource, tags_option("A tag to set (repeatable, at least one).")),
             prints=Prints.DONE, extra=(("tags", "tags"),)),
        Verb(name="untag", method="untag", help=f"Remove tags from {noun}, by key.",
             params=(resource, _arg("keys", nargs=-1, required=True, metavar="KEY...")),
             prints=Prints.DONE, extra=(("keys", "keys"),)),
    )


def _period(ctx: click.Context, param: click.Parameter, value: str | None) -> Period | None:
    """``--period "1 Month"`` (``N Week|Month|Year``) as a :class:`~streamkit.alibaba.Period`."""
    if value is None:
        return None
    amount, _, unit = value.strip().partition(" ")
    if not amount.isdigit() or unit.strip().title() not in ("Week", "Month", "Year"):
        raise click.BadParameter(f"{value!r} is not N UNIT (e.g. '1 Month', '1 Year')", ctx,
                                 param)
    return Period(int(amount), unit.strip().title())  # type: ignore[arg-type]


def _resolution(ctx: click.Context, param: click.Parameter, value: str | None
                ) -> tuple[int, int] | None:
    """``--resolution 1920x1080`` as ``(width, height)``."""
    if value is None:
        return None
    width, sep, height = value.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise click.BadParameter(f"{value!r} is not WIDTHxHEIGHT", ctx, param)
    return int(width), int(height)


def _bookmarks(ctx: click.Context, param: click.Parameter, values: Sequence[str]
               ) -> list[Bookmark] | None:
    """``--bookmark NAME=URL`` (repeatable) as new :class:`~streamkit.alibaba.Bookmark`s."""
    marks: list[Bookmark] = []
    for item in values:
        name, sep, url = item.partition("=")
        if not sep or not name or not url:
            raise click.BadParameter(f"{item!r} is not NAME=URL", ctx, param)
        marks.append(Bookmark(name=name, url=url))
    return marks or None


def _domains(ctx: click.Context, param: click.Parameter, values: Sequence[str]
             ) -> list[AllowedDomain] | None:
    """``--allow-domain DOMAIN`` (repeatable) as :class:`~streamkit.alibaba.AllowedDomain`s."""
    return [AllowedDomain(url=value) for value in values] or None


def _or_none(ctx: click.Context, param: click.Parameter, values: Sequence[str]
             ) -> list[str] | None:
    return list(values) or None


_PERIOD = click.option("--period", required=True, callback=_period, metavar="'N UNIT'",
                       help="'1 Week'; '1', '2', '3' or '6 Month'; '1', '2' or '3 Year'.")
_OTA_TYPE = click.option("--type", "ota_type", default="Fota", show_default=True,
                         type=click.Choice(["Fota", "ImageUpdate", "AppUpdate"]),
                         help="What the update changes.")


def _workstation_state(ctx: click.Context, param: click.Parameter, value: str | None
                       ) -> WorkstationState | None:
    return None if value is None else WorkstationState(value)


def _stdin_password(ctx: click.Context, param: click.Parameter, value: bool) -> str | None:
    """``--password-stdin``: the first line of stdin (a password never goes in argv)."""
    if not value:
        return None
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise click.BadParameter("stdin holds no password", ctx, param)
    return line


_PASSWORD = click.option("--password-stdin", "password", is_flag=True,
                         callback=_stdin_password,
                         help="Read the logon password (8-30 characters) from stdin.")
_STATES = [s.value for s in WorkstationState if s is not WorkstationState.UNKNOWN]


def _workstation_spec(**values: Any) -> WorkstationSpec:
    return WorkstationSpec(**{k: v for k, v in values.items() if v is not None})


#: the areas of ``cloud.alibaba`` (``streamkit alibaba <area> <verb>``)
ALIBABA_AREAS: tuple[Resource, ...] = (
    Resource(name="billing", service="alibaba.billing", model=Price,
             help="Prices and renewals of subscription delivery groups.", verbs=(
        Verb(name="price", method="price",
             help="What nodes of an instance type cost in the region, for a period\n"
                  "(or per hour with --charge-type PostPaid).",
             params=(_arg("instance_type"), _PERIOD,
                     click.option("--amount", type=click.IntRange(min=1), default=1,
                                  show_default=True, help="How many nodes."),
                     click.option("--charge-type", default="PrePaid", show_default=True,
                                  type=click.Choice(["PrePaid", "PostPaid"]),
                                  help="Subscription, or pay as you go."))),
        Verb(name="renewal-price", method="renewal_price",
             help="What renewing a subscription delivery group for a period costs.",
             params=(_arg("group_id"), _PERIOD)),
        Verb(name="renew", method="renew",
             help="Renew a subscription delivery group: an order, paid at once with\n"
                  "--auto-pay (else it waits for payment in the console). Never sent twice.",
             params=(_arg("group_id"), _PERIOD,
                     click.option("--auto-pay", is_flag=True, help="Pay the order at once."),
                     _text("--promotion", "A coupon id from `billing price`.",
                           "promotion_id"))),
    )),
    Resource(name="policies", service="alibaba.policies", model=object,
             help="A delivery group's display policy: frame rate, resolution, protocol.",
             verbs=(
        Verb(name="update", method="update", prints=Prints.DONE,
             help="Change the given display settings of a delivery group.",
             params=(_arg("group_id"),
                     click.option("--frame-rate", type=int, help="Frames per second: 30 "
                                  "or 60."),
                     click.option("--resolution", callback=_resolution,
                                  metavar="WIDTHxHEIGHT",
                                  help="The session's resolution (its largest when adaptive)."),
                     click.option("--adaptive-resolution/--fixed-resolution", default=None,
                                  help="Follow the size of the user's window."),
                     click.option("--streaming-mode",
                                  type=click.Choice(["WEBRTC", "VIDEO", "MIX"]),
                                  help="The streaming protocol."),
                     click.option("--visual-quality",
                                  type=click.Choice(["adaptive", "smooth", "quality"]),
                                  help="What the stream favours on a short network."))),
    )),
    Resource(name="tenant", service="alibaba.tenant", model=TenantConfig,
             help="The administrator account's settings.", verbs=(
        Verb(name="get", method="get", help="Show the account's settings."),
        Verb(name="update", method="update", help="Change the account's settings.",
             params=(click.option("--expiry-reminder/--no-expiry-reminder", required=True,
                                  default=None,
                                  help="Remind before subscriptions expire."),)),
    )),
    Resource(name="ota", service="alibaba.ota", model=OtaTask,
             help="Over-the-air updates of a delivery group's Workspace components.",
             verbs=(
        Verb(name="list", method="list", prints=Prints.LISTING,
             help="List a delivery group's update tasks, newest first.",
             params=(_arg("group_id"), _OTA_TYPE)),
        Verb(name="get", method="get", help="Show an update task's version and release note.",
             params=(_arg("task_id"),)),
        Verb(name="approve", method="approve", prints=Prints.DONE,
             help="Let an update task run at a time (ISO 8601 with its offset; a past time\n"
                  "runs it now).",
             params=(_arg("group_id"), _arg("task_id"),
                     _arg("start_time", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z"])),
                     _OTA_TYPE),
             extra=(("task", "task_id"),)),
    )),
    Resource(name="workstations", service="alibaba.workstations", model=Workstation,
             help="Cloud workstations (WuyingServer, Alibaba only).", verbs=(
        Verb(name="list", method="list", prints=Prints.LISTING, help="List workstations.",
             params=(_text("--name-or-id", "Only the workstation with this id, or whose name "
                           "holds this."),
                     click.option("--state", type=click.Choice(_STATES),
                                  callback=_workstation_state, help="Only those in this state."))),
        _get("workstation", "workstation_id"),
        Verb(name="create", method="create", build=_workstation_spec,
             help="Order workstations; prints the order and their ids.\n\nFollow with "
                  "`streamkit wait workstation-running ID`.",
             params=(_arg("name"),
                     click.option("--image", "image_id", required=True, help="The image."),
                     click.option("--instance-type", required=True,
                                  help="The workstation instance type."),
                     click.option("--office-site", "office_site_id", required=True,
                                  help="The office network."),
                     click.option("--amount", type=click.IntRange(1, 100),
                                  help="How many (default 1)."),
                     click.option("--charge-type", type=click.Choice(CHARGE_TYPES),
                                  help="PostPaid (default) or PrePaid."),
                     click.option("--period", type=click.IntRange(min=1),
                                  help="Subscription length (PrePaid)."),
                     click.option("--period-unit", type=click.Choice(PERIOD_UNITS)),
                     click.option("--auto-renew/--no-auto-renew", default=None,
                                  help="Renew the subscription when it ends (PrePaid)."),
                     _text("--host-name", "The host name."),
                     _PASSWORD)),
        _action("start", "workstation_id", "Start a stopped workstation.\n\nFollow with "
                "`streamkit wait workstation-running ID`."),
        Verb(name="stop", method="stop", prints=Prints.DONE,
             help="Stop a running workstation.\n\nFollow with "
                  "`streamkit wait workstation-stopped ID`.",
             params=(_arg("workstation_id"),
                     click.option("--force", is_flag=True, help="Without a clean shut down."))),
        _action("restart", "workstation_id", "Restart a running workstation."),
        Verb(name="modify", method="modify", prints=Prints.DONE,
             help="Rename a workstation and/or set its logon password.",
             params=(_arg("workstation_id"), _text("--name", "The new name."), _PASSWORD)),
        Verb(name="update-image", method="update_image", prints=Prints.DONE,
             help="Move a workstation to another image (it goes UPDATING).",
             params=(_arg("workstation_id"), _arg("image_id")),
             extra=(("image", "image_id"), ("task_id", RESULT))),
        Verb(name="renew", method="renew", prints=Prints.DONE,
             help="Extend a PrePaid workstation's subscription; prints the order.",
             params=(_arg("workstation_id"), _arg("period", type=click.IntRange(1, 60)),
                     click.option("--period-unit", type=click.Choice(PERIOD_UNITS),
                                  default="Month", show_default=True)),
             extra=(("order_id", RESULT),)),
        _action("delete", "workstation_id", "Delete a workstation."),
        Verb(name="eip", method="eip", help="Show a workstation's elastic IP.",
             params=(_arg("workstation_id"),
                     click.option("--isp", type=click.Choice(ISPS), help="The carrier."))),
        Verb(name="assign-ips", method="assign_private_ips", prints=Prints.DONE,
             help="Give a workstation more private IPs; prints them.",
             params=(_arg("workstation_id"), _arg("count", type=click.IntRange(1, 50))),
             extra=(("addresses", RESULT),)),
        Verb(name="unassign-ips", method="unassign_private_ips", prints=Prints.DONE,
             help="Take secondary private IPs back from a workstation.",
             params=(_arg("workstation_id"),
                     _arg("addresses", nargs=-1, required=True, metavar="IP...")),
             extra=(("addresses", "addresses"),)),
    )),
    Resource(name="browsers", service="alibaba.browsers", model=BrowserGroup,
             help="Cloud browsers (browser instance groups, big-...).", verbs=(
        _get("cloud browser", "browser_id"),
        Verb(name="update", method="update",
             help="Change the given settings of a cloud browser; prints it after.",
             params=(_arg("browser_id"),
                     _text("--name", "Its name."),
                     _text("--homepage", "The page it opens."),
                     click.option("--bookmark", "bookmarks", multiple=True,
                                  callback=_bookmarks, metavar="NAME=URL",
                                  help="Add a bookmark (repeatable)."),
                     click.option("--remove-bookmark", "remove_bookmarks", multiple=True,
                                  callback=_or_none, help="A bookmark id (repeatable)."),
                     click.option("--clipboard",
                                  type=click.Choice(["read", "readwrite", "write", "off"]),
                                  help="Copying between the browser and the device."),
                     click.option("--frame-rate", type=click.IntRange(1, 60),
                                  help="Frames per second."),
                     click.option("--watermark/--no-watermark", default=None,
                                  help="Show a watermark."),
                     click.option("--session-timeout", "session_timeout_minutes",
                                  type=click.IntRange(1, 1440),
                                  help="Minutes a disconnected session is kept."),
                     click.option("--allow-domain", "allowed_domains", multiple=True,
                                  callback=_domains, help="Add a domain it may open "
                                  "(repeatable)."),
                     click.option("--remove-domain", "remove_allowed_domains", multiple=True,
                                  callback=_or_none, help="An allowed domain's id "
                                  "(repeatable)."))),
    )),
)

#: every resource command, in the order ``streamkit --help`` lists them
RESOURCES: tuple[Resource, ...] = (
    Resource(name="stacks", service="stacks", model=Stack,
             help="Stacks: where users stream from. On Alibaba, delivery groups.", verbs=(
        _list("stacks"),
        _get("stack", "stack_id"),
        Verb(name="create", method="create", build=StackSpec,
             help="Create a stack on its own (AWS only; on Alibaba use `streamkit deploy`).",
             params=(_arg("name"), *_STACK_TEXT, settings_option(update=False),
                     tags_option())),
        Verb(name="update", method="update",
             help="Change the given fields of a stack (on Alibaba, --display-name and the "
                  "settings a delivery group takes).",
             params=(_arg("stack_id"), *_STACK_TEXT, settings_option(update=True))),
        _action("delete", "stack_id", "Delete a stack.\n\nOn AWS, disassociate its fleets "
                "first; on Alibaba its fleet goes with it."),
        Verb(name="associate", method="associate_fleet", prints=Prints.DONE,
             help="Let a stack stream from a fleet (AWS only).",
             params=(_arg("stack_id"), _arg("fleet_id")), extra=(("fleet", "fleet_id"),)),
        Verb(name="disassociate", method="disassociate_fleet", prints=Prints.DONE,
             help="Stop a stack streaming from a fleet (AWS only).",
             params=(_arg("stack_id"), _arg("fleet_id")), extra=(("fleet", "fleet_id"),)),
        Verb(name="fleets", method="list_fleets", prints=Prints.IDS,
             help="List the ids of a stack's fleets (AWS only).", params=(_arg("stack_id"),)),
        Verb(name="users", method="list_users", prints=Prints.IDS, paged=True,
             help="List the users entitled to a stack.", params=(_arg("stack_id"),)),
        _grant("authorize", "authorize_users", "users",
               "Entitle users to a stack (AWS: user pool users, by email)."),
        _grant("unauthorize", "unauthorize_users", "users",
               "Take users' entitlement to a stack away."),
        Verb(name="user-groups", method="list_user_groups", prints=Prints.LISTING,
             model=UserGroup, help="List the user groups entitled to a stack (Alibaba only).",
             params=(_arg("stack_id"),)),
        _grant("authorize-groups", "authorize_user_groups", "groups",
               "Entitle user groups to a stack (Alibaba only)."),
        _grant("unauthorize-groups", "unauthorize_user_groups", "groups",
               "Take user groups' entitlement to a stack away (Alibaba only)."),
        *_tag_verbs("a stack", "stack_id"),
    )),
    Resource(name="fleets", service="fleets", model=Fleet,
             help="Fleets: the instances that stream. On Alibaba, a delivery group's node "
                  "pool\n(id aig-.../rg-...).", verbs=(
        _list("fleets"),
        _get("fleet", "fleet_id"),
        Verb(name="create", method="create", build=fleet_spec,
             help="Create a fleet on its own, stopped (AWS only; on Alibaba use "
                  "`streamkit deploy`).",
             params=(_arg("name"), *fleet_spec_options(), tags_option())),
        Verb(name="update", method="update",
             help="Change the given fields of a fleet.\n\nOn Alibaba a new image takes the "
                  "fleet through UPDATING: follow it with\n`streamkit wait fleet-running`.",
             params=(
                 _arg("fleet_id"),
                 _text("--image", "New image (on Alibaba the fleet goes UPDATING).",
                       "image_id"),
                 _text("--instance-type", "New instance type (AWS, stopped fleets)."),
                 _text("--display-name", "Name shown to users."),
                 _text("--description", "Description."),
                 seconds_option("--max-user-duration", "max_user_duration_seconds",
                                help="Longest session (e.g. 8h)."),
                 seconds_option("--disconnect-timeout", "disconnect_timeout_seconds",
                                help="How long a session survives a disconnect."),
                 seconds_option("--idle-disconnect-timeout",
                                "idle_disconnect_timeout_seconds",
                                help="Disconnect idle users after this long (0: never)."),
                 *placement_options(),
                 click.option("--max-sessions", "max_concurrent_sessions",
                              type=click.IntRange(min=1),
                              help="Elastic fleets: the most concurrent sessions."),
             )),
        _action("start", "fleet_id",
                "Start a fleet (AWS only).\n\nFollow with `streamkit wait fleet-running ID`."),
        _action("stop", "fleet_id", "Stop a fleet (AWS only).\n\nOn Alibaba, scale the fleet "
                "down or delete its stack."),
        Verb(name="scale", method="scale",
             help="Set the desired instances (AWS) or nodes (Alibaba, at least 1).",
             params=(_arg("fleet_id"), _arg("desired", type=click.IntRange(min=0)))),
        _action("delete", "fleet_id", "Delete a stopped fleet that no stack uses (AWS only)."
                "\n\nOn Alibaba, delete the fleet's stack."),
        Verb(name="stacks", method="list_stacks", prints=Prints.IDS,
             help="List the ids of the stacks a fleet serves (disassociate them before "
                  "deleting it).", params=(_arg("fleet_id"),)),
        Verb(name="instances", method="list_instances", prints=Prints.IDS, paged=True,
             help="List the ids of a fleet's instances (Alibaba: its nodes).",
             params=(_arg("fleet_id"),)),
        *_tag_verbs("a fleet", "fleet_id"),
    )),
    Resource(name="images", service="images", model=Image,
             help="Images that fleets and image builders run.", verbs=(
        _list("images"),
        _get("image", "image_id"),
        _action("delete", "image_id", "Delete an image."),
        Verb(name="copy", method="copy", prints=Prints.DONE,
             help="Copy an image to another region; prints the copy's id there.",
             params=(_arg("image_id"), _arg("destination_region"),
                     _text("--name", "The copy's name (required on AWS).", "destination_name"),
                     _text("--description", "The copy's description.")),
             extra=(("copy_id", RESULT), ("region", "destination_region"))),
        Verb(name="create-from-instance", method="create_from_instance",
             help="Capture a workstation into a new image (Alibaba only).\n\nStop it "
                  "first; follow with `streamkit wait image-available ID`.",
             params=(_arg("instance_id"), _arg("image_name"),
                     _text("--description", "The image's description."),
                     _text("--persistent", "The workstation's persistent session to capture.",
                           "persistent_id"))),
        Verb(name="share", method="share", prints=Prints.DONE,
             help="Share a private image with another AWS account (AWS only).",
             params=(_arg("image_id"), _arg("account_id"),
                     click.option("--fleets/--no-fleets", default=True,
                                  help="The account may start fleets from it."),
                     click.option("--builders/--no-builders", default=True,
                                  help="The account may start image builders from it.")),
             extra=(("account", "account_id"),)),
        Verb(name="unshare", method="unshare", prints=Prints.DONE,
             help="Stop sharing an image with an AWS account (AWS only).",
             params=(_arg("image_id"), _arg("account_id")), extra=(("account", "account_id"),)),
        Verb(name="permissions", method="permissions", prints=Prints.LISTING,
             model=ImagePermission, params=(_arg("image_id"),),
             help="List the accounts an image is shared with (AWS only)."),
        Verb(name="update", method="create_updated",
             help="Patch an image without a builder into a new image (AWS managed image "
                  "updates).\n\nFollow with `streamkit wait image-available NEW_NAME`.",
             params=(_arg("image_id"), _arg("new_name"),
                     _text("--description", "The new image's description."),
                     _text("--display-name", "The new image's name shown to users."),
                     tags_option(),
                     click.option("--dry-run", is_flag=True,
                                  help="Only say whether updates are available."))),
        *_tag_verbs("an image", "image_id"),
    )),
    Resource(name="image-builders", service="image_builders", model=ImageBuilder,
             help="Image builders. On Alibaba, a delivery group in debug mode.", verbs=(
        _list("image builders"),
        _get("image builder", "builder_id"),
        Verb(name="create", method="create", build=ImageBuilderSpec,
             help="Create an image builder.\n\nFollow with "
                  "`streamkit wait image-builder-running ID`.",
             params=(
                 _arg("name"),
                 click.option("--instance-type", required=True,
                              help="e.g. stream.standard.medium."),
                 click.option("--image", "image_id", required=True,
                              help="The image to start from."),
                 _text("--display-name", "Name shown to users."),
                 _text("--description", "Description."),
                 _many("--subnet", "subnet_ids", "Subnet id."),
                 _many("--security-group", "security_group_ids",
                       "Security group id (repeatable)."),
                 _INTERNET,
                 _text("--agent-version", "AWS: the streaming agent version (LATEST or one).",
                       "agent_version"),
                 _text("--iam-role", "AWS: the IAM role the builder assumes.", "iam_role_arn"),
                 tags_option(),
             )),
        _action("start", "builder_id", "Start an image builder (AWS only)."),
        _action("stop", "builder_id", "Stop an image builder (AWS only; on Alibaba, delete it)."),
        _action("delete", "builder_id", "Delete an image builder."),
        Verb(name="create-image", method="create_image",
             help="Capture a builder into a new image (Alibaba only).\n\nOn AWS, Image "
                  "Assistant does this inside the builder. Follow with\n"
                  "`streamkit wait image-available ID`.",
             params=(_arg("builder_id"), _arg("image_name"),
                     _text("--description", "The image's description (AWS)."))),
        Verb(name="connect", method="connect", prints=Prints.ACCESS,
             help="Access to a builder's desktop: a URL (AWS) or a debug auth code "
                  "(Alibaba).\n\nThe secret is printed only with --reveal.",
             params=(_arg("builder_id"),
                     seconds_option("--validity", help="How long the URL works (AWS)."),
                     _reveal("Print the URL or auth code itself."))),
        *_tag_verbs("an image builder", "builder_id"),
    )),
    Resource(name="sessions", service="sessions", model=Session,
             help="Users' streaming sessions. On Alibaba, app instances bound to users.",
             verbs=(
        Verb(name="list", method="list", prints=Prints.LISTING,
             help="List the sessions on a stack.",
             params=(_arg("stack_id"),
                     _text("--fleet", "Only this fleet's sessions.", "fleet_id"),
                     _text("--user", "Only this user's sessions.", "user_id"))),
        Verb(name="connect", method="connect", prints=Prints.ACCESS,
             help="Streaming access for a user: a URL (AWS) or a connection ticket "
                  "(Alibaba).\n\nThe URL or ticket is a secret: it is printed only with "
                  "--reveal.",
             params=(_arg("stack_id"), _arg("user_id"),
                     _text("--fleet", "Needed when the stack has several fleets.", "fleet_id"),
                     _text("--app", "The application to open.", "app_id"),
                     seconds_option("--validity", help="How long the URL works (AWS; e.g. 5m)."),
                     _text("--persistent", "Back into this persistent session (Alibaba).",
                           "persistent_id"),
                     _reveal("Print the URL or ticket itself."))),
        Verb(name="persistent", method="list_persistent", prints=Prints.LISTING,
             help="List a stack's persistent sessions (Alibaba only).",
             params=(_arg("stack_id"),)),
        _action("expire-all", "stack_id", "End every session on a stack.\n\nAlibaba: one "
                "LogOffAllSessionsInAppInstanceGroup where the group takes it\n(scheduled "
                "scaling, outside its periods), else each session is unbound."),
        Verb(name="bindings", method="bindings", prints=Prints.LISTING, model=SessionBinding,
             help="List where users are bound, across stacks (Alibaba only).",
             params=(_text("--user", "Only this user's bindings.", "user_id"),
                     _text("--stack", "Only this stack's bindings.", "stack_id"))),
        Verb(name="delete-instances", method="delete_instances", prints=Prints.DONE,
             help="Delete app instances that serve no one (Alibaba only; INIT or IDLE "
                  "ones).\n\nEach instance the cloud refuses is named in the error.",
             params=(_arg("stack_id"), _arg("instance_ids", nargs=-1, required=True,
                                            metavar="INSTANCE_ID...")),
             extra=(("instances", "instance_ids"),)),
    )),
    Resource(name="catalog", service=CLOUD, model=Region,
             help="What the provider offers: its regions and instance types.", verbs=(
        Verb(name="regions", method="regions", prints=Prints.ITEMS,
             help="List the regions the streaming service runs in (AWS: from data)."),
        Verb(name="instance-types", method="instance_types", prints=Prints.ITEMS,
             model=InstanceType,
             help="List the instance types fleets can run on, with vCPUs, memory and "
                  "GPU\n(AWS: from data)."),
    )),
    Resource(name="fast-launch", service="fast_launch", model=FastLaunchImage,
             help="EC2 Windows fast launch images (AWS only).", verbs=(
        Verb(name="list", method="list", prints=Prints.LISTING,
             help="List the images with a fast launch state.",
             params=(_many("--image", "image_ids", "Only this AMI (repeatable)."),
                     click.option("--filter", "filters", multiple=True, callback=_filters,
                                  metavar="NAME=VALUE",
                                  help="resource-type, owner-id or state, e.g. "
                                       "state=enabled (repeatable)."))),
        _get("image's fast launch state", "image_id"),
        Verb(name="enable", method="enable",
             help="Start pre-provisioning snapshots of a Windows AMI.\n\nFollow with "
                  "`streamkit wait fast-launch-enabled AMI`.",
             params=(_arg("image_id"),
                     click.option("--max-parallel-launches", type=click.IntRange(min=6),
                                  help="Instances launched at once to make snapshots."),
                     click.option("--target-resource-count", type=click.IntRange(min=1),
                                  help="Snapshots to keep ready."),
                     click.option("--launch-template", callback=_launch_template,
                                  metavar="ID_OR_NAME:VERSION",
                                  help="The EC2 launch template, e.g. lt-0abc:1 or "
                                       "win-lt:$Latest."))),
        Verb(name="disable", method="disable",
             help="Stop fast launch and clean up its snapshots.",
             params=(_arg("image_id"),
                     click.option("--force", is_flag=True,
                                  help="Disable even when the clean-up fails."))),
    )),
    Resource(name="app-blocks", service="aws.app_blocks", model=AppBlock,
             help="App blocks: the application disks Elastic fleets mount (AWS only).", verbs=(
        _list("app blocks"),
        _get("app block (by name or ARN)", "name_or_arn"),
        Verb(name="create", method="create",
             help="Create an app block.\n\nCUSTOM (the default) takes your VHD and its "
                  "--setup-script; APPSTREAM2 is\npackaged on an app block builder.",
             params=(
                 _arg("name"),
                 click.option("--source", required=True, callback=s3_location,
                              metavar="s3://BUCKET[/KEY]", help="Where the VHD is (or goes)."),
                 click.option("--packaging-type", default="CUSTOM",
                              type=click.Choice([p.value for p in PackagingType
                                                 if p is not PackagingType.UNKNOWN]),
                              help="CUSTOM or APPSTREAM2.  [default: CUSTOM]"),
                 click.option("--setup-script", callback=_script, metavar="JSON",
                              help='The script that mounts it (CUSTOM): {"script": '
                                   '"s3://b/k", "executable_path": ..., "timeout_seconds": '
                                   'N, "executable_parameters": ...}.'),
                 click.option("--post-setup-script", callback=_script, metavar="JSON",
                              help="The script run after setup (APPSTREAM2), as "
                                   "--setup-script."),
                 _text("--display-name", "Display name."),
                 _text("--description", "Description."),
                 tags_option(),
             )),
        _action("delete", "name", "Delete an app block no application uses."),
    )),
    Resource(name="applications", service="aws.applications", model=ElasticApplication,
             help="Applications of Elastic fleets (AWS only).", verbs=(
        _list("applications"),
        _get("application (by name or ARN)", "name_or_arn"),
        Verb(name="create", method="create", help="Create an application in an app block.",
             params=(
                 _arg("name"), _arg("app_block_arn"),
                 click.option("--launch-path", required=True, help="The executable to start."),
                 click.option("--icon", required=True, callback=s3_location, metavar="s3://BUCKET/KEY",
                              help="The icon in S3."),
                 click.option("--platform", "platforms", multiple=True, required=True,
                              help="e.g. WINDOWS_SERVER_2019 (repeatable)."),
                 click.option("--instance-family", "instance_families", multiple=True,
                              default=("GENERAL_PURPOSE",),
                              help="GENERAL_PURPOSE or GRAPHICS_G4 (repeatable)."),
                 _text("--display-name", "Name shown to users."),
                 _text("--description", "Description."),
                 _text("--working-directory", "Where it starts."),
                 _text("--launch-parameters", "Its arguments."),
                 tags_option(),
             )),
        Verb(name="update", method="update",
             help="Change the given fields of an application (\"\" removes\n"
                  "--working-directory or --launch-parameters).",
             params=(
                 _arg("name"),
                 _text("--launch-path", "The executable to start."),
                 click.option("--icon", callback=s3_location, metavar="s3://BUCKET/KEY",
                              help="The icon in S3."),
                 _text("--app-block-arn", "Move it to another app block."),
                 _text("--display-name", "Name shown to users."),
                 _text("--description", "Description."),
                 _text("--working-directory", "Where it starts."),
                 _text("--launch-parameters", "Its arguments."),
             )),
        _action("delete", "name", "Delete an application no fleet offers."),
        Verb(name="associate", method="associate_fleet", prints=Prints.DONE,
             help="Offer an application on an Elastic fleet.",
             params=(_arg("application_arn"), _arg("fleet_id")),
             extra=(("fleet", "fleet_id"),)),
        Verb(name="disassociate", method="disassociate_fleet", prints=Prints.DONE,
             help="Stop offering an application on a fleet.",
             params=(_arg("application_arn"), _arg("fleet_id")),
             extra=(("fleet", "fleet_id"),)),
        Verb(name="fleets", method="list_fleet_associations", prints=Prints.LISTING,
             model=ApplicationFleetAssociation,
             help="List which fleets offer which applications (give --application, --fleet "
                  "or both).",
             params=(_text("--application", "An application's ARN.", "application_arn"),
                     _text("--fleet", "A fleet's id.", "fleet_id"))),
    )),
    Resource(name="app-block-builders", service="aws.app_block_builders",
             model=AppBlockBuilder,
             help="App block builders: package APPSTREAM2 app blocks (AWS only).", verbs=(
        _list("app block builders"),
        _get("app block builder", "builder_id"),
        Verb(name="create", method="create",
             help="Create an app block builder, STOPPED.\n\nGive it its app block with "
                  "`associate`, then `start` it.",
             params=(_arg("name"),
                     click.option("--instance-type", required=True,
                                  help="stream.standard.small ... 2xlarge."),
                     click.option("--subnet", "subnet_ids", multiple=True, required=True,
                                  help="A subnet id (two or more, in different zones)."),
                     *_BUILDER_OPTIONS, tags_option())),
        Verb(name="update", method="update",
             help="Change the given fields of an app block builder (a RUNNING one takes\n"
                  "--display-name and --description; --iam-role \"\" removes the role).",
             params=(_arg("builder_id"),
                     click.option("--instance-type", help="stream.standard.small ... 2xlarge."),
                     click.option("--subnet", "subnet_ids", multiple=True, callback=_given,
                                  help="A subnet id (two or more, in different zones)."),
                     *_BUILDER_OPTIONS)),
        Verb(name="start", method="start", help="Start an app block builder.\n\nFollow "
             "with `streamkit aws app-block-builders wait-running ID`.",
             params=(_arg("builder_id"),)),
        Verb(name="stop", method="stop", help="Stop an app block builder.",
             params=(_arg("builder_id"),)),
        _action("delete", "builder_id", "Delete an app block builder that has no app block."),
        Verb(name="associate", method="associate_app_block", prints=Prints.DONE,
             help="Give an app block builder the APPSTREAM2 app block to package.",
             params=(_arg("builder_id"), _arg("app_block_arn")),
             extra=(("app_block", "app_block_arn"),)),
        Verb(name="disassociate", method="disassociate_app_block", prints=Prints.DONE,
             help="Take its app block from an app block builder.",
             params=(_arg("builder_id"), _arg("app_block_arn")),
             extra=(("app_block", "app_block_arn"),)),
        Verb(name="app-blocks", method="list_app_block_associations", prints=Prints.LISTING,
             model=AppBlockBuilderAssociation,
             help="List which builders package which app blocks.",
             params=(_text("--builder", "Only this builder's.", "builder_id"),
                     _text("--app-block", "Only this app block's (ARN).", "app_block_arn"))),
        Verb(name="connect", method="connect", prints=Prints.ACCESS,
             help="A URL to a RUNNING builder's desktop.\n\nThe URL is a secret: it is "
                  "printed only with --reveal.",
             params=(_arg("builder_id"),
                     seconds_option("--validity", help="How long the URL works."),
                     _reveal("Print the URL itself."))),
        Verb(name="wait-running", method="wait_until_running",
             help="Wait until an app block builder is RUNNING (STOPPED is tolerated for the "
                  "grace\nperiod; STOPPED with errors fails at once).",
             params=(_arg("builder_id"), _WAIT_TIMEOUT)),
        Verb(name="wait-stopped", method="wait_until_stopped",
             help="Wait until an app block builder is STOPPED.",
             params=(_arg("builder_id"), _WAIT_TIMEOUT)),
    )),
    Resource(name="entitlements", service="aws.entitlements", model=Entitlement,
             help="Entitlements: which SAML users of a stack see which applications (AWS "
                  "only).", verbs=(
        Verb(name="list", method="list", prints=Prints.LISTING,
             help="List a stack's entitlements.", params=(_arg("stack_id"),)),
        Verb(name="get", method="get", help="Show one entitlement.",
             params=(_arg("stack_id"), _arg("name"))),
        Verb(name="create", method="create",
             help="Entitle a stack's SAML users carrying any of the attributes.",
             params=(_arg("stack_id"), _arg("name"),
                     click.option("--attribute", "attributes", multiple=True, required=True,
                                  callback=_attributes, metavar="NAME=VALUE",
                                  help="e.g. groups=finance (repeatable)."),
                     _VISIBILITY, _text("--description", "Description."))),
        Verb(name="update", method="update", help="Change the given fields of an entitlement.",
             params=(_arg("stack_id"), _arg("name"),
                     click.option("--attribute", "attributes", multiple=True,
                                  callback=_attributes, metavar="NAME=VALUE",
                                  help="Replace the attributes (repeatable)."),
                     _VISIBILITY, _text("--description", "Description."))),
        Verb(name="delete", method="delete", prints=Prints.DONE, help="Delete an entitlement.",
             params=(_arg("stack_id"), _arg("name")), extra=(("name", "name"),)),
        Verb(name="associate", method="associate_application", prints=Prints.DONE,
             help="Grant an entitlement's users an application (by name).",
             params=(_arg("stack_id"), _arg("name"), _arg("application")),
             extra=(("name", "name"), ("application", "application"))),
        Verb(name="disassociate", method="disassociate_application", prints=Prints.DONE,
             help="Take an application from an entitlement.",
             params=(_arg("stack_id"), _arg("name"), _arg("application")),
             extra=(("name", "name"), ("application", "application"))),
        Verb(name="applications", method="list_applications", prints=Prints.IDS, paged=True,
             help="List the applications an entitlement grants.",
             params=(_arg("stack_id"), _arg("name"))),
    )),
    *ALIBABA_AREAS,
    Resource(name="users", service="aws.users", model=User,
             help="The AppStream user pool: users who sign in with their email.", verbs=(
        _list("user pool users"),
        _get("user", "user_name"),
        Verb(name="create", method="create", prints=Prints.DONE,
             help="Add a user to the pool; AppStream mails a temporary password.",
             params=(_arg("user_name"), _text("--first-name", "Given name."),
                     _text("--last-name", "Surname."),
                     click.option("--email/--no-email", "send_email", default=True,
                                  help="Mail the welcome email (default) or not."))),
        Verb(name="resend", method="resend_invitation", prints=Prints.DONE,
             help="Mail a user a new welcome email and temporary password.",
             params=(_arg("user_name"),)),
        _action("enable", "user_name", "Let a disabled user sign in again."),
        _action("disable", "user_name", "Stop a user signing in."),
        _action("delete", "user_name", "Remove a user from the pool."),
    )),
    Resource(name="usage-reports", service="aws.usage_reports", model=UsageReportSubscription,
             help="Usage reports: daily CSVs of sessions and applications in S3.", verbs=(
        Verb(name="subscribe", method="subscribe",
             help="Subscribe the region to usage reports (again: the same bucket)."),
        Verb(name="get", method="get", help="Show the region's subscription."),
        Verb(name="unsubscribe", method="unsubscribe", prints=Prints.DONE,
             help="Stop the reports (the bucket and its reports stay)."),
    )),
    Resource(name="themes", service="aws.themes", model=StackTheme,
             help="Stack themes: the title, colours, logo and links users see.", verbs=(
        _get("stack's theme", "stack_id"),
        Verb(name="create", method="create", help="Theme a stack's portal.",
             params=(_arg("stack_id"), *theme_options(update=False))),
        Verb(name="update", method="update",
             help="Change the given fields of a stack's theme.",
             params=(_arg("stack_id"), *theme_options(update=True))),
        _action("delete", "stack_id", "Delete a stack's theme."),
    )),
    Resource(name="image-exports", service="aws.image_exports", model=ImageExport,
             help="Image export tasks: a private image copied to an EC2 AMI.", verbs=(
        _list("export tasks"),
        _get("export task", "task_id"),
        Verb(name="create", method="create",
             help="Export an AVAILABLE private image to an EC2 AMI.\n\nFollow with "
                  "`streamkit aws image-exports wait TASK_ID`.",
             params=(_arg("image_id"), _arg("ami_name"),
                     click.option("--role", "iam_role_arn", required=True,
                                  help="The IAM role AppStream writes the AMI with."),
                     _text("--description", "The AMI's description."), tags_option())),
        Verb(name="wait", method="wait", help="Wait until an export task is COMPLETED.",
             params=(_arg("task_id"), seconds_option("--timeout", help="Give up after this "
                                                     "long (default 1h)."))),
    )),
    Resource(name="software", service="aws.software", model=SoftwareAssociation,
             help="License-included software (Office, Visio, Project) on image builders.",
             verbs=(
        Verb(name="list", method="list", prints=Prints.ITEMS,
             help="List the products associated with an image builder, by its ARN.",
             params=(_arg("builder_arn"),)),
        Verb(name="associate", method="associate", prints=Prints.DONE,
             help="Stage products for installation on an image builder.",
             params=(_arg("builder_id"), _arg("names", nargs=-1, required=True,
                                              metavar="NAME...")),
             extra=(("software", "names"),)),
        Verb(name="disassociate", method="disassociate", prints=Prints.DONE,
             help="Stage products for removal from an image builder.",
             params=(_arg("builder_id"), _arg("names", nargs=-1, required=True,
                                              metavar="NAME...")),
             extra=(("software", "names"),)),
        Verb(name="deploy", method="deploy", prints=Prints.DONE,
             help="Install and remove what is staged, on a RUNNING image builder.",
             params=(_arg("builder_id"),
                     click.option("--retry-failed", is_flag=True,
                                  help="Try failed deployments again."))),
    )),
    Resource(name="directories", service="aws.directories", model=DirectoryConfig,
             help="Directory configs: how fleets and image builders join an AD domain.",
             verbs=(
        _list("directory configs"),
        _get("directory config", "directory_name"),
        Verb(name="create", method="create",
             help="Configure a directory (its fully qualified name) for domain join.",
             params=(_arg("directory_name"),
                     units_option(update=False),
                     service_account_option(), certificate_auth_option())),
        Verb(name="update", method="update",
             help="Change the given fields of a directory config.",
             params=(_arg("directory_name"),
                     units_option(update=True),
                     service_account_option(), certificate_auth_option())),
        _action("delete", "directory_name", "Delete a directory config no fleet or image "
                "builder uses."),
    )),
)

#: public service methods that have no row, and why (a test holds every method to a row or
#: an entry here; a ``<method>_page`` twin is the ``--page-size``/``--cursor`` of its row)
NOT_COMMANDS: Mapping[str, str] = {
    "sessions.expire": "`sessions expire`, written by hand: the method takes a Session, the "
                       "command a session id",
}


def _run(group: Resource, verb: Verb, conn: Connection, values: dict[str, Any]) -> None:
    """Call the verb's method with the command's values and print what it says."""
    service = group.of(conn.cloud())
    method = getattr(service, verb.method)
    out = conn.out
    if verb.pages:
        page_size, cursor = values.pop("page_size"), values.pop("cursor")
        if page_size is not None or cursor is not None:
            page = getattr(service, f"{verb.method}_page")
            kind = (verb.model or group.model) if verb.prints is Prints.LISTING else str
            out.page(page(**values, page_size=page_size, cursor=cursor), kind)
            return
    if verb.prints in (Prints.LISTING, Prints.ITEMS):
        out.resources(method(**values), verb.model or group.model)
        return
    reveal = bool(values.pop("reveal", False))
    result = method(verb.build(**values)) if verb.build is not None else method(**values)
    if verb.prints is Prints.RESOURCE:
        out.resource(result)
    elif verb.prints is Prints.MAPPING:
        if out.is_json:
            out.json(result)
        else:
            out.mapping_table(("KEY", "VALUE"), sorted(result.items()))
    elif verb.prints is Prints.ACCESS:
        out.access(result, reveal=reveal)
    elif verb.prints is Prints.IDS:
        ids = list(result)
        if out.is_json:
            out.json(ids)
        else:
            for resource_id in ids:
                click.echo(resource_id)
    else:  # DONE: named by the command's first argument (none: the region it acted in)
        first = next((p for p in click.get_current_context().command.params
                      if isinstance(p, click.Argument)), None)
        shown = {**values, RESULT: result}
        named = values[str(first.name)] if first is not None else conn.cloud().region
        out.done(f"{group.name}.{verb.name}", named,
                 **{key: shown[name] for key, name in verb.extra})


def verb_command(group: Resource, verb: Verb) -> click.Command:
    """The click command of one row."""
    def command(conn: Connection, /, **values: Any) -> None:
        _run(group, verb, conn, values)

    decorated: Callable[..., Any] = pass_connection(command)
    extra: tuple[Parameter, ...] = (paging_options,) if verb.pages else ()
    for param in reversed((*verb.params, *extra, global_options())):
        decorated = param(decorated)
    return click.command(verb.name, help=verb.help)(decorated)


def resource_group(group: Resource, more: Mapping[str, click.Command] | None = None
                   ) -> click.Group:
    """``streamkit <group>`` with a command per row, then ``more`` (hand-written ones)."""
    commands = [verb_command(group, verb) for verb in group.verbs]
    commands += list((more or {}).values())
    return options_group(group.name, group.help, commands)


def options_group(name: str, help: str, commands: Sequence[click.Command] = ()) -> click.Group:
    """A group of commands that takes the global options too (``streamkit fleets -r R list``)."""
    def group() -> None:
        pass

    made = click.group(name, help=help, epilog=GLOBAL_EPILOG)(global_options()(group))
    for command in commands:
        made.add_command(command)
    return made


# A verb no row can say: the method takes a Session, the command a session id ---------------


@click.command("expire")
@click.argument("stack_id")
@click.argument("session_id")
@click.option("--fleet", "fleet_id", help="The session's fleet (speeds up the search).")
@click.option("--user", "user_id", help="The session's user (speeds up the search).")
@global_options()
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


#: hand-written verbs, by group, listed after the group's rows
MORE: Mapping[str, Mapping[str, click.Command]] = {"sessions": {"expire": sessions_expire}}


#: the command group of each extension namespace (``streamkit aws users list``)
NAMESPACE_HELP: Mapping[str, str] = {
    "aws": "AWS-only features (cloud.aws); fails on another provider.",
    "alibaba": "Alibaba-only features (cloud.alibaba); fails on another provider.",
}


def resource_groups() -> list[click.Group]:
    """Every resource group, in :data:`RESOURCES` order; an extension's groups inside their
    namespace's group."""
    groups: list[click.Group] = []
    namespaces: dict[str, click.Group] = {}
    for group in RESOURCES:
        made = resource_group(group, MORE.get(group.name))
        if group.namespace is None:
            groups.append(made)
            continue
        if group.namespace not in namespaces:
            namespaces[group.namespace] = options_group(group.namespace,
                                                        NAMESPACE_HELP[group.namespace])
            groups.append(namespaces[group.namespace])
        namespaces[group.namespace].add_command(made)
    return groups

