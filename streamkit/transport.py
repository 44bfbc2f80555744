"""The seam between streamkit and a cloud's SDK: a transport sends, and does nothing else.

Each provider folder has a ``transport.py`` with one class that satisfies :class:`Transport`:
it sends one operation with ready-made parameters and hands back the answer's body as the
cloud sent it, and it names the streamkit error for what its SDK raised. Requests are built
and answers read by pure functions (each provider's ``operations.py`` and ``translate.py``);
retries, hooks and error mapping happen once, in :mod:`streamkit.calls`. An async transport
has the same shape with ``async def send``, so the same declarations serve both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, Protocol

from streamkit.errors import ProviderError

__all__ = ["Answer", "AsyncTransport", "Bridge", "Transport"]


class Answer(NamedTuple):
    """One successful attempt: the body (a JSON object) and the cloud's request id."""

    body: Mapping[str, Any]
    request_id: str | None


class Transport(Protocol):
    """Sends one operation; raises its SDK's errors (or streamkit's, for an error body)."""

    def send(self, operation: str, params: Mapping[str, Any]) -> Answer: ...

    def error(self, exc: Exception, operation: str) -> ProviderError:
        """The streamkit error for what ``send`` raised (pure: a table lookup)."""
        ...


class AsyncTransport(Protocol):
    """The same seam for an event loop (aiobotocore, Tea ``*_async``)."""

    async def send(self, operation: str, params: Mapping[str, Any]) -> Answer: ...

    def error(self, exc: Exception, operation: str) -> ProviderError: ...

    async def aclose(self) -> None:
        """Close the SDK client and its connections (the transport may not send after)."""
        ...


#: what :mod:`streamkit.aio` hands a provider's adapter factory: it turns the provider's
#: async transport into a :class:`Transport` the sync core can send through
Bridge = Callable[[AsyncTransport], Transport]
