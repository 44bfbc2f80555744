"""The only I/O of the AWS provider: boto3 clients, made cheaply, and one send per attempt.

botocore's loaded models are shared by every client of the process: clients are made from one
botocore session (under a lock; sessions are not thread-safe), with each client's own
credentials, region and endpoint. Building a session per ``connect`` costs tens of
milliseconds; a client from the shared one costs a few. The credential chain (no explicit
credentials, no ``session``) is resolved once per process, as boto3's default session does.

:mod:`streamkit.aio` sends through :class:`AsyncAwsTransport` instead: aiobotocore clients
from one ``AioSession`` per process, made in the event loop on first use and closed by
``aclose``, with the same error mapping. aiobotocore is imported only then.
"""

from __future__ import annotations

import contextvars
import functools
import json
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import botocore.session
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from streamkit.credentials import Credentials
from streamkit.errors import ProviderError, unreadable_answer
from streamkit.models import Provider
from streamkit.providers.aws.errors import from_botocore_error, from_client_error
from streamkit.transport import Answer, Bridge, Transport

if TYPE_CHECKING:
    import asyncio

__all__ = ["AsyncAwsTransport", "AsyncClientFactory", "AwsTransport", "ClientFactory",
           "credential_keys"]

_lock = threading.Lock()
_shared: botocore.session.Session | None = None


def _shared_session() -> botocore.session.Session:
    global _shared
    if _shared is None:
        _shared = botocore.session.get_session()
        # every client made from it copies this handler (no registering per connect)
        _shared.register("before-parse", _refuse_unreadable_json,
                         unique_id="streamkit-unreadable-json")
    return _shared


@functools.lru_cache(maxsize=8)
def _operation_names(service: str) -> frozenset[str]:
    with _lock:
        return frozenset(_shared_session().get_service_model(service).operation_names)


@functools.lru_cache(maxsize=16)
def _config(timeout: float) -> Config:
    # one attempt: streamkit's RetryPolicy does the retrying
    return Config(retries={"total_max_attempts": 1}, connect_timeout=timeout,
                  read_timeout=timeout, max_pool_connections=32)


def credential_keys(credentials: Credentials | None) -> dict[str, Any]:
    """boto3's keyword arguments for explicit credentials (none: the credential chain)."""
    if credentials is None:
        return {}
    return {"aws_access_key_id": credentials.access_key_id,
            "aws_secret_access_key": credentials.secret.reveal(),
            "aws_session_token": credentials.token.reveal() if credentials.token else None}


class ClientFactory:
    """Makes the boto3 clients of one connection (AppStream, and EC2 for fast launch)."""

    def transport(self, service: str) -> Transport:
        """A transport sending to ``service`` through a client of :meth:`client`."""
        return AwsTransport(self.client(service))

    @staticmethod
    def operation_names(service: str) -> frozenset[str]:
        """The operations of ``service`` in botocore's model."""
        return _operation_names(service)

    def __init__(self, *, region: str, endpoint_url: str | None, credentials: Credentials | None,
                 session: Any, timeout: float) -> None:
        self.region = region
        self.endpoint_url = endpoint_url
        self.session = session  # a boto3.Session of the caller's, or None
        self._keys = credential_keys(credentials)
        self.config = _config(timeout)

    def client(self, service: str) -> Any:
        """A client of ``service`` with this connection's credentials, region and endpoint."""
        if self.session is not None:
            client = self.session.client(service, region_name=self.region,
                                         endpoint_url=self.endpoint_url, config=self.config)
            client.meta.events.register("before-parse", _refuse_unreadable_json,
                                        unique_id="streamkit-unreadable-json")
            return client
        with _lock:
            return _shared_session().create_client(
                service, region_name=self.region, endpoint_url=self.endpoint_url,
                config=self.config, **self._keys)


class AwsTransport:
    """Sends operations through one boto3 client of :class:`ClientFactory` (which refuses
    unreadable answers); botocore's own retries are off."""

    __slots__ = ("_client", "_methods")

    def __init__(self, client: Any) -> None:
        self._client = client
        self._methods: dict[str, Any] = {}

    @property
    def client(self) -> Any:
        return self._client

    def send(self, operation: str, params: Mapping[str, Any]) -> Answer:
        _answer.set(None)
        method = self._methods.get(operation)
        if method is None:
            method = self._methods[operation] = getattr(self._client, xform_name(operation))
        return _read(method(**params))

    def error(self, exc: Exception, operation: str) -> ProviderError:
        if isinstance(exc, ClientError):
            return from_client_error(exc, operation)
        body = _answer.get()
        if not isinstance(exc, (BotoCoreError, ResponseParserError)) and body is not None:
            # botocore's parser choked on a whole answer (a date of "yesterday", a string
            # where the model has an object): the answer is the problem, not the connection
            return unreadable_answer(Provider.AWS, operation, exc, body)
        return from_botocore_error(exc, operation)


def _read(response: Any) -> Answer:
    meta = response.get("ResponseMetadata")
    return Answer(response, meta.get("RequestId") if meta else None)


#: the body of the last answer in this thread or task, until the next send (for an
#: unreadable answer; a context variable, as tasks of one loop share the thread)
_answer: contextvars.ContextVar[bytes | None] = contextvars.ContextVar("streamkit_aws_answer",
                                                                       default=None)

_aio_shared: Any = None


def _shared_aio_session() -> Any:
    global _aio_shared
    if _aio_shared is None:
        from aiobotocore.session import get_session

        _aio_shared = get_session()
        _aio_shared.register("before-parse", _refuse_unreadable_json,
                             unique_id="streamkit-unreadable-json")
    return _aio_shared


class AsyncClientFactory(ClientFactory):
    """Makes the aiobotocore transports of one connection, through ``bridge``.

    ``session`` is the caller's ``aiobotocore.session.AioSession`` (or None: the shared one).
    """

    def __init__(self, *, region: str, endpoint_url: str | None,
                 credentials: Credentials | None, session: Any, timeout: float,
                 bridge: Bridge) -> None:
        super().__init__(region=region, endpoint_url=endpoint_url, credentials=credentials,
                         session=session, timeout=timeout)
        from aiobotocore.config import AioConfig

        self.config = AioConfig(retries={"total_max_attempts": 1}, connect_timeout=timeout,
                                read_timeout=timeout, max_pool_connections=32)
        self._bridge = bridge

    def transport(self, service: str) -> Transport:
        return self._bridge(AsyncAwsTransport(self, service))

    def creator(self, service: str) -> Any:
        """aiobotocore's context manager of a new client of ``service``."""
        session = self.session or _shared_aio_session()
        keys = self._keys if self.session is None else {}
        return session.create_client(service, region_name=self.region,
                                     endpoint_url=self.endpoint_url, config=self.config, **keys)


class AsyncAwsTransport:
    """Sends operations through one aiobotocore client, made in the loop on the first send."""

    __slots__ = ("_client", "_clients", "_creator", "_lock", "_methods", "_service")

    def __init__(self, clients: AsyncClientFactory, service: str) -> None:
        self._clients = clients
        self._service = service
        self._client: Any = None
        self._creator: Any = None
        self._lock: asyncio.Lock | None = None
        self._methods: dict[str, Any] = {}

    @property
    def client(self) -> Any:
        """The aiobotocore client, once the first send has made it."""
        return self._client

    async def _open(self) -> Any:
        import asyncio

        self._lock = self._lock or asyncio.Lock()
        async with self._lock:  # concurrent first sends make one client
            if self._client is None:
                creator = self._clients.creator(self._service)
                client = await creator.__aenter__()
                if self._clients.session is not None:
                    client.meta.events.register("before-parse", _refuse_unreadable_json,
                                                unique_id="streamkit-unreadable-json")
                self._creator, self._client = creator, client
        return self._client

    async def send(self, operation: str, params: Mapping[str, Any]) -> Answer:
        _answer.set(None)
        method = self._methods.get(operation)
        if method is None:
            client = self._client or await self._open()
            method = self._methods[operation] = getattr(client, xform_name(operation))
        return _read(await method(**params))

    error = AwsTransport.error

    async def aclose(self) -> None:
        """Close the client and its connections (a later send makes a new one)."""
        creator, self._creator, self._client = self._creator, None, None
        self._methods.clear()
        if creator is not None:
            await creator.__aexit__(None, None, None)


def _refuse_unreadable_json(**event: Any) -> None:
    """botocore reads a 2xx JSON body it cannot parse as an empty answer; make it an error.

    (A cut or garbled body would otherwise come back as "no fleets", silently.) A whole
    object starts with ``{``, ends with ``}`` and has as many of each: that costs two scans
    in C, where parsing the body a second time would cost more than the rest of the call;
    only a body failing it is parsed here, to be sure.
    """
    response_dict = event["response_dict"]
    _answer.set(response_dict.get("body"))
    if response_dict.get("status_code", 500) >= 300:
        return
    service = event["operation_model"].service_model
    if getattr(service, "resolved_protocol", service.protocol) != "json":
        return
    body: bytes = response_dict.get("body") or b"{}"
    if (body[:1] == b"{" and body.rstrip()[-1:] == b"}"
            and body.count(b"{") == body.count(b"}")):
        return
    try:
        ok = isinstance(json.loads(body), dict)
    except ValueError:
        ok = False
    if not ok:
        raise ResponseParserError("the response body is not a JSON object")
