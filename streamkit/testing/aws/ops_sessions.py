"""Session operations and user streaming URLs."""

from __future__ import annotations

from typing import Any

from streamkit.testing.aws.context import Context, page_index, with_token
from streamkit.testing.aws.errors import not_available, not_permitted
from streamkit.testing.aws.ops_builders import MAX_VALIDITY, streaming_url
from streamkit.testing.aws.pagination import listing_id
from streamkit.testing.aws.params import Params
from streamkit.testing.aws.resources import Session

__all__ = ["AUTHENTICATION_TYPES", "HANDLERS"]

AUTHENTICATION_TYPES = ("API", "SAML", "USERPOOL", "AWS_AD")
MAX_SESSION_PAGE = 50


def describe_sessions(ctx: Context, params: Params) -> dict[str, Any]:
    stack = params.name("StackName")
    fleet = params.name("FleetName")
    user = params.string("UserId", min_len=2, max_len=128)
    auth = params.string("AuthenticationType", enum=AUTHENTICATION_TYPES)
    instance = params.string("InstanceId")
    limit = params.integer("Limit", minimum=0, maximum=MAX_SESSION_PAGE)
    # The model lists no ResourceNotFoundException: an unknown pair just has no sessions.
    index = ctx.region.session_lists.get((stack, fleet))
    if index is None:
        return {"Sessions": []}

    def keep(session: Session) -> bool:
        return ((user is None or session.user_id == user)
                and (auth is None or session.authentication_type == auth)
                and (instance is None or session.instance_id == instance))

    listing = listing_id("DescribeSessions", stack, fleet, user, auth, instance)
    page, token = page_index(ctx, params, index, listing, limit, ctx.cloud.page_sizes.sessions,
                             keep)
    return with_token({"Sessions": [s.render() for s in page]}, token)


def expire_session(ctx: Context, params: Params) -> dict[str, Any]:
    # The model lists no errors: expiring an unknown or already-gone session succeeds.
    session = ctx.region.sessions.get(params.req("SessionId"))
    if session is not None:
        ctx.region.remove_session(session)
    return {}


def create_streaming_url(ctx: Context, params: Params) -> dict[str, Any]:
    stack = ctx.stack(params.req("StackName"))
    fleet = ctx.fleet(params.req("FleetName"))
    params.string("UserId", required=True, min_len=2, max_len=32, pattern=r"[\w+=,.@-]*")
    params.string("ApplicationId")
    params.string("SessionContext")
    validity = params.integer("Validity", minimum=1, maximum=MAX_VALIDITY) or 60
    if not ctx.region.associated(stack.name, fleet.name):
        raise not_permitted(f"The fleet '{fleet.name}' is not associated with the stack "
                            f"'{stack.name}'.")
    if fleet.state != "RUNNING":
        raise not_available(f"The fleet '{fleet.name}' is {fleet.state}; streaming needs a "
                            "RUNNING fleet.")
    # A session only appears once the user opens the URL: use AwsCloud.add_session for that.
    return {"StreamingURL": streaming_url(ctx.region.name), "Expires": ctx.now + validity}


HANDLERS = {
    "DescribeSessions": describe_sessions,
    "ExpireSession": expire_session,
    "CreateStreamingURL": create_streaming_url,
}
