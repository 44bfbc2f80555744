"""The emulator as users hold it: both simulated clouds, one clock, one HTTP port."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from streamkit.clock import Clock
from streamkit.testing.alibaba import AlibabaCloud
from streamkit.testing.aws import AwsCloud
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.faults import Faults
from streamkit.testing.core.server import (
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_BODY,
    Backend,
    EmulatorServer,
)
from streamkit.testing.ec2 import Ec2Cloud

__all__ = ["DEFAULT_CREDENTIALS", "Emulator", "connect_args", "is_loopback"]

_log = logging.getLogger("streamkit.testing")

# Made-up keys the emulator accepts; requests signed with anything else are refused.
DEFAULT_CREDENTIALS: dict[str, dict[str, str]] = {
    "aws": {"access_key_id": "SKEMULATORAWSKEY", "secret_access_key": "emulator-aws-secret"},
    "alibaba": {"access_key_id": "SKEMULATORALIBABAKEY",
                "access_key_secret": "emulator-alibaba-secret"},
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is reachable only from this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name that may resolve anywhere


def connect_args(provider: str, region: str | None, *, aws_endpoint: str,
                 credentials: Mapping[str, Mapping[str, str]], clock: Clock) -> dict[str, Any]:
    """Keyword arguments for :func:`streamkit.connect` that reach an emulator at
    ``aws_endpoint`` (``http://host:port``) with its ``credentials`` and ``clock``."""
    from streamkit.credentials import Credentials

    if provider == "aws":
        creds = credentials["aws"]
        return {"region": region or "us-east-1", "endpoint_url": aws_endpoint,
                "credentials": Credentials(creds["access_key_id"], creds["secret_access_key"]),
                "clock": clock}
    if provider == "alibaba":
        creds = credentials["alibaba"]
        return {"region": region or "cn-shanghai", "endpoint": aws_endpoint.split("://", 1)[1],
                "credentials": Credentials(creds["access_key_id"], creds["access_key_secret"]),
                "clock": clock}
    raise ValueError(f"the emulator does not simulate provider {provider!r}")


class Emulator:
    """Simulated AWS AppStream and Alibaba App Streaming on ``http://127.0.0.1:<port>``.

    Use it as a context manager (``with Emulator() as emu: ...``), through the
    ``streamkit_emulator`` pytest fixture, or as the ``streamkit emulator`` command.
    ``emu.clock`` drives every state machine; ``emu.aws`` / ``emu.alibaba`` hold the
    simulated clouds and their test controls, ``emu.ec2`` EC2's Windows fast launch (served
    on the AWS endpoint); ``emu.faults`` injects throttling, server errors, dropped
    connections, slow replies and malformed bodies (:mod:`streamkit.testing.core.faults`).
    A connection idle for ``idle_timeout`` real seconds is closed; a body over ``max_body``
    bytes is refused with 413. The clock starts at real now (whole seconds), or at ``start``.

    The control API (``/_streamkit/``) can reset, fail and time-travel the emulator: with
    ``control_token`` every control request needs ``Authorization: Bearer <token>`` (else 401).
    Any ``host`` but loopback needs a token, or ``allow_unauthenticated_control=True``, and
    logs a warning.
    """

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0,
                 clock: EmulatorClock | None = None,
                 credentials: dict[str, dict[str, str]] | None = None,
                 idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
                 max_body: int = DEFAULT_MAX_BODY, start: float | None = None,
                 control_token: str | None = None,
                 allow_unauthenticated_control: bool = False) -> None:
        if clock is not None and start is not None:
            raise ValueError("give clock or start, not both")
        if not is_loopback(host):
            if control_token is None and not allow_unauthenticated_control:
                raise ValueError(
                    f"host {host!r} is reachable from other machines and the control API "
                    "can reset, fail and time-travel the emulator: give a control_token "
                    "(or allow_unauthenticated_control=True)")
            _log.warning("the streamkit emulator listens on %s, beyond this machine; its "
                         "control API %s", host, "needs the control token"
                         if control_token is not None else "is open to anyone who reaches it")
        self.clock = clock or EmulatorClock(start)
        creds = {k: dict(v) for k, v in DEFAULT_CREDENTIALS.items()}
        for provider, values in (credentials or {}).items():
            creds.setdefault(provider, {}).update(values)
        self.credentials = creds
        self.faults = Faults()
        self.aws = AwsCloud(self.clock, access_key_id=creds["aws"]["access_key_id"],
                            secret_access_key=creds["aws"]["secret_access_key"])
        self.alibaba = AlibabaCloud(self.clock,
                                    access_key_id=creds["alibaba"]["access_key_id"],
                                    access_key_secret=creds["alibaba"]["access_key_secret"],
                                    faults=self.faults)
        self.ec2 = Ec2Cloud(self.clock, access_key_id=creds["aws"]["access_key_id"],
                            secret_access_key=creds["aws"]["secret_access_key"])
        backends: list[Backend] = [self.aws, self.ec2, self.alibaba]
        self._server = EmulatorServer(backends, self.clock, host=host, port=port,
                                      faults=self.faults, idle_timeout=idle_timeout,
                                      max_body=max_body, control_token=control_token,
                                      info=self.info)
        self.control_token_required = control_token is not None
        self._started = False

    @property
    def host(self) -> str:
        return self._server.host

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def aws_endpoint(self) -> str:
        """The URL to give boto3 or ``streamkit.connect("aws", endpoint_url=...)``."""
        return f"http://{self.host}:{self.port}"

    @property
    def alibaba_endpoint(self) -> str:
        """``host:port`` (no scheme) for the Alibaba SDK's ``Config.endpoint``."""
        return f"{self.host}:{self.port}"

    def start(self) -> Emulator:
        if not self._started:
            self._server.start()
            self._started = True
        return self

    def stop(self) -> None:
        if self._started:
            self._server.stop()
            self._started = False

    def serve_forever(self) -> None:
        """Serve on the calling thread until interrupted (the command-line emulator)."""
        self._server.serve_forever()

    def reset(self) -> None:
        """Forget every resource and fault; the clock keeps its time."""
        self._server.reset()

    def info(self) -> dict[str, Any]:
        """What the command line prints on start: endpoints and the credentials accepted."""
        return {"aws": self.aws_endpoint, "alibaba": self.alibaba_endpoint,
                "credentials": self.credentials,
                "control": f"http://{self.host}:{self.port}/_streamkit/",
                "control_token_required": self.control_token_required}

    def connect_args(self, provider: str, region: str | None = None) -> dict[str, Any]:
        """Keyword arguments for :func:`streamkit.connect` that reach this emulator."""
        return connect_args(provider, region, aws_endpoint=self.aws_endpoint,
                            credentials=self.credentials, clock=self.clock)

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"{self.aws_endpoint}" if self._started else "stopped"
        return f"streamkit.testing.Emulator({state})"
