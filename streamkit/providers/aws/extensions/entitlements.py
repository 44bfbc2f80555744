"""``cloud.aws.entitlements``: which SAML users of a stack see which of its applications,
matched on their identity provider's attributes."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from streamkit.errors import NotFound, ValidationError
from streamkit.extensions import Area
from streamkit.models import Page, Provider
from streamkit.operations import Operation
from streamkit.paging import Listing, TokenPaginator
from streamkit.providers.aws import translate as t
from streamkit.providers.aws.extensions.shapes import MAX_PAGE, answer_in
from streamkit.retry import CallKind
from streamkit.validation import check_name, check_optional_str, check_str

__all__ = ["OPERATIONS", "AppVisibility", "Entitlement", "EntitlementAttribute",
           "Entitlements"]


class AppVisibility(str, enum.Enum):
    """Which of the stack's applications an entitlement grants: ALL, or those ASSOCIATED."""

    ALL = "ALL"
    ASSOCIATED = "ASSOCIATED"
    UNKNOWN = "UNKNOWN"


def _text(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_str(attribute.name, value, max_len=2048)


@attrs.frozen(kw_only=True)
class EntitlementAttribute:
    """A SAML attribute a user must carry: ``name`` one of the PrincipalTag attributes
    (``roles``, ``department``, ``organization``, ``groups``, ``title``, ``costCenter``,
    ``userType``), ``value`` what it must hold."""

    name: str = attrs.field(validator=_text)
    value: str = attrs.field(validator=_text)

    @classmethod
    def parse(cls, text: str) -> EntitlementAttribute:
        """``NAME=VALUE``."""
        name, sep, value = check_str("attribute", text).partition("=")
        if not sep:
            raise ValidationError("attribute", "must be NAME=VALUE", text)
        return cls(name=name, value=value)


@attrs.frozen(kw_only=True)
class Entitlement:
    """An entitlement of a stack.

    Args:
        id: Its name (unique in its stack).
        name: Its name.
        stack_id: The stack it belongs to.
        provider: Always AWS.
        region: The region it lives in.
        app_visibility: ALL or ASSOCIATED applications (UNKNOWN: see ``raw``).
        attributes: The SAML attributes a user must carry (any one of them).
        description: Its description, if set.
        created_at: When it was made.
        modified_at: When it last changed.
        raw: The cloud's own payload.
    """

    id: str
    name: str
    stack_id: str
    provider: Provider
    region: str
    app_visibility: AppVisibility
    attributes: tuple[EntitlementAttribute, ...] = ()
    description: str | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


# Requests and answers -----------------------------------------------------------------------


def _attribute(d: Mapping[str, Any]) -> EntitlementAttribute | None:
    try:
        return EntitlementAttribute(name=str(d.get("Name")), value=str(d.get("Value")))
    except ValidationError:
        return None


def entitlement(d: Mapping[str, Any], region: str) -> Entitlement:
    """One Entitlement, tolerantly."""
    name = t.read_str(d, "Name") or ""
    visibility = t.read_state(d.get("AppVisibility"))
    return Entitlement(
        id=name, name=name, stack_id=t.read_str(d, "StackName") or "", provider=Provider.AWS,
        region=region,
        app_visibility=AppVisibility.__members__.get(visibility, AppVisibility.UNKNOWN),
        attributes=tuple(a for a in map(_attribute, t.read_maps(d, "Attributes"))
                         if a is not None),
        description=t.read_str(d, "Description"), created_at=t.read_time(d, "CreatedTime"),
        modified_at=t.read_time(d, "LastModifiedTime"), raw=t.raw_view(d))


def _fields(stack_id: str, name: str, visibility: AppVisibility | None,
            attributes: Sequence[EntitlementAttribute] | None,
            description: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"StackName": stack_id, "Name": name}
    if visibility is not None:
        out["AppVisibility"] = visibility.value
    if attributes is not None:
        out["Attributes"] = [{"Name": a.name, "Value": a.value} for a in attributes]
    if description is not None:
        out["Description"] = description
    return out


def _describe(stack_id: str, name: str | None = None) -> dict[str, Any]:
    return {"StackName": stack_id, **({"Name": name} if name else {})}


def _of(stack_id: str, name: str) -> dict[str, Any]:
    return {"StackName": stack_id, "Name": name}


def _app(stack_id: str, name: str, application: str) -> dict[str, Any]:
    return {"StackName": stack_id, "EntitlementName": name, "ApplicationIdentifier": application}


def _apps_of(stack_id: str, name: str) -> dict[str, Any]:
    return {"StackName": stack_id, "EntitlementName": name}


def _identifier(d: Mapping[str, Any], region: str) -> str:
    return t.read_str(d, "ApplicationIdentifier") or ""


_USED = "aws.entitlements."
_ONE = answer_in("Entitlement", entitlement)
DESCRIBE = Operation(name="DescribeEntitlements", request=_describe, answer=entitlement,
                     paginator=TokenPaginator(result_key="Entitlements", limit_key="MaxResults",
                                              max_page=MAX_PAGE),
                     used_by=(_USED + "list", _USED + "get"))
CREATE = Operation(name="CreateEntitlement", request=_fields, kind=CallKind.CREATE,
                   answer=_ONE, used_by=(_USED + "create",))
UPDATE = Operation(name="UpdateEntitlement", request=_fields, kind=CallKind.WRITE,
                   answer=_ONE, used_by=(_USED + "update",))
DELETE = Operation(name="DeleteEntitlement", request=_of, kind=CallKind.DELETE,
                   answer=t.nothing, used_by=(_USED + "delete",))
ASSOCIATE = Operation(name="AssociateApplicationToEntitlement", request=_app,
                      kind=CallKind.WRITE, answer=t.nothing,
                      used_by=(_USED + "associate_application",))
DISASSOCIATE = Operation(name="DisassociateApplicationFromEntitlement", request=_app,
                         kind=CallKind.WRITE, answer=t.nothing,
                         used_by=(_USED + "disassociate_application",))
APPLICATIONS = Operation(name="ListEntitledApplications", request=_apps_of,
                         answer=_identifier,
                         paginator=TokenPaginator(result_key="EntitledApplications",
                                                  limit_key="MaxResults", max_page=MAX_PAGE),
                         used_by=(_USED + "list_applications",))

OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    DESCRIBE, CREATE, UPDATE, DELETE, ASSOCIATE, DISASSOCIATE, APPLICATIONS)}


# Input ----------------------------------------------------------------------------------------


def _visibility(value: object) -> AppVisibility:
    try:
        visibility = AppVisibility(value)
    except ValueError:
        visibility = AppVisibility.UNKNOWN
    if visibility is AppVisibility.UNKNOWN:
        raise ValidationError("app_visibility", "must be ALL or ASSOCIATED", value)
    return visibility


def _attributes(value: object) -> tuple[EntitlementAttribute, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValidationError("attributes", "must be a list of EntitlementAttribute", value)
    items = tuple(value)
    if not items:
        raise ValidationError("attributes", "must hold at least one attribute", 0)
    for i, item in enumerate(items):
        if not isinstance(item, EntitlementAttribute):
            raise ValidationError(f"attributes[{i}]", "must be an EntitlementAttribute", item)
    return items


class Entitlements(Area):
    """Entitlements (AWS): which SAML users of a stack see which of its applications."""

    def _entitlements(self, stack_id: str) -> Listing[Entitlement]:
        stack_id = check_name("stack_id", stack_id)
        return self._listing("entitlements", self._context.calls.pages(DESCRIBE, stack_id),
                             stack_id, max_page_size=MAX_PAGE)

    def list(self, stack_id: str) -> Iterator[Entitlement]:
        """The stack's entitlements, fetched page by page as you iterate."""
        return iter(self._entitlements(stack_id))

    def list_page(self, stack_id: str, *, page_size: int | None = None,
                  cursor: str | None = None) -> Page[Entitlement]:
        """One page of :meth:`list`; pass ``next_cursor`` back for the next."""
        return self._entitlements(stack_id).page(page_size, cursor)

    def get(self, stack_id: str, name: str) -> Entitlement:
        """One entitlement of the stack; :class:`~streamkit.NotFound` if there is none."""
        stack_id, name = check_name("stack_id", stack_id), check_name("name", name)
        for found in self._context.calls.pages(DESCRIBE, stack_id, name)(None, None)[0]:
            if found.name == name:
                return found
        raise NotFound(f"entitlement {name} of stack {stack_id} does not exist",
                       provider=Provider.AWS, operation=DESCRIBE.name,
                       code="EntitlementNotFoundException")

    def create(self, stack_id: str, name: str, *, attributes: Sequence[EntitlementAttribute],
               app_visibility: AppVisibility | str = AppVisibility.ALL,
               description: str | None = None) -> Entitlement:
        """Entitle the stack's SAML users carrying any of ``attributes`` to ALL its
        applications, or to those ASSOCIATED (:meth:`associate_application`)."""
        made: Entitlement = self._context.calls.run(
            CREATE, check_name("stack_id", stack_id), check_name("name", name),
            _visibility(app_visibility), _attributes(attributes),
            check_optional_str("description", description, max_len=256))
        return made

    def update(self, stack_id: str, name: str, *,
               attributes: Sequence[EntitlementAttribute] | None = None,
               app_visibility: AppVisibility | str | None = None,
               description: str | None = None) -> Entitlement:
        """Change the given fields; the others stay."""
        updated: Entitlement = self._context.calls.run(
            UPDATE, check_name("stack_id", stack_id), check_name("name", name),
            None if app_visibility is None else _visibility(app_visibility),
            None if attributes is None else _attributes(attributes),
            check_optional_str("description", description, max_len=256))
        return updated

    def delete(self, stack_id: str, name: str) -> None:
        """Delete the entitlement."""
        self._context.calls.run(DELETE, check_name("stack_id", stack_id),
                                check_name("name", name))

    def associate_application(self, stack_id: str, name: str, application: str) -> None:
        """Grant the entitlement's users the application (its name, for Elastic fleets)."""
        self._context.calls.run(ASSOCIATE, check_name("stack_id", stack_id),
                                check_name("name", name),
                                check_str("application", application, max_len=2048))

    def disassociate_application(self, stack_id: str, name: str, application: str) -> None:
        """Take the application from the entitlement."""
        self._context.calls.run(DISASSOCIATE, check_name("stack_id", stack_id),
                                check_name("name", name),
                                check_str("application", application, max_len=2048))

    def _applications(self, stack_id: str, name: str) -> Listing[str]:
        stack_id, name = check_name("stack_id", stack_id), check_name("name", name)
        return self._listing("entitled_applications",
                             self._context.calls.pages(APPLICATIONS, stack_id, name),
                             stack_id, name, max_page_size=MAX_PAGE)

    def list_applications(self, stack_id: str, name: str) -> Iterator[str]:
        """The identifiers of the applications associated with the entitlement."""
        return iter(self._applications(stack_id, name))

    def list_applications_page(self, stack_id: str, name: str, *, page_size: int | None = None,
                               cursor: str | None = None) -> Page[str]:
        """One page of :meth:`list_applications`."""
        return self._applications(stack_id, name).page(page_size, cursor)
