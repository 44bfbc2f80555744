"""The AWS JSON 1.1 protocol as AppStream speaks it: targets, bodies, errors, request ids."""

from __future__ import annotations

import json
from typing import Any

from streamkit.testing.aws.errors import ApiError
from streamkit.testing.core.server import Request, Response, json_too_deep

__all__ = ["CONTENT_TYPE", "TARGET_PREFIX", "error_response", "operation_of", "parse_body",
           "success_response"]

TARGET_PREFIX = "PhotonAdminProxyService."
CONTENT_TYPE = "application/x-amz-json-1.1"


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


def _headers(request_id: str) -> dict[str, str]:
    return {"x-amzn-RequestId": request_id}


def success_response(payload: dict[str, Any], request_id: str) -> Response:
    return Response.json(200, payload, _headers(request_id), content_type=CONTENT_TYPE)


def error_response(error: ApiError, request_id: str) -> Response:
    """``{"__type": code, "message": ...}``: botocore reads the code from ``__type`` only."""
    return Response.json(error.status, {"__type": error.code, "message": error.message},
                         _headers(request_id), content_type=CONTENT_TYPE)
