"""The only I/O of the Alibaba provider: the Tea SDK client, one signed RPC call per attempt.

Each operation goes out through the SDK's own ``call_api`` (its signing, endpoint and HTTP
stack) with the body read as JSON: the answer stays the dict the cloud sent, with no Tea
response model built and read back. Parameters go where the SDK's ``*_with_options`` methods
put them (:data:`~streamkit.providers.alibaba.wire.WIRE`). The SDK's retries are off.
:class:`AsyncAlibabaTransport` sends the same requests through the SDK's ``call_api_async``
(for :mod:`streamkit.aio`).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alibabacloud_appstream_center20210901.client import Client
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_tea_openapi.utils import Utils
from alibabacloud_tea_openapi.utils_models import Config, OpenApiRequest, Params
from darabonba.runtime import RuntimeOptions

from streamkit.credentials import Credentials
from streamkit.errors import ProviderError
from streamkit.providers.alibaba.credentials import (
    configured_source,
    credentials_error,
    env_credentials,
)
from streamkit.providers.alibaba.errors import from_body, from_tea_error, from_transport_error
from streamkit.providers.alibaba.wire import WIRE, Wire
from streamkit.transport import Answer

__all__ = ["AlibabaTransport", "AsyncAlibabaTransport", "is_loopback", "wire_request"]

API_VERSION = "2021-09-01"
PROXY_VARS = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy")
_UNLISTED = Wire()  # an operation newer than the SDK: every parameter in the body


def is_loopback(endpoint: str) -> bool:
    """Whether ``host[:port]`` names this machine."""
    host = endpoint.rsplit(":", 1)[0].strip("[]") if endpoint.count(":") <= 1 or \
        endpoint.startswith("[") else endpoint
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _config(region: str, endpoint: str | None, credentials: Credentials | None,
            millis: int) -> Config:
    config = Config(region_id=region, read_timeout=millis, connect_timeout=millis)
    if endpoint is not None:
        config.endpoint = endpoint
        if is_loopback(endpoint):
            config.protocol = "http"
    # read at connect time (the credentials library reads the environment once, at import)
    credentials = credentials or env_credentials(os.environ)
    if credentials is not None:
        config.access_key_id = credentials.access_key_id
        config.access_key_secret = credentials.secret.reveal()
        if credentials.token is not None:
            config.security_token = credentials.token.reveal()
        return config
    found = configured_source(os.environ, Path.home())
    if found is None:
        raise credentials_error("connect")
    from alibabacloud_credentials.client import Client as CredentialClient

    source, provider = found
    config.credential = _SourceCredentials(source, CredentialClient(provider=provider))
    return config


class CredentialsUnreadable(Exception):
    """A configured source's credentials could not be read (see :meth:`AlibabaTransport.error`)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(reason)
        self.source = source


class _SourceCredentials:
    """The credentials library's client for one source; its failures say which source."""

    def __init__(self, source: str, client: Any) -> None:
        self._source = source
        self._client = client

    def get_credential(self) -> Any:
        try:
            return self._client.get_credential()
        except Exception as exc:
            raise CredentialsUnreadable(self._source, str(exc)) from exc

    async def get_credential_async(self) -> Any:
        try:
            return await self._client.get_credential_async()
        except Exception as exc:
            raise CredentialsUnreadable(self._source, str(exc)) from exc


def _params(operation: str) -> Params:
    return Params(action=operation, version=API_VERSION, protocol="HTTPS", pathname="/",
                  method=WIRE.get(operation, _UNLISTED).method, auth_type="AK", style="RPC",
                  req_body_type="formData", body_type="json")


def _flat(query: Mapping[str, Any]) -> dict[str, str]:
    """The query as the SDK flattens it (``Tag.1.Key``), scalars without the generic walk."""
    flat: dict[str, str] = {}
    for name, value in query.items():
        if isinstance(value, (list, tuple, dict)):
            flat.update(Utils.query({name: value}))
        else:
            flat[name] = str(value)
    return flat


def wire_request(operation: str, params: Mapping[str, Any]) -> OpenApiRequest:
    """The SDK's request of ``operation``: each parameter in the query or the form body, as
    the SDK's ``*_with_options`` method puts it (None values left out; a GET has no body:
    the SDK puts its whole request in the query)."""
    wire = WIRE.get(operation, _UNLISTED)
    query: dict[str, Any] = {}
    form: dict[str, Any] = {}
    for name, value in params.items():
        if value is not None:
            if name in wire.json:
                value = Utils.array_to_string_with_specified_style(value, name, "json")
            (query if name in wire.query or wire.method == "GET" else form)[name] = value
    return OpenApiRequest(query=_flat(query), body=form or None)


class AlibabaTransport:
    """Sends appstream-center operations through one Tea SDK client."""

    __slots__ = ("_client", "_params", "_runtime")

    def __init__(self, *, region: str, endpoint: str | None, credentials: Credentials | None,
                 timeout: float) -> None:
        millis = int(timeout * 1000)
        self._client = Client(_config(region, endpoint, credentials, millis))
        self._runtime = RuntimeOptions(read_timeout=millis, connect_timeout=millis,
                                       autoretry=False)
        if (endpoint is not None and is_loopback(endpoint)
                and any(os.environ.get(name) for name in PROXY_VARS)):
            # The SDK sends even 127.0.0.1 through HTTP(S)_PROXY and ignores NO_PROXY. Naming
            # the endpoint itself as the proxy keeps such a call local (the server accepts the
            # absolute-form request line this produces). Decided once, when connecting: a
            # look at the environment costs about as much as the rest of streamkit's part.
            self._runtime.http_proxy = f"http://{endpoint}"
        self._params: dict[str, Params] = {}

    def send(self, operation: str, params: Mapping[str, Any]) -> Answer:
        return self.answer(self._client.call_api(*self.request(operation, params)), operation)

    @property
    def client(self) -> Client:
        """The Tea SDK client."""
        return self._client

    def request(self, operation: str, params: Mapping[str, Any]
                ) -> tuple[Params, OpenApiRequest, RuntimeOptions]:
        """The SDK's arguments of ``call_api`` for ``operation`` with ``params``."""
        wire = self._params.get(operation)
        if wire is None:
            wire = self._params[operation] = _params(operation)
        return wire, wire_request(operation, params), self._runtime

    @staticmethod
    def answer(result: Mapping[str, Any], operation: str) -> Answer:
        """The answer in what ``call_api`` returned, or the error its body names."""
        raw = result.get("body")
        body: Mapping[str, Any] = raw if isinstance(raw, dict) else {}  # JSON, not a list
        failure = from_body(body, operation, result.get("statusCode"))
        if failure is not None:
            raise failure
        request_id = body.get("RequestId")
        return Answer(body, request_id if isinstance(request_id, str) else None)

    def error(self, exc: Exception, operation: str) -> ProviderError:
        unreadable = getattr(exc, "inner_exception", None) or exc  # the SDK wraps it
        if isinstance(unreadable, CredentialsUnreadable):
            return credentials_error(operation, unreadable.source, str(unreadable))
        if isinstance(exc, AlibabaCloudException):
            return from_tea_error(exc, operation)
        return from_transport_error(exc, operation)  # the SDK wraps these in many types


class AsyncAlibabaTransport:
    """Sends the same requests as :class:`AlibabaTransport` through ``call_api_async``.

    The SDK opens a connection per call and closes it after, so nothing is left to close.
    """

    __slots__ = ("_sync",)

    def __init__(self, *, region: str, endpoint: str | None, credentials: Credentials | None,
                 timeout: float) -> None:
        self._sync = AlibabaTransport(region=region, endpoint=endpoint,
                                      credentials=credentials, timeout=timeout)

    async def send(self, operation: str, params: Mapping[str, Any]) -> Answer:
        sync = self._sync
        result = await sync.client.call_api_async(*sync.request(operation, params))
        return sync.answer(result, operation)

    def error(self, exc: Exception, operation: str) -> ProviderError:
        return self._sync.error(exc, operation)

    async def aclose(self) -> None:
        """Nothing to close: each call's connection closed with it."""
