"""AWS-only features: the types ``cloud.aws`` works with (see :mod:`streamkit.extensions`)."""

from __future__ import annotations

from streamkit.providers.aws.extensions import AwsExtension
from streamkit.providers.aws.extensions.app_block_builders import (
    AppBlockBuilder,
    AppBlockBuilderAssociation,
    AppBlockBuilders,
    AppBlockBuilderState,
)
from streamkit.providers.aws.extensions.app_blocks import (
    AppBlock,
    AppBlocks,
    AppBlockState,
    PackagingType,
    ScriptDetails,
)
from streamkit.providers.aws.extensions.applications import (
    ApplicationFleetAssociation,
    Applications,
    ElasticApplication,
)
from streamkit.providers.aws.extensions.entitlements import (
    AppVisibility,
    Entitlement,
    EntitlementAttribute,
    Entitlements,
)
from streamkit.providers.aws.extensions.shapes import S3Location

__all__ = [
    "AppBlock",
    "AppBlockBuilder",
    "AppBlockBuilderAssociation",
    "AppBlockBuilderState",
    "AppBlockBuilders",
    "AppBlockState",
    "AppBlocks",
    "AppVisibility",
    "ApplicationFleetAssociation",
    "Applications",
    "AwsExtension",
    "ElasticApplication",
    "Entitlement",
    "EntitlementAttribute",
    "Entitlements",
    "PackagingType",
    "S3Location",
    "ScriptDetails",
]
