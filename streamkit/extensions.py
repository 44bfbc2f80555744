"""What only one cloud has: the pattern behind ``cloud.aws`` and ``cloud.alibaba``.

Features with no counterpart on the other cloud live in that provider's extension namespace,
reached only on a client of that provider (elsewhere the attribute raises
:class:`~streamkit.UnsupportedOperation`). Each namespace is a class in
``providers/<cloud>/extensions/`` with one attribute per area (``cloud.aws.users``,
``cloud.alibaba.workstations``); an area is a small module holding its models, its
operations (declared as in :mod:`streamkit.operations`) and a class whose methods validate,
run them and wait through the shared engine. Its public types are re-exported by
:mod:`streamkit.aws` and :mod:`streamkit.alibaba`. Each area has a :class:`~streamkit.Capability`
whose value starts with the provider's name (``"aws.users"``), listed in
``cloud.capabilities`` of that provider only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs

from streamkit.models import Provider
from streamkit.operations import Runner
from streamkit.paging import FetchPage, Listing

if TYPE_CHECKING:
    from streamkit.waiting import Observation, WaitSpec

__all__ = ["Area", "ExtensionContext", "Waiting"]

T = TypeVar("T")


class Waiting(Protocol):
    """The client's wait for one resource, read with ``cloud.<spec.resource>.get``."""

    def __call__(self, spec: WaitSpec, resource_id: str, timeout: float | None,
                 on_progress: Callable[[Observation[Any]], None] | None, grace: float) -> Any: ...


@attrs.frozen
class ExtensionContext:
    """What an extension area gets from its client: the call path and the waiting engine."""

    provider: Provider
    calls: Runner
    wait: Waiting
    region: str = ""


class Area:
    """What every area shares: its context, and listings paged as the neutral ones are."""

    def __init__(self, context: ExtensionContext) -> None:
        self._context = context

    def _listing(self, name: str, fetch: FetchPage[T], *parts: str, max_page_size: int
                 ) -> Listing[T]:
        """A listing whose cursors only it accepts (``aws/<region>/<name>/<parts>``)."""
        key = "/".join((self._context.provider.value, self._context.region, name, *parts))
        return Listing(key=key, fetch=fetch, max_page_size=max_page_size)
