"""streamkit's exceptions. Every error that leaves the public API is one of these.

::

    StreamkitError
      ValidationError           bad input, caught before any call (also a ValueError)
        SpecFileError           a desired-state file broke a rule: file, line and field named
      UnsupportedOperation      the provider has no such operation (also NotImplementedError)
      ProviderError             the cloud said no: provider, operation, code, message, request_id
        NotFound                (also a LookupError)
        AlreadyExists
        Conflict
          ConcurrentModification   retried with a longer backoff
        QuotaExceeded
        PermissionDenied
        InvalidRequest
        Throttled               retried
        ServiceUnavailable      retried (5xx, dropped connections, timeouts)
      PartialDeployment         a failed deploy could not be undone whole: what is left attached
      PlanBlocked               a plan holds changes the provider cannot make: nothing was sent
      WaiterError
        WaiterTimeout           (also a TimeoutError)
        WaiterFailed            the resource reached a failure state; its errors attached

Provider errors keep the cloud's code, message, request id, HTTP status and operation, and
chain the SDK's exception as ``__cause__``. An answer that came back but could not be read (a
date of "yesterday", a list where an object belongs) is a ProviderError with the code
``UnreadableAnswer`` and the answer's body in ``body``, its secrets masked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from streamkit.models import Leftover, Provider, ResourceError

__all__ = [
    "AlreadyExists",
    "ConcurrentModification",
    "Conflict",
    "InvalidRequest",
    "NotFound",
    "PartialDeployment",
    "PermissionDenied",
    "PlanBlocked",
    "ProviderError",
    "QuotaExceeded",
    "ServiceUnavailable",
    "SpecFileError",
    "StreamkitError",
    "Throttled",
    "UnsupportedOperation",
    "ValidationError",
    "WaiterError",
    "WaiterFailed",
    "WaiterTimeout",
]

_MAX_SHOWN = 60


def _safe_repr(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the rule that was broken
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


class StreamkitError(Exception):
    """Base of every exception streamkit raises."""


class ValidationError(StreamkitError, ValueError):
    """Input broke a rule; raised before anything is sent to the cloud."""

    def __init__(self, field: str, rule: str, value: object = None, *, show_value: bool = True):
        self.field = field
        self.rule = rule
        shown = f" (got {_safe_repr(value)})" if show_value else ""
        super().__init__(f"{field}: {rule}{shown}")


class SpecFileError(ValidationError):
    """A desired-state file (TOML, YAML, JSON) broke a rule: ``path``, ``line`` and ``field``.

    ``line`` is None when the file does not show where (a field left out).
    """

    def __init__(self, path: str, line: int | None, field: str, rule: str):
        super().__init__(field, rule, show_value=False)
        self.path = path
        self.line = line
        where = path if line is None else f"{path}:{line}"
        self.args = (f"{where}: {field}: {rule}" if field else f"{where}: {rule}",)


class UnsupportedOperation(StreamkitError, NotImplementedError):
    """The provider has no native operation for this; ``hint`` names the portable way."""

    def __init__(self, provider: Provider, operation: str, hint: str):
        self.provider = provider
        self.operation = operation
        self.hint = hint
        super().__init__(f"{provider.value} does not support {operation}: {hint}")


class ProviderError(StreamkitError):
    """The cloud refused or failed a call. Unknown codes raise this class itself."""

    def __init__(
        self,
        message: str,
        *,
        provider: Provider,
        operation: str,
        code: str,
        request_id: str | None = None,
        http_status: int | None = None,
        retry_after: float | None = None,
        maybe_applied: bool = False,
        body: str | None = None,
    ):
        self.message = message
        self.provider = provider
        self.operation = operation
        self.code = code
        self.request_id = request_id
        self.http_status = http_status
        #: seconds the cloud asked us to wait before trying again, when it said so
        self.retry_after = retry_after
        #: True when the cloud may have carried out the request although it failed
        #: (a 5xx, a dropped connection, a read timeout): creates must check before resending
        self.maybe_applied = maybe_applied
        #: the answer's body, secrets masked, when the answer itself was the problem
        self.body = body
        super().__init__(message)

    def __str__(self) -> str:
        where = f"{self.provider.value} {self.operation}"
        rid = f", request id {self.request_id}" if self.request_id else ""
        return f"{self.code}: {self.message} ({where}{rid})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def unreadable_answer(provider: Provider, operation: str, exc: Exception,
                      body: object) -> ProviderError:
    """The error for an answer the cloud sent (and so acted on) that could not be read.

    Args:
        provider: the cloud that answered.
        operation: the operation it answered.
        exc: what reading the answer raised.
        body: the answer: a mapping, text or bytes (kept with its secrets masked).

    Returns:
        A ProviderError with the code ``UnreadableAnswer``.
    """
    from streamkit.providers.redaction import mask_text, masked  # it imports the models

    text: str | None
    if isinstance(body, Mapping):
        text = json.dumps(masked(body), default=str)
    elif isinstance(body, (bytes, bytearray)):
        text = mask_text(bytes(body).decode("utf-8", "replace"))
    else:
        text = None if body is None else mask_text(str(body))
    return ProviderError(f"the answer could not be read ({type(exc).__name__})",
                         provider=provider, operation=operation, code="UnreadableAnswer",
                         maybe_applied=True, body=text)


def _rebuild(cls: type[ProviderError], message: str, state: dict[str, Any]) -> ProviderError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class NotFound(ProviderError, LookupError):
    """The resource does not exist (or is not visible to these credentials)."""


class AlreadyExists(ProviderError):
    """A resource with that name exists already (and differs from the one requested)."""


class Conflict(ProviderError):
    """The resource is in use or in a state that does not allow the operation."""


class ConcurrentModification(Conflict):
    """Another change to the resource is in progress; retried with a longer backoff."""


class QuotaExceeded(ProviderError):
    """An account or service limit is reached. Not retried: waiting does not help."""


class PermissionDenied(ProviderError):
    """Credentials are wrong, or they may not do this."""


class InvalidRequest(ProviderError):
    """The cloud rejected the parameters."""


class Throttled(ProviderError):
    """The cloud asked us to slow down. Retried by the retry policy."""


class ServiceUnavailable(ProviderError):
    """A server error, a dropped connection or a timeout. Retried where that is safe."""


class PartialDeployment(StreamkitError):
    """``deploy()`` failed and its rollback could not remove everything it had made.

    ``left`` names each resource still there with its last seen state; ``error`` is what made
    the deploy fail. When an interrupt (Ctrl-C, a task cancellation) stopped the deploy or its
    rollback, the interrupt is raised with this record as its ``__cause__``. Remove what is
    left with ``cloud.undeploy(stack_id)``.
    """

    def __init__(self, message: str, *, left: Sequence[Leftover], error: BaseException):
        self.left = tuple(left)
        self.error = error
        super().__init__(message)


class PlanBlocked(StreamkitError):
    """A plan holds changes the provider cannot make, or resources it cannot prove its own.

    ``apply`` sent nothing. ``problems`` lists each (``deployment``, ``field``, ``reason``).
    """

    def __init__(self, message: str, *, problems: Sequence[object]):
        self.problems = tuple(problems)
        super().__init__(message)


class WaiterError(StreamkitError):
    """A wait did not end in the state asked for."""

    def __init__(self, message: str, *, resource: object, attempts: int, elapsed: float):
        self.resource = resource
        self.attempts = attempts
        self.elapsed = elapsed
        super().__init__(message)


class WaiterTimeout(WaiterError, TimeoutError):
    """The timeout passed; ``resource`` is the last one seen.

    ``pending`` maps each id still not done to the last resource seen (None if never seen);
    a batched wait lists every one, a single wait its one resource.
    """

    def __init__(self, message: str, *, resource: object, attempts: int, elapsed: float,
                 pending: Mapping[str, object] | None = None):
        self.pending: dict[str, object] = dict(pending or {})
        super().__init__(message, resource=resource, attempts=attempts, elapsed=elapsed)


class WaiterFailed(WaiterError):
    """The resource reached a state it cannot leave on its own; ``errors`` say why.

    ``failures`` maps the id of every resource that failed on the same poll to its errors
    (a batched wait reports them all at once); ``errors`` is all of them, in that order.
    """

    def __init__(self, message: str, *, resource: object, attempts: int, elapsed: float,
                 errors: Sequence[ResourceError] = (),
                 failures: Mapping[str, Sequence[ResourceError]] | None = None):
        self.errors = tuple(errors)
        self.failures: dict[str, tuple[ResourceError, ...]] = {
            key: tuple(value) for key, value in (failures or {}).items()}
        super().__init__(message, resource=resource, attempts=attempts, elapsed=elapsed)
