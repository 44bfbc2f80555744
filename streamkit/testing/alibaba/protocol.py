"""Alibaba RPC wire format: reading parameters, writing success and error bodies.

Parameters arrive split between the query string and a form body (which half is fixed per
operation by the SDK), so both are merged before an operation reads them. Lists come flattened
(``Status.1=..``, ``Tag.1.Key=..``); object parameters come as one JSON string; top-level
booleans are Python's ``True``/``False``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Collection, Iterable, Mapping
from typing import Any, Final
from urllib.parse import parse_qsl

from streamkit.testing.alibaba.errors import ApiError, BusinessFailure, invalid, missing
from streamkit.testing.core.params import ParamReader
from streamkit.testing.core.server import Response
from streamkit.testing.core.service import ServiceError

__all__ = [
    "DEFAULT_HOST_ID",
    "JsonFields",
    "Params",
    "error_response",
    "new_request_id",
    "parse_pairs",
    "success_response",
]

DEFAULT_HOST_ID: Final = "appstream-center.cn-shanghai.aliyuncs.com"
_CONTENT_TYPE: Final = "application/json;charset=utf-8"
_INDEXED: Final = re.compile(r"^(?P<name>[^.]+)\.(?P<index>\d+)(?:\.(?P<field>.+))?$")
_TRUE: Final = frozenset({"true", "1"})
_FALSE: Final = frozenset({"false", "0"})


def new_request_id() -> str:
    """A request id shaped like the service's (upper-case UUID)."""
    return str(uuid.uuid4()).upper()


def parse_pairs(encoded: str) -> list[tuple[str, str]]:
    """Decode a query string or form body (``+`` is a space), keeping empty values."""
    try:
        return parse_qsl(encoded, keep_blank_values=True, strict_parsing=False,
                         encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ApiError("InvalidParameter.Format", "The request is not valid UTF-8.") from exc


def _parse_bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise invalid(name, f"expected true or false, got {raw!r}")


def _parse_int(name: str, raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        pass
    try:
        number = float(raw.strip())
    except ValueError:
        raise invalid(name, f"expected an integer, got {raw!r}") from None
    if not number.is_integer():
        raise invalid(name, f"expected an integer, got {raw!r}")
    return int(number)


def _check_range(name: str, value: int, minimum: int | None, maximum: int | None) -> int:
    if minimum is not None and value < minimum:
        raise invalid(name, f"must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise invalid(name, f"must be <= {maximum}, got {value}")
    return value


class Params(ParamReader):
    """The request's parameters (query and form body merged), read with type checks."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._values: dict[str, str] = dict(pairs)

    def raw(self, name: str) -> object | None:
        return self._values.get(name)

    def raw_list(self, name: str) -> list[object] | None:
        """A flattened list ``Name.1``, ``Name.2``, ... in index order."""
        found: dict[int, str] = {}
        for key, value in self._values.items():
            match = _INDEXED.match(key)
            if match and match["name"] == name and match["field"] is None:
                found[int(match["index"])] = value
        return [found[index] for index in sorted(found)] or None

    def missing(self, name: str) -> Exception:
        return missing(name)

    def invalid(self, name: str, value: object, rule: str) -> Exception:
        return invalid(name, f"{rule}, got {value!r}")

    def strings(self, name: str, *, required: bool = False, min_items: int = 0,
                max_items: int | None = None,
                enum: Collection[str] | None = None) -> list[str]:
        """A flattened list (``[]`` when absent)."""
        return super().strings(name, required=required, min_items=min_items,
                               max_items=max_items, enum=enum) or []

    def choice(self, name: str, allowed: Iterable[str], *, required: bool = False,
               default: str | None = None) -> str | None:
        """A value that must be one of ``allowed`` (exact case, as the service wants)."""
        return self.text(name, required=required, default=default, enum=tuple(allowed))

    def records(self, name: str) -> list[dict[str, str]]:
        """A flattened list of objects ``Name.1.Key``, ``Name.1.Value``, ... in index order."""
        found: dict[int, dict[str, str]] = {}
        for key, value in self._values.items():
            match = _INDEXED.match(key)
            if match and match["name"] == name and match["field"] is not None:
                found.setdefault(int(match["index"]), {})[match["field"]] = value
        return [found[index] for index in sorted(found)]

    def json_object(self, name: str, *, required: bool = False) -> JsonFields | None:
        """An object parameter sent as one JSON string."""
        raw = self.text(name, required=required)
        if raw is None:
            return None
        try:
            value = json.loads(raw)
        except ValueError:
            raise invalid(name, "expected a JSON object") from None
        if not isinstance(value, dict):
            raise invalid(name, "expected a JSON object")
        return JsonFields(name, value)

    def product_type(self, *, required: bool = True) -> str | None:
        """``ProductType``; only ``CloudApp`` is simulated."""
        value = self.text("ProductType", required=required)
        if value is not None and value != "CloudApp":
            raise ApiError("InvalidParameter.ProductType",
                           f"The parameter ProductType is invalid: {value!r} is not supported "
                           "by this operation (expected CloudApp).")
        return value


class JsonFields:
    """Typed reads from one JSON-object parameter (``NodePool``, ``RuntimePolicy``, ...)."""

    def __init__(self, param: str, value: Mapping[str, Any]) -> None:
        self.param = param
        self._value: Mapping[str, Any] = value

    def _name(self, key: str) -> str:
        return f"{self.param}.{key}"

    def text(self, key: str, default: str | None = None) -> str | None:
        """A string field; numbers are accepted and turned into text."""
        value = self._value.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise invalid(self._name(key), f"expected a string, got {value!r}")
        return str(value)

    def choice(self, key: str, allowed: Iterable[str], default: str | None = None) -> str | None:
        """A string field that must be one of ``allowed``."""
        value = self.text(key)
        if value is None or value == "":
            return default
        options = tuple(allowed)
        if value not in options:
            raise invalid(self._name(key), f"expected one of {', '.join(options)}, got {value!r}")
        return value

    def integer(self, key: str, *, default: int | None = None, minimum: int | None = None,
                maximum: int | None = None) -> int | None:
        """An integer field (JSON number, or a numeric string), range-checked."""
        value = self._value.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            raise invalid(self._name(key), f"expected an integer, got {value!r}")
        if isinstance(value, str):
            number = _parse_int(self._name(key), value)
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            raise invalid(self._name(key), f"expected an integer, got {value!r}")
        return _check_range(self._name(key), number, minimum, maximum)

    def boolean(self, key: str, default: bool | None = None) -> bool | None:
        """A boolean field (JSON boolean, or ``"true"``/``"false"`` in any case)."""
        value = self._value.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            return _parse_bool(self._name(key), value)
        raise invalid(self._name(key), f"expected true or false, got {value!r}")

    def objects(self, key: str) -> list[JsonFields]:
        """A list of objects (an unset list arrives as ``[]``)."""
        value = self._value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise invalid(self._name(key), "expected a list")
        items: list[JsonFields] = []
        for item in value:
            if not isinstance(item, dict):
                raise invalid(self._name(key), "expected a list of objects")
            items.append(JsonFields(self._name(key), item))
        return items

    def integers(self, key: str) -> list[int]:
        """A list of integers."""
        value = self._value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise invalid(self._name(key), "expected a list")
        result: list[int] = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int):
                raise invalid(self._name(key), "expected a list of integers")
            result.append(item)
        return result

    def raw(self) -> dict[str, Any]:
        """A plain copy of the object, for echoing back."""
        return dict(self._value)


def success_response(request_id: str, body: Mapping[str, Any]) -> Response:
    """HTTP 200 with a flat JSON body that always carries ``RequestId``."""
    return Response.json(200, {"RequestId": request_id, **body},
                         headers={"x-acs-request-id": request_id}, content_type=_CONTENT_TYPE)


def error_response(error: ServiceError, request_id: str, host_id: str) -> Response:
    """The gateway's error body with the error's real HTTP status; a business failure is a
    200 answer with ``Success: false``."""
    if isinstance(error, BusinessFailure):
        return success_response(request_id, {**error.fields, "Success": False,
                                             "Code": error.code, "Message": error.message})
    payload = {
        "RequestId": request_id,
        "HostId": host_id,
        "Code": error.code,
        "Message": error.message,
        "Recommend": (f"https://api.aliyun.com/troubleshoot?q={error.code}"
                      f"&product=appstream-center&requestId={request_id}"),
    }
    headers = {"x-acs-request-id": request_id, **error.headers}
    return Response.json(error.status, payload, headers=headers, content_type=_CONTENT_TYPE)
