"""``cloud.aws.users``: the AppStream user pool.

User pool users sign in to the AppStream portal with their email address and a password
AppStream mails them; ``cloud.stacks.authorize_users`` entitles them to stacks. Their user
names are email addresses, case-sensitive as AppStream keeps them (``Ana@example.com`` and
``ana@example.com`` are two users).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs

from streamkit.errors import NotFound, ValidationError
from streamkit.extensions import Area
from streamkit.models import Page, Provider
from streamkit.operations import Operation
from streamkit.paging import Listing, TokenPaginator, walk
from streamkit.providers.aws import translate as t
from streamkit.retry import CallKind
from streamkit.validation import check_bool, check_str

__all__ = ["OPERATIONS", "User", "UserStatus", "Users"]

USER_POOL = "USERPOOL"
AREA = "aws.users"
MAX_PAGE = 500
#: an email address as the user pool takes it (the model: 1-128 printable characters)
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: FirstName / LastName (the model's UserAttributeValue pattern)
PERSON_NAME_RE = re.compile(r"[A-Za-z0-9_\-\s]+")


class UserStatus(str, enum.Enum):
    """A user pool user's status (the API reference lists the first four and UNKNOWN;
    the pool also reports its sign-in states RESET_REQUIRED and FORCE_CHANGE_PASSWORD)."""

    UNCONFIRMED = "UNCONFIRMED"
    CONFIRMED = "CONFIRMED"
    ARCHIVED = "ARCHIVED"
    COMPROMISED = "COMPROMISED"
    RESET_REQUIRED = "RESET_REQUIRED"
    FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class User:
    """A user in the AppStream user pool.

    Args:
        user_name: The user's email address (case-sensitive).
        region: The region whose user pool holds the user.
        enabled: Whether the user may sign in.
        status: The user's status; see :class:`UserStatus`.
        raw_status: The status as AppStream sent it, kept when ``status`` is UNKNOWN too.
        first_name: The given name, if set.
        last_name: The surname, if set.
        arn: The user's ARN.
        created_at: When the user was added to the pool.
        raw: AppStream's own payload, read-only (not compared by ``==``).
    """

    user_name: str
    region: str
    enabled: bool
    status: UserStatus
    raw_status: str
    first_name: str | None = None
    last_name: str | None = None
    arn: str | None = None
    created_at: datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def provider(self) -> Provider:
        """Always AWS."""
        return Provider.AWS



def _user(d: Mapping[str, Any], region: str) -> User:
    raw_status = t.read_state(d.get("Status"))
    status = UserStatus.__members__.get(raw_status, UserStatus.UNKNOWN)
    return User(user_name=t.read_str(d, "UserName") or "", region=region,
                enabled=d.get("Enabled") is True, status=status, raw_status=raw_status,
                first_name=t.read_str(d, "FirstName"), last_name=t.read_str(d, "LastName"),
                arn=t.read_str(d, "Arn"), created_at=t.read_time(d, "CreatedTime"),
                raw=t.raw_view(d))


def _pool_user(user_name: str) -> dict[str, Any]:
    return {"UserName": user_name, "AuthenticationType": USER_POOL}


def _create_user(user_name: str, first_name: str | None, last_name: str | None,
                 message_action: str | None) -> dict[str, Any]:
    params = _pool_user(user_name)
    for member, value in (("FirstName", first_name), ("LastName", last_name),
                          ("MessageAction", message_action)):
        if value is not None:
            params[member] = value
    return params


def _describe_users() -> dict[str, Any]:
    return {"AuthenticationType": USER_POOL}


_USED = ("aws.users.list", "aws.users.get")
OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    Operation(name="CreateUser", request=_create_user, kind=CallKind.CREATE, answer=t.nothing,
              used_by=("aws.users.create", "aws.users.resend_invitation")),
    Operation(name="DescribeUsers", request=_describe_users, answer=_user, used_by=_USED,
              paginator=TokenPaginator(result_key="Users", limit_key="MaxResults",
                                       max_page=MAX_PAGE)),
    Operation(name="EnableUser", request=_pool_user, kind=CallKind.WRITE, answer=t.nothing,
              used_by=("aws.users.enable",)),
    Operation(name="DisableUser", request=_pool_user, kind=CallKind.WRITE, answer=t.nothing,
              used_by=("aws.users.disable",)),
    Operation(name="DeleteUser", request=_pool_user, kind=CallKind.DELETE, answer=t.nothing,
              used_by=("aws.users.delete",)),
)}


def check_user_name(field: str, value: object) -> str:
    """A user pool user name: an email address of at most 128 characters."""
    text = check_str(field, value, max_len=128)
    if not EMAIL_RE.fullmatch(text):
        raise ValidationError(field, "must be the user's email address", value)
    return text


def _person_name(field: str, value: object) -> str | None:
    if value is None:
        return None
    text = check_str(field, value, max_len=2048)
    if not PERSON_NAME_RE.fullmatch(text):
        raise ValidationError(field, "must be letters, digits, spaces, '_' or '-'", value)
    return text


class Users(Area):
    """The AppStream user pool of the client's region (``cloud.aws.users``)."""

    def _all(self) -> Listing[User]:
        return self._listing(AREA, self._context.calls.pages(OPERATIONS["DescribeUsers"]),
                             max_page_size=MAX_PAGE)

    def create(self, user_name: str, *, first_name: str | None = None,
               last_name: str | None = None, send_email: bool = True) -> None:
        """Add a user to the pool; AppStream mails them a temporary password (valid 7 days)
        unless ``send_email`` is False. :class:`~streamkit.AlreadyExists` if the user is
        in the pool (user names are case-sensitive)."""
        self._context.calls.run(
            OPERATIONS["CreateUser"], check_user_name("user_name", user_name),
            _person_name("first_name", first_name), _person_name("last_name", last_name),
            None if check_bool("send_email", send_email) else "SUPPRESS")

    def resend_invitation(self, user_name: str) -> None:
        """Mail a pool user a new welcome email with a new temporary password."""
        self._context.calls.run(OPERATIONS["CreateUser"], check_user_name("user_name", user_name),
                                None, None, "RESEND")

    def list(self) -> Iterator[User]:
        """Every user in the pool, fetched lazily page by page."""
        return iter(self._all())

    def list_page(self, page_size: int | None = None, cursor: str | None = None) -> Page[User]:
        """One page of users (``page_size`` 1-500); pass ``next_cursor`` back for the next."""
        return self._all().page(page_size, cursor)

    def get(self, user_name: str) -> User:
        """The pool user with exactly this user name, or :class:`~streamkit.NotFound`.

        AppStream cannot look one user up, so this pages through the pool.
        """
        user_name = check_user_name("user_name", user_name)
        user: User
        for user in walk(self._context.calls.pages(OPERATIONS["DescribeUsers"])):
            if user.user_name == user_name:
                return user
        raise NotFound(f"user {user_name} is not in the user pool", provider=Provider.AWS,
                       operation="DescribeUsers", code="ResourceNotFoundException")

    def enable(self, user_name: str) -> None:
        """Let a disabled user sign in again."""
        self._context.calls.run(OPERATIONS["EnableUser"], check_user_name("user_name", user_name))

    def disable(self, user_name: str) -> None:
        """Stop the user signing in; their stack entitlements stay."""
        self._context.calls.run(OPERATIONS["DisableUser"],
                                check_user_name("user_name", user_name))

    def delete(self, user_name: str) -> None:
        """Remove the user from the pool (and from every stack they were entitled to)."""
        self._context.calls.run(OPERATIONS["DeleteUser"], check_user_name("user_name", user_name))

    def __repr__(self) -> str:
        return "streamkit.aws.Users()"
