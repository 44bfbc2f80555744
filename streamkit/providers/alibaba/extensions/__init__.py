"""``cloud.alibaba``: App Streaming features AWS has no counterpart for (see
:mod:`streamkit.extensions` for the pattern; the public types are in :mod:`streamkit.alibaba`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streamkit.extensions import ExtensionContext
from streamkit.operations import Operation
from streamkit.providers.alibaba.extensions import billing, ota, policies, tenant
from streamkit.providers.alibaba.extensions.billing import Billing
from streamkit.providers.alibaba.extensions.ota import Ota
from streamkit.providers.alibaba.extensions.policies import Policies
from streamkit.providers.alibaba.extensions.tenant import Tenant

#: every operation the areas declare, by name (the docs' coverage table reads it)
OPERATIONS: Mapping[str, Operation[Any]] = {
    **billing.OPERATIONS, **policies.OPERATIONS, **tenant.OPERATIONS, **ota.OPERATIONS}

__all__ = ["OPERATIONS", "AlibabaExtension"]


class AlibabaExtension:
    """Alibaba-only features of a client connected with ``connect("alibaba", ...)``.

    Reach it as ``cloud.alibaba``; on another provider that attribute raises
    :class:`~streamkit.UnsupportedOperation`. Areas: ``billing`` (prices, renewals),
    ``policies`` (display policy), ``tenant`` (account settings), ``ota`` (updates).
    """

    def __init__(self, context: ExtensionContext) -> None:
        self._context = context
        self.billing = Billing(context)
        self.policies = Policies(context)
        self.tenant = Tenant(context)
        self.ota = Ota(context)

    def __repr__(self) -> str:
        return "streamkit.alibaba.AlibabaExtension()"
