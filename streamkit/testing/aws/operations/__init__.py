"""AppStream's simulated operations, one module per resource, registered on OPERATIONS."""

from streamkit.testing.aws.operations import (
    app_block_builders,
    app_blocks,
    applications,
    builders,
    directories,
    entitlements,
    fleets,
    image_exports,
    image_imports,
    images,
    sessions,
    software,
    stacks,
    tags,
    themes,
    usage_reports,
    users,
)
from streamkit.testing.aws.operations.call import OPERATIONS, Context

__all__ = ["OPERATIONS", "Context", "app_block_builders", "app_blocks", "applications",
           "builders", "directories", "entitlements", "fleets", "image_exports",
           "image_imports", "images", "sessions", "software", "stacks", "tags", "themes",
           "usage_reports", "users"]
