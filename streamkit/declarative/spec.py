"""The desired state: deployments as they should be, for ``cloud.plan`` and ``cloud.apply``."""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import Any

import attrs

from streamkit.errors import ValidationError
from streamkit.specs import FleetSpec, StackSpec
from streamkit.validation import check_name, check_user_id

__all__ = ["MARK_TAG", "DesiredDeployment", "DesiredState"]

#: the tag that marks a stack and a fleet as made by ``apply`` for one deployment of one
#: desired state (value ``<state>/<deployment>``): the only proof that lets ``apply`` change
#: or delete a resource; one of the same name without it is never adopted
MARK_TAG = "streamkit:deployment"
MAX_USERS = 1000


def _users(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValidationError("users", "must be a list of user ids", value)
    users = tuple(value)
    if len(users) > MAX_USERS:
        raise ValidationError("users", f"must hold at most {MAX_USERS} user ids", len(users))
    for i, user in enumerate(users):
        check_user_id(f"users[{i}]", user)
    if len(set(users)) != len(users):
        raise ValidationError("users", "must not name a user twice", users)
    return users


@attrs.frozen(kw_only=True)
class DesiredDeployment:
    """One deployment as it should be: a stack, the fleet that serves it (running), its users.

    Fields a spec leaves None are not managed: ``apply`` leaves them as they are. Capacity
    (``fleet.desired_capacity``, or ``fleet.scaling`` on Alibaba), the image
    (``fleet.image_id``), tags (``stack.tags``, ``fleet.tags``) and stack settings are on the
    specs; on Alibaba the stack and the fleet are one delivery group, named by the stack.

    Args:
        name: The deployment's name in its :class:`DesiredState` (default: the stack's name).
        stack: The stack (Alibaba: the delivery group).
        fleet: The fleet that serves it (Alibaba: the group's node pool).
        users: The users entitled to the stack, exactly; None leaves users unmanaged.
    """

    stack: StackSpec
    fleet: FleetSpec
    name: str = attrs.field(default=attrs.Factory(lambda self: self.stack.name,
                                                  takes_self=True))
    users: tuple[str, ...] | None = attrs.field(default=None, converter=_users)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.stack, StackSpec):
            raise ValidationError("stack", "must be a StackSpec", self.stack)
        if not isinstance(self.fleet, FleetSpec):
            raise ValidationError("fleet", "must be a FleetSpec", self.fleet)
        check_name("name", self.name)


def _deployments(value: Any) -> tuple[DesiredDeployment, ...]:
    if isinstance(value, DesiredDeployment):
        return (value,)
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValidationError("deployments", "must be a list of DesiredDeployment", value)
    return tuple(value)


@attrs.frozen(kw_only=True)
class DesiredState:
    """The deployments one spec file (or program) manages in one region.

    Each deployment's stack and fleet carry the tag :data:`MARK_TAG` = ``<name>/<deployment>``;
    ``apply(..., prune=True)`` deletes deployments bearing ``<name>/`` that the state no
    longer lists.

    Args:
        name: The state's name, unique among the states applied to one region.
        deployments: One or more deployments; names, stack names and fleet names unique.
    """

    name: str = attrs.field(validator=lambda _i, a, v: check_name(a.name, v))
    deployments: tuple[DesiredDeployment, ...] = attrs.field(converter=_deployments)

    def __attrs_post_init__(self) -> None:
        if not self.deployments:
            raise ValidationError("deployments", "must hold at least one deployment")
        for i, deployment in enumerate(self.deployments):
            if not isinstance(deployment, DesiredDeployment):
                raise ValidationError(f"deployments[{i}]", "must be a DesiredDeployment",
                                      deployment)
        for field in ("name", "stack.name", "fleet.name"):
            seen: set[str] = set()
            for i, deployment in enumerate(self.deployments):
                value = attrgetter(field)(deployment)
                if value in seen:
                    raise ValidationError(f"deployments[{i}].{field}", "is used by another "
                                          "deployment of this state", value)
                seen.add(value)

    def mark(self, deployment: DesiredDeployment) -> str:
        """The value of :data:`MARK_TAG` on the deployment's resources."""
        return f"{self.name}/{deployment.name}"
