"""Alibaba-only features: the types ``cloud.alibaba`` works with (see
:mod:`streamkit.extensions`)."""

from __future__ import annotations

from streamkit.providers.alibaba.extensions import AlibabaExtension
from streamkit.providers.alibaba.extensions.billing import (
    Billing,
    Money,
    Period,
    Price,
    PriceRule,
    Promotion,
    Renewal,
)
from streamkit.providers.alibaba.extensions.browsers import (
    AllowedDomain,
    Bookmark,
    BrowserGroup,
    Browsers,
)
from streamkit.providers.alibaba.extensions.ota import Ota, OtaTask, OtaTaskState, OtaType
from streamkit.providers.alibaba.extensions.policies import Policies, VisualQuality
from streamkit.providers.alibaba.extensions.tenant import Tenant, TenantConfig
from streamkit.providers.alibaba.extensions.workstations import (
    Workstation,
    WorkstationDisk,
    WorkstationEip,
    WorkstationOrder,
    Workstations,
    WorkstationSpec,
    WorkstationState,
)

__all__ = [
    "AlibabaExtension",
    "AllowedDomain",
    "Billing",
    "Bookmark",
    "BrowserGroup",
    "Browsers",
    "Money",
    "Ota",
    "OtaTask",
    "OtaTaskState",
    "OtaType",
    "Period",
    "Policies",
    "Price",
    "PriceRule",
    "Promotion",
    "Renewal",
    "Tenant",
    "TenantConfig",
    "VisualQuality",
    "Workstation",
    "WorkstationDisk",
    "WorkstationEip",
    "WorkstationOrder",
    "WorkstationSpec",
    "WorkstationState",
    "Workstations",
]
