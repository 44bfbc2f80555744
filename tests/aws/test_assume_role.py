"""connect(role_arn=...): STS AssumeRole (moto) for the credentials, AppStream (the emulator)
for the calls. moto's ``mock_aws`` answers STS in-process and lets the calls to the emulator
on 127.0.0.1 through."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

import streamkit
from streamkit.testing import Emulator

ROLE_ARN = "arn:aws:iam::123456789012:role/fleet-operator"


@pytest.fixture
def sts() -> Iterator[None]:
    with mock_aws():
        yield


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _base_session(emulator: Emulator) -> boto3.Session:
    creds = emulator.credentials["aws"]
    return boto3.Session(aws_access_key_id=creds["access_key_id"],
                         aws_secret_access_key=creds["secret_access_key"],
                         region_name="us-east-1")


def test_calls_are_signed_with_the_assumed_role(emulator: Emulator, sts: None) -> None:
    base = _base_session(emulator)
    assume_requests: list[str | bytes] = []
    base.events.register("before-send.sts.AssumeRole",
                         lambda request, **_: assume_requests.append(request.body))
    cloud = streamkit.connect("aws", region="us-east-1", endpoint_url=emulator.aws_endpoint,
                              session=base, role_arn=ROLE_ARN,
                              role_session_name="nightly-audit", external_id="ext-4471",
                              clock=emulator.clock)
    session: boto3.Session = cloud._adapter._clients.session  # type: ignore[attr-defined]
    credentials = session.get_credentials()
    assert credentials is not None
    assert credentials.method == "assume-role"  # refreshable: renewed before it expires
    assert assume_requests == []  # assumed lazily, on first use
    frozen = credentials.get_frozen_credentials()
    key_id, secret, token = frozen.access_key, frozen.secret_key, frozen.token
    assert key_id is not None and secret is not None and token is not None
    assert key_id.startswith("ASIA")
    body = _text(assume_requests[0])
    assert "ExternalId=ext-4471" in body and "RoleSessionName=nightly-audit" in body
    caller = boto3.client("sts", region_name="us-east-1", aws_access_key_id=key_id,
                          aws_secret_access_key=secret,
                          aws_session_token=token).get_caller_identity()
    assert caller["Arn"].endswith(":assumed-role/fleet-operator/nightly-audit")

    sent: list[dict[str, Any]] = []
    client = cloud._adapter._client  # type: ignore[attr-defined]
    client.meta.events.register("before-send.appstream",
                                lambda request, **_: sent.append(dict(request.headers)))
    with pytest.raises(streamkit.PermissionDenied):  # the emulator does not know the role yet
        cloud.stacks.list_page()
    emulator.aws.add_credentials(key_id, secret)
    cloud.stacks.create(streamkit.StackSpec(name="cross-account"))
    assert [s.id for s in cloud.stacks.list()] == ["cross-account"]

    assert all(f"Credential={key_id}/" in _text(h["Authorization"]) for h in sent)
    assert all(_text(h["X-Amz-Security-Token"]) == token for h in sent)
    assert len(assume_requests) == 1  # the credentials were reused, not assumed per call


def test_role_arguments_are_checked(emulator: Emulator) -> None:
    args = emulator.connect_args("aws")
    with pytest.raises(streamkit.ValidationError, match="role_arn"):
        streamkit.connect("aws", **args, role_arn="fleet-operator")
    with pytest.raises(streamkit.ValidationError, match="role_session_name"):
        streamkit.connect("aws", **args, role_arn=ROLE_ARN, role_session_name="has space")
    with pytest.raises(streamkit.ValidationError, match="external_id"):
        streamkit.connect("aws", **args, role_arn=ROLE_ARN, external_id="x")
    with pytest.raises(streamkit.ValidationError, match="role_arn"):
        streamkit.connect("alibaba", **emulator.connect_args("alibaba"), role_arn=ROLE_ARN)
