"""mkdocs hooks: the tables in these docs, rendered at build time from streamkit's own tables.

A page asks for a table with a line ``<!-- streamkit: NAME [ARGUMENT] -->``. Every table is
rendered from what the code declares: the providers' translation, error, capability and
operation tables, the waits of ``streamkit.waiting.WAITS``, the models' fields, the exit-code
tables and the click commands, never by reading source code. Change a table in the code and
the docs change with it; name an unknown table and the build fails.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from types import ModuleType
from typing import Any

import attrs
import click
from mkdocs.exceptions import PluginError

import streamkit
from streamkit import waiting
from streamkit.client import DEPLOY_STEPS
from streamkit.providers import PROVIDERS as REGISTRY
from streamkit.providers.alibaba.extensions import WAITS as ALIBABA_WAITS
from streamkit.providers.base import CAPABILITY_ALSO, CAPABILITY_OF, TAG_CAPABILITY, Capability

PLACEHOLDER = re.compile(r"^([ \t]*)<!-- streamkit: ([a-z-]+)(?: ([\w.-]+))? -->$",
                         re.MULTILINE)
PROVIDERS = tuple(p.value for p in REGISTRY)
TITLES = {p.value: info.title for p, info in REGISTRY.items()}


# Markdown ------------------------------------------------------------------------------------


def _code(text: object) -> str:
    return f"`{text}`"


def _cell(text: object) -> str:
    # a pipe splits cells, except inside a code span (where an escape would show)
    parts = str(text).replace("\n", " ").split("`")
    return "`".join(p if i % 2 else p.replace("|", "\\|") for i, p in enumerate(parts))


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _first_line(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.split("\n\n")[0].replace("\n", " ").strip()


# The providers' translation modules ----------------------------------------------------------


def _module(provider: str, name: str) -> ModuleType:
    return importlib.import_module(f"streamkit.providers.{provider}.{name}")


def _table_of(provider: str, module: str, name: str) -> Mapping[str, Any]:
    found: Mapping[str, Any] = getattr(_module(provider, module), name, {})
    return found


# States --------------------------------------------------------------------------------------


@attrs.frozen
class _StateTable:
    enum: type[enum.Enum]
    table: str  # the name of the dict in each provider's translate.py


STATE_TABLES: Mapping[str, _StateTable] = {
    "fleet": _StateTable(streamkit.FleetState, "FLEET_STATES"),
    "fleet-type": _StateTable(streamkit.FleetType, "FLEET_TYPES"),
    "image": _StateTable(streamkit.ImageState, "IMAGE_STATES"),
    "image-builder": _StateTable(streamkit.ImageBuilderState, "IMAGE_BUILDER_STATES"),
    "session": _StateTable(streamkit.SessionState, "SESSION_STATES"),
    "connection": _StateTable(streamkit.ConnectionState, "CONNECTION_STATES"),
    "fast-launch": _StateTable(streamkit.FastLaunchState, "FAST_LAUNCH_STATES"),
}


def _verdict(state: enum.Enum, spec: waiting.WaitSpec) -> str:
    if state in spec.success:
        return "success"
    if state in spec.failure:
        return "fails at once"
    if state in spec.grace:
        also = ", or at once if it reports errors" if state in spec.errors_fail_in else ""
        return f"tolerated for `grace` seconds, then fails{also}"
    if state in spec.errors_fail_in:
        return "fails if the resource reports errors, else keeps waiting"
    return "keeps waiting"


def states(kind: str | None) -> str:
    """Neutral state | each provider's values | what each wait on these states makes of it."""
    if kind is None or kind not in STATE_TABLES:
        raise PluginError(f"states: unknown table {kind!r}; known: {sorted(STATE_TABLES)}")
    spec = STATE_TABLES[kind]
    tables = {p: _table_of(p, "translate", spec.table) for p in PROVIDERS}
    providers = [p for p in PROVIDERS if tables[p]]
    waits = [w for w in waiting.WAITS if w.states is spec.enum]
    headers = [f"`{spec.enum.__name__}`", *(f"{TITLES[p]} value" for p in providers),
               *(_code(w.method) for w in waits)]
    rows = []
    for member in spec.enum:
        values = {p: [k for k, v in tables[p].items() if v is member] for p in providers}
        if member.name == "UNKNOWN":
            cells = ["any other value (kept in `raw_state`)"] * len(providers)
        else:
            cells = [", ".join(map(_code, values[p])) or "—" for p in providers]
        rows.append([_code(member.name), *cells, *(_verdict(member, w) for w in waits)])
    return table(headers, rows)


def reasons(provider: str | None) -> str:
    """The statuses whose fleets carry a reason (``Fleet.errors``), and what it says."""
    groups = _table_of(provider or "", "translate", "GROUP_FAILURES")
    resources = _table_of(provider or "", "translate", "RESOURCE_FAILURES")
    if not groups:
        raise PluginError(f"reasons: {provider!r} has no GROUP_FAILURES table")
    return "\n".join([
        table(["`Status` (the error's code)", "message"],
              [[_code(k), v] for k, v in groups.items()]),
        "", "and, after the message, what the `ResourceStatus` adds:", "",
        table(["`ResourceStatus`", "adds"], [[_code(k), v] for k, v in resources.items()])])


# Errors --------------------------------------------------------------------------------------


def _public_errors() -> list[type[streamkit.StreamkitError]]:
    found: list[type[streamkit.StreamkitError]] = []

    def walk(cls: type[streamkit.StreamkitError]) -> None:
        found.append(cls)
        for sub in cls.__subclasses__():
            if sub.__name__ in streamkit.__all__ and sub.__module__ == "streamkit.errors":
                walk(sub)

    walk(streamkit.StreamkitError)
    return found


def error_tree(_: str | None) -> str:
    """The exception hierarchy, each class with the first line of its docstring."""
    lines = []

    def depth(cls: type) -> int:
        return 0 if cls is streamkit.StreamkitError else 1 + depth(cls.__bases__[0])

    for cls in _public_errors():
        builtin = [b.__name__ for b in cls.__bases__ if b.__module__ == "builtins"
                   and b is not Exception]
        also = f" (also a `{builtin[0]}`)" if builtin else ""
        lines.append(f"{'    ' * depth(cls)}- `streamkit.{cls.__name__}`{also}: "
                     f"{_first_line(cls)}")
    return "\n".join(lines) + "\n"


def error_codes(provider: str | None) -> str:
    """streamkit class | the provider's codes that raise it."""
    if provider not in PROVIDERS:
        raise PluginError(f"error-codes: unknown provider {provider!r}")
    codes = _table_of(provider, "errors", "ERROR_CODES")
    rows = []
    for cls in _public_errors():
        mine = [code for code, c in codes.items() if c is cls]
        if mine:
            rows.append([f"`{cls.__name__}`", ", ".join(map(_code, mine))])
    unknown = "any other code: `ProviderError` itself, with the code kept in `.code`"
    rows.append(["`ProviderError`", unknown])
    out = table(["raises", f"{TITLES[provider]} error codes"], rows)
    families: Any = _table_of(provider, "errors", "FAMILIES")
    if families:
        out += "\nCodes not listed above are classified by their family, first match wins:\n\n"
        out += table(["code", "raises"],
                     [[f"{'starts with' if where == 'prefix' else 'ends with'} `{part}`",
                       f"`{cls.__name__}`"] for where, part, cls in families])
    statuses = _table_of(provider, "errors", "STATUS_CLASSES")
    if statuses:
        out += "\nWhen the answer names no code, the HTTP status decides:\n\n"
        out += table(["HTTP status", "raises"],
                     [[str(s), f"`{c.__name__}`"] for s, c in statuses.items()]
                     + [["5xx", "`ServiceUnavailable`"]])
    return out


# Capabilities and operations -----------------------------------------------------------------

#: the order of the operations table: by service, then as declared
_SERVICES = ("stacks", "fleets", "images", "image_builders", "sessions", "fast_launch", "deploy",
             "regions", "instance_types")
_TAG_VERBS = ("tags", "tag", "untag")


def _needs() -> dict[Capability, list[str]]:
    """Capability -> the public operations that need it, as ``providers/base.py`` declares."""
    needs: dict[Capability, list[str]] = {}
    pairs = [(capability, operation) for capability, operation in CAPABILITY_OF.values()]
    pairs += [(capability, f"{kind.value}s.{verb}") for kind, capability in TAG_CAPABILITY.items()
              for verb in _TAG_VERBS]
    pairs += [(capability, operation) for capability, operations in CAPABILITY_ALSO.items()
              for operation in operations]
    for capability, operation in pairs:
        name = operation if "." in operation or operation == "deploy" else f"*.{operation}"
        if name not in needs.setdefault(capability, []):
            needs[capability].append(name)
    return needs


def _provider_tables(name: str) -> dict[str, Any]:
    """Each provider's adapter table ``name`` (CAPABILITIES, HINTS), by provider."""
    return {p: _table_of(p, "adapter", name) for p in PROVIDERS}


def capabilities(_: str | None) -> str:
    """Capability | the operations that need it | yes, or no and the hint, per provider."""
    needs = _needs()
    has, hints = _provider_tables("CAPABILITIES"), _provider_tables("HINTS")
    rows = []
    for cap in Capability:
        row = [_code(f"Capability.{cap.name}"), ", ".join(map(_code, needs.get(cap, [])))]
        for p in PROVIDERS:
            hint = hints[p].get(cap)
            row.append("yes" if cap in has[p] else f"no: {hint}" if hint else "no")
        rows.append(row)
    return table(["capability", "needed by", *(TITLES[p] for p in PROVIDERS)], rows)


def _declared(provider: str) -> Mapping[str, Any]:
    """The provider's declared operations: the neutral API's, then its extension's."""
    extension = importlib.import_module(f"streamkit.providers.{provider}.extensions")
    return {**_module(provider, "operations").OPERATIONS, **extension.OPERATIONS}


def _api_operations(provider: str) -> list[str]:
    """Every operation of the provider's API, from its SDK."""
    if provider == "aws":
        import botocore.session

        model = botocore.session.get_session().get_service_model("appstream")
        return sorted(model.operation_names)
    return sorted(_module(provider, "wire").WIRE)


def _reaches(provider: str) -> Callable[[str], str]:
    """Operation name -> the streamkit methods that send it, else ``cloud.call``."""
    used_by: dict[str, list[str]] = {}
    for operation in _declared(provider).values():
        used_by.setdefault(operation.name, []).extend(operation.used_by)

    def cell(name: str) -> str:
        methods = dict.fromkeys(used_by.get(name, ()))
        return (", ".join(_code(f"cloud.{m}") for m in methods) if methods
                else f'`cloud.call("{name}", ...)`')

    return cell


def api_coverage(provider: str | None) -> str:
    """Every operation of one provider's API and the streamkit methods that send it."""
    if provider not in PROVIDERS:
        raise PluginError(f"api-coverage: unknown provider {provider!r}")
    reach = _reaches(provider)
    rows = [[_code(name), reach(name)] for name in _api_operations(provider)]
    return table([f"{TITLES[provider]} operation", "streamkit"], rows)


def api_index(_: str | None) -> str:
    """The Alibaba API's own index by category: what reaches each operation, and whether the
    emulator serves it (so tests drive it over the wire)."""
    from streamkit.providers.alibaba.api_index import API_INDEX
    from streamkit.testing.alibaba.operations import OPERATIONS as SERVED

    reach = _reaches("alibaba")
    rows = [[category, _code(name), reach(name), "yes" if name in SERVED else "no"]
            for category, names in API_INDEX.items() for name in names]
    return table(["category", "operation", "streamkit", "emulator"], rows)


def _calls(provider: str) -> dict[str, list[str]]:
    """Public operation -> the cloud operations it sends, from the provider's declared
    operations (each names the public operations it serves in ``used_by``)."""
    declared = _declared(provider)
    calls: dict[str, list[str]] = {}
    for operation in declared.values():
        for name in operation.used_by:
            calls.setdefault(name, []).append(operation.name)
    return calls


def operations(_: str | None) -> str:
    """Each public operation and the cloud calls it makes on each provider."""
    calls = {p: _calls(p) for p in PROVIDERS}
    has = _provider_tables("CAPABILITIES")
    capability_of = {name: cap for cap, names in _needs().items() for name in names}
    capability_of.pop("deploy")  # without a native deploy, cloud.deploy takes steps
    names = list(dict.fromkeys([*(n for c in calls.values() for n in c), *capability_of]))
    names = sorted((n for n in names if n.split(".")[0] in _SERVICES and "(" not in n),
                   key=lambda n: _SERVICES.index(n.split(".")[0]))

    def cell(provider: str, name: str) -> str:
        capability = capability_of.get(name)
        if capability is not None and capability not in has[provider]:
            return "— (unsupported)"
        if name == "deploy" and Capability.NATIVE_DEPLOY not in has[provider]:
            return " → ".join(cell(provider, step) for step in DEPLOY_STEPS)
        return ", ".join(calls[provider].get(name, [])) or "—"

    rows = [[_code(f"cloud.{name}"), *(cell(p, name) for p in PROVIDERS)] for name in names]
    return table(["streamkit", *(f"{TITLES[p]} API calls" for p in PROVIDERS)], rows)


def stack_settings(_: str | None) -> str:
    """Each StackSettings field and where it goes on each cloud (or that it cannot)."""
    aws = _table_of("aws", "translate", "STACK_SETTING_MEMBERS")
    alibaba = _table_of("alibaba", "operations", "SETTING_POLICIES")
    on_modify = _module("alibaba", "operations").SETTINGS_ON_MODIFY
    rows = []
    for field in attrs.fields(streamkit.StackSettings):
        name = field.name
        ali = alibaba.get(name)
        if ali is not None and name not in on_modify:
            ali += " (on create only)"
        cells = {"aws": aws.get(name), "alibaba": ali}
        rows.append([_code(name), *(cells[p] or "— (unsupported)" for p in PROVIDERS)])
    return table(["StackSettings field", *(TITLES[p] for p in PROVIDERS)], rows)


# Waiters and paging --------------------------------------------------------------------------


def _names(states: Iterable[enum.Enum]) -> str:
    ordered = sorted(states, key=lambda s: list(type(s).__members__.values()).index(s))
    return ", ".join(_code(s.name) for s in ordered) or "—"


def waiters(_: str | None) -> str:
    """Every wait of ``streamkit.waiting.WAITS`` and of the extensions: its methods and
    command, what ends it."""
    rows = []
    for spec in (*waiting.WAITS, *ALIBABA_WAITS):
        where = f"cloud.{spec.namespace}." if spec.namespace else "cloud."
        methods = " ".join(_code(where + m) for m in (spec.method, spec.batch_method) if m)
        success = "gone (NotFound)" if spec.gone_is_success else _names(spec.success)
        grace = (f"{_names(spec.grace)} ({spec.grace_seconds:g} s)" if spec.grace
                 else _names(spec.grace))
        rows.append([methods, _code(f"streamkit wait {spec.command}"), success,
                     _names(spec.failure), grace, _names(spec.errors_fail_in),
                     f"{spec.timeout / 60:g} min"])
    return table(["methods (one, many)", "command", "succeeds on", "fails on",
                  "tolerated for `grace`", "fails if errors are reported in",
                  "default timeout"], rows)


def page_sizes(_: str | None) -> str:
    limits = {p: _table_of(p, "adapter", "PAGE_LIMITS") for p in PROVIDERS}
    names = list(dict.fromkeys(n for p in PROVIDERS for n in limits[p]))
    return table(["listing", *(f"{TITLES[p]}: largest `page_size`" for p in PROVIDERS)],
                 [[_code(n), *(str(limits[p].get(n, "—")) for p in PROVIDERS)]
                  for n in names])


# The command line ----------------------------------------------------------------------------


def exit_codes(_: str | None) -> str:
    from streamkit.cli.output import EXIT_CAUSES, EXIT_CODES, EXIT_MEANINGS

    raised_by = {int(code): [cause] for code, cause in EXIT_CAUSES.items()}
    for cls, code in EXIT_CODES:
        raised_by.setdefault(int(code), []).append(f"`{cls.__name__}`")
    return table(["exit code", "meaning", "raised by"],
                 [[str(int(code)), meaning, ", ".join(raised_by.get(int(code), []))]
                  for code, meaning in EXIT_MEANINGS.items()])


def _walk(command: click.Command, ctx: click.Context) -> Iterable[tuple[click.Command,
                                                                      click.Context]]:
    yield command, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from _walk(sub, click.Context(sub, info_name=name, parent=ctx))


def cli_reference(_: str | None) -> str:
    """``--help`` of every command, as the command prints it."""
    from streamkit.cli import cli

    root = click.Context(cli, info_name="streamkit", terminal_width=100,
                         max_content_width=100)
    parts = []
    for command, ctx in _walk(cli, root):
        if ctx is root:
            continue
        level = "###" if ctx.parent is root else "####"
        parts.append(f"{level} `{ctx.command_path}`\n\n```text\n{command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


_JSON_SCALARS: Mapping[type, str] = {str: "string", int: "number", float: "number",
                                     bool: "boolean", datetime: "ISO-8601 string in UTC",
                                     streamkit.Secret: '`"********"` unless `--reveal`'}


def _json_form(kind: Any) -> str:
    """How :func:`streamkit.cli.output.document` writes a value of the declared type ``kind``."""
    args = [a for a in typing.get_args(kind) if a is not type(None) and a is not Ellipsis]
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        form = " or ".join(_json_form(a) for a in args)
        return f"{form} or null" if type(None) in typing.get_args(kind) else form
    if typing.get_origin(kind) is tuple:
        inner = args[0]
        return f"array of {inner.__name__} objects" if attrs.has(inner) else \
            f"array of {_json_form(inner)}"
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "one of " + ", ".join(_code(m.value) for m in kind)
    if isinstance(kind, type) and attrs.has(kind):
        return f"object ({kind.__name__})"
    if kind in _JSON_SCALARS:
        return _JSON_SCALARS[kind]
    raise PluginError(f"json-keys: no JSON form for {kind!r}")


def json_keys(model: str | None) -> str:
    """The keys of a resource's JSON object (the model's fields, without ``raw``)."""
    cls = getattr(streamkit, model or "", None)
    if cls is None or not attrs.has(cls):
        raise PluginError(f"json-keys: {model!r} is not a streamkit model")
    hints = typing.get_type_hints(cls)
    return table(["key", "value"], [[_code(f.name), _json_form(hints[f.name])]
                                    for f in attrs.fields(cls) if f.name != "raw"])


# The emulator --------------------------------------------------------------------------------


CONTROL_CLASSES = {
    "aws": "streamkit.testing.aws.controls.AwsControls",
    "alibaba": "streamkit.testing.alibaba.controls.AlibabaControls",
    "ec2": "streamkit.testing.ec2.controls.Ec2Controls",
}


def controls(cloud: str | None) -> str:
    """The ``/_streamkit/<cloud>/<route>`` routes: each one's payload and answer, from the
    docstring of the method the route registry names."""
    if cloud not in CONTROL_CLASSES:
        raise PluginError(f"controls: unknown cloud {cloud!r}")
    module_name, _, class_name = CONTROL_CLASSES[cloud].rpartition(".")
    routes = getattr(importlib.import_module(module_name), class_name).control_routes
    rows = []
    for route, method in routes.items():
        doc = inspect.getdoc(method)
        if not doc:
            raise PluginError(f"{class_name}: control {route!r} has no docstring")
        rows.append([_code(route), " ".join(doc.split()).replace("``", "`")])
    return table([f"`POST /_streamkit/{cloud}/…`", "JSON body → answer"], rows)


def timings(cloud: str | None) -> str:
    """The simulated durations (attrs fields and defaults)."""
    classes = {"aws": "streamkit.testing.aws.settings.AwsTimings",
               "alibaba": "streamkit.testing.alibaba.settings.AlibabaTimings",
               "ec2": "streamkit.testing.ec2.settings.Ec2Timings"}
    if cloud not in classes:
        raise PluginError(f"timings: unknown cloud {cloud!r}")
    module_name, _, class_name = classes[cloud].rpartition(".")
    cls = getattr(importlib.import_module(module_name), class_name)
    return table(["timing", "default (s)"],
                 [[_code(f.name), f"{f.default:g}"] for f in attrs.fields(cls)])


# The API reference ---------------------------------------------------------------------------

def reference(_: str | None) -> str:
    """``::: streamkit.X`` for every public name, grouped by the module that defines it."""
    groups: dict[str, list[str]] = {}
    for name in streamkit.__all__:
        module = getattr(getattr(streamkit, name), "__module__", "streamkit")
        groups.setdefault(module, []).append(name)
    parts = []
    for module, names in groups.items():
        title = _first_line(importlib.import_module(module)).rstrip(".")
        parts.append(f"## `{module}`\n\n{title}.\n")
        for name in names:
            parts.append(f"::: streamkit.{name}\n")
    return "\n".join(parts)


TABLES: Mapping[str, Callable[[str | None], str]] = {
    "states": states,
    "reasons": reasons,
    "error-tree": error_tree,
    "error-codes": error_codes,
    "capabilities": capabilities,
    "operations": operations,
    "stack-settings": stack_settings,
    "api-coverage": api_coverage,
    "api-index": api_index,
    "waiters": waiters,
    "page-sizes": page_sizes,
    "exit-codes": exit_codes,
    "cli-reference": cli_reference,
    "json-keys": json_keys,
    "controls": controls,
    "timings": timings,
    "reference": reference,
}


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    def render(match: re.Match[str]) -> str:
        indent, name, argument = match.groups()
        if name not in TABLES:
            raise PluginError(f"{page.file.src_path}: unknown table {name!r}; "
                              f"known: {sorted(TABLES)}")
        text = TABLES[name](argument)
        return "\n".join(indent + line if line else line for line in text.splitlines())

    return PLACEHOLDER.sub(render, markdown)


_ROLE = re.compile(r":(?:func|class|meth|attr|mod|data|exc|obj):<code>(~?)([^<]*)</code>")


def on_page_content(html: str, **kwargs: Any) -> str:
    """Docstrings use reST roles (``:class:`~streamkit.Fleet```): show them as code."""
    def code(match: re.Match[str]) -> str:
        short, target = match.groups()
        return f"<code>{target.rsplit('.', 1)[-1] if short else target}</code>"

    return _ROLE.sub(code, html)
