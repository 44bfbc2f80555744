"""What the AWS areas share: S3 locations, ARNs, answers, and finding by name or ARN."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from streamkit.errors import NotFound, ValidationError
from streamkit.models import Provider
from streamkit.operations import Operation, Runner
from streamkit.paging import walk
from streamkit.providers.aws import translate as t
from streamkit.validation import check_name, check_optional_str, check_str

__all__ = ["MAX_PAGE", "S3Location", "answer_in", "arns", "check_arn", "check_name_or_arn",
           "find", "read_s3_location", "s3_location"]

_BUCKET = re.compile(r"[0-9a-z.\-]{3,63}(?<!\.)")
_ARN = re.compile(r"arn:aws(?:-cn|-iso-b|-iso|-us-gov)?:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:"
                  r"[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:"
                  r"[A-Za-z0-9][A-Za-z0-9:_/+=,@.\\-]{0,1023}")
#: the largest page the describe calls ask for (the model gives no bound; AWS pages its
#: association listings by 25)
MAX_PAGE = 25


def check_arn(field: str, value: object) -> str:
    """An ARN, as AppStream's model spells them (``arn:aws:appstream:...``)."""
    text = check_str(field, value, max_len=1400)
    if not _ARN.fullmatch(text):
        raise ValidationError(field, "must be an ARN (arn:aws:appstream:<region>:<account>:"
                              "<kind>/<name>)", value)
    return text


def check_name_or_arn(field: str, value: object) -> str:
    """A resource's name (its id) or its ARN."""
    if isinstance(value, str) and value.startswith("arn:"):
        return check_arn(field, value)
    return check_name(field, value)


def _bucket(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _BUCKET.fullmatch(value):
        raise ValidationError(attribute.name, "must be an S3 bucket name: 3-63 lowercase "
                              "letters, digits, '.' or '-', not ending with '.'", value)


def _key(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_optional_str(attribute.name, value, max_len=1024)


@attrs.frozen(kw_only=True)
class S3Location:
    """An object in S3 (a bucket alone where the cloud allows it).

    Args:
        bucket: The bucket's name.
        key: The object's key, 1-1024 characters.
    """

    bucket: str = attrs.field(validator=_bucket)
    key: str | None = attrs.field(default=None, validator=_key)

    @classmethod
    def parse(cls, text: str) -> S3Location:
        """``bucket/key`` or ``s3://bucket/key`` (``bucket`` alone: no key)."""
        bucket, _, key = check_str("s3 location", text).removeprefix("s3://").partition("/")
        return cls(bucket=bucket, key=key or None)


def s3_location(location: S3Location) -> dict[str, str]:
    """An S3Location member."""
    out = {"S3Bucket": location.bucket}
    if location.key is not None:
        out["S3Key"] = location.key
    return out


def read_s3_location(value: Any) -> S3Location | None:
    """An S3Location member; None if it is absent or not one."""
    d = t.read_dict(value)
    bucket = t.read_str(d, "S3Bucket")
    if bucket is None:
        return None
    try:
        return S3Location(bucket=bucket, key=t.read_str(d, "S3Key"))
    except ValidationError:  # a name this side's rules refuse: only in ``raw``
        return None


def arns(arn: str | None = None) -> dict[str, Any]:
    """A describe-by-ARN request: that one, or all."""
    return {"Arns": [arn]} if arn else {}


def answer_in(key: str, read: Callable[[Mapping[str, Any], str], Any]
              ) -> Callable[[Mapping[str, Any], str], Any]:
    """The translator of an answer holding its resource under ``key``."""
    def answer(body: Mapping[str, Any], region: str) -> Any:
        return read(t.read_dict(body.get(key)), region)

    return answer


def find(calls: Runner, describe: Operation[Any], field: str, name_or_arn: str) -> Any:
    """One resource of a describe-by-ARN listing, by ARN (one call) or by name (a walk)."""
    if name_or_arn.startswith("arn:"):
        items = calls.pages(describe, name_or_arn)(None, None)[0]
    else:
        items = [item for item in walk(calls.pages(describe)) if item.name == name_or_arn]
    found = next((item for item in items if name_or_arn in (item.arn, item.name)), None)
    if found is None:
        raise NotFound(f"{field} {name_or_arn} does not exist", provider=Provider.AWS,
                       operation=describe.name, code="ResourceNotFoundException")
    return found
