"""Entitlements of a stack and the applications they grant."""

from __future__ import annotations

from streamkit.testing.aws.elastic import Entitlement
from streamkit.testing.aws.errors import ApiError
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_index,
    page_list,
    with_token,
)
from streamkit.testing.aws.protocol import check_members
from streamkit.testing.aws.state import OrderedIndex
from streamkit.testing.core.tokens import listing_id

__all__ = ["ATTRIBUTE_NAMES"]

#: the SAML PrincipalTag attributes an entitlement may match (the API reference)
ATTRIBUTE_NAMES = ("roles", "department", "organization", "groups", "title", "costCenter",
                   "userType")


def _of_stack(ctx: Context) -> OrderedIndex[Entitlement]:
    """The entitlements of the request's stack (which must exist)."""
    stack = ctx.stack(ctx.params.name("StackName")).name
    return ctx.store.entitlements.setdefault(stack, OrderedIndex())


def _entitlement(ctx: Context, member: str) -> Entitlement:
    index = _of_stack(ctx)
    name = ctx.params.name(member)
    found = index.get(name)
    if found is None:
        raise ApiError("EntitlementNotFoundException", f"The entitlement '{name}' does not "
                       "exist.")
    return found


def _attributes(ctx: Context) -> list[dict[str, str]] | None:
    check_members(ctx.params.data, ctx.operation, ("Attributes", "AppVisibility",
                                                   "Description"))
    attributes = ctx.params.raw_list("Attributes")
    if attributes is None:
        return None
    wrong = [a["Name"] for a in attributes if isinstance(a, dict)
             and a.get("Name") not in ATTRIBUTE_NAMES]
    if wrong:
        raise ApiError("ValidationException", f"Unsupported entitlement attributes: "
                       f"{', '.join(map(str, wrong))}; use {', '.join(ATTRIBUTE_NAMES)}.")
    return [{"Name": a["Name"], "Value": a["Value"]} for a in attributes if isinstance(a, dict)]


@OPERATIONS("CreateEntitlement")
def create_entitlement(ctx: Context) -> Body:
    params = ctx.params
    index = _of_stack(ctx)
    name = params.name()
    visibility = params.required("AppVisibility")
    attributes = _attributes(ctx)
    if attributes is None:
        raise params.missing("Attributes")
    if name in index:
        raise ApiError("EntitlementAlreadyExistsException", f"The entitlement '{name}' "
                       "already exists.")
    made = Entitlement(name=name, stack=str(params.text("StackName")), created=ctx.now,
                       modified=ctx.now, visibility=visibility, attributes=attributes,
                       description=params.text("Description", min_len=0, max_len=256))
    index.add(name, (made.created, name), made)
    return {"Entitlement": made.render()}


@OPERATIONS("DescribeEntitlements")
def describe_entitlements(ctx: Context) -> Body:
    params = ctx.params
    limit = params.integer("MaxResults", minimum=0)
    default = ctx.state.page_sizes.stacks
    if params.text("Name") is not None:
        found = [_entitlement(ctx, "Name")]
        page, token = page_list(ctx, found, listing_id(ctx.operation, found[0].name), limit,
                                default)
    else:
        index = _of_stack(ctx)
        page, token = page_index(ctx, index, listing_id(ctx.operation, params.text("StackName")),
                                 limit, default)
    return with_token({"Entitlements": [e.render() for e in page]}, token)


@OPERATIONS("UpdateEntitlement")
def update_entitlement(ctx: Context) -> Body:
    params = ctx.params
    found = _entitlement(ctx, "Name")
    attributes = _attributes(ctx)
    visibility = params.text("AppVisibility")
    description = params.text("Description", min_len=0, max_len=256)
    if attributes is not None:
        found.attributes = attributes
    if visibility is not None:
        found.visibility = visibility
    if description is not None:
        found.description = description
    found.modified = ctx.now
    return {"Entitlement": found.render()}


@OPERATIONS("DeleteEntitlement")
def delete_entitlement(ctx: Context) -> Body:
    found = _entitlement(ctx, "Name")
    ctx.store.entitlements[found.stack].remove(found.name)
    return {}


def _application(ctx: Context) -> str:
    """The request's ApplicationIdentifier: an Elastic application or an image's app."""
    identifier = str(ctx.params.required("ApplicationIdentifier"))
    known = identifier in ctx.store.applications or any(
        app.get("Name") == identifier for image in ctx.store.images
        for app in image.applications)
    if not known:
        raise ApiError("ResourceNotFoundException", f"The application '{identifier}' does not "
                       "exist.")
    return identifier


@OPERATIONS("AssociateApplicationToEntitlement")
def associate_application_to_entitlement(ctx: Context) -> Body:
    found = _entitlement(ctx, "EntitlementName")
    identifier = _application(ctx)
    if identifier not in found.applications:
        found.applications.append(identifier)
    return {}


@OPERATIONS("DisassociateApplicationFromEntitlement")
def disassociate_application_from_entitlement(ctx: Context) -> Body:
    found = _entitlement(ctx, "EntitlementName")
    identifier = str(ctx.params.required("ApplicationIdentifier"))
    if identifier in found.applications:
        found.applications.remove(identifier)
    return {}


@OPERATIONS("ListEntitledApplications")
def list_entitled_applications(ctx: Context) -> Body:
    found = _entitlement(ctx, "EntitlementName")
    limit = ctx.params.integer("MaxResults", minimum=0)
    page, token = page_list(ctx, list(found.applications),
                            listing_id(ctx.operation, found.stack, found.name), limit,
                            ctx.state.page_sizes.associations)
    return with_token({"EntitledApplications": [{"ApplicationIdentifier": a} for a in page]},
                      token)
