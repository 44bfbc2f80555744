"""Authentication: a wrong secret, a missing signature and a tampered body are refused by both
protocols (AWS SigV4, Alibaba ACS3-HMAC-SHA256), do nothing, and read as PermissionDenied.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

import streamkit
from streamkit.providers.alibaba.errors import error_class
from streamkit.providers.aws.errors import from_client_error
from streamkit.testing import Emulator
from tests.emulator.wire import acs_date
from tests.harness import Harness

WRONG_SECRET = {"aws": "InvalidSignatureException", "alibaba": "SignatureDoesNotMatch"}
UNKNOWN_KEY = {"aws": "UnrecognizedClientException", "alibaba": "InvalidAccessKeyId.NotFound"}


def test_a_wrong_secret_or_key_is_permission_denied_and_does_nothing(harness: Harness) -> None:
    creds = harness.emulator.connect_args(harness.provider)["credentials"]
    for credentials, code in (
            (streamkit.Credentials(creds.access_key_id, "wrong-secret"),
             WRONG_SECRET[harness.provider]),
            (streamkit.Credentials("AKIDNOBODYKNOWS", creds.secret),
             UNKNOWN_KEY[harness.provider])):
        intruder = harness.connect(credentials=credentials)
        with pytest.raises(streamkit.PermissionDenied) as err:
            intruder.deploy(harness.deployment_spec("intruder"))
        assert err.value.code == code and err.value.request_id
        assert "wrong-secret" not in str(err.value) and err.value.__cause__ is not None
    assert list(harness.cloud.stacks.list()) == []


# -- AWS SigV4, through botocore ------------------------------------------------------------------

def _boto(emu: Emulator, **config: Any) -> Any:
    creds = emu.credentials["aws"]
    return boto3.client("appstream", region_name="us-east-1", endpoint_url=emu.aws_endpoint,
                        aws_access_key_id=creds["access_key_id"],
                        aws_secret_access_key=creds["secret_access_key"],
                        config=Config(retries={"total_max_attempts": 1}, **config))


def _refused(call: Any, operation: str) -> streamkit.ProviderError:
    with pytest.raises(ClientError) as raw:
        call()
    return from_client_error(raw.value, operation)


def test_aws_refuses_a_missing_signature(emulator: Emulator) -> None:
    unsigned = _boto(emulator, signature_version=UNSIGNED)
    err = _refused(lambda: unsigned.create_stack(Name="anonymous"), "CreateStack")
    assert isinstance(err, streamkit.PermissionDenied)
    assert err.code == "MissingAuthenticationTokenException" and err.request_id
    assert _boto(emulator).describe_stacks()["Stacks"] == []


def test_aws_refuses_a_body_changed_after_signing(emulator: Emulator) -> None:
    client = _boto(emulator)

    def tamper(request: Any, **_: Any) -> None:
        request.body = request.body.replace(b"tamper-me", b"tamper-mf")

    client.meta.events.register("before-send.appstream.CreateStack", tamper)
    err = _refused(lambda: client.create_stack(Name="tamper-me"), "CreateStack")
    assert isinstance(err, streamkit.PermissionDenied) and err.code == "InvalidSignatureException"
    assert _boto(emulator).describe_stacks()["Stacks"] == []


# -- Alibaba ACS3-HMAC-SHA256, by hand ----------------------------------------------------------

def _acs3_post(emu: Emulator, action: str, form: dict[str, str], *, sign: bool = True,
               send: bytes | None = None, rehash: bool = False) -> tuple[int, dict[str, Any]]:
    """A form POST signed as the Tea SDK signs it; ``send`` replaces the body after signing
    (``rehash`` also fixes its x-acs-content-sha256, as an attacker would)."""
    creds = emu.credentials["alibaba"]
    body = urllib.parse.urlencode(sorted(form.items())).encode()
    headers = {"host": emu.alibaba_endpoint, "x-acs-action": action,
               "x-acs-version": "2021-09-01", "x-acs-date": acs_date(emu.clock.now()),
               "x-acs-signature-nonce": uuid.uuid4().hex,
               "content-type": "application/x-www-form-urlencoded",
               "x-acs-content-sha256": hashlib.sha256(body).hexdigest()}
    if sign:
        names = ";".join(sorted(headers))
        canonical = "\n".join(["POST", "/", "", "".join(f"{k}:{headers[k]}\n" for k in
                                                         sorted(headers)),
                               names, headers["x-acs-content-sha256"]])
        to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
        signature = hmac.new(creds["access_key_secret"].encode(), to_sign.encode(),
                             hashlib.sha256).hexdigest()
        headers["authorization"] = (f"ACS3-HMAC-SHA256 Credential={creds['access_key_id']},"
                                    f"SignedHeaders={names},Signature={signature}")
    if send is not None:
        body = send
        if rehash:
            headers["x-acs-content-sha256"] = hashlib.sha256(body).hexdigest()
    request = urllib.request.Request(f"http://{emu.alibaba_endpoint}/", data=body,
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


CREATE = {"AppCenterImageId": "img-036wekw99xxtaj999", "AppInstanceGroupName": "intruder",
          "BizRegionId": "cn-shanghai", "ProductType": "CloudApp", "ChargeType": "PostPaid",
          "ChargeResourceMode": "Node", "Period": "1", "PeriodUnit": "Month",
          "SessionTimeout": "15",
          "NodePool": '{"NodeAmount":1,"NodeInstanceType":"appstreaming.general.4c8g"}'}


def _groups(emu: Emulator) -> list[Any]:
    status, body = _acs3_post(emu, "ListAppInstanceGroup", {"ProductType": "CloudApp"})
    assert status == 200, body
    return list(body["AppInstanceGroupModels"])


@pytest.mark.parametrize(("case", "code"), [
    ("missing signature", "IncompleteSignature"),
    ("body changed after signing", "SignatureDoesNotMatch"),
    ("body and its hash changed after signing", "SignatureDoesNotMatch"),
])
def test_alibaba_refuses_unsigned_or_tampered_requests(emulator: Emulator, case: str,
                                                       code: str) -> None:
    assert _acs3_post(emulator, "CreateAppInstanceGroup", {**CREATE, "AppInstanceGroupName":
                                                           "signed"})[0] == 200  # the signer
    tampered = urllib.parse.urlencode(sorted({**CREATE, "SessionTimeout": "300"}.items()))
    status, body = _acs3_post(emulator, "CreateAppInstanceGroup", CREATE,
                              sign=case != "missing signature",
                              send=None if case == "missing signature" else tampered.encode(),
                              rehash="hash" in case)
    assert (status, body["Code"]) == (400, code) and body["RequestId"]
    assert error_class(body["Code"], status) is streamkit.PermissionDenied
    assert [g["AppInstanceGroupName"] for g in _groups(emulator)] == ["signed"]
