"""Stack operations and fleet-stack associations."""

from __future__ import annotations

import re
import secrets
from typing import Any

from streamkit.testing.aws.errors import ApiError, in_use, validation
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_index,
    page_named,
    with_token,
)
from streamkit.testing.aws.protocol import Params, check_members
from streamkit.testing.aws.resources import Stack, arn
from streamkit.testing.aws.state import OrderedIndex
from streamkit.testing.core.tokens import listing_id

__all__: list[str] = []

# Attributes the emulator stores; the others (theme, role, KMS key) are accepted and ignored.
_DELETES = {
    "STORAGE_CONNECTORS": "StorageConnectors", "REDIRECT_URL": "RedirectURL",
    "FEEDBACK_URL": "FeedbackURL", "USER_SETTINGS": "UserSettings",
    "EMBED_HOST_DOMAINS": "EmbedHostDomains", "ACCESS_ENDPOINTS": "AccessEndpoints",
    "STREAMING_EXPERIENCE_SETTINGS": "StreamingExperienceSettings",
    "CONTENT_REDIRECTION": "ContentRedirection", "AGENT_ACCESS_CONFIG": "AgentAccessConfig",
    "WEB_AUTHN_REDIRECTION": "WebAuthnRedirection",
    "STORAGE_CONNECTOR_AUTHENTICATION": "StorageConnectorAuthentication",
}
_CONNECTOR_DELETES = {"STORAGE_CONNECTOR_HOMEFOLDERS": "HOMEFOLDERS",
                      "STORAGE_CONNECTOR_GOOGLE_DRIVE": "GOOGLE_DRIVE",
                      "STORAGE_CONNECTOR_ONE_DRIVE": "ONE_DRIVE"}


_SETTINGS_MEMBERS = ("StorageConnectors", "UserSettings", "AccessEndpoints", "EmbedHostDomains",
                     "ApplicationSettings", "StreamingExperienceSettings")
# The model's EmbedHostDomain pattern (max 128 characters).
_EMBED_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                           r"[a-z0-9][a-z0-9-]{0,61}[a-z0-9]")


def _settings(ctx: Context, params: Params) -> dict[str, Any]:
    """The pass-through stack members present in the request, validated and in wire form."""
    check_members(params.data, ctx.operation, _SETTINGS_MEMBERS)
    out: dict[str, Any] = {}
    for member in ("RedirectURL", "FeedbackURL"):
        value = params.text(member, min_len=0, max_len=1000)
        if value is not None:
            out[member] = value
    for member, lo, hi in (("StorageConnectors", 0, None), ("UserSettings", 1, None),
                           ("AccessEndpoints", 1, 4)):
        items = params.raw_list(member)
        if items is not None:
            if len(items) < lo or (hi is not None and len(items) > hi):
                raise ApiError("ValidationException",
                               f"{member} must have between {lo} and {hi or 'any'} entries.")
            out[member] = items
    domains = params.strings("EmbedHostDomains", min_items=1, max_items=20)
    if domains is not None:
        for domain in domains:
            if not _EMBED_DOMAIN.fullmatch(domain):
                raise validation(f"1 validation error detected: Value '{domain}' at "
                                 "'embedHostDomains' failed to satisfy constraint: Member must "
                                 "satisfy the EmbedHostDomain pattern")
        out["EmbedHostDomains"] = domains
    for member in ("StreamingExperienceSettings", "ContentRedirection", "WebAuthnRedirection",
                   "AgentAccessConfig"):
        struct = params.struct(member)
        if struct is not None:
            out[member] = struct
    auth = params.text("StorageConnectorAuthentication")
    if auth is not None:
        out["StorageConnectorAuthentication"] = auth
    app = params.struct("ApplicationSettings")
    if app is not None:
        enabled = app.get("Enabled")
        if not isinstance(enabled, bool):
            raise ApiError("ValidationException",
                           "ApplicationSettings.Enabled is required and must be a boolean.")
        rendered: dict[str, Any] = {"Enabled": enabled}
        if app.get("SettingsGroup"):
            rendered["SettingsGroup"] = app["SettingsGroup"]
        if enabled:
            rendered["S3BucketName"] = (f"appstream-app-settings-{ctx.region}-"
                                        f"123456789012-{secrets.token_hex(4)}")
        out["ApplicationSettings"] = rendered
    return out


@OPERATIONS("CreateStack")
def create_stack(ctx: Context) -> Body:
    params = ctx.params
    name = params.name()
    description = params.text("Description", min_len=0, max_len=256)
    display = params.text("DisplayName", min_len=0, max_len=100)
    settings = _settings(ctx, params)
    tags = params.tags() or {}
    if name in ctx.store.stacks:
        raise ApiError("ResourceAlreadyExistsException", f"The stack '{name}' already exists.")
    stack = Stack(name=name, arn=arn(ctx.region, "stack", name), created=ctx.now,
                  description=description, display_name=display, settings=settings, tags=tags)
    ctx.store.stacks.add(name, (stack.created, name), stack)
    return {"Stack": stack.render()}


@OPERATIONS("DescribeStacks")
def describe_stacks(ctx: Context) -> Body:
    page, token = page_named(ctx, ctx.store.stacks, ctx.stack, None,
                             ctx.state.page_sizes.stacks)
    return with_token({"Stacks": [s.render() for s in page]}, token)


@OPERATIONS("UpdateStack")
def update_stack(ctx: Context) -> Body:
    params = ctx.params
    stack = ctx.stack(params.required("Name"))
    description = params.text("Description", min_len=0, max_len=256)
    display = params.text("DisplayName", min_len=0, max_len=100)
    deletes = params.strings("AttributesToDelete") or []
    settings = _settings(ctx, params)
    if params.boolean("DeleteStorageConnectors"):
        deletes.append("STORAGE_CONNECTORS")
    for attribute in deletes:
        if attribute in _DELETES:
            stack.settings.pop(_DELETES[attribute], None)
        elif attribute in _CONNECTOR_DELETES:
            kind = _CONNECTOR_DELETES[attribute]
            kept = [c for c in stack.settings.get("StorageConnectors", [])
                    if not (isinstance(c, dict) and c.get("ConnectorType") == kind)]
            stack.settings["StorageConnectors"] = kept
    if description is not None:
        stack.description = description
    if display is not None:
        stack.display_name = display
    stack.settings.update(settings)
    return {"Stack": stack.render()}


@OPERATIONS("DeleteStack")
def delete_stack(ctx: Context) -> Body:
    params = ctx.params
    name = params.required("Name")
    ctx.stack(name)
    if ctx.store.fleets_of_stack.get(name):
        raise in_use(f"The stack '{name}' has associated fleets; disassociate them first.")
    ctx.store.stacks.remove(name)
    ctx.store.fleets_of_stack.pop(name, None)
    ctx.store.stack_users.pop(name, None)
    return {}


@OPERATIONS("AssociateFleet")
def associate_fleet(ctx: Context) -> Body:
    params = ctx.params
    fleet = ctx.fleet(params.required("FleetName"))
    stack = ctx.stack(params.required("StackName"))
    ctx.store.associate(stack.name, fleet.name)
    return {}


@OPERATIONS("DisassociateFleet")
def disassociate_fleet(ctx: Context) -> Body:
    params = ctx.params
    fleet = ctx.fleet(params.required("FleetName"))
    stack = ctx.stack(params.required("StackName"))
    sessions = ctx.store.session_lists.get((stack.name, fleet.name))
    if sessions is not None and any(s.state == "ACTIVE" for s in sessions):
        raise in_use(f"The fleet '{fleet.name}' has active sessions on stack '{stack.name}'.")
    ctx.store.disassociate(stack.name, fleet.name)
    return {}


def _associated(ctx: Context, params: Params, operation: str, owner: str,
                names: set[str], index: OrderedIndex[Any]) -> dict[str, Any]:
    # Order associated names like their resources: by creation time, then name.
    ordered: OrderedIndex[str] = OrderedIndex()
    for name in names:
        key = index.key_of(name)
        if key is not None:
            ordered.add(name, key, name)
    page, token = page_index(ctx, ordered, listing_id(operation, owner), None,
                             ctx.state.page_sizes.associations)
    return with_token({"Names": page}, token)


@OPERATIONS("ListAssociatedFleets")
def list_associated_fleets(ctx: Context) -> Body:
    params = ctx.params
    # The model lists no errors here: an unknown stack simply has no fleets.
    stack = params.required("StackName")
    return _associated(ctx, params, "ListAssociatedFleets", stack,
                       ctx.store.fleets_of_stack.get(stack, set()), ctx.store.fleets)


@OPERATIONS("ListAssociatedStacks")
def list_associated_stacks(ctx: Context) -> Body:
    params = ctx.params
    fleet = params.required("FleetName")
    return _associated(ctx, params, "ListAssociatedStacks", fleet,
                       ctx.store.stacks_of_fleet.get(fleet, set()), ctx.store.stacks)


