"""A canary for secrets: the whole flow at DEBUG, on both providers, leaks none.

Every record of every logger (the SDKs' included) is captured at DEBUG while the conformance
flow runs with retry and poll hooks on; each record's message and arguments, the repr and str
of every object returned or handed to a hook, and every exception message are searched for
the access key secrets, streaming URLs, connection tickets and debug auth codes.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

import pytest

import streamkit
from streamkit import ImageBuilderSpec, RetryPolicy
from streamkit.providers.redaction import MASK, SecretRedactor, guard_sdk_logs
from tests.harness import Harness


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
    cloud = harness.connect(retry=RetryPolicy(on_retry=observed.append, wait_initial=0.01),
                            hooks=streamkit.Hooks(on_call=observed.append,
                                                  on_poll=observed.append))
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
    creds = harness.emulator.connect_args(harness.provider)["credentials"]
    wrong = harness.connect(credentials=streamkit.Credentials(creds.access_key_id,
                                                              "wrong-secret-canary"))
    try:
        wrong.stacks.list_page()
    except streamkit.PermissionDenied as exc:
        errors.append(exc)
    return [access.reveal(), builder_access.reveal(), "wrong-secret-canary",
            creds.secret.reveal()]


def test_no_secret_reaches_a_log_a_repr_or_an_error(harness: Harness,
                                                    every_record: _Capture) -> None:
    observed: list[Any] = []
    errors: list[BaseException] = []
    secrets = _run_flow(harness, observed, errors)
    assert all(secrets) and len(errors) == 4
    texts = [text for record in every_record.records for text in _texts(record)]
    texts += [f(obj) for obj in observed for f in (repr, str)]
    texts += [f(exc) for exc in errors for f in (repr, str)]
    hits = [(secret[:12], text[:200]) for text in texts for secret in secrets if secret in text]
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
    guard_sdk_logs(streamkit.Provider.AWS)
    guard_sdk_logs(streamkit.Provider.AWS)
    filters = logging.getLogger("botocore.parsers").filters
    assert sum(isinstance(f, SecretRedactor) for f in filters) == 1
