"""The simulated actions, one module per resource, registered on OPERATIONS by their
``x-acs-action`` names."""

from streamkit.testing.alibaba.operations import catalog, groups, images, sessions, tags
from streamkit.testing.alibaba.operations.call import OPERATIONS, AlibabaCall, Body

__all__ = ["OPERATIONS", "AlibabaCall", "Body", "catalog", "groups", "images", "sessions",
           "tags"]
