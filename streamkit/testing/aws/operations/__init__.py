"""AppStream's simulated operations, one module per resource, registered on OPERATIONS."""

from streamkit.testing.aws.operations import (
    app_block_builders,
    app_blocks,
    applications,
    builders,
    entitlements,
    fleets,
    images,
    sessions,
    stacks,
    tags,
    users,
)
from streamkit.testing.aws.operations.call import OPERATIONS, Context

__all__ = ["OPERATIONS", "Context", "app_block_builders", "app_blocks", "applications",
           "builders", "entitlements", "fleets", "images", "sessions", "stacks", "tags", "users"]
