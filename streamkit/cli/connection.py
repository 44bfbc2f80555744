"""The global options, and the :class:`~streamkit.StreamingCloud` they name."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

import attrs
import click

import streamkit
from streamkit.cli.output import CommandError, ExitCode, Output
from streamkit.cli.profiles import alibaba_profile, aws_session

__all__ = ["Connection", "pass_connection"]

#: the emulator's default regions, used with ``--emulator`` when no region is given
EMULATOR_REGIONS: Mapping[str, str] = {"aws": "us-east-1", "alibaba": "cn-shanghai"}
#: where the Alibaba default chain looks first; read at connect time (see Connection.cloud)
ALIBABA_ENV = ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
               "ALIBABA_CLOUD_SECURITY_TOKEN")
AWS_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


@attrs.define
class Connection:
    """The global options, and the cloud they name, connected on first use."""

    provider: str | None = None
    region: str | None = None
    profile: str | None = None
    endpoint: str | None = None
    emulator: str | None = None
    max_attempts: int | None = None
    output: str = "table"
    debug: bool = False
    query: Any = None  # a compiled JMESPath expression
    _cloud: streamkit.StreamingCloud | None = attrs.field(default=None, init=False)

    @property
    def out(self) -> Output:
        return Output("json" if self.query is not None else self.output, query=self.query)

    def cloud(self) -> streamkit.StreamingCloud:
        """The :class:`~streamkit.StreamingCloud` the options name (made once)."""
        if self._cloud is None:
            self._cloud = self.connect(self.region)
        return self._cloud

    def connect(self, region: str | None) -> streamkit.StreamingCloud:
        """A new :class:`~streamkit.StreamingCloud` in ``region`` (None: the default region
        of ``--emulator`` or ``--profile``), with the other options."""
        if self.provider is None:
            raise CommandError("--provider is required (aws or alibaba; or set "
                               "STREAMKIT_PROVIDER)", ExitCode.BAD_INPUT)
        endpoint, credentials = self.endpoint, None
        if self.emulator is not None:
            if endpoint is not None:
                raise CommandError("give --endpoint or --emulator, not both",
                                   ExitCode.BAD_INPUT)
            endpoint, credentials = self._emulator_target()
        region = region or (EMULATOR_REGIONS[self.provider] if self.emulator else None)
        kwargs: dict[str, Any] = {}
        if self.provider == "alibaba":
            # alibabacloud-credentials reads its environment variables once, when it is first
            # imported; reading them here keeps the CLI right in any process
            key_id, secret, token = (os.environ.get(name) for name in ALIBABA_ENV)
            if key_id and secret:
                credentials = streamkit.Credentials(key_id, secret, token or None)
            if self.profile is not None:
                found = alibaba_profile(self.profile)
                credentials, region = found.credentials, region or found.region
        elif self.profile is not None:
            session = aws_session(self.profile, region)
            credentials, region = None, region or session.region_name
            kwargs["session"] = session
        if region is None:
            raise CommandError("--region is required (or set STREAMKIT_REGION)",
                               ExitCode.BAD_INPUT)
        kwargs["credentials"] = credentials
        if endpoint is not None:
            kwargs["endpoint_url" if self.provider == "aws" else "endpoint"] = endpoint
        if self.max_attempts is not None:
            kwargs["retry"] = streamkit.RetryPolicy(max_attempts=self.max_attempts)
        return streamkit.connect(streamkit.Provider(self.provider), region, **kwargs)

    def _emulator_target(self) -> tuple[str, streamkit.Credentials | None]:
        assert self.emulator is not None and self.provider is not None
        address = self.emulator.strip().removeprefix("http://").rstrip("/")
        if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+:\d+", address):
            raise CommandError(f"--emulator: {self.emulator!r} is not host:port or "
                               "http://host:port", ExitCode.BAD_INPUT)
        from streamkit.testing.emulator import DEFAULT_CREDENTIALS

        defaults = DEFAULT_CREDENTIALS[self.provider]
        credentials = None
        if self.provider == "aws" and not all(os.environ.get(name) for name in AWS_ENV):
            credentials = streamkit.Credentials(defaults["access_key_id"],
                                                defaults["secret_access_key"])
        if self.provider == "alibaba":
            credentials = streamkit.Credentials(defaults["access_key_id"],
                                                defaults["access_key_secret"])
        endpoint = f"http://{address}" if self.provider == "aws" else address
        return endpoint, credentials


pass_connection = click.make_pass_decorator(Connection)
