"""``cloud.plan``: the live state against the desired one, field by field, as actions.

A :class:`Plan` lists, per deployment and in the order ``apply`` runs them, the actions that
make the cloud match the spec, each with the changes it makes, why it is needed and whether it
interrupts sessions; and the :class:`Problem` s that stop ``apply`` before any call (a change
the provider cannot make, a resource of the spec's name this state cannot prove it owns).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from streamkit.declarative.live import Live, LiveDeployment, read_live
from streamkit.declarative.rules import (
    FLEET_RULES,
    REFUSALS,
    STACK_RULES,
    How,
    SettingsSupport,
    settings_support,
    unmanaged,
)
from streamkit.declarative.spec import MARK_TAG, DesiredDeployment, DesiredState
from streamkit.errors import ValidationError
from streamkit.models import Fleet, FleetState, Provider, Stack
from streamkit.providers.base import Adapter, Capability

if TYPE_CHECKING:
    from streamkit.client import StreamingCloud

__all__ = ["Action", "Change", "Plan", "Problem", "make_plan"]

_STOPPED = (FleetState.STOPPED, FleetState.STOPPING)
_STARTING = (FleetState.STARTING, FleetState.UPDATING)
#: actions that end waiting for their fleet to run
_WAITS = frozenset({How.START, How.REPLACE, How.STOP_UPDATE_START})
#: sessions end: the action takes the fleet (or the delivery group) away for a while
_DISRUPTIVE = frozenset({How.REPLACE, How.STOP_UPDATE_START, How.DELETE})
#: what an action needs from the provider, beside what the rules tables say
_NEEDS: Mapping[How, Capability] = {How.STOP_UPDATE_START: Capability.FLEET_START_STOP,
                                    How.USERS: Capability.STACK_USERS}
_SIGNS: Mapping[How, str] = {How.CREATE: "+", How.DELETE: "-", How.REPLACE: "-/+",
                             How.STOP_UPDATE_START: "~!"}


def _plain(value: Any) -> Any:
    """A value as JSON shows it."""
    if isinstance(value, enum.Enum):
        return value.value
    if attrs.has(type(value)):  # fields not set left out (StackSettings: None is "not set")
        return {k: _plain(v) for k, v in attrs.asdict(value, recurse=False).items()
                if v is not None}
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@attrs.frozen(kw_only=True)
class Change:
    """One field that differs: as the cloud has it (``before``) and as the spec wants it.

    Args:
        field: The spec's field (``fleet.desired_capacity``, ``stack.tags.team``, ``users``).
        before: The live value; None where there is none.
        after: The desired value; None where it goes away.
    """

    field: str
    before: Any
    after: Any


@attrs.frozen(kw_only=True)
class Action:
    """One step of a plan.

    Args:
        deployment: The deployment it belongs to.
        kind: ``create``, ``replace``, ``stop-update-start``, ``update``, ``rotate-image``,
            ``scale``, ``tag``, ``associate``, ``start``, ``users`` or ``delete``.
        resource: ``stack``, ``fleet``, or ``deployment`` (an Alibaba delivery group, both).
        name: The resource's name in the spec.
        resource_id: Its id in the cloud; None until it exists.
        changes: The fields it changes.
        why: Why it is needed (and, for a disruptive one, what it interrupts).
        disruptive: True when users' sessions end (the fleet stops or goes away).
    """

    deployment: str
    kind: How
    resource: str
    name: str
    resource_id: str | None
    changes: tuple[Change, ...] = ()
    why: str = ""
    disruptive: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The action as plain data (what ``-o json`` prints)."""
        return {"deployment": self.deployment, "action": self.kind.value,
                "resource": self.resource, "name": self.name, "id": self.resource_id,
                "changes": [{"field": c.field, "before": _plain(c.before),
                             "after": _plain(c.after)} for c in self.changes],
                "why": self.why, "disruptive": self.disruptive}


@attrs.frozen(kw_only=True)
class Problem:
    """What stops ``apply`` before any call.

    Args:
        deployment: The deployment concerned.
        field: The spec's field, or ``""`` for the deployment as a whole.
        reason: Why, and what to do instead.
    """

    deployment: str
    field: str
    reason: str


@attrs.frozen(kw_only=True)
class Plan:
    """What ``apply`` would do to make the cloud match ``state``. ``str(plan)`` is a
    readable diff; :meth:`as_dict` the same as data.

    Args:
        state: The desired state planned for.
        provider: The cloud planned on.
        region: The region planned in.
        actions: The steps, in the order ``apply`` runs them; empty: nothing to change.
        problems: What stops ``apply`` before any call; empty: it may run.
        prune: Whether deployments the state no longer lists are deleted.
        starting: Fleets found on their way to RUNNING that no action starts: ``apply``
            waits for them (reads only).
    """

    state: DesiredState = attrs.field(repr=False)
    provider: Provider
    region: str
    actions: tuple[Action, ...]
    problems: tuple[Problem, ...] = ()
    prune: bool = False
    starting: tuple[str, ...] = ()

    @property
    def changes(self) -> bool:
        """Whether applying it changes anything."""
        return bool(self.actions)

    @property
    def disruptive(self) -> tuple[Action, ...]:
        """The actions that end users' sessions."""
        return tuple(a for a in self.actions if a.disruptive)

    def as_dict(self) -> dict[str, Any]:
        """The plan as plain data (``streamkit plan -o json``)."""
        return {"state": self.state.name, "provider": self.provider.value,
                "region": self.region, "changes": self.changes, "prune": self.prune,
                "actions": [a.as_dict() for a in self.actions],
                "problems": [attrs.asdict(p) for p in self.problems]}

    def to_json(self) -> str:
        """:meth:`as_dict` as JSON text."""
        return json.dumps(self.as_dict(), indent=2, default=str)

    def __str__(self) -> str:
        lines = [f"state {self.state.name} on {self.provider.value} {self.region}"]
        for action in self.actions:
            sign = _SIGNS.get(action.kind, "~")
            where = f" ({action.resource_id})" if action.resource_id else ""
            lines.append(f"  {sign} {action.kind.value} {action.resource} {action.name}{where}"
                         f"  [{action.deployment}]")
            lines.append(f"      why: {action.why}")
            if action.disruptive:
                lines.append("      disruptive: users' sessions on this fleet end")
            lines += [f"      {c.field}: {_shown(c.before)} -> {_shown(c.after)}"
                      for c in action.changes]
        lines += [f"  . wait for fleet {fleet_id} to run (started before)"
                  for fleet_id in self.starting]
        lines += [f"  x cannot: [{p.deployment}] {p.field + ': ' if p.field else ''}{p.reason}"
                  for p in self.problems]
        if self.problems:
            lines.append(f"Blocked: {len(self.problems)} problem(s); apply would change "
                         "nothing.")
        elif not self.actions:
            lines.append("No changes: the cloud matches the desired state.")
        else:
            lines.append(f"Plan: {len(self.actions)} action(s), "
                         f"{len(self.disruptive)} disruptive.")
        return "\n".join(lines)


def _shown(value: Any) -> str:
    return "(none)" if value is None else json.dumps(_plain(value), default=str)


def make_plan(cloud: StreamingCloud, adapter: Adapter, state: DesiredState, *,
              prune: bool = False) -> Plan:
    """The plan for ``state`` on ``cloud`` (see :meth:`StreamingCloud.plan`)."""
    if not isinstance(state, DesiredState):
        raise ValidationError("desired", "must be a DesiredState (streamkit.load_desired)",
                              type(state).__name__)
    provider = adapter.provider
    problems = [Problem(deployment=d.name, field=field, reason=f"{provider.value}: {why}")
                for d in state.deployments
                for field, refused, why in REFUSALS[provider] if refused(d)]
    settings = settings_support(provider)
    problems += [Problem(deployment=d.name, field=f"stack.settings.{field}",
                         reason=f"{provider.value} stacks have no such setting")
                 for d in state.deployments for field in d.stack.settings.given()
                 if field not in settings.on_create]
    live = read_live(cloud, adapter, state, prune=prune)
    actions: list[Action] = []
    for desired in state.deployments:
        _Differ(adapter, settings, state, desired, live.deployments[desired.name], actions,
                problems).run()
    actions += _deletes(live)
    started = {a.resource_id for a in actions if a.kind in _WAITS}
    starting = tuple(f.id for f in (d.fleet for d in live.deployments.values())
                     if f is not None and f.state in _STARTING and f.id not in started)
    return Plan(state=state, provider=provider, region=adapter.region, actions=tuple(actions),
                problems=tuple(problems), prune=prune, starting=starting)


def _deletes(live: Live) -> list[Action]:
    return [Action(deployment=mark.partition("/")[2], kind=How.DELETE, resource="stack",
                   name=stack.name, resource_id=stack.id,
                   changes=tuple(Change(field="fleet", before=f.id, after=None) for f in fleets),
                   why=f"it bears {MARK_TAG}={mark}, a deployment the state no longer lists "
                       "(pruning)", disruptive=True)
            for mark, stack, fleets in live.dropped]


def _differs(before: Any, after: Any) -> bool:
    if after == () and before in (None, ()):  # an empty list and none are the same
        return False
    if isinstance(after, tuple) and isinstance(before, tuple):
        return sorted(map(repr, before)) != sorted(map(repr, after))  # order is no change
    return bool(before != after)


class _Differ:
    """The actions for one deployment."""

    def __init__(self, adapter: Adapter, settings: SettingsSupport, state: DesiredState,
                 desired: DesiredDeployment, live: LiveDeployment, actions: list[Action],
                 problems: list[Problem]) -> None:
        self.adapter, self.state, self.d, self.live = adapter, state, desired, live
        self.settings = settings
        self.actions, self.problems = actions, problems
        self.provider = adapter.provider
        self.native = Capability.NATIVE_DEPLOY in adapter.capabilities

    def add(self, kind: How, resource: str, name: str, resource_id: str | None,
            changes: Sequence[Change], why: str, *, disruptive: bool | None = None) -> None:
        needed = _NEEDS.get(kind)
        if needed is not None and needed not in self.adapter.capabilities:
            hint = self.adapter.hints.get(needed, "no portable alternative")
            fields = ", ".join(c.field for c in changes)
            self.problems.append(Problem(deployment=self.d.name, field=fields,
                                         reason=f"{self.provider.value} cannot {kind.value}: "
                                                f"{hint}"))
            return
        self.actions.append(Action(
            deployment=self.d.name, kind=kind, resource=resource, name=name,
            resource_id=resource_id, changes=tuple(changes), why=why,
            disruptive=kind in _DISRUPTIVE if disruptive is None else disruptive))

    def run(self) -> None:
        d, live = self.d, self.live
        if live.strangers:
            self.problems.append(Problem(
                deployment=d.name, field="",
                reason=f"{', '.join(live.strangers)} has the spec's name but not "
                       f"{MARK_TAG}={self.state.mark(d)}: apply never adopts a resource it "
                       "cannot prove is this deployment's (rename it in the spec, or tag it "
                       "to adopt it)"))
            return
        if self.native:
            self._group()
        else:
            self._stack()
            self._fleet()
        self._users()

    # what differs ---------------------------------------------------------------------------

    def _fields(self, resource: str, spec: Any, model: Any, rules: Mapping[str, Any]
                ) -> list[tuple[How, Change]]:
        found: list[tuple[How, Change]] = []
        fleet_type = getattr(spec, "fleet_type", None)
        for field, rule in rules.items():
            wanted = getattr(spec, field)
            if unmanaged(field, wanted, fleet_type):
                continue
            after, before = rule.desired(wanted), rule.live(model, wanted)
            if _differs(before, after):
                found.append((rule.how, Change(field=f"{resource}.{field}", before=before,
                                               after=after)))
        return found

    def _settings(self, stack: Stack) -> list[tuple[How, Change]]:
        """Stack settings, field by field: those the spec sets and the cloud reports."""
        wanted, held = self.d.stack.settings, stack.settings
        found: list[tuple[How, Change]] = []
        for field in wanted.given():
            after, before = getattr(wanted, field), getattr(held, field)
            if field not in self.settings.reported or not _differs(before, after):
                continue
            how = How.UPDATE if field in self.settings.on_update else How.REPLACE
            found.append((how, Change(field=f"stack.settings.{field}", before=before,
                                      after=after)))
        return found

    def _tags(self, resource: str, wanted: Mapping[str, str], held: Mapping[str, str]
              ) -> list[Change]:
        changes = [Change(field=f"{resource}.tags.{k}", before=held.get(k), after=v)
                   for k, v in sorted(wanted.items()) if held.get(k) != v]
        changes += [Change(field=f"{resource}.tags.{k}", before=v, after=None)
                    for k, v in sorted(held.items()) if k not in wanted]
        return changes

    def _created(self, resource: str, spec: Any) -> list[Change]:
        """A new resource's fields, as a diff from nothing."""
        return [Change(field=f"{resource}.{f.name}", before=None, after=value)
                for f in attrs.fields(type(spec))
                if (value := getattr(spec, f.name)) is not None
                and _plain(value) not in ([], {})]

    # AWS: a stack and a fleet, each its own resource ------------------------------------------

    def _stack(self) -> None:
        d, stack = self.d, self.live.stack
        if stack is None:
            self.add(How.CREATE, "stack", d.stack.name, None, self._created("stack", d.stack),
                     "no stack of this name exists")
            return
        changes = [c for _, c in self._fields("stack", d.stack, stack,
                                              STACK_RULES[self.provider])]
        changes += [c for _, c in self._settings(stack)]
        if changes:
            self.add(How.UPDATE, "stack", d.stack.name, stack.id, changes,
                     "the stack's fields differ; changed in place")
        tags = self._tags("stack", d.stack.tags, self.live.stack_tags)
        if tags:
            self.add(How.TAG, "stack", d.stack.name, stack.id, tags, "the stack's tags differ")

    def _fleet(self) -> None:
        d, fleet = self.d, self.live.fleet
        name = d.fleet.name
        if fleet is None:
            self.add(How.CREATE, "fleet", name, None, self._created("fleet", d.fleet),
                     "no fleet of this name exists")
            self.add(How.ASSOCIATE, "fleet", name, None, (), "the stack streams from it")
            self.add(How.START, "fleet", name, None, (), "a new fleet is STOPPED")
            return
        found = self._fields("fleet", d.fleet, fleet, FLEET_RULES[self.provider])
        by_how = self._unless_replaced("fleet", name, fleet.id, found, "an existing fleet")
        if by_how is None:
            return
        if How.STOP_UPDATE_START in by_how:
            self.add(How.STOP_UPDATE_START, "fleet", name, fleet.id, [c for _, c in found],
                     f"{_names(by_how[How.STOP_UPDATE_START])} change only while the fleet "
                     "is STOPPED: stop, update, start")
        else:
            self._in_place(fleet, by_how)
        tags = self._tags("fleet", d.fleet.tags, self.live.fleet_tags)
        if tags:
            self.add(How.TAG, "fleet", name, fleet.id, tags, "the fleet's tags differ")
        if not self.live.associated:
            self.add(How.ASSOCIATE, "fleet", name, fleet.id, (),
                     "the stack does not stream from the fleet")
        if fleet.state in _STOPPED and How.STOP_UPDATE_START not in by_how:
            self.add(How.START, "fleet", name, fleet.id,
                     [Change(field="fleet.state", before=fleet.state.value, after="RUNNING")],
                     f"the fleet is {fleet.state.value}; a deployment's fleet runs")

    def _unless_replaced(self, resource: str, name: str, resource_id: str,
                         found: Sequence[tuple[How, Change]], what: str
                         ) -> dict[How, list[Change]] | None:
        """The changes by action; None when one needs a new resource (planned here)."""
        by_how = {how: [c for h, c in found if h is how] for how, _ in found}
        if How.REPLACE not in by_how:
            return by_how
        self.add(How.REPLACE, resource, name, resource_id, [c for _, c in found],
                 f"{_names(by_how[How.REPLACE])} cannot change on {what}: it is deleted and "
                 "made again")
        return None

    def _in_place(self, fleet: Fleet, by_how: Mapping[How, list[Change]]) -> None:
        name, resource = self.d.fleet.name, "deployment" if self.native else "fleet"
        if How.UPDATE in by_how:
            self.add(How.UPDATE, resource, name, fleet.id, by_how[How.UPDATE],
                     "changed in place, sessions go on")
        if How.ROTATE_IMAGE in by_how:
            self.add(How.ROTATE_IMAGE, resource, name, fleet.id, by_how[How.ROTATE_IMAGE],
                     "a new image: new sessions start on it (AWS replaces instances as their "
                     "sessions end; Alibaba updates the group's nodes)")
        if How.SCALE in by_how:
            (change,) = by_how[How.SCALE]
            ending = int(change.after) < fleet.capacity.in_use
            self.add(How.SCALE, resource, name, fleet.id, [change],
                     "fewer instances than users streaming now: some sessions end" if ending
                     else "the desired capacity differs", disruptive=ending)

    # Alibaba: one delivery group is the stack and its fleet -----------------------------------

    def _group(self) -> None:
        d, stack, fleet = self.d, self.live.stack, self.live.fleet
        name = d.stack.name
        if stack is None or fleet is None:
            self.add(How.CREATE, "deployment", name, None,
                     self._created("stack", d.stack) + self._created("fleet", d.fleet),
                     f"no delivery group bears {MARK_TAG}={self.state.mark(d)}")
            return
        settings = self._settings(stack)
        found = settings + self._fields("fleet", d.fleet, fleet, FLEET_RULES[self.provider])
        by_how = self._unless_replaced("deployment", name, stack.id, found, "a delivery group")
        if by_how is None:
            return
        if settings:
            self.add(How.UPDATE, "stack", name, stack.id, [c for _, c in settings],
                     "the group's settings differ; changed in place")
            by_how = {how: [c for c in changes if not c.field.startswith("stack.")]
                      for how, changes in by_how.items()}
            by_how = {how: changes for how, changes in by_how.items() if changes}
        self._in_place(fleet, by_how)
        tags = self._tags("stack", {**d.stack.tags, **d.fleet.tags}, self.live.stack_tags)
        if tags:
            self.add(How.TAG, "deployment", name, stack.id, tags, "the group's tags differ")

    # users --------------------------------------------------------------------------------

    def _users(self) -> None:
        d = self.d
        if d.users is None:
            return
        replaced = any(a.deployment == d.name and a.kind in (How.CREATE, How.REPLACE)
                       and a.resource != "fleet" for a in self.actions)
        held = frozenset() if replaced or self.live.users is None else self.live.users
        wanted = frozenset(d.users)
        if held == wanted:
            return
        added, removed = sorted(wanted - held), sorted(held - wanted)
        why = "; ".join(part for part in (
            f"entitle {', '.join(added)}" if added else "",
            f"remove {', '.join(removed)}" if removed else "") if part)
        stack = self.live.stack
        self.add(How.USERS, "stack", d.stack.name, None if replaced or stack is None
                 else stack.id, [Change(field="users", before=sorted(held), after=sorted(wanted))],
                 why)


def _names(changes: Sequence[Change]) -> str:
    return ", ".join(c.field for c in changes)
