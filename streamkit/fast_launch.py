"""``cloud.fast_launch``: EC2 Windows fast launch images, typed and paged. AWS only.

A Windows AMI with fast launch keeps pre-provisioned snapshots so instances launched from it
skip Sysprep. This service lists those images (``DescribeFastLaunchImages``) and turns fast
launch on and off; ``cloud.wait_until_fast_launch_enabled`` waits for it. On a provider
without :attr:`Capability.FAST_LAUNCH` every method raises
:class:`~streamkit.UnsupportedOperation` before anything provider-specific is touched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal, Protocol, cast, overload

from streamkit.errors import UnsupportedOperation, ValidationError
from streamkit.models import FastLaunchImage, LaunchTemplateRef, Page
from streamkit.paging import Listing
from streamkit.providers.base import Adapter, Capability, PageResult
from streamkit.validation import (
    check_bool,
    check_optional_int,
    check_str,
    check_str_tuple,
)

__all__ = ["FastLaunch", "FastLaunchBackend"]

AMI_ID_RE = re.compile(r"ami-[0-9a-f]{8,17}")
LAUNCH_TEMPLATE_ID_RE = re.compile(r"lt-[0-9a-f]{8,17}")
LAUNCH_TEMPLATE_NAME_RE = re.compile(r"[a-zA-Z0-9().\-/_]{3,128}")
FILTER_NAMES = ("owner-id", "resource-type", "state")
MAX_PAGE_SIZE = 200  # EC2 model: MaxResults 0-200 (0 asks for nothing useful)
MIN_PARALLEL_LAUNCHES = 6  # EC2's documented minimum
UNSUPPORTED_HINT = ("Windows fast launch is an EC2 feature; this provider has no equivalent "
                    "(pre-warm capacity with the fleet's own scaling instead)")


class FastLaunchBackend(Protocol):
    """What a provider offers for fast launch (on AWS: ``AwsAdapter.fast_launch_backend()``)."""

    def list_images(self, image_ids: Sequence[str], filters: Mapping[str, Sequence[str]],
                    token: Any, page_size: int | None) -> PageResult:
        """One page of fast launch images: ``(images, next token)``."""
        ...

    def get_image(self, image_id: str, *, dry_run: bool = False) -> FastLaunchImage | None:
        """One image's fast launch settings (None after a dry run)."""
        ...

    def enable(self, image_id: str, *, max_parallel_launches: int | None,
               target_resource_count: int | None,
               launch_template: LaunchTemplateRef | None,
               dry_run: bool = False) -> FastLaunchImage | None:
        """Turn fast launch on (or change its settings) for an image (None after a dry run)."""
        ...

    def disable(self, image_id: str, *, force: bool,
                dry_run: bool = False) -> FastLaunchImage | None:
        """Turn fast launch off for an image (None after a dry run)."""
        ...


def _image_id(field: str, value: object) -> str:
    text = check_str(field, value, max_len=21)
    if not AMI_ID_RE.fullmatch(text):
        raise ValidationError(field, "must be an AMI id like 'ami-0123456789abcdef0'", value)
    return text


def _image_ids(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    ids = check_str_tuple("image_ids", value, item_max_len=21)
    return tuple(_image_id(f"image_ids[{i}]", v) for i, v in enumerate(ids))


def _filters(value: object) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError("filters", "must be a mapping of filter name to a list of "
                              "values", value)
    out: dict[str, tuple[str, ...]] = {}
    for name, values in cast("Mapping[object, object]", value).items():
        if name not in FILTER_NAMES:
            raise ValidationError("filters", f"names must be among {', '.join(FILTER_NAMES)}",
                                  name)
        checked = check_str_tuple(f"filters[{name!r}]", values)
        if not checked:
            raise ValidationError(f"filters[{name!r}]", "must hold at least one value", values)
        out[str(name)] = checked
    return dict(sorted(out.items()))


def _launch_template(value: object) -> LaunchTemplateRef | None:
    if value is None:
        return None
    if not isinstance(value, LaunchTemplateRef):
        raise ValidationError("launch_template", "must be a streamkit.LaunchTemplateRef", value)
    if (value.id is None) == (value.name is None):
        raise ValidationError("launch_template", "must name the template by id or by name, "
                              "not both", value)
    if value.id is not None and not (isinstance(value.id, str)
                                     and LAUNCH_TEMPLATE_ID_RE.fullmatch(value.id)):
        raise ValidationError("launch_template.id", "must look like 'lt-0123456789abcdef0'",
                              value.id)
    if value.name is not None and not (isinstance(value.name, str)
                                       and LAUNCH_TEMPLATE_NAME_RE.fullmatch(value.name)):
        raise ValidationError("launch_template.name", "must be 3-128 letters, digits or "
                              "'().-/_'", value.name)
    if value.version is None:
        raise ValidationError("launch_template.version", "is required ('1', '$Latest' or "
                              "'$Default')")
    check_str("launch_template.version", value.version, max_len=255)
    return value


class FastLaunch:
    """Windows fast launch images (EC2). AWS only; other providers raise UnsupportedOperation."""

    def __init__(self, adapter: Adapter) -> None:
        self._adapter = adapter
        self._backend_cache: FastLaunchBackend | None = None

    def _backend(self, operation: str) -> FastLaunchBackend:
        if Capability.FAST_LAUNCH not in self._adapter.capabilities:
            hint = self._adapter.hints.get(Capability.FAST_LAUNCH, UNSUPPORTED_HINT)
            raise UnsupportedOperation(self._adapter.provider, operation, hint)
        if self._backend_cache is None:
            make = getattr(self._adapter, "fast_launch_backend", None)
            if make is None:
                raise UnsupportedOperation(self._adapter.provider, operation, UNSUPPORTED_HINT)
            self._backend_cache = cast("FastLaunchBackend", make())
        return self._backend_cache

    def _listing(self, operation: str, image_ids: object, filters: object
                 ) -> Listing[FastLaunchImage]:
        backend = self._backend(operation)
        ids, checked = _image_ids(image_ids), _filters(filters)
        shape = json.dumps([ids, checked], separators=(",", ":"))
        key = "/".join((self._adapter.provider.value, self._adapter.region, "fast_launch", shape))

        def fetch(token: Any, page_size: int | None) -> PageResult:
            return backend.list_images(ids, checked, token, page_size)

        return Listing(key=key, fetch=fetch, max_page_size=MAX_PAGE_SIZE)

    def list(self, image_ids: Sequence[str] | None = None,
             filters: Mapping[str, Sequence[str]] | None = None) -> Iterator[FastLaunchImage]:
        """Every image with a fast launch state, fetched lazily page by page.

        ``image_ids`` narrows to those AMIs; ``filters`` maps ``resource-type``, ``owner-id``
        or ``state`` (EC2's values, e.g. ``{"state": ["enabled"]}``) to accepted values.
        """
        return iter(self._listing("fast_launch.list", image_ids, filters))

    def list_page(self, image_ids: Sequence[str] | None = None,
                  filters: Mapping[str, Sequence[str]] | None = None, *,
                  page_size: int | None = None, cursor: str | None = None
                  ) -> Page[FastLaunchImage]:
        """One page (``page_size`` 1-200); pass ``next_cursor`` back with the same filters."""
        return self._listing("fast_launch.list_page", image_ids, filters).page(page_size,
                                                                               cursor)

    @overload
    def get(self, image_id: str, *, dry_run: Literal[False] = False) -> FastLaunchImage: ...

    @overload
    def get(self, image_id: str, *, dry_run: Literal[True]) -> None: ...

    def get(self, image_id: str, *, dry_run: bool = False) -> FastLaunchImage | None:
        """The image's fast launch state; :class:`~streamkit.NotFound` if it has none.

        ``dry_run=True`` only checks that you may ask (EC2's ``DryRun``): None if so,
        :class:`~streamkit.PermissionDenied` if your IAM policy does not allow it.
        """
        backend = self._backend("fast_launch.get")
        return backend.get_image(_image_id("image_id", image_id),
                                 dry_run=check_bool("dry_run", dry_run))

    @overload
    def enable(self, image_id: str, *, max_parallel_launches: int | None = None,
               target_resource_count: int | None = None,
               launch_template: LaunchTemplateRef | None = None,
               dry_run: Literal[False] = False) -> FastLaunchImage: ...

    @overload
    def enable(self, image_id: str, *, max_parallel_launches: int | None = None,
               target_resource_count: int | None = None,
               launch_template: LaunchTemplateRef | None = None,
               dry_run: Literal[True]) -> None: ...

    def enable(self, image_id: str, *, max_parallel_launches: int | None = None,
               target_resource_count: int | None = None,
               launch_template: LaunchTemplateRef | None = None,
               dry_run: bool = False) -> FastLaunchImage | None:
        """Start pre-provisioning snapshots of a Windows AMI; the answer is usually ENABLING.

        Follow with ``cloud.wait_until_fast_launch_enabled(image_id)``. EC2 refuses
        non-Windows AMIs. ``max_parallel_launches`` is at least 6. ``dry_run=True`` checks
        the permission and the request and changes nothing: None if it would succeed,
        :class:`~streamkit.PermissionDenied` if your IAM policy does not allow it.
        """
        backend = self._backend("fast_launch.enable")
        return backend.enable(
            _image_id("image_id", image_id),
            max_parallel_launches=check_optional_int(
                "max_parallel_launches", max_parallel_launches, minimum=MIN_PARALLEL_LAUNCHES),
            target_resource_count=check_optional_int(
                "target_resource_count", target_resource_count, minimum=1),
            launch_template=_launch_template(launch_template),
            dry_run=check_bool("dry_run", dry_run))

    @overload
    def disable(self, image_id: str, *, force: bool = False,
                dry_run: Literal[False] = False) -> FastLaunchImage: ...

    @overload
    def disable(self, image_id: str, *, force: bool = False,
                dry_run: Literal[True]) -> None: ...

    def disable(self, image_id: str, *, force: bool = False,
                dry_run: bool = False) -> FastLaunchImage | None:
        """Stop fast launch and clean up its snapshots; the answer is usually DISABLING.

        ``force`` disables even when the cleanup of pre-provisioned resources fails.
        ``dry_run=True``: as for :meth:`enable`.
        """
        backend = self._backend("fast_launch.disable")
        return backend.disable(_image_id("image_id", image_id), force=check_bool("force", force),
                               dry_run=check_bool("dry_run", dry_run))
