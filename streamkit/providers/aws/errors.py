"""AWS error codes and botocore exceptions, translated once, to streamkit's classes."""

from __future__ import annotations

from typing import Any

from streamkit import errors as e
from streamkit.models import Provider

#: every AWS code in the reference, to exactly one class; unlisted codes raise ProviderError
ERROR_CODES: dict[str, type[e.ProviderError]] = {
    "ResourceNotFoundException": e.NotFound,
    "EntitlementNotFoundException": e.NotFound,
    "ResourceAlreadyExistsException": e.AlreadyExists,
    "EntitlementAlreadyExistsException": e.AlreadyExists,
    "ResourceInUseException": e.Conflict,
    "ResourceNotAvailableException": e.Conflict,
    "ConcurrentModificationException": e.ConcurrentModification,
    "OperationNotPermittedException": e.PermissionDenied,
    "InvalidRoleException": e.PermissionDenied,
    "InvalidAccountStatusException": e.PermissionDenied,
    "AccessDeniedException": e.PermissionDenied,
    "UnrecognizedClientException": e.PermissionDenied,
    "InvalidSignatureException": e.PermissionDenied,
    "ExpiredTokenException": e.PermissionDenied,
    "MissingAuthenticationTokenException": e.PermissionDenied,
    "IncompleteSignature": e.PermissionDenied,
    "IncompleteSignatureException": e.PermissionDenied,
    "InvalidClientTokenId": e.PermissionDenied,
    "LimitExceededException": e.QuotaExceeded,
    "InvalidParameterCombinationException": e.InvalidRequest,
    "IncompatibleImageException": e.InvalidRequest,
    "ValidationException": e.InvalidRequest,
    "InvalidParameterValueException": e.InvalidRequest,
    "SerializationException": e.InvalidRequest,
    "UnknownOperationException": e.InvalidRequest,
    "DryRunOperationException": e.InvalidRequest,
    "RequestLimitExceededException": e.Throttled,
    "ThrottlingException": e.Throttled,
    "Throttling": e.Throttled,
    "ThrottledException": e.Throttled,
    "RequestThrottledException": e.Throttled,
    "TooManyRequestsException": e.Throttled,
    "RequestLimitExceeded": e.Throttled,
    "RequestThrottled": e.Throttled,
    "SlowDown": e.Throttled,
    "BandwidthLimitExceeded": e.Throttled,
    "ProvisionedThroughputExceededException": e.Throttled,
    "EC2ThrottledException": e.Throttled,
    "InternalFailure": e.ServiceUnavailable,
    "InternalServerError": e.ServiceUnavailable,
    "ServiceUnavailable": e.ServiceUnavailable,
    "ServiceUnavailableException": e.ServiceUnavailable,
    "RequestTimeout": e.ServiceUnavailable,
    "RequestTimeoutException": e.ServiceUnavailable,
    "PriorRequestNotComplete": e.ServiceUnavailable,
    # EC2 (fast launch): query protocol, generic EC2 codes
    "InvalidAMIID.NotFound": e.NotFound,
    "InvalidAMIID.Malformed": e.InvalidRequest,
    "InvalidAMIID.Unavailable": e.InvalidRequest,
    "InvalidParameterValue": e.InvalidRequest,
    "InvalidParameterCombination": e.InvalidRequest,
    "InvalidParameter": e.InvalidRequest,
    "MissingParameter": e.InvalidRequest,
    "InvalidPaginationToken": e.InvalidRequest,
    "InvalidAction": e.InvalidRequest,
    "DryRunOperation": e.InvalidRequest,
    "Unsupported": e.InvalidRequest,
    "UnsupportedOperation": e.InvalidRequest,
    "IncorrectState": e.Conflict,
    "InvalidState": e.Conflict,
    "UnauthorizedOperation": e.PermissionDenied,
    "AuthFailure": e.PermissionDenied,
    "SignatureDoesNotMatch": e.PermissionDenied,
    "MissingAuthenticationToken": e.PermissionDenied,
}

NO_CREDENTIALS = (
    "no usable AWS credentials found (tried AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
    "AWS_PROFILE and ~/.aws/credentials, ~/.aws/config, SSO, container and EC2 instance "
    "credentials): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run 'aws configure', or "
    "pass credentials=streamkit.Credentials(...)")

#: when the body names no code, botocore uses the HTTP status as the code
STATUS_CLASSES: dict[int, type[e.ProviderError]] = {
    403: e.PermissionDenied,
    404: e.NotFound,
    429: e.Throttled,
}


def from_client_error(exc: Any, operation: str) -> e.ProviderError:
    """A botocore ``ClientError`` as the streamkit error for its code."""
    response = getattr(exc, "response", {}) or {}
    error = response.get("Error") or {}
    meta = response.get("ResponseMetadata") or {}
    code = str(error.get("Code") or "Unknown")
    status = meta.get("HTTPStatusCode")
    status = status if isinstance(status, int) else None
    cls = ERROR_CODES.get(code)
    if cls is None and status is not None:
        cls = STATUS_CLASSES.get(status) or (e.ServiceUnavailable if status >= 500 else None)
    cls = cls or e.ProviderError
    # a 5xx may come after the server acted: creates must look before they resend
    applied = cls is e.ServiceUnavailable
    return cls(str(error.get("Message") or code), provider=Provider.AWS, operation=operation,
               code=code, request_id=meta.get("RequestId"), http_status=status,
               maybe_applied=applied)


def from_botocore_error(exc: BaseException, operation: str) -> e.ProviderError:
    """A botocore transport or credential failure as a streamkit error."""
    from botocore import exceptions as bx
    from botocore.parsers import ResponseParserError

    name = type(exc).__name__
    if isinstance(exc, (bx.NoCredentialsError, bx.PartialCredentialsError)):
        return e.PermissionDenied(NO_CREDENTIALS, provider=Provider.AWS, operation=operation,
                                  code=name)
    if isinstance(exc, (bx.EndpointConnectionError, bx.ConnectTimeoutError)):
        # the request never reached the server
        return e.ServiceUnavailable(f"could not connect ({name})", provider=Provider.AWS,
                                    operation=operation, code=name, maybe_applied=False)
    if isinstance(exc, (bx.ReadTimeoutError, bx.ConnectionClosedError,
                        bx.HTTPClientError, bx.ResponseStreamingError)):
        return e.ServiceUnavailable(f"the connection failed after sending ({name})",
                                    provider=Provider.AWS, operation=operation, code=name,
                                    maybe_applied=True)
    if isinstance(exc, ResponseParserError):
        # the server answered (and may have acted), but the body cannot be read
        return e.ServiceUnavailable(f"the answer could not be read ({name})",
                                    provider=Provider.AWS, operation=operation, code=name,
                                    maybe_applied=True)
    if isinstance(exc, bx.ParamValidationError):
        return e.InvalidRequest("botocore rejected the parameters", provider=Provider.AWS,
                                operation=operation, code=name)
    return e.ProviderError(f"botocore failed ({name})", provider=Provider.AWS,
                           operation=operation, code=name)
