"""The simulated actions, one module per resource, registered on OPERATIONS by their
``x-acs-action`` names."""

from streamkit.testing.alibaba.operations import (
    billing,
    browsers,
    catalog,
    groups,
    images,
    ota,
    policies,
    sessions,
    tags,
    tenant,
    workstations,
)
from streamkit.testing.alibaba.operations.call import OPERATIONS, AlibabaCall, Body

__all__ = ["OPERATIONS", "AlibabaCall", "Body", "billing", "browsers", "catalog", "groups",
           "images", "ota", "policies", "sessions", "tags", "tenant", "workstations"]
