"""The AWS JSON 1.1 protocol as AppStream speaks it: targets, bodies, members, errors.

Request enums come from botocore's AppStream service model (loaded on the first AppStream
request), so the emulator accepts exactly the values the model declares.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection
from typing import Any

from streamkit.testing.aws.errors import ApiError, validation
from streamkit.testing.core.params import ParamReader
from streamkit.testing.core.server import Request, Response, json_too_deep
from streamkit.testing.core.service import ServiceError

__all__ = ["CONTENT_TYPE", "NAME_PATTERN", "TARGET_PREFIX", "Params", "check_members",
           "check_shape", "check_tag_key",
           "error_response", "model_enum", "operation_of", "parse_body", "request_shape",
           "success_response"]

TARGET_PREFIX = "PhotonAdminProxyService."
CONTENT_TYPE = "application/x-amz-json-1.1"
NAME_PATTERN = r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$"
_TAG_KEY = re.compile(r"^(?!aws:)[\w\s.:/=+\-@]*$")
_TAG_VALUE = re.compile(r"^[\w\s.:/=+\-@]*$")


@functools.cache
def _model() -> Any:
    import botocore.session  # the AppStream side of the emulator needs botocore (boto3)

    return botocore.session.get_session().get_service_model("appstream")


@functools.cache
def model_enum(shape: str) -> tuple[str, ...]:
    """The values botocore's AppStream model declares for the string shape ``shape``."""
    return tuple(_model().shape_for(shape).enum)


@functools.cache
def _member_enums(structure: str) -> dict[str, tuple[str, ...]]:
    """Member name -> enum, for the members of ``structure`` (lists: their items) that have one."""
    enums: dict[str, tuple[str, ...]] = {}
    for name, shape in _model().shape_for(structure).members.items():
        target = shape.member if shape.type_name == "list" else shape
        values = getattr(target, "enum", None)
        if values:
            enums[name] = tuple(values)
    return enums


def request_shape(operation: str) -> str:
    """The name of the model's input structure of ``operation``."""
    return str(_model().operation_model(operation).input_shape.name)


def operation_of(request: Request) -> str:
    """The operation named by ``X-Amz-Target`` (``PhotonAdminProxyService.<Op>``)."""
    target = request.headers.get("x-amz-target", "")
    if not target.startswith(TARGET_PREFIX) or len(target) == len(TARGET_PREFIX):
        raise ApiError("UnknownOperationException", f"Unknown operation {target!r}.")
    return target[len(TARGET_PREFIX):]


def parse_body(body: bytes) -> dict[str, Any]:
    """The request's JSON object; an empty body counts as ``{}``."""
    if not body.strip():
        return {}
    if json_too_deep(body):
        raise ApiError("SerializationException", "The request body nests too deeply.")
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise ApiError("SerializationException", f"The request body is not valid JSON: {exc}"
                       ) from exc
    if not isinstance(data, dict):
        raise ApiError("SerializationException", "The request body must be a JSON object.")
    return data


def _constraint(value: Any, member: str, constraint: str) -> ApiError:
    # AWS validation messages name members in lowerCamelCase ("Value null at 'name' ...").
    shown = "null" if value is None else f"'{value}'"
    return validation(f"1 validation error detected: Value {shown} at "
                      f"'{member[:1].lower() + member[1:]}' failed to satisfy constraint: "
                      f"{constraint}")


class Params(ParamReader):
    """The decoded JSON body of one request, read member by member.

    Members are typed JSON (a string where the model says integer is a
    SerializationException); AppStream's ``String`` shape has a minimum length of 1.
    """

    default_min_len = 1
    blank_is_absent = False

    def __init__(self, data: dict[str, Any], shape: str | None = None) -> None:
        """``shape``: the model's structure these members belong to (e.g. the operation's
        ``<Operation>Request``); its enums are checked on every read."""
        self.data = data
        self._enums = _member_enums(shape) if shape is not None else {}

    def text(self, name: str, *, required: bool = False, default: str | None = None,
             min_len: int | None = None, max_len: int | None = None,
             pattern: str | None = None, enum: Collection[str] | None = None) -> str | None:
        return super().text(name, required=required, default=default, min_len=min_len,
                            max_len=max_len, pattern=pattern,
                            enum=enum if enum is not None else self._enums.get(name))

    def strings(self, name: str, *, required: bool = False, min_items: int = 0,
                max_items: int | None = None,
                enum: Collection[str] | None = None) -> list[str] | None:
        return super().strings(name, required=required, min_items=min_items,
                               max_items=max_items,
                               enum=enum if enum is not None else self._enums.get(name))

    def raw(self, name: str) -> object | None:
        return self.data.get(name)

    def raw_list(self, name: str) -> list[object] | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.wrong_type(name, value, "a list")
        return list(value)

    def missing(self, name: str) -> Exception:
        return _constraint(None, name, "Member must not be null")

    def invalid(self, name: str, value: object, rule: str) -> Exception:
        return _constraint(value, name, rule)

    def wrong_type(self, name: str, value: object, expected: str) -> Exception:
        return ApiError("SerializationException", f"Member '{name}' must be {expected}.")

    def to_int(self, name: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong_type(name, value, "an integer")
        return value

    def to_bool(self, name: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.wrong_type(name, value, "a boolean")
        return value

    def name(self, member: str = "Name") -> str:
        """A required member of the model's ``Name`` shape (pattern-checked)."""
        return self.required(member, pattern=NAME_PATTERN)

    def struct(self, member: str) -> dict[str, Any] | None:
        value = self.data.get(member)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.wrong_type(member, value, "a structure")
        return dict(value)

    def tags(self, member: str = "Tags", *, required: bool = False) -> dict[str, str] | None:
        """A ``Tags`` map: 1-50 entries, keys 1-128 chars without ``aws:``, values <= 256."""
        value = self.data.get(member)
        if value is None:
            if required:
                raise self.missing(member)
            return None
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise self.wrong_type(member, value, "a map of strings")
        tags: dict[str, str] = dict(value)
        if not 1 <= len(tags) <= 50:
            raise _constraint(len(tags), member, "Member must have between 1 and 50 entries")
        for key, val in tags.items():
            check_tag_key(key, member)
            if len(val) > 256 or not _TAG_VALUE.fullmatch(val):
                raise _constraint(val, f"{member}.{key}", "Member must have length less than "
                                  "or equal to 256 and satisfy pattern ^([\\p{L}\\p{Z}\\p{N}"
                                  "_.:/=+\\-@]*)$")
        return tags


def check_tag_key(key: str, member: str = "TagKeys") -> None:
    """Tag keys: 1-128 characters, no ``aws:`` prefix (reserved for AWS)."""
    if not 1 <= len(key) <= 128 or not _TAG_KEY.fullmatch(key):
        raise _constraint(key, member, "Member must have length between 1 and 128 and satisfy "
                          "pattern ^(^(?!aws:).[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$")


def success_response(payload: dict[str, Any], request_id: str) -> Response:
    return Response.json(200, payload, {"x-amzn-RequestId": request_id},
                         content_type=CONTENT_TYPE)


def error_response(error: ServiceError, request_id: str) -> Response:
    """``{"__type": code, "message": ...}``: botocore reads the code from ``__type`` only."""
    return Response.json(error.status, {"__type": error.code, "message": error.message},
                         {"x-amzn-RequestId": request_id}, content_type=CONTENT_TYPE)


def check_shape(value: Any, shape: Any, path: str) -> None:
    """``value`` against the model's ``shape``, nested: required members, enums, and the
    min/max of strings (length), lists (items) and integers, as the service checks them.
    (botocore checked the types before sending; a wrong type is a SerializationException.)"""
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        if not isinstance(value, dict):
            raise ApiError("SerializationException", f"Member '{path}' must be a structure.")
        for name in shape.required_members:
            if value.get(name) is None:
                raise _constraint(None, f"{path}.{name}", "Member must not be null")
        for name, member in shape.members.items():
            if value.get(name) is not None:
                check_shape(value[name], member, f"{path}.{name}")
    elif kind == "list":
        if not isinstance(value, list):
            raise ApiError("SerializationException", f"Member '{path}' must be a list.")
        _bounds(len(value), meta, path, "have length")
        for index, item in enumerate(value):
            check_shape(item, shape.member, f"{path}.{index + 1}")
    elif kind == "string":
        if not isinstance(value, str):
            raise ApiError("SerializationException", f"Member '{path}' must be a string.")
        enum = getattr(shape, "enum", None)
        if enum and value not in enum:
            raise _constraint(value, path, f"Member must satisfy enum value set: "
                              f"[{', '.join(enum)}]")
        _bounds(len(value), meta, path, "have length")
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ApiError("SerializationException", f"Member '{path}' must be an integer.")
        _bounds(value, meta, path, "be")
    elif kind == "boolean" and not isinstance(value, bool):
        raise ApiError("SerializationException", f"Member '{path}' must be a boolean.")


def _bounds(size: int, meta: dict[str, Any], path: str, what: str) -> None:
    low, high = meta.get("min"), meta.get("max")
    if (low is not None and size < low) or (high is not None and size > high):
        raise _constraint(size, path, f"Member must {what} between {low} and {high}")


def check_members(data: dict[str, Any], operation: str, members: Collection[str]) -> None:
    """The request's ``members`` (those present) checked against the model's input shape of
    ``operation`` with :func:`check_shape`."""
    shape = _model().operation_model(operation).input_shape
    for name in members:
        if data.get(name) is not None:
            check_shape(data[name], shape.members[name], name)
