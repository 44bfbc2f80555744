"""Keeping secrets out of the SDKs' DEBUG logs.

botocore logs every response body at DEBUG on the ``botocore.parsers`` logger
(``"Response body:\\n%r"``), and the bodies of AppStream's CreateStreamingURL and
CreateImageBuilderStreamingURL carry a streaming URL: a bearer credential for a user's
desktop. An adapter calls :func:`guard_sdk_logs` when it is created; that attaches one
:class:`SecretRedactor` (once per process) to the loggers listed in :data:`SDK_LOGGERS`,
which replaces the value of each field in :data:`SECRET_FIELDS` with ``********`` in the
records of those loggers, and only there. Every other record passes untouched, and the
check is a substring test before any rewriting, so DEBUG logging stays cheap.

The Alibaba Tea SDK logs no bodies (the secrets canary in
``tests/reliability/test_secrets_canary.py`` checks both SDKs at DEBUG), so it has no logger
here; its secret fields (``Ticket``, ``AuthCode``) are listed all the same, should a logger
that prints them be added to :data:`SDK_LOGGERS`. streamkit's own records never carry a
body, and its models hold secrets in :class:`~streamkit.models.Secret`.
"""

from __future__ import annotations

import logging
import re
from typing import Final

from streamkit.models import Provider

__all__ = ["SDK_LOGGERS", "SECRET_FIELDS", "SecretRedactor", "guard_sdk_logs"]

#: JSON fields whose values are secrets: AWS streaming URLs, Alibaba tickets and auth codes
SECRET_FIELDS: Final = ("StreamingURL", "Ticket", "AuthCode")
#: the SDK loggers that log response bodies, per provider
SDK_LOGGERS: Final = {Provider.AWS: ("botocore.parsers",), Provider.ALIBABA: ()}
MASK: Final = "********"

_FIELDS = "|".join(SECRET_FIELDS)
_TEXT = re.compile(rf'("(?:{_FIELDS})"\s*:\s*")(?:[^"\\]|\\.)*(")')
_BYTES = re.compile(_TEXT.pattern.encode())
_TEXT_MARKS = tuple(f'"{field}"' for field in SECRET_FIELDS)
_BYTES_MARKS = tuple(mark.encode() for mark in _TEXT_MARKS)


def _redact(value: object) -> object:
    if isinstance(value, (bytes, bytearray)):
        if any(mark in value for mark in _BYTES_MARKS):
            return _BYTES.sub(rb"\1" + MASK.encode() + rb"\2", bytes(value))
    elif isinstance(value, str) and any(mark in value for mark in _TEXT_MARKS):
        return _TEXT.sub(rf"\1{MASK}\2", value)
    return value


class SecretRedactor(logging.Filter):
    """Masks the values of :data:`SECRET_FIELDS` in a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact(arg) for arg in record.args)
        return True


_REDACTOR: Final = SecretRedactor()


def guard_sdk_logs(provider: Provider) -> None:
    """Attach the redactor to ``provider``'s SDK loggers that log bodies (idempotent)."""
    for name in SDK_LOGGERS[provider]:
        logger = logging.getLogger(name)
        if _REDACTOR not in logger.filters:
            logger.addFilter(_REDACTOR)
