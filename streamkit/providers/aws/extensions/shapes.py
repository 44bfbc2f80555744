"""What the AWS areas share: S3 locations, ARNs, answers, and finding by name or ARN."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

import attrs

from streamkit.errors import NotFound, ValidationError
from streamkit.extensions import Area
from streamkit.models import Page, Provider
from streamkit.operations import Operation
from streamkit.paging import Listing
from streamkit.providers.aws import translate as t
from streamkit.validation import check_name, check_optional_str, check_str

__all__ = ["MAX_PAGE", "DescribedByArn", "S3Location", "answer_in", "arns", "check_arn",
           "check_name_or_arn", "read_s3_location", "read_strings", "s3_location"]

R = TypeVar("R")
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


def read_strings(d: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """The strings of the list at ``key`` (a missing or non-list value: none)."""
    items = d.get(key)
    return tuple(i for i in items if isinstance(i, str)) if isinstance(items, list) else ()


def arns(arn: str | None = None) -> dict[str, Any]:
    """A describe-by-ARN request: that one, or all."""
    return {"Arns": [arn]} if arn else {}


def answer_in(key: str, read: Callable[[Mapping[str, Any], str], Any]
              ) -> Callable[[Mapping[str, Any], str], Any]:
    """The translator of an answer holding its resource under ``key``."""
    def answer(body: Mapping[str, Any], region: str) -> Any:
        return read(t.read_dict(body.get(key)), region)

    return answer


class DescribedByArn(Area, Generic[R]):
    """An area whose resources one describe call lists: all of them, or one by ARN."""

    _describe: Operation[R]
    _noun = ""
    _listing_name = ""

    def list(self) -> Iterator[R]:
        """Every one in the region, fetched page by page as you iterate."""
        return iter(self._all())

    def list_page(self, page_size: int | None = None, cursor: str | None = None) -> Page[R]:
        """One page of them; pass ``next_cursor`` back for the next."""
        return self._all().page(page_size, cursor)

    def _all(self) -> Listing[R]:
        return self._listing(self._listing_name, self._context.calls.pages(self._describe),
                             max_page_size=MAX_PAGE)

    def get(self, name_or_arn: str) -> R:
        """One by name or ARN (by name: found in the listing); NotFound if there is none."""
        wanted = check_name_or_arn("name_or_arn", name_or_arn)
        calls = self._context.calls
        if wanted.startswith("arn:"):
            items = calls.pages(self._describe, wanted)(None, None)[0]
        else:
            items = [item for item in self._all() if getattr(item, "name", None) == wanted]
        for item in items:
            if wanted in (getattr(item, "arn", None), getattr(item, "name", None)):
                return item
        raise NotFound(f"{self._noun} {wanted} does not exist", provider=Provider.AWS,
                       operation=self._describe.name, code="ResourceNotFoundException")
