"""The operations the emulator implements, by their model names."""

from __future__ import annotations

from collections.abc import Mapping

from streamkit.testing.aws import (
    ops_builders,
    ops_fleets,
    ops_images,
    ops_sessions,
    ops_stacks,
    ops_tags,
    ops_users,
)
from streamkit.testing.aws.context import Handler

__all__ = ["OPERATIONS"]

OPERATIONS: Mapping[str, Handler] = {
    **ops_stacks.HANDLERS,
    **ops_fleets.HANDLERS,
    **ops_builders.HANDLERS,
    **ops_images.HANDLERS,
    **ops_sessions.HANDLERS,
    **ops_tags.HANDLERS,
    **ops_users.HANDLERS,
}
