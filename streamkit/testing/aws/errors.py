"""Service errors as AppStream reports them: a ``__type`` code, a message and an HTTP status."""

from __future__ import annotations

from streamkit.testing.core.service import ServiceError

__all__ = ["ApiError", "concurrent", "in_use", "not_available", "not_found", "not_permitted",
           "param_combination", "validation"]

# ResourceNotFoundException is the only modeled AppStream error whose status is not 400
# (DryRunOperationException is 412, but the emulator never raises it).
_STATUS = {"ResourceNotFoundException": 404}


class ApiError(ServiceError):
    """Raised by handlers; the protocol layer turns it into a JSON 1.1 error response."""

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(code, message,
                         status=status if status is not None else _STATUS.get(code, 400))


def not_found(kind: str, name: str) -> ApiError:
    """``ResourceNotFoundException`` (HTTP 404) for a named resource."""
    return ApiError("ResourceNotFoundException", f"The {kind} '{name}' does not exist.")


def in_use(message: str) -> ApiError:
    return ApiError("ResourceInUseException", message)


def concurrent(message: str) -> ApiError:
    return ApiError("ConcurrentModificationException", message)


def not_available(message: str) -> ApiError:
    return ApiError("ResourceNotAvailableException", message)


def not_permitted(message: str) -> ApiError:
    return ApiError("OperationNotPermittedException", message)


def param_combination(message: str) -> ApiError:
    return ApiError("InvalidParameterCombinationException", message)


def validation(message: str) -> ApiError:
    return ApiError("ValidationException", message)
