"""What the ``streamkit`` command reports: JSON documents, tables, wait progress, exit codes.

JSON output is the neutral model as plain data, stable enough for ``jq``: one object per
resource with the model's field names (``raw`` left out), enums as their values, datetimes as
ISO-8601 in UTC, secrets as ``"********"`` unless revealed on purpose. Tables are
for people. Errors become one line on stderr and an :class:`ExitCode` scripts can branch on.
"""

from __future__ import annotations

import enum
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from decimal import Decimal
from types import TracebackType
from typing import Any, cast

import attrs
import click
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from streamkit.alibaba import OtaTask
from streamkit.aws import (
    AppBlock,
    AppBlockBuilder,
    AppBlockBuilderAssociation,
    ApplicationFleetAssociation,
    ElasticApplication,
    Entitlement,
)
from streamkit.errors import (
    NotFound,
    PermissionDenied,
    PlanBlocked,
    ProviderError,
    ServiceUnavailable,
    StreamkitError,
    Throttled,
    UnsupportedOperation,
    ValidationError,
    WaiterFailed,
    WaiterTimeout,
)
from streamkit.models import (
    FastLaunchImage,
    Fleet,
    Image,
    ImageBuilder,
    ImagePermission,
    InstanceType,
    Page,
    Region,
    Secret,
    Session,
    SessionBinding,
    Stack,
    StreamingAccess,
    UserGroup,
)
from streamkit.providers.alibaba.extensions.workstations import Workstation
from streamkit.providers.aws.extensions.directories import DirectoryConfig
from streamkit.providers.aws.extensions.image_exports import ImageExport
from streamkit.providers.aws.extensions.software import SoftwareAssociation
from streamkit.providers.aws.extensions.users import User
from streamkit.waiting import Observation

__all__ = [
    "REDACTED",
    "Activity",
    "CommandError",
    "ExitCode",
    "Output",
    "WaitProgress",
    "document",
    "exit_code_for",
    "failure_line",
]

REDACTED = "********"


class ExitCode(enum.IntEnum):
    """The command's exit status, one per kind of outcome (documented in ``--help``)."""

    OK = 0
    ERROR = 1
    BAD_INPUT = 2
    NOT_FOUND = 3
    UNSUPPORTED = 4
    TIMEOUT = 5
    FAILED = 6
    UNAVAILABLE = 7
    PROVIDER_ERROR = 8
    PERMISSION_DENIED = 9


EXIT_MEANINGS: Mapping[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.ERROR: "unexpected error (run again with --debug for the traceback)",
    ExitCode.BAD_INPUT: "bad input: a usage error, or a value refused before any call",
    ExitCode.NOT_FOUND: "not found: the resource does not exist",
    ExitCode.UNSUPPORTED: "unsupported: the provider has no such operation (see the hint)",
    ExitCode.TIMEOUT: "timed out: a wait gave up",
    ExitCode.FAILED: "failed: a wait saw a failure state (its errors are printed)",
    ExitCode.UNAVAILABLE: "throttled or unavailable after retries: try again later",
    ExitCode.PROVIDER_ERROR: "any other refusal by the cloud (conflict, quota...)",
    ExitCode.PERMISSION_DENIED: "permission denied: no credentials, wrong ones, or not allowed",
}


class CommandError(Exception):
    """A failure the command finds itself (not streamkit), with the exit code it ends with."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.code = code


#: exception class -> exit code; the first match in this order wins
EXIT_CODES: tuple[tuple[type[BaseException], ExitCode], ...] = (
    (ValidationError, ExitCode.BAD_INPUT),
    (UnsupportedOperation, ExitCode.UNSUPPORTED),
    (PlanBlocked, ExitCode.UNSUPPORTED),
    (NotFound, ExitCode.NOT_FOUND),
    (Throttled, ExitCode.UNAVAILABLE),
    (ServiceUnavailable, ExitCode.UNAVAILABLE),
    (PermissionDenied, ExitCode.PERMISSION_DENIED),
    (ProviderError, ExitCode.PROVIDER_ERROR),
    (WaiterTimeout, ExitCode.TIMEOUT),
    (WaiterFailed, ExitCode.FAILED),
)

#: what else ends a command with a code, beside the exceptions of EXIT_CODES
EXIT_CAUSES: Mapping[ExitCode, str] = {
    ExitCode.ERROR: "any other exception",
    ExitCode.BAD_INPUT: "a usage error",
}

_LABELS: Mapping[ExitCode, str] = {
    ExitCode.BAD_INPUT: "bad input",
    ExitCode.NOT_FOUND: "not found",
    ExitCode.UNSUPPORTED: "unsupported",
    ExitCode.TIMEOUT: "timed out",
    ExitCode.FAILED: "failed",
    ExitCode.UNAVAILABLE: "unavailable",
    ExitCode.PROVIDER_ERROR: "error",
    ExitCode.PERMISSION_DENIED: "permission denied",
    ExitCode.ERROR: "unexpected error",
}


def exit_code_for(exc: BaseException) -> ExitCode:
    """The exit code for an exception that ended a command."""
    if isinstance(exc, CommandError):
        return exc.code
    for cls, code in EXIT_CODES:
        if isinstance(exc, cls):
            return code
    return ExitCode.ERROR


def failure_line(exc: BaseException) -> str:
    """The one line printed on stderr for an exception (secrets are never in messages)."""
    code = exit_code_for(exc)
    label = _LABELS[code]
    if isinstance(exc, Throttled):
        label = "throttled"
    known = isinstance(exc, (StreamkitError, CommandError))
    text = str(exc) if known else f"{type(exc).__name__}: {exc}"
    if code is ExitCode.ERROR:
        text += " (run again with --debug for the traceback)"
    return " ".join(f"streamkit: {label}: {text}".split())


# JSON documents -----------------------------------------------------------------------------


def _iso(value: datetime) -> str:
    """ISO-8601 in UTC; a naive datetime is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc).isoformat()
    return value.astimezone(timezone.utc).isoformat()


def document(value: object, *, reveal: bool = False) -> Any:
    """``value`` as JSON-ready data: attrs classes as objects (without ``raw``), enums as
    their values, datetimes as ISO-8601, tuples as lists, secrets redacted unless ``reveal``."""
    if isinstance(value, Secret):
        return value.reveal() if reveal else REDACTED
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, Decimal):  # money: exact, as the cloud wrote it
        return str(value)
    if attrs.has(type(value)):
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(value)))
        return {field.name: document(getattr(value, field.name), reveal=reveal)
                for field in fields if field.name != "raw"}
    if isinstance(value, (list, tuple)):
        return [document(item, reveal=reveal) for item in value]
    if isinstance(value, Mapping):
        return {str(k): document(v, reveal=reveal) for k, v in value.items()}
    return value


# Tables -------------------------------------------------------------------------------------

_STATE_STYLES = {
    "RUNNING": "green", "AVAILABLE": "green", "ACTIVE": "green", "CONNECTED": "green",
    "ENABLED": "green", "ENABLING": "yellow", "DISABLING": "yellow",
    "STARTING": "yellow", "PENDING": "yellow", "UPDATING": "yellow", "COPYING": "yellow",
    "SNAPSHOTTING": "yellow", "REBOOTING": "yellow", "STOPPING": "yellow",
    "FAILED": "red", "DELETING": "red", "EXPIRED": "dim", "STOPPED": "dim",
}

Column = tuple[str, Callable[[Any], object]]


def _capacity(fleet: Fleet) -> str:
    c = fleet.capacity
    return f"{c.running}/{c.desired} running, {c.in_use} in use"


#: the columns ``list`` shows, by resource type
COLUMNS: Mapping[type, tuple[Column, ...]] = {
    Stack: (("ID", lambda s: s.id), ("NAME", lambda s: s.name),
            ("DISPLAY NAME", lambda s: s.display_name), ("CREATED", lambda s: s.created_at)),
    Fleet: (("ID", lambda f: f.id), ("NAME", lambda f: f.name), ("STATE", lambda f: f.state),
            ("TYPE", lambda f: f.fleet_type), ("INSTANCE TYPE", lambda f: f.instance_type),
            ("CAPACITY", _capacity), ("IMAGE", lambda f: f.image_id)),
    Image: (("ID", lambda i: i.id), ("NAME", lambda i: i.name), ("STATE", lambda i: i.state),
            ("PLATFORM", lambda i: i.platform), ("VISIBILITY", lambda i: i.visibility),
            ("CREATED", lambda i: i.created_at)),
    ImageBuilder: (("ID", lambda b: b.id), ("NAME", lambda b: b.name),
                   ("STATE", lambda b: b.state), ("INSTANCE TYPE", lambda b: b.instance_type),
                   ("IMAGE", lambda b: b.image_id)),
    FastLaunchImage: (("IMAGE", lambda i: i.image_id), ("STATE", lambda i: i.state),
                      ("RESOURCE TYPE", lambda i: i.resource_type),
                      ("SNAPSHOTS", lambda i: i.snapshot_target_count),
                      ("PARALLEL LAUNCHES", lambda i: i.max_parallel_launches),
                      ("CHANGED", lambda i: i.state_changed_at)),
    ImagePermission: (("ACCOUNT", lambda p: p.account_id), ("FLEETS", lambda p: p.fleets),
                      ("BUILDERS", lambda p: p.builders)),
    Region: (("REGION", lambda r: r.id),),
    InstanceType: (("NAME", lambda t: t.name), ("FAMILY", lambda t: t.family),
                   ("VCPU", lambda t: t.cpu), ("MEMORY MIB", lambda t: t.memory_mib),
                   ("GPU", lambda t: t.gpu), ("GPU MEMORY MIB", lambda t: t.gpu_memory_mib),
                   ("SESSIONS", lambda t: t.max_sessions)),
    UserGroup: (("ID", lambda g: g.id), ("NAME", lambda g: g.name),
                ("STACK", lambda g: g.stack_id)),
    SessionBinding: (("USER", lambda b: b.user_id), ("STACK", lambda b: b.stack_id),
                     ("SESSION", lambda b: b.session_id), ("APP", lambda b: b.app_id),
                     ("REGION", lambda b: b.region)),
    OtaTask: (("ID", lambda t: t.id), ("VERSION", lambda t: t.version),
              ("STATE", lambda t: t.state), ("START", lambda t: t.start_time)),
    Workstation: (("ID", lambda w: w.id), ("NAME", lambda w: w.name),
                  ("STATE", lambda w: w.state), ("INSTANCE TYPE", lambda w: w.instance_type),
                  ("IMAGE", lambda w: w.image_id), ("PRIVATE IP", lambda w: w.private_ip),
                  ("CREATED", lambda w: w.created_at)),
    User: (("USER NAME", lambda u: u.user_name), ("ENABLED", lambda u: u.enabled),
           ("STATUS", lambda u: u.status), ("FIRST NAME", lambda u: u.first_name),
           ("LAST NAME", lambda u: u.last_name), ("CREATED", lambda u: u.created_at)),
    ImageExport: (("TASK", lambda e: e.task_id), ("STATE", lambda e: e.state),
                  ("AMI NAME", lambda e: e.ami_name), ("AMI", lambda e: e.ami_id),
                  ("CREATED", lambda e: e.created_at)),
    SoftwareAssociation: (("SOFTWARE", lambda a: a.name), ("STATUS", lambda a: a.status)),
    DirectoryConfig: (("DIRECTORY", lambda d: d.directory_name),
                      ("OUS", lambda d: ", ".join(d.organizational_units)),
                      ("CERTIFICATE AUTH", lambda d: d.certificate_auth and
                       d.certificate_auth.status),
                      ("CREATED", lambda d: d.created_at)),
    Session: (("ID", lambda s: s.id), ("USER", lambda s: s.user_id),
              ("STATE", lambda s: s.state), ("CONNECTION", lambda s: s.connection),
              ("STACK", lambda s: s.stack_id), ("FLEET", lambda s: s.fleet_id),
              ("STARTED", lambda s: s.started_at)),
    # cloud.aws areas
    AppBlock: (("ID", lambda b: b.id), ("STATE", lambda b: b.state),
               ("PACKAGING", lambda b: b.packaging_type), ("ARN", lambda b: b.arn)),
    ElasticApplication: (("ID", lambda a: a.id), ("DISPLAY NAME", lambda a: a.display_name),
                         ("PLATFORMS", lambda a: " ".join(a.platforms)),
                         ("APP BLOCK", lambda a: a.app_block_arn)),
    ApplicationFleetAssociation: (("FLEET", lambda a: a.fleet_id),
                                  ("APPLICATION", lambda a: a.application_arn)),
    AppBlockBuilder: (("ID", lambda b: b.id), ("STATE", lambda b: b.state),
                      ("INSTANCE TYPE", lambda b: b.instance_type),
                      ("PLATFORM", lambda b: b.platform)),
    AppBlockBuilderAssociation: (("BUILDER", lambda a: a.builder_id),
                                 ("APP BLOCK", lambda a: a.app_block_arn)),
    Entitlement: (("NAME", lambda e: e.name), ("STACK", lambda e: e.stack_id),
                  ("VISIBILITY", lambda e: e.app_visibility),
                  ("ATTRIBUTES", lambda e: " ".join(f"{a.name}={a.value}"
                                                    for a in e.attributes))),
}


def _cell(value: object) -> Text:
    if value is None:
        return Text("-", style="dim")
    if isinstance(value, enum.Enum):
        return Text(str(value.value), style=_STATE_STYLES.get(str(value.value), ""))
    if isinstance(value, datetime):
        return Text(_iso(value))
    return Text(str(value))


def _flatten(doc: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, str]]:
    for key, value in doc.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{name}.")
        elif isinstance(value, list):
            items = [", ".join(f"{v}" for v in item.values()) if isinstance(item, Mapping)
                     else str(item) for item in value]
            yield name, "\n".join(items) if items else "-"
        else:
            yield name, "-" if value is None else str(value)


def _text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


class Output:
    """Prints results as ``table`` (for people) or ``json`` (for scripts) on stdout."""

    def __init__(self, fmt: str, query: Any = None) -> None:
        self.format = fmt
        self.query = query  # a compiled JMESPath expression, applied to every JSON document

    @property
    def is_json(self) -> bool:
        return self.format == "json"

    @staticmethod
    def console(*, stderr: bool = False) -> Console:
        """A rich console; wide when not a terminal, so piped tables are not cut."""
        console = Console(stderr=stderr, highlight=False, soft_wrap=False)
        if not console.is_terminal:
            console = Console(stderr=stderr, highlight=False, width=200)
        return console

    def json(self, data: Any) -> None:
        """Print a JSON document (what ``--query`` selects of it, if given)."""
        if self.query is not None:
            data = self.query.search(data)
        click.echo(json.dumps(data, indent=2))

    def resource(self, value: object, *, reveal: bool = False) -> None:
        """One resource: a JSON object, or a two-column table of its fields."""
        doc = document(value, reveal=reveal)
        if self.is_json:
            self.json(doc)
            return
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for name, text in _flatten(doc):
            style = _STATE_STYLES.get(text, "") if name.endswith(("state", "connection")) else ""
            table.add_row(Text(name), Text(text, style=style))
        self.console().print(table)

    def resources(self, items: Iterable[Any], kind: type) -> None:
        """A listing: a JSON array, or a table with the kind's columns."""
        if self.is_json:
            self.json([document(item) for item in items])
            return
        self.console().print(self._table(items, kind))

    def page(self, page: Page[Any], kind: type) -> None:
        """One page: ``{"items": [...], "next_cursor": ...}``, or a table and the cursor."""
        if self.is_json:
            self.json(document(page))
            return
        if kind is str:  # a page of ids: one a line
            for item in page.items:
                click.echo(item)
        else:
            self.console().print(self._table(page.items, kind))
        if page.next_cursor:
            click.echo(f"next cursor: {page.next_cursor}", err=True)

    def regional(self, listings: Mapping[str, Iterable[Any]], kind: type) -> None:
        """Listings by region: one table with a REGION column first."""
        rows = ((region, item) for region, items in listings.items() for item in items)
        self.console().print(self._table(rows, kind, prefix=(("REGION", lambda r: r),)))

    def _table(self, items: Iterable[Any], kind: type, prefix: tuple[Column, ...] = ()
               ) -> Table:
        """A table of ``items`` (with ``prefix``: ``(key, item)`` pairs, the key's columns
        first)."""
        columns = COLUMNS[kind]
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for title, _ in (*prefix, *columns):
            table.add_column(title, no_wrap=title in ("ID", "REGION"))
        for item in items:
            key, value = item if prefix else (None, item)
            table.add_row(*(_cell(get(key)) for _, get in prefix),
                          *(_cell(get(value)) for _, get in columns))
        return table

    def done(self, action: str, resource_id: str, **extra: Any) -> None:
        """The outcome of an action that returns nothing: ``{"action", "id", ...}``."""
        if self.is_json:
            self.json({"action": action, "id": resource_id, **document(extra)})
            return
        details = "".join(f", {k} {_text(v)}" for k, v in document(extra).items())
        click.echo(f"{action}: {resource_id}{details}")

    def access(self, access: StreamingAccess, *, reveal: bool) -> None:
        """Streaming access; the URL or ticket only with ``reveal``."""
        self.resource(access, reveal=reveal)
        if not reveal and not self.is_json:
            click.echo("the secret is hidden: add --reveal to print it", err=True)

    def mapping_table(self, title: tuple[str, str], rows: Iterable[tuple[str, str]]) -> None:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column(title[0], no_wrap=True)
        table.add_column(title[1])
        for left, right in rows:
            table.add_row(Text(left), Text(right))
        self.console().print(table)


# Progress -----------------------------------------------------------------------------------


def _display(show: bool | None) -> tuple[Console, bool, bool]:
    """stderr's console, whether to draw a live display, whether to print a line per change.

    ``show`` is ``--progress`` (True), ``--no-progress`` (False) or neither (None): then
    progress shows only when stderr is a terminal, so pipes and logs stay quiet.
    """
    console = Output.console(stderr=True)
    if show is False:
        return console, False, False
    if console.is_terminal:
        return console, True, False
    return console, False, bool(show)


class Activity:
    """A long operation shown on stderr while it runs (``deploy``, ``inventory``): a spinner,
    and a count when it has several parts, on a terminal; with ``--progress`` elsewhere, a line
    per part done; otherwise nothing. Parts may finish on other threads."""

    def __init__(self, what: str, total: int | None = None, *, show: bool | None = None) -> None:
        self._what = what
        self._total = total
        self._console, live, self._lines = _display(show)
        self._progress: Progress | None = None
        if live:
            columns = [SpinnerColumn(), TextColumn("{task.description}")]
            if total is not None:
                columns += [BarColumn(), MofNCompleteColumn()]
            self._progress = Progress(*columns, TimeElapsedColumn(), console=self._console,
                                      redirect_stdout=False, redirect_stderr=False)
        self._task: TaskID | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> Activity:
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task(self._what, total=self._total)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def step(self, part: str) -> None:
        """One part is done (e.g. one region read)."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, description=f"{self._what}: {part}")
        elif self._lines:
            with self._lock:
                self._console.print(Text(f"{self._what}: {part}"))


class WaitProgress:
    """Shows a wait as it goes, on stderr: on a terminal, a live line with a spinner, the
    state, the capacity bar of a fleet and the time elapsed; with ``--progress`` elsewhere
    (logs, CI), one line per change of state; otherwise (a pipe) nothing."""

    def __init__(self, what: str, resource_id: str, *, show: bool | None = None) -> None:
        self._what = what
        self._id = resource_id  # the id, or the ids of a wait for many
        self._console, self._live, self._lines = _display(show)
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._last: dict[str, str] = {}  # resource id -> the last state shown

    def __enter__(self) -> WaitProgress:
        if self._live:
            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                MofNCompleteColumn(), TimeElapsedColumn(), console=self._console,
                redirect_stdout=False, redirect_stderr=False)  # stdout stays the result's
            self._progress.start()
            self._task = self._progress.add_task(f"{self._what} {self._id}", total=None)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, observation: Observation[Any]) -> None:
        capacity = getattr(observation.resource, "capacity", None)
        line = f"{self._what} {observation.resource_id}: {observation.state_name}"
        if self._progress is not None and self._task is not None:
            self._progress.update(
                self._task, description=line,
                total=capacity.desired if capacity is not None else None,
                completed=capacity.running if capacity is not None else 0)
            return
        if not self._lines or observation.state_name == self._last.get(observation.resource_id):
            return
        self._last[observation.resource_id] = observation.state_name
        running = (f", {capacity.running}/{capacity.desired} running"
                   if capacity is not None else "")
        self._console.print(Text(f"{line} after {observation.elapsed:.0f}s "
                                 f"(poll {observation.attempt}){running}"))
