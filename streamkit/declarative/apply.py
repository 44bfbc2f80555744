"""``cloud.apply``: carry a plan's actions out, in order, with the waits, through the public
operations a user would call.

``apply`` plans from the live state first, so it is idempotent (nothing to do: no write call)
and resumable: after an interrupt or a failure, applying again plans from where the cloud is.
It never adopts a resource that does not bear the deployment's mark.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from streamkit.declarative.plan import Action, Plan, make_plan
from streamkit.declarative.spec import MARK_TAG, DesiredDeployment, DesiredState
from streamkit.errors import NotFound, PlanBlocked, ValidationError
from streamkit.models import FleetState
from streamkit.providers.base import Adapter
from streamkit.specs import DeploymentSpec
from streamkit.stack_settings import StackSettings
from streamkit.teardown import Remains, Teardown

if TYPE_CHECKING:
    from streamkit.client import ProgressHook, StreamingCloud

__all__ = ["ApplyReport", "run_apply"]

_RUNS = (FleetState.STARTING, FleetState.RUNNING)


@attrs.frozen(kw_only=True)
class ApplyReport:
    """What ``apply`` did.

    Args:
        plan: The plan it carried out (made from the live state when it started).
        done: The actions carried out, in order (all of the plan's when it returns).
    """

    plan: Plan
    done: tuple[Action, ...]

    @property
    def changed(self) -> bool:
        """False when the cloud matched the desired state already (no write call was made)."""
        return bool(self.done)

    def __str__(self) -> str:
        if not self.done:
            return "No changes: the cloud matches the desired state; nothing was sent."
        return f"Applied {len(self.done)} action(s) to state {self.plan.state.name}."


def run_apply(cloud: StreamingCloud, adapter: Adapter, target: DesiredState | Plan, *,
              prune: bool, timeout: float | None, on_progress: ProgressHook | None,
              on_action: Callable[[Action], None] | None,
              teardown: Callable[[], Teardown]) -> ApplyReport:
    """Plan ``target`` (or check that its plan still holds) and carry the plan out."""
    if on_action is not None and not callable(on_action):
        raise ValidationError("on_action", "must be a function of one Action", on_action)
    if isinstance(target, Plan):
        plan = make_plan(cloud, adapter, target.state, prune=target.prune)
        if plan.actions != target.actions or plan.problems != target.problems:
            raise PlanBlocked("the cloud changed since this plan was made: plan again",
                              problems=plan.problems)
    else:
        plan = make_plan(cloud, adapter, target, prune=prune)
    if plan.problems:
        shown = "; ".join(f"[{p.deployment}] {p.field + ': ' if p.field else ''}{p.reason}"
                          for p in plan.problems)
        raise PlanBlocked(f"nothing was changed: {shown}", problems=plan.problems)
    steps = _Steps(cloud, plan.state, timeout, on_progress, teardown)
    done: list[Action] = []
    for action in plan.actions:
        if on_action is not None:
            on_action(action)
        steps.run(action)
        done.append(action)
    if plan.starting:  # an earlier apply started them and was cut off: see them run
        cloud.wait_until_fleets_running(plan.starting, timeout=timeout, on_progress=on_progress)
    return ApplyReport(plan=plan, done=tuple(done))


class _Steps:
    """Each kind of action as public operations and waits."""

    def __init__(self, cloud: StreamingCloud, state: DesiredState, timeout: float | None,
                 on_progress: ProgressHook | None, teardown: Callable[[], Teardown]) -> None:
        self.cloud, self.state = cloud, state
        self.timeout, self.on_progress, self.teardown = timeout, on_progress, teardown
        self.desired = {d.name: d for d in state.deployments}
        #: deployment -> (stack id, fleet id) of what this apply made
        self.made: dict[str, tuple[str, str]] = {}

    def run(self, action: Action) -> None:
        getattr(self, "_" + action.kind.name.lower())(action, self.desired.get(action.deployment))

    # ids and waits --------------------------------------------------------------------------

    def _ids(self, d: DesiredDeployment) -> tuple[str, str]:
        """(stack id, fleet id) of what this apply made, else the names (ids on AWS)."""
        return self.made.get(d.name, (d.stack.name, d.fleet.name))

    def _fleet_id(self, action: Action, d: DesiredDeployment) -> str:
        return action.resource_id or self._ids(d)[1]

    def _running(self, fleet_id: str) -> None:
        self.cloud.wait_until_fleet_running(fleet_id, timeout=self.timeout,
                                            on_progress=self.on_progress)

    def _marked(self, d: DesiredDeployment) -> DeploymentSpec:
        mark = {MARK_TAG: self.state.mark(d)}
        return DeploymentSpec(stack=attrs.evolve(d.stack, tags={**d.stack.tags, **mark}),
                              fleet=attrs.evolve(d.fleet, tags={**d.fleet.tags, **mark}))

    @staticmethod
    def _values(action: Action) -> dict[str, Any]:
        return {c.field.split(".", 1)[1]: c.after for c in action.changes}

    # the actions ----------------------------------------------------------------------------

    def _create(self, action: Action, d: DesiredDeployment) -> None:
        spec = self._marked(d)
        if action.resource == "deployment":
            made = self.cloud.deploy(spec)
            self.made[d.name] = (made.stack.id, made.fleet.id)
            self._running(made.fleet.id)
        elif action.resource == "stack":
            self.cloud.stacks.create(spec.stack)
        else:
            self.cloud.fleets.create(spec.fleet)

    def _replace(self, action: Action, d: DesiredDeployment) -> None:
        assert action.resource_id is not None
        if action.resource == "deployment":
            self.cloud.undeploy(action.resource_id, timeout=self.timeout,
                                on_progress=self.on_progress)
            self._create(action, d)
            return
        fleet_id, stack_id = action.resource_id, d.stack.name
        cloud = self.cloud
        fleet = cloud.fleets.get(fleet_id)
        if fleet.state in _RUNS:
            cloud.fleets.stop(fleet_id)
        if fleet.state is not FleetState.STOPPED:
            cloud.wait_until_fleet_stopped(fleet_id, timeout=self.timeout,
                                           on_progress=self.on_progress)
        if fleet_id in set(cloud.stacks.list_fleets(stack_id)):
            cloud.stacks.disassociate_fleet(stack_id, fleet_id)
        cloud.fleets.delete(fleet_id)
        cloud.wait_until_fleet_deleted(fleet_id, timeout=self.timeout,
                                       on_progress=self.on_progress)
        cloud.fleets.create(self._marked(d).fleet)
        cloud.stacks.associate_fleet(stack_id, fleet_id)
        cloud.fleets.start(fleet_id)
        self._running(fleet_id)

    def _stop_update_start(self, action: Action, d: DesiredDeployment) -> None:
        fleet_id = self._fleet_id(action, d)
        cloud = self.cloud
        if cloud.fleets.get(fleet_id).state in _RUNS:
            cloud.fleets.stop(fleet_id)
        cloud.wait_until_fleet_stopped(fleet_id, timeout=self.timeout,
                                       on_progress=self.on_progress)
        values = self._values(action)
        capacity = values.pop("desired_capacity", None)
        cloud.fleets.update(fleet_id, **values)
        if capacity is not None:
            cloud.fleets.scale(fleet_id, capacity)
        cloud.fleets.start(fleet_id)
        self._running(fleet_id)

    def _update(self, action: Action, d: DesiredDeployment) -> None:
        values = self._values(action)
        if action.resource == "stack":
            settings = {k.split(".", 1)[1]: values.pop(k) for k in list(values)
                        if k.startswith("settings.")}
            self.cloud.stacks.update(action.resource_id or self._ids(d)[0],
                                     settings=StackSettings(**settings) if settings else None,
                                     **values)
        else:
            self._fleet_change(action, d, lambda fid: self.cloud.fleets.update(fid, **values))

    def _rotate_image(self, action: Action, d: DesiredDeployment) -> None:
        image_id = self._values(action)["image_id"]
        self._fleet_change(action, d, lambda fid: self.cloud.fleets.update(fid,
                                                                           image_id=image_id))

    def _scale(self, action: Action, d: DesiredDeployment) -> None:
        desired = self._values(action)["desired_capacity"]
        self._fleet_change(action, d, lambda fid: self.cloud.fleets.scale(fid, desired))

    def _fleet_change(self, action: Action, d: DesiredDeployment,
                      change: Callable[[str], object]) -> None:
        fleet_id = self._fleet_id(action, d)
        change(fleet_id)
        if action.resource == "deployment":  # the group maintains: the next change waits
            self._running(fleet_id)

    def _tag(self, action: Action, d: DesiredDeployment) -> None:
        on_stack = action.resource in ("stack", "deployment")
        service = self.cloud.stacks if on_stack else self.cloud.fleets
        resource_id = action.resource_id or self._ids(d)[0 if on_stack else 1]
        put = {c.field.rsplit(".", 1)[1]: c.after for c in action.changes if c.after is not None}
        gone = [c.field.rsplit(".", 1)[1] for c in action.changes if c.after is None]
        if put:
            service.tag(resource_id, put)
        if gone:
            service.untag(resource_id, gone)

    def _associate(self, action: Action, d: DesiredDeployment) -> None:
        self.cloud.stacks.associate_fleet(d.stack.name, d.fleet.name)

    def _start(self, action: Action, d: DesiredDeployment) -> None:
        fleet_id = d.fleet.name
        if self.cloud.fleets.get(fleet_id).state not in _RUNS:
            self.cloud.fleets.start(fleet_id)
        self._running(fleet_id)

    def _users(self, action: Action, d: DesiredDeployment) -> None:
        stack_id = action.resource_id or self._ids(d)[0]
        (change,) = action.changes
        held, wanted = set(change.before), set(change.after)
        if wanted - held:
            self.cloud.stacks.authorize_users(stack_id, sorted(wanted - held))
        if held - wanted:
            self.cloud.stacks.unauthorize_users(stack_id, sorted(held - wanted))

    def _delete(self, action: Action, _d: DesiredDeployment | None) -> None:
        assert action.resource_id is not None
        remains = Remains(stack_id=action.resource_id,
                          fleets={str(c.before): "EXISTS" for c in action.changes})
        with contextlib.suppress(NotFound):  # gone since the plan
            self.teardown().run(remains)
