"""``cloud.alibaba.tenant``: the administrator account's settings (ListTenantConfig,
ModifyTenantConfig)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from streamkit.extensions import ExtensionContext
from streamkit.operations import Applied, Operation, no_params
from streamkit.providers.alibaba.translate import nothing
from streamkit.retry import CallKind
from streamkit.validation import check_bool

__all__ = ["OPERATIONS", "Tenant", "TenantConfig"]


@attrs.frozen(kw_only=True)
class TenantConfig:
    """The account's settings.

    Args:
        expiry_reminder: Whether the account is reminded before subscriptions expire
            (``AppInstanceGroupExpireRemind``); None when the cloud does not say.
        multi_session: How sessions may share a node (``MultiSessionSupportType``).
        multi_session_regions: The regions where they may.
    """

    expiry_reminder: bool | None = None
    multi_session: str | None = None
    multi_session_regions: tuple[str, ...] = ()
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


def config(body: Mapping[str, Any], _region: str) -> TenantConfig:
    model = body.get("TenantConfigModel") or {}
    remind = model.get("AppInstanceGroupExpireRemind")
    support = model.get("MultiSessionSupportType")
    return TenantConfig(
        expiry_reminder=remind if isinstance(remind, bool) else None,
        multi_session=support if isinstance(support, str) and support else None,
        multi_session_regions=tuple(str(r) for r in model.get("MultiSessionSupportedRegions")
                                    or ()),
        raw=model)


def modify_request(expiry_reminder: bool) -> dict[str, Any]:
    return {"AppInstanceGroupExpireRemind": expiry_reminder}


_GET: Operation[TenantConfig] = Operation(
    name="ListTenantConfig", request=no_params, answer=config, used_by=("alibaba.tenant.get",))


def _no_args(*_: object) -> tuple[()]:
    return ()


def _switched(found: TenantConfig, expiry_reminder: bool) -> bool:
    return found.expiry_reminder == expiry_reminder


# after a lost answer, the settings read back tell whether the switch took
_MODIFY: Operation[None] = Operation(
    name="ModifyTenantConfig", request=modify_request, answer=nothing, kind=CallKind.WRITE,
    applied=Applied(read=_GET, args=_no_args, done=_switched),
    used_by=("alibaba.tenant.update",))

OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (_GET, _MODIFY)}


class Tenant:
    """The administrator account's settings."""

    def __init__(self, context: ExtensionContext) -> None:
        self._calls = context.calls

    def get(self) -> TenantConfig:
        """The account's settings."""
        return self._calls.run(_GET)

    def update(self, *, expiry_reminder: bool) -> TenantConfig:
        """Switch the subscription expiry reminder on or off; the settings after."""
        self._calls.run(_MODIFY, check_bool("expiry_reminder", expiry_reminder))
        return self._calls.run(_GET)

    def __repr__(self) -> str:
        return "streamkit.alibaba.Tenant()"
