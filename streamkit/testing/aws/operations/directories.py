"""Directory configs: CreateDirectoryConfig, DescribeDirectoryConfigs, UpdateDirectoryConfig
and DeleteDirectoryConfig.

The API reference's rules: a directory has one config per region (ResourceAlreadyExists);
the service account's password is never returned; a config a fleet or image builder joins
with (its ``DomainJoinInfo.DirectoryName``) cannot be deleted (ResourceInUse).
"""

from __future__ import annotations

from typing import Any

from streamkit.testing.aws.errors import ApiError, in_use, not_found
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_named,
    with_token,
)
from streamkit.testing.aws.protocol import check_members
from streamkit.testing.aws.resources import DirectoryConfig

__all__ = ["users_of"]

MAX_PAGE = 100
_MEMBERS = ("OrganizationalUnitDistinguishedNames", "ServiceAccountCredentials",
            "CertificateBasedAuthProperties")


def users_of(ctx: Context, name: str) -> list[str]:
    """The fleets and image builders that join the domain of directory config ``name``."""
    def joins(settings: dict[str, Any]) -> bool:
        info = settings.get("DomainJoinInfo")
        return isinstance(info, dict) and info.get("DirectoryName") == name

    return ([f"fleet {f.name}" for f in ctx.store.fleets if joins(f.settings)]
            + [f"image builder {b.name}" for b in ctx.store.builders if joins(b.settings)])


def _config(ctx: Context, name: str) -> DirectoryConfig:
    config = ctx.store.directories.get(name)
    if config is None:
        raise not_found("directory config", name)
    return config


def _apply(ctx: Context, config: DirectoryConfig) -> None:
    """The optional members of a create or an update, checked against the model."""
    params = ctx.params
    check_members(params.data, ctx.operation, _MEMBERS)
    units = params.strings("OrganizationalUnitDistinguishedNames")
    if units is not None:
        config.units = list(units)
    account = params.struct("ServiceAccountCredentials")
    if account is not None:
        config.account_name = account["AccountName"]
        config.account_password = account["AccountPassword"]
    cert = params.struct("CertificateBasedAuthProperties")
    if cert is not None:
        config.certificate_auth = cert


@OPERATIONS("CreateDirectoryConfig")
def create_directory_config(ctx: Context) -> Body:
    params = ctx.params
    name = params.required("DirectoryName")
    params.strings("OrganizationalUnitDistinguishedNames", required=True)
    if name in ctx.store.directories:
        raise ApiError("ResourceAlreadyExistsException",
                       f"The directory config '{name}' already exists.")
    config = DirectoryConfig(name=name, created=ctx.now, units=[])
    _apply(ctx, config)
    ctx.store.directories.add(name, (config.created, name), config)
    return {"DirectoryConfig": config.render()}


@OPERATIONS("DescribeDirectoryConfigs")
def describe_directory_configs(ctx: Context) -> Body:
    """Every config, or those ``DirectoryNames`` lists (each must exist), paged."""
    limit = ctx.params.integer("MaxResults", minimum=0)
    page, token = page_named(ctx, ctx.store.directories, lambda name: _config(ctx, name),
                             limit, MAX_PAGE, member="DirectoryNames")
    return with_token({"DirectoryConfigs": [c.render() for c in page]}, token)


@OPERATIONS("UpdateDirectoryConfig")
def update_directory_config(ctx: Context) -> Body:
    config = _config(ctx, ctx.params.required("DirectoryName"))
    _apply(ctx, config)
    return {"DirectoryConfig": config.render()}


@OPERATIONS("DeleteDirectoryConfig")
def delete_directory_config(ctx: Context) -> Body:
    config = _config(ctx, ctx.params.required("DirectoryName"))
    users = users_of(ctx, config.name)
    if users:
        raise in_use(f"The directory config '{config.name}' is in use by {', '.join(users)}.")
    ctx.store.directories.remove(config.name)
    return {}
