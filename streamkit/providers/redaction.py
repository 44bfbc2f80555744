"""Keeping secrets out of the SDKs' DEBUG logs, and out of the bodies streamkit keeps.

What is secret is derived, not listed by hand: every member that botocore's service models
mark ``"sensitive": true`` (on the member or on its shape) in the operations streamkit sends
-- each AppStream and EC2 operation declared in the AWS provider's ``OPERATIONS`` and its
extension's (``cloud.aws``), and STS
``AssumeRole`` for ``connect(role_arn=...)`` -- under its name and its wire name, plus
:data:`KNOWN_SECRETS`, the fields the models leave unmarked (STS's ``SessionToken``,
AppStream's ``StreamingURL``, Alibaba's ``Ticket`` and ``AuthCode``, and the headers that
carry a session token). A new operation in ``OPERATIONS`` is covered without a change here.
The names are worked out on the first record that needs them, so a process that does not log
at DEBUG never loads a model for it.

The SDK loggers that print bodies, headers or signed text are listed in :data:`SDK_LOGGERS`:
botocore's parser (response bodies: AppStream's JSON, STS's XML), its endpoint (each request
with its headers), its signer (the canonical request, with ``x-amz-security-token``),
urllib3's request lines, and the Tea SDK's two loggers (the headers of every request when
``DEBUG`` is set in the environment). An adapter calls :func:`guard_sdk_logs` when it is
created; that attaches one :class:`SecretRedactor` (once per process) to those loggers,
which masks the value of each secret field in their records whatever the format: JSON and
Python reprs (``"Name": "value"``, ``'Name': b'value'``), XML (``<Name>value</Name>``),
header lines (``name:value``) and query strings (``Name=value``). Every other record passes
untouched. :func:`masked` gives a copy of a body with the same fields masked, for bodies that
are kept (an error's raw answer, an observation handed to a hook).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from streamkit.models import Provider

__all__ = ["KNOWN_SECRETS", "MASK", "SDK_LOGGERS", "SecretRedactor", "guard_sdk_logs",
           "mask_text", "masked", "secret_fields", "sensitive_members"]

#: secret fields the service models do not mark sensitive (or that are not in a model)
KNOWN_SECRETS: Final = ("StreamingURL", "SecretAccessKey", "SessionToken", "Ticket",
                        "AuthCode", "AccessKeySecret", "SecurityToken",
                        "X-Amz-Security-Token", "x-acs-security-token")
#: botocore services streamkit calls, and the operations of each it sends (None: those of
#: the AWS provider's ``OPERATIONS`` that the service has)
AWS_CALLS: Final[Mapping[str, tuple[str, ...] | None]] = {
    "appstream": None, "ec2": None, "sts": ("AssumeRole",)}
#: the SDK loggers that log bodies, headers or signed text, per provider
SDK_LOGGERS: Final = {
    Provider.AWS: ("botocore.parsers", "botocore.endpoint", "botocore.auth",
                   "urllib3.connectionpool"),
    Provider.ALIBABA: ("darabonba-core", "alibabacloud-tea", "urllib3.connectionpool")}
MASK: Final = "********"


def sensitive_members(model: Any, operations: Iterable[str]) -> set[str]:
    """The names (and wire names) of the members marked sensitive in ``operations`` of a
    botocore ``ServiceModel``, found by walking their input and output shapes."""
    found: set[str] = set()
    seen: set[str] = set()

    def walk(shape: Any) -> None:
        if shape is None or shape.name in seen:
            return
        seen.add(shape.name)
        for name, member in getattr(shape, "members", {}).items():
            if member.metadata.get("sensitive"):
                found.add(name)
                found.add(member.serialization.get("name", name))
            walk(member)
        for part in ("member", "key", "value"):
            walk(getattr(shape, part, None))

    for operation in operations:
        op = model.operation_model(operation)
        walk(op.input_shape)
        walk(op.output_shape)
    return found


def _aws_secrets() -> set[str]:
    try:
        from botocore.loaders import create_loader
        from botocore.model import ServiceModel
    except ImportError:  # streamkit without its AWS extra
        return set()
    from streamkit.providers.aws.extensions import OPERATIONS as EXTENSION_OPERATIONS
    from streamkit.providers.aws.operations import OPERATIONS

    sent = [*OPERATIONS, *EXTENSION_OPERATIONS]
    loader = create_loader()
    found: set[str] = set()
    for service, operations in AWS_CALLS.items():
        model = ServiceModel(loader.load_service_model(service, "service-2"), service)
        names = set(model.operation_names)
        found |= sensitive_members(model, operations or [op for op in sent if op in names])
    return found


@functools.cache
def secret_fields() -> frozenset[str]:
    """Every field whose value is masked (worked out once, on first use)."""
    return frozenset(KNOWN_SECRETS) | _aws_secrets()


@functools.cache
def _patterns() -> tuple[re.Pattern[str], list[tuple[re.Pattern[str], str]]]:
    names = "|".join(re.escape(n) for n in sorted(secret_fields(), key=len, reverse=True))
    found = re.compile(names, re.IGNORECASE)
    return found, [
        # JSON and Python reprs: "Name": "value", 'Name': b'value'
        (re.compile(rf"""(["'])({names})\1(\s*:\s*b?)(["'])(?:(?!\4)[^\\]|\\.)*\4"""),
         rf"\1\2\1\3\4{MASK}\4"),
        # XML, a value or a whole element
        (re.compile(rf"<({names})>.*?</\1>", re.DOTALL), rf"<\1>{MASK}</\1>"),
        # header lines (a canonical request, the Tea SDK's "> name : value")
        (re.compile(rf"^(>?[ \t]*)({names})([ \t]*:[ \t]*)\S.*$", re.IGNORECASE | re.MULTILINE),
         rf"\1\2\3{MASK}"),
        # query strings and form bodies: Name=value, Parent.Name.1=value
        (re.compile(rf"(?<![\w-])({names})((?:\.\w+)*=)[^&\s'\"]*"), rf"\1\2{MASK}"),
    ]


def mask_text(text: str) -> str:
    """``text`` with the value of every secret field masked."""
    found, rewrites = _patterns()
    if found.search(text) is None:
        return text
    for pattern, replacement in rewrites:
        text = pattern.sub(replacement, text)
    return text


def _mask(value: object) -> object:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, (bytes, bytearray)):  # latin-1 keeps every byte as it was
        return mask_text(bytes(value).decode("latin-1")).encode("latin-1")
    return value


def masked(body: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a JSON-like ``body`` with the value of every secret field masked."""
    names = secret_fields()

    def copy(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: MASK if k in names else copy(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [copy(item) for item in value]
        return value

    result: dict[str, Any] = copy(body)
    return result


_PLAIN = (str, bytes, bytearray, int, float, type(None))


def _rendered(args: Iterable[object]) -> Iterator[bool]:
    return (not isinstance(arg, _PLAIN) for arg in args)


class SecretRedactor(logging.Filter):
    """Masks the values of secret fields in a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_mask(arg) for arg in record.args)
            if any(_rendered(record.args)):  # an object's own str (botocore's request)
                try:
                    text = record.getMessage()
                except Exception:  # args that do not fit: logging reports it itself
                    return True
                safe = mask_text(text)
                if safe != text:
                    record.msg, record.args = safe, ()
        return True


_REDACTOR: Final = SecretRedactor()


def guard_sdk_logs(provider: Provider) -> None:
    """Attach the redactor to ``provider``'s SDK loggers that log bodies (idempotent)."""
    for name in SDK_LOGGERS[provider]:
        logger = logging.getLogger(name)
        if _REDACTOR not in logger.filters:
            logger.addFilter(_REDACTOR)
