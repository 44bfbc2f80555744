"""The administrator account's settings: ListTenantConfig, ModifyTenantConfig."""

from __future__ import annotations

from streamkit.testing.alibaba.catalog import REGIONS
from streamkit.testing.alibaba.operations.call import OPERATIONS, AlibabaCall, Body

__all__ = ["list_tenant_config", "modify_tenant_config"]


@OPERATIONS("ListTenantConfig")
def list_tenant_config(call: AlibabaCall) -> Body:
    """ListTenantConfig: the expiry reminder switch and where sessions may share a node."""
    return {"TenantConfigModel": {
        "AppInstanceGroupExpireRemind": call.state.expiry_reminder,
        "MultiSessionSupportType": "MultiSession",
        "MultiSessionSupportedRegions": list(REGIONS),
    }}


@OPERATIONS("ModifyTenantConfig")
def modify_tenant_config(call: AlibabaCall) -> Body:
    """ModifyTenantConfig: switch the expiry reminder (left as it is when not given)."""
    remind = call.params.boolean("AppInstanceGroupExpireRemind")
    if remind is not None:
        call.state.expiry_reminder = remind
    return {}
