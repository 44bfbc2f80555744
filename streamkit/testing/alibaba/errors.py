"""The service's refusals: gateway-style errors (HTTP 4xx/5xx) and 200 ``Success:false`` answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streamkit.testing.core.service import ServiceError

__all__ = [
    "ApiError",
    "BusinessFailure",
    "group_not_found",
    "invalid",
    "missing",
    "wrong_group_status",
]


class ApiError(ServiceError):
    """A refusal sent as an error body ``{RequestId, HostId, Code, Message, Recommend}``."""


class BusinessFailure(ServiceError):
    """A refusal answered as HTTP 200 with ``Success: false``, ``Code`` and ``Message``."""

    def __init__(self, code: str, message: str, fields: Mapping[str, Any] | None = None) -> None:
        super().__init__(code, message, status=200)
        self.fields: Mapping[str, Any] = dict(fields or {})


def missing(param: str) -> ApiError:
    """A required parameter is absent (``Missing<Param>``, or the ProductType special case)."""
    if param == "ProductType":
        return ApiError("InvalidParameter.ProductType", "The parameter ProductType is missing.")
    return ApiError(f"Missing{param}",
                    f"The input parameter {param} that is mandatory for processing this request "
                    "is not supplied.")


def invalid(param: str, why: str) -> ApiError:
    """A parameter has a value the service refuses (``InvalidParameter.<Param>``)."""
    return ApiError(f"InvalidParameter.{param}", f"The parameter {param} is invalid: {why}")


def group_not_found(group_id: str) -> ApiError:
    """The delivery group does not exist (or no longer does)."""
    return ApiError("InvalidAppInstanceGroup.NotFound",
                    f"The specified delivery group {group_id} does not exist.")


def wrong_group_status(group_id: str, status: str, action: str) -> ApiError:
    """The delivery group's status does not allow ``action`` right now."""
    return ApiError("IncorrectAppInstanceGroupStatus",
                    f"The delivery group {group_id} is {status}; {action} is not allowed "
                    "in this status.")
