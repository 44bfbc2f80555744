"""EC2's query protocol: form-encoded requests, SigV4 (service ``ec2``), XML answers and errors.

Requests are ``POST /`` with ``Action=<Op>&Version=2016-11-15&...``; lists are flattened as
``ImageId.1``, ``Filter.1.Name``, ``Filter.1.Value.1``. Answers are ``<OpResponse>`` documents
in EC2's namespace with a ``<requestId>``; errors are
``<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl

from streamkit.testing.core import sigv4
from streamkit.testing.core.clock import EmulatorClock
from streamkit.testing.core.params import ParamReader
from streamkit.testing.core.server import Request, Response
from streamkit.testing.core.service import ServiceError
from streamkit.testing.ec2.errors import Ec2Error

__all__ = ["NAMESPACE", "Form", "error_response", "filters_of", "form_of",
           "iso_time", "numbered", "success_response", "verify_signature"]

NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/"
SIGNING_NAME = "ec2"
FORM_TYPE = "application/x-www-form-urlencoded"

#: The code and message EC2 answers for each SigV4 fault (the status comes from the code)
_SIGNATURE_ERRORS: dict[sigv4.Fault, tuple[str, str]] = {
    "missing": ("MissingAuthenticationToken", "Request is missing Authentication Token"),
    "incomplete": ("IncompleteSignature",
                   "The request signature does not conform to AWS standards."),
    "unknown_key": ("AuthFailure",
                    "AWS was not able to validate the provided access credentials"),
    "wrong_service": ("SignatureDoesNotMatch",
                      f"Credential should be scoped to correct service: '{SIGNING_NAME}'."),
    "wrong_region": ("SignatureDoesNotMatch", "Credential should be scoped to a valid region."),
    "scope_date": ("SignatureDoesNotMatch", "Date in Credential scope does not match YYYYMMDD "
                   "from ISO-8601 version of date from HTTP."),
    "expired": ("RequestExpired", "Request has expired."),
    "missing_header": ("AuthFailure", "A signed header is missing from the request."),
    "mismatch": ("AuthFailure", "AWS was not able to validate the provided access credentials"),
}


class Form(ParamReader):
    """A query request's form fields; lists arrive numbered (``ImageId.1``, ``ImageId.2``)."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)

    def raw(self, name: str) -> object | None:
        return self.fields.get(name)

    def raw_list(self, name: str) -> list[object] | None:
        return list(numbered(self.fields, name)) or None

    def missing(self, name: str) -> Exception:
        return Ec2Error("MissingParameter", f"The request must contain the parameter {name}")

    def invalid(self, name: str, value: object, rule: str) -> Exception:
        return Ec2Error("InvalidParameterValue",
                        f"Value ({value}) for parameter {name} is invalid. {rule}")


def form_of(request: Request) -> dict[str, str] | None:
    """The request's form fields if it is an EC2 query request, else None."""
    if request.method != "POST" or not request.headers.get("content-type", "").startswith(
            FORM_TYPE):
        return None
    if "x-amz-target" in request.headers or "x-acs-action" in request.headers:
        return None
    if any(key == "Action" for key, _ in parse_qsl(request.query)):
        return None  # an Alibaba legacy RPC call carries Action in the query string
    try:
        form = dict(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        return None
    return form if form.get("Action") and form.get("Version") else None


def numbered(form: Mapping[str, str], prefix: str) -> list[str]:
    """``Prefix.1``, ``Prefix.2``, ... in index order."""
    pattern = re.compile(re.escape(prefix) + r"\.(\d+)")
    found = [(int(m.group(1)), v) for k, v in form.items() if (m := pattern.fullmatch(k))]
    return [v for _, v in sorted(found)]


def filters_of(form: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """``Filter.N.Name`` with its ``Filter.N.Value.M`` values, in index order."""
    indexes = sorted({int(m.group(1)) for k in form
                      if (m := re.fullmatch(r"Filter\.(\d+)\..+", k))})
    out: list[tuple[str, list[str]]] = []
    for n in indexes:
        name = form.get(f"Filter.{n}.Name")
        if name is None:
            raise Ec2Error("InvalidParameterValue", f"Filter.{n}.Name is missing.")
        out.append((name, numbered(form, f"Filter.{n}.Value")))
    return out


def verify_signature(request: Request, secrets: Mapping[str, str], clock: EmulatorClock) -> str:
    """Check SigV4 (scope service ``ec2``, X-Amz-Date against ``clock``); the scope's region."""
    if request.headers.get("authorization") and not request.headers.get("x-amz-date"):
        # EC2 refuses a missing X-Amz-Date before it looks at the key (AppStream after)
        raise Ec2Error(*_SIGNATURE_ERRORS["incomplete"])
    try:
        return sigv4.verify(request, secrets, service=SIGNING_NAME, clock=clock).region
    except sigv4.SignatureError as exc:
        raise Ec2Error(*_SIGNATURE_ERRORS[exc.kind]) from exc


def iso_time(epoch: float) -> str:
    """EC2's XML timestamp: ISO-8601 UTC with milliseconds."""
    text = datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def _fill(parent: ET.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            if child is not None:
                _fill(ET.SubElement(parent, key), child)
    elif isinstance(value, list):
        for child in value:
            _fill(ET.SubElement(parent, "item"), child)
    elif isinstance(value, bool):
        parent.text = "true" if value else "false"
    else:
        parent.text = str(value)


def _xml(status: int, root: ET.Element) -> Response:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(status, body, {"Content-Type": "text/xml;charset=UTF-8"})


def success_response(action: str, payload: Mapping[str, Any], request_id: str) -> Response:
    """``<{action}Response xmlns=...><requestId/>...``: dicts nest, lists become ``<item>``s."""
    root = ET.Element(f"{action}Response", xmlns=NAMESPACE)
    ET.SubElement(root, "requestId").text = request_id
    _fill(root, payload)
    return _xml(200, root)


def error_response(error: ServiceError, request_id: str) -> Response:
    root = ET.Element("Response")
    item = ET.SubElement(ET.SubElement(root, "Errors"), "Error")
    ET.SubElement(item, "Code").text = error.code
    ET.SubElement(item, "Message").text = error.message
    ET.SubElement(root, "RequestID").text = request_id
    return _xml(error.status, root)
