"""``cloud.aws``: AppStream features Alibaba has no counterpart for (see
:mod:`streamkit.extensions` for the pattern; the public types are in :mod:`streamkit.aws`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streamkit.extensions import ExtensionContext
from streamkit.operations import Operation
from streamkit.providers.aws.extensions import (
    app_block_builders,
    app_blocks,
    applications,
    directories,
    entitlements,
    image_exports,
    software,
    themes,
    usage_reports,
    users,
)

#: every operation the areas declare, by name (the docs' coverage table reads it)
OPERATIONS: Mapping[str, Operation[Any]] = {
    **app_blocks.OPERATIONS, **applications.OPERATIONS, **app_block_builders.OPERATIONS,
    **entitlements.OPERATIONS, **users.OPERATIONS, **directories.OPERATIONS,
    **usage_reports.OPERATIONS, **themes.OPERATIONS, **image_exports.OPERATIONS,
    **software.OPERATIONS,
}

__all__ = ["OPERATIONS", "AwsExtension"]


class AwsExtension:
    """AWS-only features of a client connected with ``connect("aws", ...)``.

    Reach it as ``cloud.aws``; on another provider that attribute raises
    :class:`~streamkit.UnsupportedOperation`.
    """

    def __init__(self, context: ExtensionContext) -> None:
        self._context = context
        self.app_blocks = app_blocks.AppBlocks(context)
        self.applications = applications.Applications(context)
        self.app_block_builders = app_block_builders.AppBlockBuilders(context)
        self.entitlements = entitlements.Entitlements(context)
        self.users = users.Users(context)
        self.directories = directories.Directories(context)
        self.usage_reports = usage_reports.UsageReports(context)
        self.themes = themes.Themes(context)
        self.image_exports = image_exports.ImageExports(context)
        self.software = software.Software(context)

    def __repr__(self) -> str:
        return "streamkit.aws.AwsExtension()"
