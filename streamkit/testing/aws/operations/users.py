"""The user pool and its users' stack entitlements: CreateUser and friends, and the
BatchAssociateUserStack family."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamkit.testing.aws.errors import (
    ApiError,
    not_found,
    param_combination,
    validation,
)
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_index,
    page_list,
    with_token,
)
from streamkit.testing.aws.protocol import Params
from streamkit.testing.aws.resources import User, arn
from streamkit.testing.core.tokens import listing_id

__all__ = ["USER_POOL"]

USER_POOL = "USERPOOL"
MAX_BATCH = 25
MAX_PAGE = 500
_PERSON_NAME = r"^[A-Za-z0-9_\-\s]+$"
# The model's Username pattern, [\p{L}\p{M}\p{S}\p{N}\p{P}]+: no spaces or control characters.
_USER_NAME = r"^[^\s\x00-\x1f\x7f-\x9f]+$"


def _pool_user(ctx: Context) -> User:
    """The user pool user the request names (``UserName`` with AuthenticationType USERPOOL)."""
    params = ctx.params
    name = params.required("UserName", max_len=128, pattern=_USER_NAME)
    params.required("AuthenticationType")
    user = ctx.store.users.get(name)
    if user is None or params.text("AuthenticationType") != USER_POOL:
        raise not_found("user", name)
    return user


@OPERATIONS("CreateUser")
def create_user(ctx: Context) -> Body:
    """A pool user, mailed a temporary password unless MessageAction is SUPPRESS; RESEND
    mails an existing user again (the API reference: without FirstName or LastName)."""
    params = ctx.params
    name = params.required("UserName", max_len=128, pattern=_USER_NAME)
    if params.required("AuthenticationType") != USER_POOL:
        raise param_combination("Only USERPOOL users can be created; other users sign in "
                                "through their identity provider.")
    action = params.text("MessageAction")
    first = params.text("FirstName", min_len=0, max_len=2048, pattern=_PERSON_NAME)
    last = params.text("LastName", min_len=0, max_len=2048, pattern=_PERSON_NAME)
    existing = ctx.store.users.get(name)
    if action == "RESEND":
        if first is not None or last is not None:
            raise param_combination("Do not specify FirstName or LastName with RESEND.")
        if existing is None:  # RESEND is for a user already in the pool
            raise param_combination(f"RESEND needs an existing user; '{name}' is not in the "
                                    "user pool.")
        existing.welcome_emails += 1
        existing.status = "FORCE_CHANGE_PASSWORD"
        return {}
    if existing is not None:
        raise ApiError("ResourceAlreadyExistsException", f"The user '{name}' already exists.")
    user = User(name=name, arn=arn(ctx.region, "user/userpool", name), created=ctx.now,
                first_name=first, last_name=last,
                welcome_emails=0 if action == "SUPPRESS" else 1)
    ctx.store.users.add(name, (user.created, name), user)
    return {}


@OPERATIONS("DescribeUsers")
def describe_users(ctx: Context) -> Body:
    params = ctx.params
    auth = params.required("AuthenticationType")
    limit = params.integer("MaxResults", minimum=0, maximum=MAX_PAGE)
    if auth != USER_POOL:  # the other users live in their identity providers
        return {"Users": []}
    page, token = page_index(ctx, ctx.store.users, listing_id("DescribeUsers"), limit,
                             ctx.state.page_sizes.stacks)
    return with_token({"Users": [u.render() for u in page]}, token)


@OPERATIONS("DeleteUser")
def delete_user(ctx: Context) -> Body:
    user = _pool_user(ctx)
    ctx.store.users.remove(user.name)
    for users in ctx.store.stack_users.values():
        users.pop(user.name, None)
    return {}


@OPERATIONS("EnableUser")
def enable_user(ctx: Context) -> Body:
    _pool_user(ctx).enabled = True
    return {}


@OPERATIONS("DisableUser")
def disable_user(ctx: Context) -> Body:
    _pool_user(ctx).enabled = False
    return {}


def _associations(params: Params) -> list[tuple[str, str, str, dict[str, Any]]]:
    items = params.raw_list("UserStackAssociations") or []
    if not 1 <= len(items) <= MAX_BATCH:
        raise validation(f"UserStackAssociations must hold 1 to {MAX_BATCH} items.")
    found = []
    for item in items:
        fields: dict[str, Any] = dict(item) if isinstance(item, dict) else {}
        entry = Params(fields, "UserStackAssociation")
        stack = entry.required("StackName")
        user = entry.required("UserName", max_len=128)
        auth = entry.required("AuthenticationType")
        found.append((stack, user, auth, fields))
    return found


def _batch(ctx: Context, change: Callable[[str, str, str], tuple[str, str] | None]) -> Body:
    """Apply ``change(stack, user, type)`` to each association; its refusals, and unknown
    stacks, become per-item ``errors`` (the call itself succeeds)."""
    errors = []
    for stack, user, auth, item in _associations(ctx.params):
        refusal = (("STACK_NOT_FOUND", f"The stack '{stack}' does not exist.")
                   if stack not in ctx.store.stacks else change(stack, user, auth))
        if refusal is not None:
            errors.append({"UserStackAssociation": item, "ErrorCode": refusal[0],
                           "ErrorMessage": refusal[1]})
    return {"errors": errors}


@OPERATIONS("BatchAssociateUserStack")
def batch_associate_user_stack(ctx: Context) -> Body:
    def associate(stack: str, user: str, auth: str) -> tuple[str, str] | None:
        if auth == USER_POOL and user not in ctx.store.users:
            return "USER_NAME_NOT_FOUND", f"The user '{user}' is not in the user pool."
        ctx.store.stack_users.setdefault(stack, {})[user] = auth
        return None

    return _batch(ctx, associate)


@OPERATIONS("BatchDisassociateUserStack")
def batch_disassociate_user_stack(ctx: Context) -> Body:
    def disassociate(stack: str, user: str, _auth: str) -> None:
        ctx.store.stack_users.get(stack, {}).pop(user, None)

    return _batch(ctx, disassociate)


@OPERATIONS("DescribeUserStackAssociations")
def describe_user_stack_associations(ctx: Context) -> Body:
    params = ctx.params
    stack = params.text("StackName")
    user = params.text("UserName", max_len=128)
    auth = params.text("AuthenticationType")
    limit = params.integer("MaxResults", minimum=0, maximum=MAX_PAGE)
    # The API reference: a stack name, or a user name with its authentication type, or both.
    if stack is None and user is None:
        raise param_combination("Specify a StackName, or a UserName with its "
                                "AuthenticationType, or both.")
    if user is not None and auth is None:
        raise param_combination("A UserName must come with its AuthenticationType.")
    rows = [
        {"StackName": s, "UserName": u, "AuthenticationType": a}
        for s in sorted(ctx.store.stack_users) if stack in (None, s)
        for u, a in sorted(ctx.store.stack_users[s].items())
        if user in (None, u) and auth in (None, a)
    ]
    listing = listing_id("DescribeUserStackAssociations", stack, user, auth)
    page, token = page_list(ctx, rows, listing, limit, ctx.state.page_sizes.stacks)
    return with_token({"UserStackAssociations": page}, token)
