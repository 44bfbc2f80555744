"""The flags that make a :class:`~streamkit.FleetSpec`, shared by ``fleets create`` and
``deploy``, and ``--setting`` for a :class:`~streamkit.StackSettings`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import click

from streamkit.cli.options import seconds_option
from streamkit.models import DomainJoin, FleetType
from streamkit.specs import AlibabaFleetOptions, FleetSpec, UsageScaling
from streamkit.stack_settings import StackSettings, StorageConnector

__all__ = ["fleet_spec", "fleet_spec_options", "placement_options", "settings_option"]

_TRUE, _FALSE = ("true", "yes", "on", "enabled"), ("false", "no", "off", "disabled")


def _setting_value(field: str, kind: str, text: str) -> object:
    """One ``--setting`` value as the field's type (from its annotation)."""
    if kind.startswith("bool"):
        if text.lower() not in _TRUE + _FALSE:
            raise ValueError("true or false")
        return text.lower() in _TRUE
    if kind.startswith("int"):
        return int(text)
    if field == "resolution":
        width, _, height = text.partition("x")
        return (int(width), int(height))
    items = tuple(item for item in text.split(",") if item)
    if field == "storage_connectors":
        return tuple(StorageConnector(kind=item) for item in items)
    return items if kind.startswith("tuple") else text


def _settings(empty: StackSettings | None) -> Callable[..., StackSettings | None]:
    kinds = {f.name: str(f.type) for f in attrs.fields(StackSettings)}

    def parse(ctx: click.Context, param: click.Parameter, values: Sequence[str]
              ) -> StackSettings | None:
        given: dict[str, object] = {}
        for item in values:
            name, sep, text = item.partition("=")
            name = name.replace("-", "_")
            if not sep or name not in kinds:
                raise click.BadParameter(f"{item!r} is not NAME=VALUE with a StackSettings "
                                         f"field ({', '.join(kinds)})", ctx, param)
            try:
                given[name] = _setting_value(name, kinds[name], text)
            except ValueError as exc:
                raise click.BadParameter(f"{item!r}: {exc}", ctx, param) from None
        return StackSettings(**given) if given else empty  # type: ignore[arg-type]

    return parse


def settings_option(*, update: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--setting NAME=VALUE`` (repeatable) as the ``settings`` a StackSpec or an update takes:
    booleans true/false, lists comma-separated (empty: remove, on update), resolution WxH."""
    return click.option(
        "--setting", "settings", multiple=True, metavar="NAME=VALUE",
        callback=_settings(None if update else StackSettings()),
        help="A StackSettings field, e.g. file_upload=false, embed_host_domains=a.com,b.com "
             "(repeatable).")

_SUBSCRIPTION = re.compile(r"(\d{1,2})(Week|Month|Year)")


def _subscription(ctx: click.Context, param: click.Parameter, value: str | None
                  ) -> tuple[int, str] | None:
    """``1Year``, ``3Month``, ``1Week`` as (period, unit)."""
    if value is None:
        return None
    match = _SUBSCRIPTION.fullmatch(value)
    if match is None:
        raise click.BadParameter(f"{value!r} is not a period such as 1Year, 3Month or 1Week",
                                 ctx, param)
    return int(match[1]), match[2]


_FLEET_TYPES: Mapping[str, FleetType] = {
    "always-on": FleetType.ALWAYS_ON, "on-demand": FleetType.ON_DEMAND,
    "elastic": FleetType.ELASTIC,
}


def fleet_spec_options() -> tuple[Callable[[Callable[..., Any]], Callable[..., Any]], ...]:
    """The options :func:`fleet_spec` reads, in the order ``--help`` shows them."""
    return (
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
        seconds_option("--max-user-duration", help="Longest session (e.g. 8h)."),
        seconds_option("--disconnect-timeout",
                       help="How long a session survives a disconnect (e.g. 15m)."),
        seconds_option("--idle-disconnect-timeout",
                       help="Disconnect idle users after this long (0: never)."),
        click.option("--subnet", "subnet_ids", multiple=True, help="Subnet id (repeatable)."),
        click.option("--security-group", "security_group_ids", multiple=True,
                     help="Security group id (repeatable)."),
        click.option("--internet/--no-internet", "enable_internet_access", default=None,
                     help="Default internet access for the instances."),
        click.option("--subscription", callback=_subscription, metavar="PERIOD",
                     help="Alibaba: buy the group for a period (1Week; 1, 2, 3 or 6Month; "
                          "1, 2 or 3Year) instead of paying as you go."),
        click.option("--auto-renew", is_flag=True, default=False,
                     help="Alibaba: renew the --subscription when it ends."),
        *placement_options(),
        click.option("--desired-sessions", "desired_sessions", type=click.IntRange(min=0),
                     help="AWS multi-session fleets: desired sessions (default: "
                          "capacity x sessions per instance)."),
        click.option("--domain", "directory_name",
                     help="AWS: the Active Directory domain the instances join."),
        click.option("--ou", "organizational_unit",
                     help="AWS: the OU (distinguished name) for their computer accounts."),
        click.option("--office-site", "office_site_id",
                     help="Alibaba: the office network, e.g. cn-shanghai+dir-1234567890."),
    )


def placement_options() -> tuple[Callable[[Callable[..., Any]], Callable[..., Any]], ...]:
    """Options a fleet takes on create and update, named as FleetSpec's fields."""
    return (
        click.option("--sessions-per-instance", "max_sessions_per_instance",
                     type=click.IntRange(min=1),
                     help="Sessions one instance (Alibaba: node) serves at once."),
        click.option("--platform", help="AWS: the OS of an Elastic fleet, e.g. "
                                        "WINDOWS_SERVER_2019."),
        click.option("--iam-role", "iam_role_arn", help="AWS: the IAM role instances assume."),
        click.option("--session-script", help="AWS: the session scripts, s3://bucket/key."),
    )


def fleet_spec(*, name: str, tags: Mapping[str, str], instance_type: str, image_id: str,
               capacity: int | None, fleet_type: str | None, max_sessions: int | None,
               max_capacity: int | None, fleet_display_name: str | None,
               fleet_description: str | None, max_user_duration: int | None,
               disconnect_timeout: int | None, idle_disconnect_timeout: int | None,
               subnet_ids: tuple[str, ...], security_group_ids: tuple[str, ...],
               enable_internet_access: bool | None,
               subscription: tuple[int, str] | None = None, auto_renew: bool = False,
               max_sessions_per_instance: int | None = None, platform: str | None = None,
               iam_role_arn: str | None = None, session_script: str | None = None,
               desired_sessions: int | None = None, directory_name: str | None = None,
               organizational_unit: str | None = None, office_site_id: str | None = None
               ) -> FleetSpec:
    """A :class:`~streamkit.FleetSpec` from the :func:`fleet_spec_options` values."""
    fields: dict[str, Any] = {
        "name": name, "instance_type": instance_type, "image_id": image_id,
        "tags": dict(tags), "max_concurrent_sessions": max_sessions,
        "display_name": fleet_display_name, "description": fleet_description,
        "max_user_duration_seconds": max_user_duration,
        "disconnect_timeout_seconds": disconnect_timeout,
        "idle_disconnect_timeout_seconds": idle_disconnect_timeout,
        "subnet_ids": tuple(subnet_ids), "security_group_ids": tuple(security_group_ids),
        "enable_internet_access": enable_internet_access,
        "max_sessions_per_instance": max_sessions_per_instance, "platform": platform,
        "iam_role_arn": iam_role_arn, "session_script": session_script,
        "desired_sessions": desired_sessions, "office_site_id": office_site_id,
    }
    if directory_name is not None:
        fields["domain_join"] = DomainJoin(directory_name=directory_name,
                                           organizational_unit=organizational_unit)
    if fleet_type is not None:
        fields["fleet_type"] = _FLEET_TYPES[fleet_type]
    if capacity is not None:
        fields["desired_capacity"] = capacity
    elif fields.get("fleet_type") is FleetType.ELASTIC:
        fields["desired_capacity"] = None
    if max_capacity is not None:
        fields["scaling"] = UsageScaling(max_capacity=max_capacity)
    if subscription is not None or auto_renew:
        period, unit = subscription or (1, "Month")
        fields["alibaba"] = AlibabaFleetOptions(charge_type="PrePaid" if subscription else
                                                "PostPaid", period=period,
                                                period_unit=unit,  # type: ignore[arg-type]
                                                auto_renew=auto_renew)
    return FleetSpec(**fields)
