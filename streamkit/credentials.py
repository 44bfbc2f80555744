"""Explicit credentials, for when the providers' default chains are not what you want."""

from __future__ import annotations

import attrs

from streamkit.errors import ValidationError
from streamkit.models import Secret
from streamkit.validation import check_str

__all__ = ["Credentials"]


def _to_secret(value: str | Secret) -> Secret:
    if isinstance(value, Secret):
        return value
    if not isinstance(value, str) or not value:
        raise ValidationError("secret", "must be a non-empty string", show_value=False)
    return Secret(value)


def _to_optional_secret(value: str | Secret | None) -> Secret | None:
    return None if value is None else _to_secret(value)


@attrs.frozen
class Credentials:
    """An access key pair (and STS token). The secret parts never show in ``repr``.

    AWS: access key id + secret access key. Alibaba: AccessKey id + AccessKey secret.

    Args:
        access_key_id: The key's id (not a secret); a non-empty string.
        secret: The secret key; a non-empty string, kept as a :class:`Secret`.
        token: An STS security token for temporary credentials, or None.
    """

    access_key_id: str = attrs.field(validator=lambda _i, _a, v: check_str("access_key_id", v))
    secret: Secret = attrs.field(converter=_to_secret)
    token: Secret | None = attrs.field(default=None, converter=_to_optional_secret)
