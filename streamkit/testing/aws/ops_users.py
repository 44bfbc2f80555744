"""User-to-stack associations (user pool entitlements): associate, disassociate, describe."""

from __future__ import annotations

from typing import Any

from streamkit.testing.aws.context import Context, page_list, with_token
from streamkit.testing.aws.errors import validation
from streamkit.testing.aws.pagination import listing_id
from streamkit.testing.aws.params import Params

__all__ = ["HANDLERS"]

AUTHENTICATION_TYPES = ("API", "SAML", "USERPOOL", "AWS_AD")
MAX_BATCH = 25
MAX_PAGE = 500


def _associations(ctx: Context, params: Params) -> list[tuple[str, str, str, dict[str, Any]]]:
    items = params.raw_list("UserStackAssociations") or []
    if not 1 <= len(items) <= MAX_BATCH:
        raise validation(f"UserStackAssociations must hold 1 to {MAX_BATCH} items.")
    found = []
    for item in items:
        entry = Params(item if isinstance(item, dict) else {})
        stack = entry.req("StackName")
        user = entry.string("UserName", required=True, max_len=128)
        auth = entry.string("AuthenticationType", required=True, enum=AUTHENTICATION_TYPES)
        assert user is not None and auth is not None
        found.append((stack, user, auth, dict(item)))
    return found


def batch_associate_user_stack(ctx: Context, params: Params) -> dict[str, Any]:
    errors = []
    for stack, user, auth, item in _associations(ctx, params):
        if stack not in ctx.region.stacks:
            errors.append({"UserStackAssociation": item, "ErrorCode": "STACK_NOT_FOUND",
                           "ErrorMessage": f"The stack '{stack}' does not exist."})
            continue
        ctx.region.stack_users.setdefault(stack, {})[user] = auth
    return {"errors": errors}


def batch_disassociate_user_stack(ctx: Context, params: Params) -> dict[str, Any]:
    errors = []
    for stack, user, _auth, item in _associations(ctx, params):
        if stack not in ctx.region.stacks:
            errors.append({"UserStackAssociation": item, "ErrorCode": "STACK_NOT_FOUND",
                           "ErrorMessage": f"The stack '{stack}' does not exist."})
            continue
        ctx.region.stack_users.get(stack, {}).pop(user, None)
    return {"errors": errors}


def describe_user_stack_associations(ctx: Context, params: Params) -> dict[str, Any]:
    stack = params.string("StackName")
    user = params.string("UserName", max_len=128)
    auth = params.string("AuthenticationType", enum=AUTHENTICATION_TYPES)
    limit = params.integer("MaxResults", minimum=0, maximum=MAX_PAGE)
    if stack is None and user is None:
        raise validation("Specify a StackName, a UserName, or both.")
    rows = [
        {"StackName": s, "UserName": u, "AuthenticationType": a}
        for s in sorted(ctx.region.stack_users) if stack in (None, s)
        for u, a in sorted(ctx.region.stack_users[s].items())
        if user in (None, u) and auth in (None, a)
    ]
    listing = listing_id("DescribeUserStackAssociations", stack, user, auth)
    page, token = page_list(ctx, params, rows, listing, limit, ctx.cloud.page_sizes.stacks)
    return with_token({"UserStackAssociations": page}, token)


HANDLERS = {
    "BatchAssociateUserStack": batch_associate_user_stack,
    "BatchDisassociateUserStack": batch_disassociate_user_stack,
    "DescribeUserStackAssociations": describe_user_stack_associations,
}
