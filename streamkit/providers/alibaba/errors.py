"""Alibaba error codes, Tea SDK exceptions and 200 ``Success:false`` bodies, translated once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streamkit import errors as e
from streamkit.models import Provider

#: every code in the reference, to exactly one class (exact codes win over the families below)
ERROR_CODES: dict[str, type[e.ProviderError]] = {
    # not found
    "InvalidAppInstanceGroup.NotFound": e.NotFound,
    "InvalidAppInstanceGroupSpecItem.NotFound": e.NotFound,
    "InvalidBrowserInstanceGroup.NotFound": e.NotFound,
    "WuyingServerError.NotFound": e.NotFound,
    "InvalidBindStrategy.NotFound": e.NotFound,
    "InvalidAppInstance.NotFound": e.NotFound,
    # authentication and permission
    "InvalidAccessKeyId.NotFound": e.PermissionDenied,
    "InvalidAccessKeyId.Inactive": e.PermissionDenied,
    "SignatureDoesNotMatch": e.PermissionDenied,
    "IncompleteSignature": e.PermissionDenied,
    "InvalidSignatureMethod": e.PermissionDenied,
    "MissingAuthorization": e.PermissionDenied,
    "InvalidTimeStamp.Format": e.PermissionDenied,
    "InvalidTimeStamp.Expired": e.PermissionDenied,
    "SignatureNonceUsed": e.PermissionDenied,
    "InvalidSecurityToken.Expired": e.PermissionDenied,
    "InvalidSecurityToken.Malformed": e.PermissionDenied,
    "MissingSecurityToken": e.PermissionDenied,
    "Forbidden": e.PermissionDenied,
    "Forbidden.RAM": e.PermissionDenied,
    "Forbidden.RiskControl": e.PermissionDenied,
    "Forbidden.UserVerification": e.PermissionDenied,
    "Forbidden.AccessKeyDisabled": e.PermissionDenied,
    "TryBind.NoCandidateAppInstanceGroup": e.PermissionDenied,
    # throttling and server trouble
    "Throttling": e.Throttled,
    "Throttling.User": e.Throttled,
    "Throttling.Api": e.Throttled,
    "InternalError": e.ServiceUnavailable,
    "ServiceUnavailable": e.ServiceUnavailable,
    # lock contention while binding: retried with the longer backoff
    "TryRegionBind.TicketIsNull": e.ConcurrentModification,
    "TryRegionBind.BindExistingAppInstanceFail": e.ConcurrentModification,
    "TryBind.AppRegionBindLockFailed": e.ConcurrentModification,
    "RegionUnBind.Fail": e.ConcurrentModification,
    # capacity and quotas
    "TryRegionBind.NoCandidateAppInstance": e.QuotaExceeded,
    "TryRegionBind.NoIdleAppInstance": e.QuotaExceeded,
    "ResourceTag.CustomTagCountExceed": e.QuotaExceeded,
    # bad requests
    "MissingParameter": e.InvalidRequest,
    "InvalidParameter": e.InvalidRequest,
    "InvalidParameter.Format": e.InvalidRequest,
    "InvalidApi.NotFound": e.InvalidRequest,
    "UnsupportedOperation": e.InvalidRequest,
    "NoSuchVersion": e.InvalidRequest,
    "UnsupportedHTTPMethod": e.InvalidRequest,
    "InvalidParameter.ProductType": e.InvalidRequest,
    "InvalidParameter.AppInstanceGroupId": e.InvalidRequest,
    "InvalidParameter.PageNumber": e.InvalidRequest,
    "InvalidParameter.PageSize": e.InvalidRequest,
    "InvalidParameter.UserId": e.InvalidRequest,
    "InvalidParameter.ValueInvalid": e.InvalidRequest,
    "InvalidAmount.UnIncrease": e.InvalidRequest,
    "InvalidAppVersion.Missing": e.InvalidRequest,
    "InvalidBindStage.Missing": e.InvalidRequest,
    "InvalidSpecId.Missing": e.InvalidRequest,
    "InvalidRegion.NotMatch": e.InvalidRequest,
    "TryBind.NoSupportedApp": e.InvalidRequest,
    "TryBind.NoBindContext": e.InvalidRequest,
    "InvalidResourceType.Invalid": e.InvalidRequest,
    "InvalidTag.Duplicated": e.InvalidRequest,
    "InvalidTag.SystemTagKeyInvalid": e.InvalidRequest,
    "InvalidTag.SystemKeyNotAllow": e.InvalidRequest,
    "InvalidTagPolicy.KeyInvalid": e.InvalidRequest,
    "InvalidTagPolicy.ValueInvalid": e.InvalidRequest,
    "InvalidParameter.TagKeyListOrAll": e.InvalidRequest,
    # a resource in a state that refuses the change
    "IncorrectAppInstanceStatus": e.Conflict,
}

#: code families (prefix or suffix), for the many codes the API spells per parameter
FAMILIES: tuple[tuple[str, str, type[e.ProviderError]], ...] = (
    ("prefix", "Throttling", e.Throttled),
    ("prefix", "Forbidden", e.PermissionDenied),
    ("prefix", "InvalidAccessKeyId", e.PermissionDenied),
    ("prefix", "InvalidSecurityToken", e.PermissionDenied),
    ("suffix", ".NotFound", e.NotFound),
    ("suffix", "CountExceed", e.QuotaExceeded),
    # a resource whose status refuses the action (IncorrectInstanceStatus and kin)
    ("prefix", "Incorrect", e.Conflict),
    ("prefix", "Missing", e.InvalidRequest),
    ("prefix", "Invalid", e.InvalidRequest),
)


def error_class(code: str, status: int | None) -> type[e.ProviderError]:
    cls = ERROR_CODES.get(code)
    if cls is not None:
        return cls
    for where, part, family in FAMILIES:
        if (code.startswith(part) if where == "prefix" else code.endswith(part)):
            return family
    if status is not None and status >= 500:
        return e.ServiceUnavailable
    if status == 403:
        return e.PermissionDenied
    return e.ProviderError


def _text(value: Any) -> str | None:
    # the SDK turns missing values into the string 'None'
    return value if isinstance(value, str) and value and value != "None" else None


def from_tea_error(exc: Any, operation: str) -> e.ProviderError:
    """An ``AlibabaCloudException`` (Client/Server/Throttling) as the streamkit error."""
    data = exc.data if isinstance(getattr(exc, "data", None), Mapping) else {}
    status = getattr(exc, "status_code", None)
    status = status if isinstance(status, int) else None
    code = _text(data.get("Code")) or _text(getattr(exc, "code", None)) or str(status or "Unknown")
    if getattr(exc, "name", "") == "ThrottlingException":
        cls: type[e.ProviderError] = e.Throttled
    else:
        cls = error_class(code, status)
    retry_after = getattr(exc, "retry_after", None)
    return cls(_text(data.get("Message")) or code, provider=Provider.ALIBABA, operation=operation,
               code=code, request_id=_text(data.get("RequestId")), http_status=status,
               retry_after=retry_after / 1000 if isinstance(retry_after, int) else None,
               maybe_applied=cls is e.ServiceUnavailable)


def from_transport_error(exc: BaseException, operation: str) -> e.ProviderError:
    """A connection failure (the SDK's ``UnretryableException`` around a ``RetryError``)."""
    inner = getattr(exc, "inner_exception", None) or exc
    text = str(getattr(inner, "message", "") or inner)
    if text.startswith("Failed to parse") or isinstance(inner, AttributeError):
        # a 2xx body that is not a JSON object: the server answered (and may have acted)
        return e.ServiceUnavailable("the answer could not be read", provider=Provider.ALIBABA,
                                    operation=operation, code="MalformedResponse",
                                    maybe_applied=True)
    never_sent = any(s in text for s in ("Connection refused", "NewConnectionError",
                                         "Failed to establish", "ConnectTimeout",
                                         "Name or service not known"))
    kind = "could not connect" if never_sent else "the connection failed after sending"
    return e.ServiceUnavailable(kind, provider=Provider.ALIBABA, operation=operation,
                                code="ConnectionError", maybe_applied=not never_sent)


def from_body(body: Mapping[str, Any], operation: str,
              status: int | None) -> e.ProviderError | None:
    """The error a 200 answer carries (``Success: false`` or an error ``Code``), if any."""
    if "TaskStatus" in body:
        return None  # a task's own outcome (a Failed ticket task's Code): the poller reads it
    code = _text(body.get("Code"))
    success = body.get("Success")
    if success is not False and (code is None or code in OK_CODES):
        return None
    code = code or "Unknown"
    cls = error_class(code, None)
    return cls(_text(body.get("Message")) or code, provider=Provider.ALIBABA, operation=operation,
               code=code, request_id=_text(body.get("RequestId")), http_status=status)


OK_CODES = frozenset({"200", "OK", "Ok", "ok", "Success", "success", "SUCCESS"})
