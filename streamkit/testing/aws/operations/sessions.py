"""Session operations and user streaming URLs."""

from __future__ import annotations

from streamkit.testing.aws.errors import (
    not_available,
    not_found,
    not_permitted,
    param_combination,
)
from streamkit.testing.aws.operations.builders import MAX_VALIDITY, streaming_url
from streamkit.testing.aws.operations.call import OPERATIONS, Body, Context, page_index, with_token
from streamkit.testing.aws.resources import Session
from streamkit.testing.core.tokens import listing_id

__all__: list[str] = []

MAX_SESSION_PAGE = 50
#: what DescribeSessions lists when the request names no AuthenticationType
DEFAULT_AUTHENTICATION = "API"


@OPERATIONS("DescribeSessions")
def describe_sessions(ctx: Context) -> Body:
    params = ctx.params
    stack = params.name("StackName")
    fleet = params.name("FleetName")
    user = params.text("UserId", min_len=2, max_len=128)
    given = params.text("AuthenticationType")
    instance = params.text("InstanceId")
    limit = params.integer("Limit", minimum=0, maximum=MAX_SESSION_PAGE)
    if user is not None and given is None:
        raise param_combination("A UserId must come with its AuthenticationType.")
    # Without AuthenticationType AppStream lists streaming URL (API) sessions only.
    auth = given or DEFAULT_AUTHENTICATION
    # The model lists no ResourceNotFoundException: an unknown pair just has no sessions.
    index = ctx.store.session_lists.get((stack, fleet))
    if index is None:
        return {"Sessions": []}

    def keep(session: Session) -> bool:
        return ((user is None or session.user_id == user)
                and session.authentication_type == auth
                and (instance is None or session.instance_id == instance))

    listing = listing_id("DescribeSessions", stack, fleet, user, auth, instance)
    page, token = page_index(ctx, index, listing, limit, ctx.state.page_sizes.sessions,
                             keep)
    return with_token({"Sessions": [s.render() for s in page]}, token)


@OPERATIONS("ExpireSession")
def expire_session(ctx: Context) -> Body:
    params = ctx.params
    # The model lists no errors: expiring an unknown or already-gone session succeeds.
    session = ctx.store.sessions.get(params.required("SessionId"))
    if session is not None:
        ctx.store.remove_session(session)
    return {}


@OPERATIONS("CreateStreamingURL")
def create_streaming_url(ctx: Context) -> Body:
    params = ctx.params
    stack = ctx.stack(params.required("StackName"))
    fleet = ctx.fleet(params.required("FleetName"))
    params.text("UserId", required=True, min_len=2, max_len=32, pattern=r"[\w+=,.@-]*")
    params.text("ApplicationId")
    params.text("SessionContext")
    validity = params.integer("Validity", minimum=1, maximum=MAX_VALIDITY) or 60
    if not ctx.store.associated(stack.name, fleet.name):
        raise not_permitted(f"The fleet '{fleet.name}' is not associated with the stack "
                            f"'{stack.name}'.")
    if fleet.state != "RUNNING":
        raise not_available(f"The fleet '{fleet.name}' is {fleet.state}; streaming needs a "
                            "RUNNING fleet.")
    # A session only appears once the user opens the URL: use AwsCloud.add_session for that.
    return {"StreamingURL": streaming_url(ctx.region), "Expires": ctx.now + validity}




@OPERATIONS("DrainSessionInstance")
def drain_session_instance(ctx: Context) -> Body:
    """The session's instance takes no new sessions (multi-session fleets only); the sessions
    on it show InstanceDrainStatus DRAINING until they end."""
    session_id = ctx.params.required("SessionId")
    session = ctx.store.sessions.get(session_id)
    if session is None:
        raise not_found("session", session_id)
    fleet = ctx.fleet(session.fleet)
    if fleet.settings.get("MaxSessionsPerInstance") is None:
        raise not_permitted(f"The fleet '{fleet.name}' is not a multi-session fleet; only "
                            "their instances can be drained.")
    for other in ctx.store.sessions.values():
        if other.fleet == fleet.name and other.instance_id == session.instance_id:
            other.drain_status = "DRAINING"
    return {}
