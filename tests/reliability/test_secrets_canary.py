"""A canary for secrets: the whole flow at DEBUG, on both providers, leaks none.

Every record of every logger (the SDKs' included) is captured at DEBUG while the conformance
flow runs with retry and poll hooks on (and the Tea SDK's own header logging, ``DEBUG`` in the
environment); each record's message and arguments, the repr and str of every object returned
or handed to a hook (and ``attrs.asdict`` of it, as JSON), and every exception message are
searched for the access key secrets, session tokens, streaming URLs, connection tickets and
debug auth codes. ``connect(role_arn=...)`` is checked the same way with moto's STS: the
assumed role's secret key and session token appear in no record.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from typing import Any

import attrs
import boto3
import pytest
from moto import mock_aws

import streamkit
from streamkit import ImageBuilderSpec, RetryPolicy
from streamkit.providers.redaction import (
    KNOWN_SECRETS,
    MASK,
    SecretRedactor,
    guard_sdk_logs,
    masked,
    secret_fields,
    sensitive_members,
)
from streamkit.testing import Emulator
from tests.harness import Harness

#: a session token for the Alibaba flow (the emulator takes any; the SDK sends it as a header)
ALIBABA_TOKEN = "canary-security-token-7f3a9c"


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def every_record() -> Iterator[_Capture]:
    root = logging.getLogger()
    capture = _Capture()
    old_level = root.level
    # some libraries set their own loggers' levels: open them all for the flow
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    old_levels = [(lg, lg.level) for lg in loggers]
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    for lg in loggers:
        lg.setLevel(logging.NOTSET)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        root.setLevel(old_level)
        for lg, level in old_levels:
            lg.setLevel(level)


def _texts(record: logging.LogRecord) -> Iterator[str]:
    yield str(record.msg)
    with contextlib.suppress(Exception):  # args that do not fit the message: search the parts
        yield record.getMessage()
    args = record.args if isinstance(record.args, tuple) else (record.args,)
    for arg in args:
        yield repr(arg)
        yield str(arg)
    if record.exc_info and record.exc_info[1] is not None:
        yield repr(record.exc_info[1])
        yield str(record.exc_info[1])


def _run_flow(harness: Harness, observed: list[Any], errors: list[BaseException]) -> list[str]:
    """The conformance flow; returns the secrets it was handed (revealed on purpose)."""
    creds = harness.emulator.connect_args(harness.provider)["credentials"]
    token = ALIBABA_TOKEN if harness.provider == "alibaba" else None
    cloud = harness.connect(retry=RetryPolicy(on_retry=observed.append, wait_initial=0.01),
                            hooks=streamkit.Hooks(on_call=observed.append,
                                                  on_poll=observed.append),
                            credentials=streamkit.Credentials(
                                creds.access_key_id, creds.secret.reveal(), token))
    progress = observed.append
    harness.emulator.faults.add("throttle", provider=harness.provider, rate=0.2, seed="canary")
    deployment = cloud.deploy(harness.deployment_spec("canary", desired=2))
    observed.append(deployment)
    fleet = cloud.wait_until_fleet_running(deployment.fleet.id, on_progress=progress)
    harness.add_session(deployment.stack.id, fleet.id, "alice")
    sessions = list(cloud.sessions.list(deployment.stack.id))
    observed.extend(sessions)
    access = cloud.sessions.connect(deployment.stack.id, "bob")
    observed.append(access)
    builder = cloud.image_builders.create(ImageBuilderSpec(
        name="canary-ib", instance_type=harness.instance_type, image_id=harness.base_image))
    observed.append(cloud.wait_until_image_builder_running(builder.id, on_progress=progress))
    builder_access = cloud.image_builders.connect(builder.id)
    observed.append(builder_access)
    observed.extend([cloud.fleets.get(fleet.id), cloud.stacks.get(deployment.stack.id),
                     cloud.images.get(harness.base_image), cloud, cloud.fleets.list_page()])
    cloud.sessions.expire(sessions[0])
    harness.emulator.faults.clear()
    for fail in (lambda: cloud.fleets.get(fleet.id + "x"),
                 lambda: cloud.images.get("img-does-not-exist"),
                 lambda: cloud.sessions.connect("aig-nope" if harness.provider == "alibaba"
                                                else "nope", "carol")):
        try:
            fail()
        except streamkit.StreamkitError as exc:
            errors.append(exc)
    wrong = harness.connect(credentials=streamkit.Credentials(creds.access_key_id,
                                                              "wrong-secret-canary"))
    try:
        wrong.stacks.list_page()
    except streamkit.PermissionDenied as exc:
        errors.append(exc)
    return [access.reveal(), builder_access.reveal(), "wrong-secret-canary",
            creds.secret.reveal(), *([token] if token else [])]


def _views(obj: Any) -> Iterator[str]:
    """How a user might print what streamkit handed them."""
    yield repr(obj)
    yield str(obj)
    if attrs.has(type(obj)):
        yield json.dumps(attrs.asdict(obj), default=str)


def _hits(texts: list[str], secrets: list[str]) -> list[tuple[str, str]]:
    return [(secret[:12], text[:200]) for text in texts for secret in secrets if secret in text]


def test_no_secret_reaches_a_log_a_repr_or_an_error(harness: Harness, every_record: _Capture,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "sdk")  # the Tea SDK then logs every request's headers
    observed: list[Any] = []
    errors: list[BaseException] = []
    secrets = _run_flow(harness, observed, errors)
    assert all(secrets) and len(errors) == 4
    texts = [text for record in every_record.records for text in _texts(record)]
    texts += [text for obj in observed for text in _views(obj)]
    texts += [f(exc) for exc in errors for f in (repr, str)]
    hits = _hits(texts, secrets)
    loggers = sorted({record.name.split(".")[0] for record in every_record.records})
    print(f"\n[{harness.provider}] {len(every_record.records)} log records from {loggers}, "
          f"{len(observed)} objects, {len(errors)} errors scanned for {len(secrets)} "
          f"secrets: {len(hits)} hits")
    assert any(r.name.startswith("streamkit") for r in every_record.records)
    assert any(isinstance(o, streamkit.RetryEvent) for o in observed)  # the hooks ran
    assert any(isinstance(o, streamkit.Observation) for o in observed)
    assert any(isinstance(o, streamkit.CallRecord) for o in observed)
    assert hits == []
    if harness.provider == "aws":  # botocore did log the bodies, masked
        assert any(MASK in text and "StreamingURL" in text for text in texts)
    else:  # the Tea SDK did log the token header, masked
        assert any(f"x-acs-security-token : {MASK}" in text for text in texts)


def test_an_assumed_role_s_credentials_reach_no_log(emulator: Emulator,
                                                    every_record: _Capture) -> None:
    with mock_aws():  # moto answers STS in-process; AppStream calls reach the emulator
        creds = emulator.credentials["aws"]
        base = boto3.Session(aws_access_key_id=creds["access_key_id"],
                             aws_secret_access_key=creds["secret_access_key"],
                             region_name="us-east-1")
        cloud = streamkit.connect("aws", region="us-east-1", endpoint_url=emulator.aws_endpoint,
                                  session=base, role_arn="arn:aws:iam::123456789012:role/ops",
                                  clock=emulator.clock)
        session: boto3.Session = cloud._adapter._clients.session  # type: ignore[attr-defined]
        role = session.get_credentials()
        assert role is not None
        frozen = role.get_frozen_credentials()
        emulator.aws.add_credentials(frozen.access_key, frozen.secret_key)
        cloud.stacks.create(streamkit.StackSpec(name="role-canary"))
        observed = [cloud.stacks.get("role-canary"), cloud.stacks.list_page()]
    secrets = [frozen.secret_key, frozen.token]
    assert all(secrets)
    texts = [text for record in every_record.records for text in _texts(record)]
    texts += [text for obj in observed for text in _views(obj)]
    hits = _hits(texts, secrets)
    print(f"\n[aws role] {len(every_record.records)} log records, {len(observed)} objects "
          f"scanned for {len(secrets)} secrets: {len(hits)} hits")
    assert hits == []
    for field in ("SecretAccessKey", "SessionToken"):  # STS's XML answer, logged masked
        assert any(f"<{field}>{MASK}</{field}>" in text for text in texts)
    assert any(f"x-amz-security-token:{MASK}" in text for text in texts)  # the signed text
    assert any(f"'X-Amz-Security-Token': b'{MASK}'" in text for text in texts)  # the request


def test_secret_fields_come_from_the_service_models() -> None:
    fields = secret_fields()
    assert set(KNOWN_SECRETS) <= fields
    # marked sensitive in botocore's models of operations streamkit sends, listed nowhere here
    assert {"UserName", "LaunchTemplateSpecificationUserData"} <= fields - set(KNOWN_SECRETS)
    appstream = boto3.session.Session().client(
        "appstream", region_name="us-east-1").meta.service_model
    # an extension area's operations count too: cloud.aws.directories declares it
    assert "AccountPassword" in sensitive_members(appstream, ["CreateDirectoryConfig"])
    assert "AccountPassword" in fields
    assert masked({"Ticket": "t", "Items": [{"UserName": "u", "Name": "n"}]}) == {
        "Ticket": MASK, "Items": [{"UserName": MASK, "Name": "n"}]}


def test_the_redactor_masks_only_secret_fields() -> None:
    body = (b'{"StreamingURL":"https://x/authenticate?p=a\\"b","Expires":1,'
            b'"Name":"StreamingURL"}')
    record = logging.LogRecord("botocore.parsers", logging.DEBUG, __file__, 1,
                               "Response body:\n%r", (body,), None)
    SecretRedactor().filter(record)
    assert record.getMessage() == ("Response body:\n" + repr(
        b'{"StreamingURL":"********","Expires":1,"Name":"StreamingURL"}'))
    text = '{"Ticket": "tkt-1", "AuthCode":"ac-2", "TaskId": "t"}'
    record = logging.LogRecord("x", logging.DEBUG, __file__, 1, text, None, None)
    SecretRedactor().filter(record)
    assert record.getMessage() == '{"Ticket": "********", "AuthCode":"********", "TaskId": "t"}'
    for text, shown in [
        ("<Credentials><SessionToken>FQo+/=</SessionToken><Expiration>1</Expiration>",
         f"<Credentials><SessionToken>{MASK}</SessionToken><Expiration>1</Expiration>"),
        ("host:h\nx-amz-security-token:FQo+/=\nx-amz-date:1",
         f"host:h\nx-amz-security-token:{MASK}\nx-amz-date:1"),
        ("> x-acs-security-token : tok\n> x-acs-action : ListImage",
         f"> x-acs-security-token : {MASK}\n> x-acs-action : ListImage"),
        ("{'X-Amz-Security-Token': b'FQo', 'Host': b'h'}",
         f"{{'X-Amz-Security-Token': b'{MASK}', 'Host': b'h'}}"),
        ("Action=X&Credentials.SecretAccessKey=c2VjcmV0&Version=1",
         f"Action=X&Credentials.SecretAccessKey={MASK}&Version=1"),
    ]:
        record = logging.LogRecord("x", logging.DEBUG, __file__, 1, "%s", (text,), None)
        SecretRedactor().filter(record)
        assert record.getMessage() == shown

    class Request:  # an object logged with its own str (botocore's prepared request)
        def __str__(self) -> str:
            return "<Request headers={'X-Amz-Security-Token': b'FQo'}>"

    record = logging.LogRecord("x", logging.DEBUG, __file__, 1, "Sending %s", (Request(),), None)
    SecretRedactor().filter(record)
    assert record.getMessage() == f"Sending <Request headers={{'X-Amz-Security-Token': b'{MASK}'}}>"
    guard_sdk_logs(streamkit.Provider.AWS)
    guard_sdk_logs(streamkit.Provider.AWS)
    filters = logging.getLogger("botocore.parsers").filters
    assert sum(isinstance(f, SecretRedactor) for f in filters) == 1
