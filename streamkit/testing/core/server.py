"""The emulator's HTTP front door: one port, each cloud recognised by its own headers.

``X-Amz-Target`` goes to the AWS backend, ``x-acs-action`` to the Alibaba backend, and paths
under ``/_streamkit/`` to the control API (reset, clock, faults, per-cloud controls).
Injected faults (:mod:`streamkit.testing.core.faults`) are applied here, the same way for every
backend: each backend only names a request's operation and renders its own error body.
"""

from __future__ import annotations

import hmac
import json
import math
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

import attrs

from streamkit.testing.core.clock import EmulatorClock, check_seconds
from streamkit.testing.core.faults import APPLIED_KINDS, ERROR_KINDS, FaultRule, Faults

__all__ = ["Backend", "ControlError", "EmulatorServer", "Request", "Response"]

CONTROL_PREFIX = "/_streamkit/"
#: Bodies larger than this are refused with 413 (no simulated call takes more than a few KiB).
DEFAULT_MAX_BODY = 10 * 1024 * 1024
#: Seconds a kept-alive connection may sit idle (or a request take to arrive) before it is closed.
DEFAULT_IDLE_TIMEOUT = 60.0
#: Deepest JSON nesting a request body may have (the models nest a handful of levels).
MAX_JSON_DEPTH = 64

_DIGITS = re.compile(r"[0-9]+")
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")
_JSON_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_MAX_LINE = 8192  # a chunk-size line or trailer longer than this is not HTTP we serve


@attrs.frozen
class Request:
    """One HTTP request as a backend sees it. Header names are lower-cased."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes


@attrs.frozen
class Response:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = attrs.field(factory=dict)
    close_connection: bool = False  # drop the connection without answering (fault injection)
    delay: float = 0.0  # real seconds to wait before answering (fault injection)

    @classmethod
    def json(cls, status: int, payload: Any, headers: Mapping[str, str] | None = None,
             content_type: str = "application/json") -> Response:
        body = json.dumps(payload, separators=(",", ":"), default=str).encode()
        return cls(status, body, {"Content-Type": content_type, **(headers or {})})


class ControlError(Exception):
    """A control request the backend cannot carry out; answered with HTTP 400."""


class Backend(Protocol):
    """A simulated cloud behind the server."""

    name: str
    #: fault kind (``throttle``, ``server_error``, ``unavailable``) -> the cloud's code, status
    fault_codes: Mapping[str, tuple[str, int]]

    def accepts(self, request: Request) -> bool: ...

    def handle(self, request: Request) -> Response: ...

    def operation_of(self, request: Request) -> str:
        """The operation an accepted request calls (``""`` when it names none)."""
        ...

    def error_reply(self, code: str, message: str, status: int,
                    retry_after_ms: int | None) -> Response:
        """The cloud's own error answer for ``code``/``status`` (fault injection)."""
        ...

    def reset(self) -> None: ...

    def control(self, action: str, payload: Mapping[str, Any]) -> Any: ...


class EmulatorServer:
    """Serves backends over HTTP/1.1 on ``host:port`` (port 0 picks a free one)."""

    def __init__(self, backends: list[Backend], clock: EmulatorClock,
                 host: str = "127.0.0.1", port: int = 0, faults: Faults | None = None,
                 idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
                 max_body: int = DEFAULT_MAX_BODY, control_token: str | None = None,
                 info: Callable[[], Mapping[str, Any]] | None = None) -> None:
        if not idle_timeout > 0 or not max_body > 0:
            raise ValueError("idle_timeout and max_body must be > 0")
        if control_token is not None and not control_token.strip():
            raise ValueError("control_token must not be empty")
        self._control_token = control_token
        self._info = info  # what GET /_streamkit/info answers
        self.backends = backends
        self.clock = clock
        self.faults = faults or Faults()
        self.idle_timeout = idle_timeout
        self.max_body = max_body
        self._httpd = _HttpServer((host, port), _make_handler(self))
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def start(self) -> None:
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        name="streamkit-emulator", daemon=True)
        self._thread.start()

    def serve_forever(self) -> None:
        self._httpd.serve_forever()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        self.faults.reset()
        for backend in self.backends:
            backend.reset()

    def dispatch(self, request: Request) -> Response:
        if request.path.startswith(CONTROL_PREFIX):
            return self._control(request)
        for backend in self.backends:
            if backend.accepts(request):
                if self.faults.active:
                    return self._faulty(backend, request)
                return backend.handle(request)
        return Response.json(404, {"message": "no simulated cloud answers this request"})

    def _faulty(self, backend: Backend, request: Request) -> Response:
        """Serve a request while fault rules are set (the no-fault path never comes here)."""
        rule = self.faults.draw(backend.name, backend.operation_of(request))
        if rule is None:
            return backend.handle(request)
        if rule.kind in ERROR_KINDS:
            return self._fault_error(backend, rule)
        if rule.kind not in APPLIED_KINDS:  # drop_before
            return DROPPED
        answer = backend.handle(request)  # the cloud carries the request out
        if rule.kind == "slow":
            return attrs.evolve(answer, delay=rule.delay)
        if rule.kind == "malformed":
            return Response(200, answer.body[: len(answer.body) // 2], answer.headers)
        if rule.kind == "body":
            return Response(200, (rule.body or "").encode(), answer.headers)
        return DROPPED  # drop_after

    @staticmethod
    def _fault_error(backend: Backend, rule: FaultRule) -> Response:
        code, status = backend.fault_codes.get(rule.kind, (rule.code or "", 400))
        code, status = rule.code or code, rule.status or status
        return backend.error_reply(code, rule.message or f"Injected fault: {code}.", status,
                                   rule.retry_after_ms)

    def _control(self, request: Request) -> Response:
        route = request.path[len(CONTROL_PREFIX):].strip("/")
        if not self._control_allowed(request):
            return Response.json(401, {"message": "the control API needs 'Authorization: "
                                       "Bearer <control token>'"},
                                 {"WWW-Authenticate": 'Bearer realm="streamkit-emulator"'})
        if route == "info" and request.method == "GET":
            return Response.json(200, dict(self._info()) if self._info is not None else {})
        if request.method != "POST" and route not in ("clock", "faults"):
            return Response.json(405, {"message": "control requests are POSTs"})
        try:
            payload = control_json(request.body)
        except ValueError as exc:
            return Response.json(400, {"message": f"control body must be JSON: {exc}"})
        if route == "faults":
            return self._faults_control(request.method, payload)
        if not isinstance(payload, dict):
            return Response.json(400, {"message": "control body must be a JSON object"})
        try:
            if route == "faults/clear":
                provider = payload.get("provider")
                if provider is not None and not isinstance(provider, str):
                    raise ControlError("'provider' must be a string or null")
                return Response.json(200, {"cleared": self.faults.clear(provider)})
            if route == "reset":
                self.reset()
                return Response.json(200, {"reset": True})
            if route == "clock":
                advance = _control_seconds(payload.get("advance", 0), "'advance'")
                return Response.json(200, {"now": self.clock.advance(advance)})
            name, _, action = route.partition("/")
            if action == "timings":  # every cloud's timings are seconds, checked alike
                for key, value in payload.items():
                    _control_seconds(value, repr(key))
            for backend in self.backends:
                if backend.name == name and action:
                    return Response.json(200, backend.control(action, payload))
        except ControlError as exc:
            return Response.json(400, {"message": str(exc)})
        return Response.json(404, {"message": f"unknown control route {route!r}"})

    def _control_allowed(self, request: Request) -> bool:
        if self._control_token is None:
            return True
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        # compare_digest: the time taken must not tell how much of a guess was right
        return scheme.lower() == "bearer" and hmac.compare_digest(
            token.strip().encode(), self._control_token.encode())

    def _faults_control(self, method: str, payload: Any) -> Response:
        if method == "GET":
            return Response.json(200, self.faults.status())
        if method == "DELETE":
            return Response.json(200, {"cleared": self.faults.clear()})
        try:
            added = self.faults.add_json(payload)
        except (TypeError, ValueError) as exc:
            return Response.json(400, {"message": str(exc)})
        return Response.json(200, {"added": len(added), **self.faults.status()})


DROPPED = Response(status=599, close_connection=True)


class _HttpServer(ThreadingHTTPServer):
    # The default backlog of 5 resets clients that connect together (a test's thread pool).
    request_queue_size = 1024
    daemon_threads = True




def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``body`` nests arrays/objects deeper than ``limit`` (checked before parsing,
    so a hostile body answers the cloud's serialization error, not a RecursionError)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for match in re.finditer(rb"[\[\]{}]", _JSON_STRINGS.sub(b"", body)):
        depth += 1 if match.group() in (b"[", b"{") else -1
        if depth > limit:
            return True
    return False


def control_json(body: bytes) -> Any:
    """A control body's JSON (empty: ``{}``). Only finite numbers: ``NaN``, ``Infinity`` and
    ``1e999`` (which Python's parser reads as infinity) raise ValueError, as does deep nesting."""
    if json_too_deep(body):
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    return json.loads(body or b"{}", parse_constant=_no_constant, parse_float=_finite,
                      parse_int=_bounded_int)


def _control_seconds(value: Any, what: str) -> float:
    try:
        return check_seconds(value, what)
    except ValueError as exc:
        raise ControlError(str(exc)) from exc


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not a number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a finite number")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 18:
        raise ValueError(f"{text[:24]}... is too large a number")
    return int(text)


class FramingError(Exception):
    """A request whose body cannot be read as HTTP/1.1 frames it; answered, then closed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _make_handler(server: EmulatorServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # An unreadable request line is answered with a status line and headers, not the
        # bare HTTP/0.9 body the standard library sends by default.
        default_request_version = "HTTP/1.0"
        disable_nagle_algorithm = True  # else each reply waits ~40 ms on delayed ACKs
        timeout = server.idle_timeout  # an idle or stalled connection is closed, freeing its thread

        def _read_body(self) -> bytes:
            """The request body as its framing says (RFC 9112 section 6); FramingError if not."""
            codings = self.headers.get_all("Transfer-Encoding") or []
            lengths = self.headers.get_all("Content-Length") or []
            if codings:
                if lengths:  # a smuggling vector: refuse rather than pick one (RFC 9112 6.1)
                    raise FramingError(400, "Content-Length and Transfer-Encoding together")
                names = [c.strip().lower() for v in codings for c in v.split(",") if c.strip()]
                if names != ["chunked"]:
                    raise FramingError(501, f"transfer coding {', '.join(names)!r} "
                                       "is not supported; send chunked or Content-Length")
                return self._read_chunked()
            values = {v.strip() for value in lengths for v in value.split(",")}
            if not values:
                return b""
            if len(values) != 1:
                raise FramingError(400, "conflicting Content-Length values")
            text = values.pop()
            if not _DIGITS.fullmatch(text):
                raise FramingError(400, f"Content-Length {text[:40]!r} is not a byte count")
            length = int(text)
            if length > server.max_body:
                raise FramingError(413, f"the body exceeds {server.max_body} bytes")
            return self._read_exactly(length)

        def _read_exactly(self, length: int) -> bytes:
            data = self.rfile.read(length) if length else b""
            if len(data) != length:
                raise FramingError(400, "the body ended before its declared length")
            return data

        def _read_line(self) -> bytes:
            line = self.rfile.readline(_MAX_LINE + 1)
            if not line.endswith(b"\n"):
                raise FramingError(400, "a chunked body line is cut off or too long")
            return line.rstrip(b"\r\n")

        def _read_chunked(self) -> bytes:
            parts: list[bytes] = []
            total = 0
            while True:
                size_text = self._read_line().split(b";", 1)[0].strip()
                if not _HEX.fullmatch(size_text):
                    raise FramingError(400, "a chunk size is not hexadecimal")
                size = int(size_text, 16)
                if size == 0:
                    break
                total += size
                if total > server.max_body:
                    raise FramingError(413, f"the body exceeds {server.max_body} bytes")
                parts.append(self._read_exactly(size))
                if self._read_line():
                    raise FramingError(400, "a chunk is longer than its size")
            while self._read_line():  # trailer fields, ignored
                pass
            return b"".join(parts)

        def _serve(self) -> None:
            try:
                body = self._read_body()
            except (FramingError, OSError) as exc:
                # The framing is lost (or the client went away): carry nothing out, say why if
                # anyone still listens, and close, since the next request's start is unknown.
                refusal = exc if isinstance(exc, FramingError) else FramingError(
                    400, "the connection failed while the body was read")
                self._answer(Response.json(refusal.status, {"message": refusal.message},
                                           {"Connection": "close"}))
                self.close_connection = True
                self._linger()
                return
            target = self.path
            if target.startswith(("http://", "https://")):
                # absolute-form (RFC 9112 3.2.2): a client that treats us as its proxy
                target = "/" + target.split("://", 1)[1].partition("/")[2]
            path, _, query = target.partition("?")
            request = Request(
                method=self.command,
                path=path,
                query=query,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            try:
                response = server.dispatch(request)
            except Exception as exc:  # a bug in a backend must answer, not hang the client
                response = Response.json(500, {"__type": "InternalFailure", "message": repr(exc)})
            if response.close_connection:
                self.close_connection = True
                return
            if response.delay:
                time.sleep(response.delay)
            self._answer(response)

        def _linger(self) -> None:
            """Close our side, then read what the client still sends for a moment: closing
            with unread bytes would reset the connection and lose the answer just sent."""
            try:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_WR)
                self.connection.settimeout(min(server.idle_timeout, 2.0))
                for _ in range(64):
                    if not self.connection.recv(65536):
                        break
            except OSError:
                pass

        def _answer(self, response: Response) -> None:
            try:
                self.send_response(response.status)
                for key, value in response.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                self.wfile.write(response.body)
            except OSError:  # the client gave up (a timeout, a reset)
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # quiet by default
            pass

    return Handler
