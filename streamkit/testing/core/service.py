"""The skeleton every simulated service shares (as moto's ``BaseBackend``/``BaseResponse``).

A service is a folder with the same files: ``service.py`` (a :class:`Service` subclass: how
requests are recognised, authenticated, decoded and answered), ``protocol.py`` (the wire
format and its :class:`~streamkit.testing.core.params.ParamReader`), ``errors.py``,
``state.py`` (a :class:`ServiceState` subclass), ``settings.py`` (timings), ``controls.py``
(test controls, each a method marked with :func:`control`) and ``operations/`` (one function
per operation, registered with its wire name on the service's :class:`Operations`). Adding
an operation is one decorated function; adding a service is one such folder.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, Generic, TypeVar

import attrs

from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.controls import Payload
from streamkit.testing.core.scheduler import Action, Scheduler
from streamkit.testing.core.server import ControlError, Request, Response
from streamkit.testing.core.tokens import TokenCodec

__all__ = ["Body", "Call", "ControlRoute", "Operations", "Service", "ServiceError",
           "ServiceState", "control"]

Body = dict[str, Any]
"""An operation's answer fields, before the protocol encodes them."""

StateT = TypeVar("StateT", bound="ServiceState")
ParamsT = TypeVar("ParamsT")
CallT = TypeVar("CallT", bound="Call[Any, Any]")
ControlRoute = Callable[[Any, Payload], Any]
_ROUTE_MARK = "__streamkit_control_route__"


class ServiceError(Exception):
    """A refusal: the cloud's ``code``, a message, the HTTP status and extra headers."""

    def __init__(self, code: str, message: str, *, status: int = 400,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.headers: Mapping[str, str] = dict(headers or {})


class ServiceState:
    """What every service's state holds: the clock, its timed transitions, its page tokens."""

    def __init__(self, clock: EmulatorClock, tokens: TokenCodec) -> None:
        self.clock = clock
        self.scheduler = Scheduler()
        self.tokens = tokens

    def now(self) -> float:
        return self.clock.now()

    def after(self, delay: float, action: Action) -> None:
        """Run ``action`` ``delay`` seconds from now on the emulator clock."""
        self.scheduler.at(self.now() + delay, action)

    def catch_up(self) -> float:
        """Apply every transition due by now; returns now."""
        now = self.now()
        self.scheduler.run_due(now)
        return now


@attrs.frozen
class Call(Generic[StateT, ParamsT]):
    """One API call as an operation sees it: its name, parameters, the service's state, the
    region it addresses and the emulator time it arrived."""

    operation: str
    params: ParamsT
    state: StateT
    now: float
    region: str


class Operations(Generic[CallT]):
    """A service's operations by wire name; ``@OPERATIONS("CreateStack")`` registers one."""

    def __init__(self) -> None:
        self._handlers: dict[str, Callable[[CallT], Body]] = {}

    def __call__(self, name: str) -> Callable[[Callable[[CallT], Body]],
                                              Callable[[CallT], Body]]:
        def register(handler: Callable[[CallT], Body]) -> Callable[[CallT], Body]:
            if name in self._handlers:
                raise ValueError(f"operation {name} is registered twice")
            self._handlers[name] = handler
            return handler
        return register

    def get(self, name: str) -> Callable[[CallT], Body] | None:
        return self._handlers.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._handlers

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._handlers))

    def __len__(self) -> int:
        return len(self._handlers)


_F = TypeVar("_F", bound=Callable[..., Any])


def control(route: str) -> Callable[[_F], _F]:
    """Mark a method ``(self, payload: Payload) -> answer`` as a control route,
    ``POST /_streamkit/<service>/<route>``."""
    def mark(method: _F) -> _F:
        setattr(method, _ROUTE_MARK, route)
        return method
    return mark


class Service(ABC, Generic[StateT]):
    """A simulated cloud service behind the emulator's HTTP server (the server's ``Backend``).

    One re-entrant lock guards the state; scheduled transitions are applied before every
    request and control. Subclasses say how a request is recognised (:meth:`accepts`,
    :meth:`operation_of`), served (:meth:`serve`) and refused (:meth:`refuse`).
    """

    name: str
    #: fault kind (``throttle``, ``server_error``, ``unavailable``) -> the cloud's code, status
    fault_codes: Mapping[str, tuple[str, int]]
    #: control route -> method, collected from the methods marked with :func:`control`
    control_routes: ClassVar[Mapping[str, ControlRoute]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        routes = dict(cls.control_routes)
        for value in vars(cls).values():
            route = getattr(value, _ROUTE_MARK, None)
            if isinstance(route, str):
                routes[route] = value
        cls.control_routes = routes

    def __init__(self, clock: EmulatorClock) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.tokens = TokenCodec()
        self.state = self.new_state()

    @abstractmethod
    def new_state(self) -> StateT:
        """A fresh state with the construction settings (on start and on :meth:`reset`)."""

    @abstractmethod
    def accepts(self, request: Request) -> bool:
        """Whether ``request`` is addressed to this service."""

    @abstractmethod
    def operation_of(self, request: Request) -> str:
        """The operation an accepted request calls (``""`` when it names none)."""

    @abstractmethod
    def serve(self, request: Request) -> Response:
        """Authenticate, decode, run one operation and encode its answer (lock held)."""

    @abstractmethod
    def refuse(self, error: ServiceError, request: Request | None) -> Response:
        """The cloud's error answer for ``error``."""

    def handle(self, request: Request) -> Response:
        with self.lock:
            try:
                return self.serve(request)
            except ServiceError as error:
                return self.refuse(error, request)

    def error_reply(self, code: str, message: str, status: int,
                    retry_after_ms: int | None) -> Response:
        """The cloud's own error answer for ``code``/``status`` (fault injection)."""
        return self.refuse(ServiceError(code, message, status=status), None)

    def reset(self) -> None:
        """Forget every resource and pending transition; restore the construction settings."""
        with self.lock:
            self.state = self.new_state()

    def control(self, action: str, payload: Mapping[str, Any]) -> Any:
        """Serve ``POST /_streamkit/<name>/<action>`` with one of :attr:`control_routes`."""
        route = self.control_routes.get(action)
        if route is None:
            raise ControlError(f"unknown {self.name} control {action!r}; known: "
                               f"{', '.join(sorted(self.control_routes))}")
        with self.lock:
            return route(self, Payload(payload))

    def catch_up(self) -> float:
        """Apply every transition due by now (test controls call it first); returns now."""
        return self.state.catch_up()
