"""User-to-stack associations (user pool entitlements): associate, disassociate, describe."""

from __future__ import annotations

from typing import Any

from streamkit.testing.aws.errors import validation
from streamkit.testing.aws.operations.call import OPERATIONS, Body, Context, page_list, with_token
from streamkit.testing.aws.protocol import Params
from streamkit.testing.core.tokens import listing_id

__all__: list[str] = []

AUTHENTICATION_TYPES = ("API", "SAML", "USERPOOL", "AWS_AD")
MAX_BATCH = 25
MAX_PAGE = 500


def _associations(ctx: Context, params: Params) -> list[tuple[str, str, str, dict[str, Any]]]:
    items = params.raw_list("UserStackAssociations") or []
    if not 1 <= len(items) <= MAX_BATCH:
        raise validation(f"UserStackAssociations must hold 1 to {MAX_BATCH} items.")
    found = []
    for item in items:
        fields: dict[str, Any] = dict(item) if isinstance(item, dict) else {}
        entry = Params(fields)
        stack = entry.required("StackName")
        user = entry.required("UserName", max_len=128)
        auth = entry.required("AuthenticationType", enum=AUTHENTICATION_TYPES)
        found.append((stack, user, auth, fields))
    return found


@OPERATIONS("BatchAssociateUserStack")
def batch_associate_user_stack(ctx: Context) -> Body:
    params = ctx.params
    errors = []
    for stack, user, auth, item in _associations(ctx, params):
        if stack not in ctx.store.stacks:
            errors.append({"UserStackAssociation": item, "ErrorCode": "STACK_NOT_FOUND",
                           "ErrorMessage": f"The stack '{stack}' does not exist."})
            continue
        ctx.store.stack_users.setdefault(stack, {})[user] = auth
    return {"errors": errors}


@OPERATIONS("BatchDisassociateUserStack")
def batch_disassociate_user_stack(ctx: Context) -> Body:
    params = ctx.params
    errors = []
    for stack, user, _auth, item in _associations(ctx, params):
        if stack not in ctx.store.stacks:
            errors.append({"UserStackAssociation": item, "ErrorCode": "STACK_NOT_FOUND",
                           "ErrorMessage": f"The stack '{stack}' does not exist."})
            continue
        ctx.store.stack_users.get(stack, {}).pop(user, None)
    return {"errors": errors}


@OPERATIONS("DescribeUserStackAssociations")
def describe_user_stack_associations(ctx: Context) -> Body:
    params = ctx.params
    stack = params.text("StackName")
    user = params.text("UserName", max_len=128)
    auth = params.text("AuthenticationType", enum=AUTHENTICATION_TYPES)
    limit = params.integer("MaxResults", minimum=0, maximum=MAX_PAGE)
    if stack is None and user is None:
        raise validation("Specify a StackName, a UserName, or both.")
    rows = [
        {"StackName": s, "UserName": u, "AuthenticationType": a}
        for s in sorted(ctx.store.stack_users) if stack in (None, s)
        for u, a in sorted(ctx.store.stack_users[s].items())
        if user in (None, u) and auth in (None, a)
    ]
    listing = listing_id("DescribeUserStackAssociations", stack, user, auth)
    page, token = page_list(ctx, rows, listing, limit, ctx.state.page_sizes.stacks)
    return with_token({"UserStackAssociations": page}, token)


