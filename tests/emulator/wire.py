"""Requests built byte by byte for the wire-level emulator tests: signed as each cloud's SDK
signs them (botocore's SigV4 signer; ACS3-HMAC-SHA256 by its published recipe), sent over a raw
socket so the tests control the framing, and answers parsed by ``http.client``."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import socket
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from streamkit.testing.emulator import Emulator

APPSTREAM = "PhotonAdminProxyService."
JSON_TYPE = "application/x-amz-json-1.1"
FORM_TYPE = "application/x-www-form-urlencoded"


def amz_date(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def acs_date(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def sigv4_headers(emu: Emulator, body: bytes, headers: Mapping[str, str], *,
                  service: str = "appstream", region: str = "us-east-1",
                  when: float | None = None, scope_when: float | None = None) -> dict[str, str]:
    """``headers`` plus X-Amz-Date and Authorization, signed by botocore's SigV4 signer at
    ``when`` (default: the emulator clock); ``scope_when`` puts another date in the scope."""
    creds = emu.credentials["aws"]
    signer = SigV4Auth(Credentials(creds["access_key_id"], creds["secret_access_key"]),
                       service, region)
    stamp = amz_date(emu.clock.now() if when is None else when)
    request = AWSRequest(method="POST", url=emu.aws_endpoint + "/", data=body,
                         headers={"Host": f"{emu.host}:{emu.port}", **headers,
                                  "X-Amz-Date": stamp})
    request.context["timestamp"] = amz_date(scope_when) if scope_when is not None else stamp
    signed = signer.headers_to_sign(request)
    signature = signer.signature(signer.string_to_sign(request,
                                                       signer.canonical_request(request)), request)
    request.headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={signer.scope(request)}, "
        f"SignedHeaders={signer.signed_headers(signed)}, Signature={signature}")
    return dict(request.headers.items())


def appstream_headers(emu: Emulator, operation: str, body: bytes, **sign: Any) -> dict[str, str]:
    """A signed AppStream JSON 1.1 call's headers."""
    return sigv4_headers(emu, body, {"X-Amz-Target": APPSTREAM + operation,
                                     "Content-Type": JSON_TYPE}, **sign)


def acs3_headers(emu: Emulator, action: str, body: bytes, *, when: float | None = None,
                 date: str | None = None, nonce: str | None = None,
                 unsigned: Iterable[str] = (), drop: Iterable[str] = ()) -> dict[str, str]:
    """A signed Alibaba RPC call's headers (``unsigned``: sent but left out of SignedHeaders;
    ``drop``: not sent at all)."""
    creds = emu.credentials["alibaba"]
    headers = {
        "host": emu.alibaba_endpoint, "x-acs-action": action, "x-acs-version": "2021-09-01",
        "x-acs-date": date if date is not None else acs_date(
            emu.clock.now() if when is None else when),
        "x-acs-signature-nonce": nonce or uuid.uuid4().hex,
        "x-acs-content-sha256": hashlib.sha256(body).hexdigest(),
        "content-type": FORM_TYPE,
    }
    for name in drop:
        del headers[name]
    names = sorted(set(headers) - set(unsigned))
    canonical = "\n".join(["POST", "/", "", "".join(f"{n}:{headers[n]}\n" for n in names),
                           ";".join(names), headers.get("x-acs-content-sha256", "")])
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    signature = hmac.new(creds["access_key_secret"].encode(), to_sign.encode(),
                         hashlib.sha256).hexdigest()
    headers["authorization"] = (f"ACS3-HMAC-SHA256 Credential={creds['access_key_id']},"
                                f"SignedHeaders={';'.join(names)},Signature={signature}")
    return headers


class Answer:
    """One parsed HTTP answer: status, headers (lower-case names), body and its JSON."""

    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = {k.lower(): v for k, v in response.getheaders()}
        self.body = response.read()
        self.will_close = response.will_close

    def json(self) -> Any:
        return json.loads(self.body)

    def __repr__(self) -> str:
        return f"Answer({self.status}, {self.body[:200]!r})"


class RawConnection:
    """A client socket that sends exactly the bytes it is given (kept alive between calls)."""

    def __init__(self, emu: Emulator, timeout: float = 10.0) -> None:
        self.sock = socket.create_connection((emu.host, emu.port), timeout=timeout)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def answer(self) -> Answer:
        response = http.client.HTTPResponse(self.sock, method="POST")
        response.begin()
        return Answer(response)

    def exchange(self, data: bytes) -> Answer:
        self.send(data)
        return self.answer()

    def closed_by_server(self) -> bool:
        """Whether the server has closed the connection (reads end of stream)."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> RawConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def head(headers: Mapping[str, str], *, length: int | None = None,
         extra: Iterable[tuple[str, str]] = ()) -> bytes:
    """A POST / request head: ``headers``, then a Content-Length (when given) and ``extra``."""
    lines = ["POST / HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()
                                  if k.lower() != "content-length")]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines += [f"{k}: {v}" for k, v in extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def chunked(body: bytes, size: int = 7) -> bytes:
    """``body`` in chunks of ``size`` bytes, with the closing zero chunk."""
    parts = [b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size])
             for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"

