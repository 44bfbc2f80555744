"""Stack operations and fleet-stack associations."""

from __future__ import annotations

import secrets
from typing import Any

from streamkit.testing.aws.context import Context, page_index, page_list, with_token
from streamkit.testing.aws.errors import ApiError, in_use, param_combination
from streamkit.testing.aws.pagination import OrderedIndex, listing_id
from streamkit.testing.aws.params import Params
from streamkit.testing.aws.resources import Stack, arn

__all__ = ["HANDLERS"]

STACK_ATTRIBUTES = (
    "STORAGE_CONNECTORS", "STORAGE_CONNECTOR_HOMEFOLDERS", "STORAGE_CONNECTOR_GOOGLE_DRIVE",
    "STORAGE_CONNECTOR_ONE_DRIVE", "REDIRECT_URL", "FEEDBACK_URL", "THEME_NAME",
    "USER_SETTINGS", "EMBED_HOST_DOMAINS", "IAM_ROLE_ARN", "ACCESS_ENDPOINTS",
    "STREAMING_EXPERIENCE_SETTINGS", "CONTENT_REDIRECTION", "AGENT_ACCESS_CONFIG",
    "STORAGE_CONNECTOR_AUTHENTICATION", "AGENT_ACCESS_CONFIG_KMS_KEY_ARN",
)
# Attributes the emulator stores; the others (theme, role, KMS key) are accepted and ignored.
_DELETES = {
    "STORAGE_CONNECTORS": "StorageConnectors", "REDIRECT_URL": "RedirectURL",
    "FEEDBACK_URL": "FeedbackURL", "USER_SETTINGS": "UserSettings",
    "EMBED_HOST_DOMAINS": "EmbedHostDomains", "ACCESS_ENDPOINTS": "AccessEndpoints",
    "STREAMING_EXPERIENCE_SETTINGS": "StreamingExperienceSettings",
    "CONTENT_REDIRECTION": "ContentRedirection", "AGENT_ACCESS_CONFIG": "AgentAccessConfig",
    "STORAGE_CONNECTOR_AUTHENTICATION": "StorageConnectorAuthentication",
}
_CONNECTOR_DELETES = {"STORAGE_CONNECTOR_HOMEFOLDERS": "HOMEFOLDERS",
                      "STORAGE_CONNECTOR_GOOGLE_DRIVE": "GOOGLE_DRIVE",
                      "STORAGE_CONNECTOR_ONE_DRIVE": "ONE_DRIVE"}


def _settings(ctx: Context, params: Params) -> dict[str, Any]:
    """The pass-through stack members present in the request, validated and in wire form."""
    out: dict[str, Any] = {}
    for member in ("RedirectURL", "FeedbackURL"):
        value = params.string(member, min_len=0, max_len=1000)
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
        out["EmbedHostDomains"] = domains
    for member in ("StreamingExperienceSettings", "ContentRedirection", "AgentAccessConfig"):
        struct = params.struct(member)
        if struct is not None:
            out[member] = struct
    auth = params.string("StorageConnectorAuthentication",
                         enum=("FORCE_REAUTHENTICATION", "REUSE_CREDENTIALS"))
    if auth is not None:
        out["StorageConnectorAuthentication"] = auth
    app = params.struct("ApplicationSettings")
    if app is not None:
        enabled = app.get("Enabled")
        if not isinstance(enabled, bool):
            raise ApiError("ValidationException",
                           "ApplicationSettings.Enabled is required and must be a boolean.")
        if enabled and not app.get("SettingsGroup"):
            raise param_combination("ApplicationSettings.SettingsGroup is required when "
                                    "application settings persistence is enabled.")
        rendered: dict[str, Any] = {"Enabled": enabled}
        if app.get("SettingsGroup"):
            rendered["SettingsGroup"] = app["SettingsGroup"]
        if enabled:
            rendered["S3BucketName"] = (f"appstream-app-settings-{ctx.region.name}-"
                                        f"123456789012-{secrets.token_hex(4)}")
        out["ApplicationSettings"] = rendered
    return out


def create_stack(ctx: Context, params: Params) -> dict[str, Any]:
    name = params.name()
    description = params.string("Description", min_len=0, max_len=256)
    display = params.string("DisplayName", min_len=0, max_len=100)
    settings = _settings(ctx, params)
    tags = params.tags() or {}
    if name in ctx.region.stacks:
        raise ApiError("ResourceAlreadyExistsException", f"The stack '{name}' already exists.")
    stack = Stack(name=name, arn=arn(ctx.region.name, "stack", name), created=ctx.now,
                  description=description, display_name=display, settings=settings, tags=tags)
    ctx.region.stacks.add(name, (stack.created, name), stack)
    return {"Stack": stack.render()}


def describe_stacks(ctx: Context, params: Params) -> dict[str, Any]:
    names = params.strings("Names")
    size = ctx.cloud.page_sizes.stacks
    if names:
        wanted = [ctx.stack(n) for n in dict.fromkeys(names)]
        page, token = page_list(ctx, params, wanted, listing_id("DescribeStacks", names),
                                None, size)
    else:
        page, token = page_index(ctx, params, ctx.region.stacks, listing_id("DescribeStacks"),
                                 None, size)
    return with_token({"Stacks": [s.render() for s in page]}, token)


def update_stack(ctx: Context, params: Params) -> dict[str, Any]:
    stack = ctx.stack(params.req("Name"))
    description = params.string("Description", min_len=0, max_len=256)
    display = params.string("DisplayName", min_len=0, max_len=100)
    deletes = params.strings("AttributesToDelete", enum=STACK_ATTRIBUTES) or []
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


def delete_stack(ctx: Context, params: Params) -> dict[str, Any]:
    name = params.req("Name")
    ctx.stack(name)
    if ctx.region.fleets_of_stack.get(name):
        raise in_use(f"The stack '{name}' has associated fleets; disassociate them first.")
    ctx.region.stacks.remove(name)
    ctx.region.fleets_of_stack.pop(name, None)
    ctx.region.stack_users.pop(name, None)
    return {}


def associate_fleet(ctx: Context, params: Params) -> dict[str, Any]:
    fleet = ctx.fleet(params.req("FleetName"))
    stack = ctx.stack(params.req("StackName"))
    ctx.region.associate(stack.name, fleet.name)
    return {}


def disassociate_fleet(ctx: Context, params: Params) -> dict[str, Any]:
    fleet = ctx.fleet(params.req("FleetName"))
    stack = ctx.stack(params.req("StackName"))
    sessions = ctx.region.session_lists.get((stack.name, fleet.name))
    if sessions is not None and any(s.state == "ACTIVE" for s in sessions):
        raise in_use(f"The fleet '{fleet.name}' has active sessions on stack '{stack.name}'.")
    ctx.region.disassociate(stack.name, fleet.name)
    return {}


def _associated(ctx: Context, params: Params, operation: str, owner: str,
                names: set[str], index: OrderedIndex[Any]) -> dict[str, Any]:
    # Order associated names like their resources: by creation time, then name.
    ordered: OrderedIndex[str] = OrderedIndex()
    for name in names:
        key = index.key_of(name)
        if key is not None:
            ordered.add(name, key, name)
    page, token = page_index(ctx, params, ordered, listing_id(operation, owner), None,
                             ctx.cloud.page_sizes.associations)
    return with_token({"Names": page}, token)


def list_associated_fleets(ctx: Context, params: Params) -> dict[str, Any]:
    # The model lists no errors here: an unknown stack simply has no fleets.
    stack = params.req("StackName")
    return _associated(ctx, params, "ListAssociatedFleets", stack,
                       ctx.region.fleets_of_stack.get(stack, set()), ctx.region.fleets)


def list_associated_stacks(ctx: Context, params: Params) -> dict[str, Any]:
    fleet = params.req("FleetName")
    return _associated(ctx, params, "ListAssociatedStacks", fleet,
                       ctx.region.stacks_of_fleet.get(fleet, set()), ctx.region.stacks)


HANDLERS = {
    "CreateStack": create_stack,
    "DescribeStacks": describe_stacks,
    "UpdateStack": update_stack,
    "DeleteStack": delete_stack,
    "AssociateFleet": associate_fleet,
    "DisassociateFleet": disassociate_fleet,
    "ListAssociatedFleets": list_associated_fleets,
    "ListAssociatedStacks": list_associated_stacks,
}
