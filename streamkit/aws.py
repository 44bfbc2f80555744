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
from streamkit.providers.aws.extensions.directories import (
    CertificateAuth,
    CertificateAuthStatus,
    Directories,
    DirectoryConfig,
    ServiceAccount,
)
from streamkit.providers.aws.extensions.entitlements import (
    AppVisibility,
    Entitlement,
    EntitlementAttribute,
    Entitlements,
)
from streamkit.providers.aws.extensions.image_exports import (
    ExportState,
    ImageExport,
    ImageExports,
)
from streamkit.providers.aws.extensions.shapes import S3Location
from streamkit.providers.aws.extensions.software import (
    Software,
    SoftwareAssociation,
    SoftwareStatus,
)
from streamkit.providers.aws.extensions.themes import FooterLink, StackTheme, Themes, ThemeStyling
from streamkit.providers.aws.extensions.usage_reports import (
    UsageReports,
    UsageReportSchedule,
    UsageReportSubscription,
)
from streamkit.providers.aws.extensions.users import User, Users, UserStatus

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
    "CertificateAuth",
    "CertificateAuthStatus",
    "Directories",
    "DirectoryConfig",
    "ElasticApplication",
    "Entitlement",
    "EntitlementAttribute",
    "Entitlements",
    "ExportState",
    "FooterLink",
    "ImageExport",
    "ImageExports",
    "PackagingType",
    "S3Location",
    "ScriptDetails",
    "ServiceAccount",
    "Software",
    "SoftwareAssociation",
    "SoftwareStatus",
    "StackTheme",
    "ThemeStyling",
    "Themes",
    "UsageReportSchedule",
    "UsageReportSubscription",
    "UsageReports",
    "User",
    "UserStatus",
    "Users",
]
