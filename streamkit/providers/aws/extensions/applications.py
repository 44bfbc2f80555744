"""``cloud.aws.applications``: the applications users launch on Elastic fleets (how to start
them, their icon, the app block holding them) and which fleets offer them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from streamkit.errors import ValidationError
from streamkit.models import Page, Provider
from streamkit.operations import Operation
from streamkit.paging import Listing, TokenPaginator
from streamkit.providers.aws import translate as t
from streamkit.providers.aws.extensions.shapes import (
    MAX_PAGE,
    DescribedByArn,
    S3Location,
    answer_in,
    arns,
    check_arn,
    read_s3_location,
    read_strings,
    s3_location,
)
from streamkit.providers.aws.operations import named
from streamkit.retry import CallKind
from streamkit.validation import check_name, check_optional_str, check_str, check_tags

__all__ = ["OPERATIONS", "ApplicationFleetAssociation", "Applications", "ElasticApplication"]

_WORD = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
#: UpdateApplication's AttributesToDelete: the parameter an empty string removes
_DELETABLE = {"working_directory": "WORKING_DIRECTORY",
              "launch_parameters": "LAUNCH_PARAMETERS"}


@attrs.frozen(kw_only=True)
class ElasticApplication:
    """An application of Elastic fleets (AppStream's ``Application``).

    Args:
        id: Its name (AppStream's ids are names).
        name: Its name.
        arn: Its ARN, which fleets and entitlements name it by.
        provider: Always AWS.
        region: The region it lives in.
        app_block_arn: The app block holding its files.
        launch_path: The executable it starts.
        launch_parameters: Its arguments, if any.
        working_directory: Where it starts, if set.
        platforms: The platforms it runs on (``WINDOWS_SERVER_2019``...).
        instance_families: The instance families it runs on (``GENERAL_PURPOSE``...).
        icon: Its icon in S3.
        icon_url: Where the icon can be fetched (may expire).
        display_name: Shown to users, if set.
        description: Its description, if set.
        enabled: Whether it can be launched, if the cloud says.
        metadata: More attributes the cloud reports.
        created_at: When it was made.
        raw: The cloud's own payload.
    """

    id: str
    name: str
    arn: str
    provider: Provider
    region: str
    app_block_arn: str | None = None
    launch_path: str | None = None
    launch_parameters: str | None = None
    working_directory: str | None = None
    platforms: tuple[str, ...] = ()
    instance_families: tuple[str, ...] = ()
    icon: S3Location | None = None
    icon_url: str | None = None
    display_name: str | None = None
    description: str | None = None
    enabled: bool | None = None
    metadata: Mapping[str, str] = attrs.field(factory=dict)
    created_at: datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


@attrs.frozen(kw_only=True)
class ApplicationFleetAssociation:
    """An application offered by an Elastic fleet.

    Args:
        fleet_id: The fleet.
        application_arn: The application.
    """

    fleet_id: str
    application_arn: str


# Requests and answers -----------------------------------------------------------------------


def application(d: Mapping[str, Any], region: str) -> ElasticApplication:
    """One Application, tolerantly."""
    name = t.read_str(d, "Name") or ""
    enabled = d.get("Enabled")
    metadata = {str(k): str(v) for k, v in t.read_dict(d.get("Metadata")).items()}
    return ElasticApplication(
        id=name, name=name, arn=t.read_str(d, "Arn") or "", provider=Provider.AWS,
        region=region, app_block_arn=t.read_str(d, "AppBlockArn"),
        launch_path=t.read_str(d, "LaunchPath"),
        launch_parameters=t.read_str(d, "LaunchParameters"),
        working_directory=t.read_str(d, "WorkingDirectory"),
        platforms=read_strings(d, "Platforms"),
        instance_families=read_strings(d, "InstanceFamilies"),
        icon=read_s3_location(d.get("IconS3Location")), icon_url=t.read_str(d, "IconURL"),
        display_name=t.read_str(d, "DisplayName"), description=t.read_str(d, "Description"),
        enabled=enabled if isinstance(enabled, bool) else None,
        metadata=MappingProxyType(metadata), created_at=t.read_time(d, "CreatedTime"),
        raw=t.raw_view(d))


def association(d: Mapping[str, Any], region: str) -> ApplicationFleetAssociation:
    """One ApplicationFleetAssociation."""
    return ApplicationFleetAssociation(fleet_id=t.read_str(d, "FleetName") or "",
                                       application_arn=t.read_str(d, "ApplicationArn") or "")


def _members(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The given fields as the API's members ("" for a deletable field: left out)."""
    names = {"display_name": "DisplayName", "description": "Description",
             "launch_path": "LaunchPath", "working_directory": "WorkingDirectory",
             "launch_parameters": "LaunchParameters", "app_block_arn": "AppBlockArn"}
    out: dict[str, Any] = {names[k]: v for k, v in fields.items()
                           if k in names and v is not None and v != ""}
    if fields.get("icon") is not None:
        out["IconS3Location"] = s3_location(fields["icon"])
    return out


def _create(name: str, fields: Mapping[str, Any], platforms: Sequence[str],
            families: Sequence[str], tags: Mapping[str, str]) -> dict[str, Any]:
    out = {"Name": name, **_members(fields), "Platforms": list(platforms),
           "InstanceFamilies": list(families)}
    return {**out, "Tags": dict(tags)} if tags else out


def _update(name: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    out = {"Name": name, **_members(fields)}
    deletes = [attribute for field, attribute in _DELETABLE.items() if fields.get(field) == ""]
    return {**out, "AttributesToDelete": deletes} if deletes else out


def _fleet_app(application_arn: str, fleet_id: str) -> dict[str, Any]:
    return {"FleetName": fleet_id, "ApplicationArn": application_arn}


def _filter(application_arn: str | None, fleet_id: str | None) -> dict[str, Any]:
    out = {"FleetName": fleet_id, "ApplicationArn": application_arn}
    return {k: v for k, v in out.items() if v is not None}


_USED = "aws.applications."
DESCRIBE = Operation(name="DescribeApplications", request=arns, answer=application,
                     paginator=TokenPaginator(result_key="Applications",
                                              limit_key="MaxResults", max_page=MAX_PAGE),
                     used_by=(_USED + "list", _USED + "get"))
CREATE = Operation(name="CreateApplication", request=_create, kind=CallKind.CREATE,
                   answer=answer_in("Application", application), used_by=(_USED + "create",))
UPDATE = Operation(name="UpdateApplication", request=_update, kind=CallKind.WRITE,
                   answer=answer_in("Application", application), used_by=(_USED + "update",))
DELETE = Operation(name="DeleteApplication", request=named, kind=CallKind.DELETE,
                   answer=t.nothing, used_by=(_USED + "delete",))
ASSOCIATE = Operation(name="AssociateApplicationFleet", request=_fleet_app,
                      kind=CallKind.WRITE, answer=t.nothing,
                      used_by=(_USED + "associate_fleet",))
DISASSOCIATE = Operation(name="DisassociateApplicationFleet", request=_fleet_app,
                         kind=CallKind.WRITE, answer=t.nothing,
                         used_by=(_USED + "disassociate_fleet",))
ASSOCIATIONS = Operation(name="DescribeApplicationFleetAssociations", request=_filter,
                         answer=association,
                         paginator=TokenPaginator(result_key="ApplicationFleetAssociations",
                                                  limit_key="MaxResults", max_page=MAX_PAGE),
                         used_by=(_USED + "list_fleet_associations",))

OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    DESCRIBE, CREATE, UPDATE, DELETE, ASSOCIATE, DISASSOCIATE, ASSOCIATIONS)}


# Input ----------------------------------------------------------------------------------------


def _words(field: str, value: object, *, max_items: int | None = None) -> tuple[str, ...]:
    """Enum values as the API spells them (``WINDOWS_SERVER_2019``), at least one."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValidationError(field, "must be a list of values such as 'WINDOWS_SERVER_2019'",
                              value)
    items = tuple(value)
    if not items or (max_items is not None and len(items) > max_items):
        bound = f"1 to {max_items}" if max_items else "at least 1"
        raise ValidationError(field, f"must hold {bound} value(s)", len(items))
    for i, item in enumerate(items):
        if not isinstance(item, str) or not _WORD.fullmatch(item):
            raise ValidationError(f"{field}[{i}]", "must be upper case letters, digits and "
                                  "'_' (e.g. WINDOWS_SERVER_2019)", item)
    return items


def _icon(value: object) -> S3Location | None:
    if value is None:
        return None
    if not isinstance(value, S3Location) or value.key is None:
        raise ValidationError("icon", "must be an S3Location with a key", value)
    return value


def _fields(display_name: object, description: object, launch_path: object,
            working_directory: object, launch_parameters: object, app_block_arn: object,
            icon: object, *, update: bool) -> dict[str, Any]:
    """The checked fields; on an update "" removes working_directory / launch_parameters."""
    fields: dict[str, Any] = {
        "display_name": check_optional_str("display_name", display_name, max_len=100),
        "description": check_optional_str("description", description, max_len=256),
        "icon": _icon(icon),
    }
    if launch_path is not None:
        fields["launch_path"] = check_str("launch_path", launch_path, max_len=32_768)
    for field, value in (("working_directory", working_directory),
                         ("launch_parameters", launch_parameters)):
        if value is not None:
            fields[field] = check_str(field, value, min_len=0 if update else 1,
                                      max_len=32_768)
    if app_block_arn is not None:
        fields["app_block_arn"] = check_arn("app_block_arn", app_block_arn)
    return fields


class Applications(DescribedByArn[ElasticApplication]):
    """Applications of Elastic fleets (AWS), and which fleets offer them."""

    _describe = DESCRIBE
    _noun = "application"
    _listing_name = "applications"

    def create(self, name: str, app_block_arn: str, *, launch_path: str, icon: S3Location,
               platforms: Sequence[str], instance_families: Sequence[str] = (
                   "GENERAL_PURPOSE",),
               display_name: str | None = None, description: str | None = None,
               working_directory: str | None = None, launch_parameters: str | None = None,
               tags: Mapping[str, str] | None = None) -> ElasticApplication:
        """Create an application in an app block.

        ``platforms``: up to 4, of which Elastic fleets run ``WINDOWS_SERVER_2019``,
        ``AMAZON_LINUX2`` and ``UBUNTU_PRO_2404``; ``instance_families``:
        ``GENERAL_PURPOSE`` and/or ``GRAPHICS_G4``.
        """
        if launch_path is None:
            raise ValidationError("launch_path", "is required", None)
        if icon is None:
            raise ValidationError("icon", "is required", None)
        fields = _fields(display_name, description, launch_path, working_directory,
                         launch_parameters, check_arn("app_block_arn", app_block_arn), icon,
                         update=False)
        made: ElasticApplication = self._context.calls.run(
            CREATE, check_name("name", name), fields,
            _words("platforms", platforms, max_items=4),
            _words("instance_families", instance_families),
            check_tags("tags", {} if tags is None else tags))
        return made

    def update(self, name: str, *, display_name: str | None = None,
               description: str | None = None, launch_path: str | None = None,
               working_directory: str | None = None, launch_parameters: str | None = None,
               app_block_arn: str | None = None, icon: S3Location | None = None
               ) -> ElasticApplication:
        """Change the given fields; the others stay. ``""`` removes ``working_directory``
        or ``launch_parameters``."""
        fields = _fields(display_name, description, launch_path, working_directory,
                         launch_parameters, app_block_arn, icon, update=True)
        updated: ElasticApplication = self._context.calls.run(UPDATE, check_name("name", name),
                                                              fields)
        return updated

    def delete(self, name: str) -> None:
        """Delete an application no fleet offers."""
        self._context.calls.run(DELETE, check_name("name", name))

    def associate_fleet(self, application_arn: str, fleet_id: str) -> None:
        """Offer the application on an Elastic fleet whose platform it supports."""
        self._context.calls.run(ASSOCIATE, check_arn("application_arn", application_arn),
                                check_name("fleet_id", fleet_id))

    def disassociate_fleet(self, application_arn: str, fleet_id: str) -> None:
        """Stop offering the application on the fleet."""
        self._context.calls.run(DISASSOCIATE, check_arn("application_arn", application_arn),
                                check_name("fleet_id", fleet_id))

    def _associations(self, application_arn: str | None, fleet_id: str | None
                      ) -> Listing[ApplicationFleetAssociation]:
        if application_arn is None and fleet_id is None:
            raise ValidationError("application_arn", "or fleet_id must be given", None)
        arn = None if application_arn is None else check_arn("application_arn",
                                                             application_arn)
        fleet = None if fleet_id is None else check_name("fleet_id", fleet_id)
        return self._listing("application_fleets",
                             self._context.calls.pages(ASSOCIATIONS, arn, fleet),
                             arn or "*", fleet or "*", max_page_size=MAX_PAGE)

    def list_fleet_associations(self, *, application_arn: str | None = None,
                                fleet_id: str | None = None
                                ) -> Iterator[ApplicationFleetAssociation]:
        """The application's fleets, or the fleet's applications (one of the two, or both)."""
        return iter(self._associations(application_arn, fleet_id))

    def list_fleet_associations_page(self, *, application_arn: str | None = None,
                                     fleet_id: str | None = None, page_size: int | None = None,
                                     cursor: str | None = None
                                     ) -> Page[ApplicationFleetAssociation]:
        """One page of :meth:`list_fleet_associations`."""
        return self._associations(application_arn, fleet_id).page(page_size, cursor)
