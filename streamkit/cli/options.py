"""The option types every command shares: durations, tags, ``-o`` and the paging pair."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from streamkit.cli.connection import Connection

__all__ = [
    "duration_option",
    "output_option",
    "paging_options",
    "parse_duration",
    "seconds_option",
    "tags_option",
]

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]

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


def _whole_seconds(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    seconds = _duration(ctx, param, value)
    return None if seconds is None else int(seconds)


def duration_option(*names: str, help: str) -> Callable[[F], F]:
    """An option that takes a duration (:func:`parse_duration`), as float seconds."""
    return click.option(*names, callback=_duration, metavar="DURATION", help=help)


def seconds_option(*names: str, help: str) -> Callable[[F], F]:
    """An option that takes a duration, as the whole seconds a library parameter takes."""
    return click.option(*names, callback=_whole_seconds, metavar="DURATION", help=help)


def _tags(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> dict[str, str]:
    tags: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", ctx, param)
        tags[key] = value
    return tags


def tags_option(help: str = "A tag (repeatable).") -> Callable[[F], F]:
    """``--tag KEY=VALUE``, repeatable, as a dict named ``tags``."""
    return click.option("--tag", "tags", multiple=True, callback=_tags, metavar="KEY=VALUE",
                        help=help)


def _set_output(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(Connection).output = value


def output_option(f: F) -> F:
    """``-o table|json`` on a command, overriding the global one."""
    return click.option("-o", "--output", type=click.Choice(["table", "json"]),
                        expose_value=False, callback=_set_output, is_eager=True,
                        help="Print a table (for people) or JSON (for scripts).")(f)


def paging_options(f: F) -> F:
    """``--page-size`` and ``--cursor``: one page of a listing instead of all of it."""
    f = click.option("--cursor", help="Continue a listing from a next_cursor.")(f)
    return click.option("--page-size", type=click.IntRange(min=1),
                        help="Print one page ({items, next_cursor}) instead of all.")(f)
