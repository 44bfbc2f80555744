"""The option types every command shares: durations, tags, ``-o`` and the paging pair."""

from __future__ import annotations

import logging
import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

import attrs
import click

from streamkit.cli.connection import Connection

__all__ = [
    "GLOBAL_EPILOG",
    "GLOBAL_OPTIONS",
    "duration_option",
    "global_options",
    "paging_options",
    "parse_duration",
    "progress_option",
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
        return _finite(text, float(value))
    match = _DURATION.fullmatch(value)
    if not value or match is None:
        raise ValueError(f"{text!r} is not a duration like 20m, 90s, 1h or 600")
    hours, minutes, seconds = (float(match.group(k) or 0) for k in "hms")
    return _finite(text, hours * 3600 + minutes * 60 + seconds)


def _finite(text: str, seconds: float) -> float:
    # 400 nines parse to inf, which no whole number of seconds holds
    if not math.isfinite(seconds):
        raise ValueError(f"{text[:20]!r}... is too long a duration")
    return seconds


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


def _query(text: str) -> object:
    """A compiled JMESPath expression (jmespath comes with botocore; the cli extra names it)."""
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.compile(text)
    except JMESPathError as exc:
        raise ValueError(f"{text!r} is not a JMESPath expression: "
                         f"{' '.join(str(exc).split())}") from None


@attrs.frozen(kw_only=True)
class GlobalOption:
    """An option every command takes, before or after its subcommand; its value goes to the
    :class:`Connection` attribute ``field`` (a subcommand's value overrides its group's)."""

    names: tuple[str, ...]
    field: str
    help: str
    envvar: str | None = None
    shown: bool = False  # listed in each subcommand's --help (all show in `streamkit --help`)
    kwargs: Mapping[str, Any] = attrs.field(factory=dict)


#: the options of every command, in the order ``streamkit --help`` lists them
GLOBAL_OPTIONS: tuple[GlobalOption, ...] = (
    GlobalOption(names=("-p", "--provider"), field="provider", envvar="STREAMKIT_PROVIDER",
                 help="The cloud.", kwargs={"type": click.Choice(["aws", "alibaba"])}),
    GlobalOption(names=("-r", "--region"), field="region", envvar="STREAMKIT_REGION",
                 help="e.g. us-east-1 or cn-shanghai (default: the --profile's region)."),
    GlobalOption(names=("--profile",), field="profile",
                 help="AWS: a profile of ~/.aws/config; Alibaba: a profile of the Alibaba "
                      "CLI's ~/.aliyun/config.json."),
    GlobalOption(names=("--endpoint",), field="endpoint", envvar="STREAMKIT_ENDPOINT",
                 help="AWS: an endpoint URL (http://127.0.0.1:4566); Alibaba: host[:port]."),
    GlobalOption(names=("--emulator",), field="emulator", envvar="STREAMKIT_EMULATOR",
                 help="Talk to a `streamkit emulator` at this address, with its credentials "
                      "and default regions.", kwargs={"metavar": "HOST:PORT"}),
    GlobalOption(names=("--max-attempts",), field="max_attempts",
                 help="Requests per call, retries included (1: no retry).  [default: 5]",
                 kwargs={"type": click.IntRange(1, 100)}),
    GlobalOption(names=("-o", "--output"), field="output", envvar="STREAMKIT_OUTPUT",
                 shown=True, help="Print a table (for people) or JSON (for scripts).",
                 kwargs={"type": click.Choice(["table", "json"])}),
    GlobalOption(names=("--query",), field="query", shown=True,
                 help="A JMESPath expression applied to the JSON output (implies -o json), "
                      "e.g. '[].id'.", kwargs={"metavar": "JMESPATH"}),
    GlobalOption(names=("--debug",), field="debug",
                 help="Log every call to stderr and show tracebacks.",
                 kwargs={"is_flag": True, "default": None}),
)


#: the end of each group's --help: the hidden global options are there too
GLOBAL_EPILOG = ("The global options (-p, -r, --profile, --endpoint, --emulator, --max-attempts, "
                 "--debug) work here and after any verb too: see `streamkit --help`.")


def _debug_logging() -> None:
    logger = logging.getLogger("streamkit")
    logger.setLevel(logging.DEBUG)
    for handler in logger.handlers:
        if getattr(handler, "_streamkit_cli", False):
            # this run's stderr (an earlier run in the same process may have had another)
            cast("logging.StreamHandler[Any]", handler).setStream(sys.stderr)
            return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler._streamkit_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def _setter(option: GlobalOption) -> Callable[[click.Context, click.Parameter, Any], None]:
    def store(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value is None:  # not given here: the group's value (or the default) stands
            return
        if option.field == "query":
            try:
                value = _query(value)
            except ValueError as exc:
                raise click.BadParameter(str(exc), ctx, param) from None
        setattr(ctx.ensure_object(Connection), option.field, value)
        if option.field == "debug" and value:
            _debug_logging()

    return store


def global_options(*, root: bool = False, without: Sequence[str] = ()
                   ) -> Callable[[F], F]:
    """Every :data:`GLOBAL_OPTIONS` entry (but the fields in ``without``) on a command.

    The root reads the environment variables; subcommands hide the options from their
    ``--help`` (bar ``-o`` and ``--query``) and take them all the same.
    """
    def decorate(f: F) -> F:
        for option in reversed(GLOBAL_OPTIONS):
            if option.field in without:
                continue
            f = click.option(*option.names, option.field, expose_value=False,
                             callback=_setter(option), help=option.help,
                             hidden=not (root or option.shown),
                             envvar=option.envvar if root else None, show_envvar=root,
                             **option.kwargs)(f)
        return f

    return decorate


def progress_option(f: F) -> F:
    """``--progress/--no-progress`` (``-q``) of a long operation, as ``progress``."""
    return click.option("--progress/--no-progress", " /-q", "progress", default=None,
                        help="Show progress on stderr (default: only when stderr is a "
                             "terminal).")(f)


def paging_options(f: F) -> F:
    """``--page-size`` and ``--cursor``: one page of a listing instead of all of it."""
    f = click.option("--cursor", help="Continue a listing from a next_cursor.")(f)
    return click.option("--page-size", type=click.IntRange(min=1),
                        help="Print one page ({items, next_cursor}) instead of all.")(f)
