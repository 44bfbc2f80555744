"""``cloud.aws.app_blocks``: app blocks, the disks (in S3) that Elastic fleets mount their
applications from, with the script that mounts them."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from streamkit.errors import ValidationError
from streamkit.models import Provider, ResourceError
from streamkit.operations import Operation
from streamkit.paging import TokenPaginator
from streamkit.providers.aws import translate as t
from streamkit.providers.aws.extensions.shapes import (
    MAX_PAGE,
    DescribedByArn,
    S3Location,
    answer_in,
    arns,
    read_s3_location,
    s3_location,
)
from streamkit.providers.aws.operations import named
from streamkit.retry import CallKind
from streamkit.validation import (
    check_int,
    check_name,
    check_optional_str,
    check_str,
    check_tags,
)

__all__ = ["OPERATIONS", "AppBlock", "AppBlockState", "AppBlocks", "PackagingType",
           "ScriptDetails"]


def _script_location(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, S3Location) or value.key is None:
        raise ValidationError(attribute.name, "must be an S3Location with a key", value)


@attrs.frozen(kw_only=True)
class ScriptDetails:
    """A script an app block runs: where it is, how to run it, how long it may take.

    Args:
        script: The script in S3 (with its key).
        executable_path: What runs it, e.g. ``C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\
            powershell.exe``.
        timeout_seconds: How long it may run.
        executable_parameters: Its command line arguments.
    """

    script: S3Location = attrs.field(validator=_script_location)
    executable_path: str = attrs.field(validator=lambda _i, a, v: check_str(a.name, v))
    timeout_seconds: int = attrs.field(validator=lambda _i, a, v: check_int(a.name, v,
                                                                            minimum=1))
    executable_parameters: str | None = attrs.field(
        default=None, validator=lambda _i, a, v: check_optional_str(a.name, v, max_len=32_768))


class PackagingType(str, enum.Enum):
    """How an app block was packaged: CUSTOM (your VHD and setup script) or APPSTREAM2
    (packaged on an app block builder)."""

    CUSTOM = "CUSTOM"
    APPSTREAM2 = "APPSTREAM2"
    UNKNOWN = "UNKNOWN"


class AppBlockState(str, enum.Enum):
    """An app block's state: an APPSTREAM2 app block is INACTIVE until an app block builder
    made its package; CUSTOM ones are always ACTIVE."""

    INACTIVE = "INACTIVE"
    ACTIVE = "ACTIVE"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class AppBlock:
    """An app block.

    Args:
        id: Its name (AppStream's ids are names).
        name: Its name.
        arn: Its ARN, which applications and app block builders name it by.
        provider: Always AWS.
        region: The region it lives in.
        state: ACTIVE, INACTIVE, or UNKNOWN (the cloud's value in ``raw_state``).
        raw_state: The cloud's state string.
        packaging_type: CUSTOM or APPSTREAM2 (UNKNOWN: see ``raw``).
        source: Where its disk (VHD) is, if it has one.
        setup_script: The script that mounts it (CUSTOM).
        post_setup_script: The script run after setup (APPSTREAM2).
        display_name: Its display name, if set.
        description: Its description, if set.
        created_at: When it was made.
        errors: Why it cannot be used, if it cannot.
        raw: The cloud's own payload.
    """

    id: str
    name: str
    arn: str
    provider: Provider
    region: str
    state: AppBlockState
    raw_state: str = ""
    packaging_type: PackagingType = PackagingType.UNKNOWN
    source: S3Location | None = None
    setup_script: ScriptDetails | None = None
    post_setup_script: ScriptDetails | None = None
    display_name: str | None = None
    description: str | None = None
    created_at: datetime | None = None
    errors: tuple[ResourceError, ...] = ()
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


# Requests and answers -----------------------------------------------------------------------


def _script(script: ScriptDetails) -> dict[str, Any]:
    out: dict[str, Any] = {"ScriptS3Location": s3_location(script.script),
                           "ExecutablePath": script.executable_path,
                           "TimeoutInSeconds": script.timeout_seconds}
    if script.executable_parameters is not None:
        out["ExecutableParameters"] = script.executable_parameters
    return out


def _read_script(value: Any) -> ScriptDetails | None:
    d = t.read_dict(value)
    location = read_s3_location(d.get("ScriptS3Location"))
    path, timeout = t.read_str(d, "ExecutablePath"), t.read_int(d, "TimeoutInSeconds")
    if location is None or location.key is None or path is None or timeout is None:
        return None
    try:
        return ScriptDetails(script=location, executable_path=path, timeout_seconds=timeout,
                             executable_parameters=t.read_str(d, "ExecutableParameters"))
    except ValidationError:
        return None


def app_block(d: Mapping[str, Any], region: str) -> AppBlock:
    """One AppBlock, tolerantly."""
    name = t.read_str(d, "Name") or ""
    raw_state = t.read_state(d.get("State"))
    packaging = t.read_state(d.get("PackagingType"))
    return AppBlock(
        id=name, name=name, arn=t.read_str(d, "Arn") or "", provider=Provider.AWS,
        region=region,
        state=AppBlockState.__members__.get(raw_state, AppBlockState.UNKNOWN),
        raw_state=raw_state,
        packaging_type=PackagingType.__members__.get(packaging, PackagingType.UNKNOWN),
        source=read_s3_location(d.get("SourceS3Location")),
        setup_script=_read_script(d.get("SetupScriptDetails")),
        post_setup_script=_read_script(d.get("PostSetupScriptDetails")),
        display_name=t.read_str(d, "DisplayName"), description=t.read_str(d, "Description"),
        created_at=t.read_time(d, "CreatedTime"), errors=t.read_errors(d, "AppBlockErrors"),
        raw=t.raw_view(d))


def _create(name: str, source: S3Location, packaging: PackagingType,
            setup: ScriptDetails | None, post_setup: ScriptDetails | None,
            display_name: str | None, description: str | None,
            tags: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"Name": name, "SourceS3Location": s3_location(source),
                           "PackagingType": packaging.value}
    if setup is not None:
        out["SetupScriptDetails"] = _script(setup)
    if post_setup is not None:
        out["PostSetupScriptDetails"] = _script(post_setup)
    for member, value in (("DisplayName", display_name), ("Description", description)):
        if value is not None:
            out[member] = value
    if tags:
        out["Tags"] = dict(tags)
    return out


DESCRIBE = Operation(name="DescribeAppBlocks", request=arns, answer=app_block,
                     paginator=TokenPaginator(result_key="AppBlocks", limit_key="MaxResults",
                                              max_page=MAX_PAGE),
                     used_by=("aws.app_blocks.list", "aws.app_blocks.get"))
CREATE = Operation(name="CreateAppBlock", request=_create, kind=CallKind.CREATE,
                   answer=answer_in("AppBlock", app_block), used_by=("aws.app_blocks.create",))
DELETE = Operation(name="DeleteAppBlock", request=named, kind=CallKind.DELETE,
                   answer=t.nothing, used_by=("aws.app_blocks.delete",))

OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (DESCRIBE, CREATE, DELETE)}


def _optional(field: str, value: object, kind: type) -> Any:
    if value is not None and not isinstance(value, kind):
        raise ValidationError(field, f"must be a {kind.__name__}", value)
    return value


class AppBlocks(DescribedByArn[AppBlock]):
    """App blocks (AWS): the application disks Elastic fleets mount."""

    _describe = DESCRIBE
    _noun = "app block"
    _listing_name = "app_blocks"

    def create(self, name: str, source: S3Location, *,
               packaging_type: PackagingType | str = PackagingType.CUSTOM,
               setup_script: ScriptDetails | None = None,
               post_setup_script: ScriptDetails | None = None,
               display_name: str | None = None, description: str | None = None,
               tags: Mapping[str, str] | None = None) -> AppBlock:
        """Create an app block.

        CUSTOM: ``source`` is your VHD (with its key) and ``setup_script`` mounts it; the
        block is ACTIVE at once. APPSTREAM2: package it on an app block builder (``source``
        is where the package goes; a key names an existing package); it may take a
        ``post_setup_script``, never a ``setup_script``.
        """
        name = check_name("name", name)
        source = _optional("source", source, S3Location)
        if source is None:
            raise ValidationError("source", "must be an S3Location", source)
        packaging = _packaging(packaging_type)
        _optional("setup_script", setup_script, ScriptDetails)
        _optional("post_setup_script", post_setup_script, ScriptDetails)
        if packaging is PackagingType.CUSTOM:
            if setup_script is None:
                raise ValidationError("setup_script", "is required for a CUSTOM app block",
                                      None)
            if post_setup_script is not None:
                raise ValidationError("post_setup_script", "is only for APPSTREAM2 app "
                                      "blocks", "given")
            if source.key is None:
                raise ValidationError("source", "must name the VHD's key for a CUSTOM app "
                                      "block", source.bucket)
        elif setup_script is not None:
            raise ValidationError("setup_script", "is only for CUSTOM app blocks", "given")
        block: AppBlock = self._context.calls.run(
            CREATE, name, source, packaging, setup_script, post_setup_script,
            check_optional_str("display_name", display_name, max_len=100),
            check_optional_str("description", description, max_len=256),
            check_tags("tags", {} if tags is None else tags))
        return block

    def delete(self, name: str) -> None:
        """Delete an app block no application uses."""
        self._context.calls.run(DELETE, check_name("name", name))


def _packaging(value: object) -> PackagingType:
    try:
        packaging = PackagingType(value)
    except ValueError:
        packaging = PackagingType.UNKNOWN
    if packaging is PackagingType.UNKNOWN:
        raise ValidationError("packaging_type", "must be CUSTOM or APPSTREAM2", value)
    return packaging
