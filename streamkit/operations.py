"""Cloud operations declared as data: what to send, how to read the answer, how to page.

Each provider's ``operations.py`` declares every cloud operation it uses once, as an
:class:`Operation` in one mapping (``OPERATIONS``), and its listings' paginators in another
(``PAGINATORS``). Building the request and reading the answer are pure functions; a
transport does the I/O and :mod:`streamkit.calls` the retrying, so a sync and an async client
drive the same declarations. The documentation renders these tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from streamkit.calls import CallContext, Reconcile
from streamkit.errors import StreamkitError, unreadable_answer
from streamkit.paging import FetchPage, Paginator, fetcher
from streamkit.retry import CallKind
from streamkit.transport import Transport

__all__ = ["Applied", "Operation", "Runner", "no_params", "raw_answer"]

Out = TypeVar("Out")
Body = Mapping[str, Any]


def no_params(*_: object) -> dict[str, Any]:
    """The request builder of an operation that takes no parameters."""
    return {}


def raw_answer(body: Body, _region: str) -> Body:
    """The answer translator that keeps the body as it is."""
    return body


def _no_body(_found: Any) -> Body:
    return {}


@attrs.frozen(kw_only=True)
class Applied:
    """How a WRITE whose answer was lost tells that it took effect, so it is not sent again.

    ``read`` (a declared operation) runs with ``args(*write_args)``; ``done(found,
    *write_args)`` says whether the write shows in what it read; ``answer(found)`` is the body
    the write would have answered.
    """

    read: Operation[Any]
    args: Callable[..., tuple[Any, ...]] = attrs.field(repr=False)
    done: Callable[..., bool] = attrs.field(repr=False)
    answer: Callable[[Any], Body] = attrs.field(default=_no_body, repr=False)


@attrs.frozen(kw_only=True)
class Operation(Generic[Out]):
    """One cloud operation.

    ``request`` builds the parameters from neutral input; ``answer`` reads the answer's body
    (for a paged operation: each item under the paginator's ``result_key``) with the region;
    ``kind`` says what may be retried; ``applied`` how a WRITE checks, after an ambiguous
    failure, that it already happened; ``used_by`` names the neutral methods it serves.
    """

    name: str
    answer: Callable[[Any, str], Out] = attrs.field(repr=False)
    request: Callable[..., Mapping[str, Any]] = attrs.field(default=no_params, repr=False)
    kind: CallKind = CallKind.READ
    paginator: Paginator | None = None
    applied: Applied | None = None
    used_by: tuple[str, ...] = ()


class Runner:
    """Runs declared operations through one transport, on the one call path."""

    __slots__ = ("_context", "_region", "_transport")

    def __init__(self, context: CallContext, transport: Transport) -> None:
        self._context = context
        self._transport = transport
        self._region = context.region

    @property
    def region(self) -> str:
        """The region the operations run in (what request builders take as ``region``)."""
        return self._region

    def run(self, operation: Operation[Out], *args: Any, reconcile: Reconcile | None = None
            ) -> Out:
        """Send ``operation`` built from ``args``; its translated answer."""
        if reconcile is None and operation.applied is not None:
            reconcile = self._applied(operation.applied, args)
        body = self._context.call(self._transport, operation.name, operation.request(*args),
                                  operation.kind, reconcile)
        try:
            return operation.answer(body, self._region)
        except StreamkitError:
            raise
        except Exception as exc:  # an answer of a shape the translation cannot read
            raise unreadable_answer(self._context.provider, operation.name, exc, body) from exc

    def _applied(self, applied: Applied, args: tuple[Any, ...]) -> Reconcile:
        def check() -> Body | None:
            found = self.run(applied.read, *applied.args(*args))
            return applied.answer(found) if applied.done(found, *args) else None

        return check

    def pages(self, operation: Operation[Out], *args: Any) -> FetchPage[Out]:
        """The page fetcher of a paged ``operation`` built from ``args``."""
        paginator = operation.paginator
        if paginator is None:
            raise TypeError(f"{operation.name} declares no paginator")
        context, transport, region, kind = (self._context, self._transport, self._region,
                                            operation.kind)

        received: list[Body] = []

        def send(params: dict[str, Any]) -> Body:
            received[:] = [context.call(transport, operation.name, params, kind)]
            return received[0]

        def item(raw: Any) -> Out:
            return operation.answer(raw, region)

        fetch = fetcher(send, paginator, operation.request(*args), item)

        def read(token: Any, page_size: int | None) -> tuple[Sequence[Out], Any]:
            received.clear()
            try:
                return fetch(token, page_size)
            except StreamkitError:
                raise
            except Exception as exc:  # a page of a shape the paginator or translation
                if not received:     # cannot read (a failure before sending is a bug)
                    raise
                raise unreadable_answer(context.provider, operation.name, exc,
                                        received[0]) from exc

        return read
