"""EC2 Windows fast launch: the AWS side of ``cloud.fast_launch``, through a boto3 ``ec2`` client.

It shares the AppStream adapter's credentials, endpoint, timeouts, retry policy and clock
(:meth:`AwsAdapter.fast_launch_backend` makes it on first use). Its operations are declared in
:mod:`streamkit.providers.aws.operations` and go out through :mod:`streamkit.calls`, like
AppStream's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from streamkit.calls import CallContext
from streamkit.errors import InvalidRequest, NotFound
from streamkit.models import FastLaunchImage, LaunchTemplateRef, Provider
from streamkit.operations import Operation, Runner
from streamkit.paging import walk
from streamkit.providers.aws.operations import OPERATIONS
from streamkit.transport import Transport

__all__ = ["AwsFastLaunch"]


class AwsFastLaunch:
    """DescribeFastLaunchImages, EnableFastLaunch and DisableFastLaunch. Inputs arrive validated."""

    def __init__(self, context: CallContext, transport: Transport) -> None:
        self._client = getattr(transport, "client", None)  # boto3's (None: an async one)
        self._calls = Runner(context, transport)

    def list_images(self, image_ids: Sequence[str], filters: Mapping[str, Sequence[str]],
                    token: Any, page_size: int | None) -> tuple[Sequence[FastLaunchImage], Any]:
        return self._calls.pages(OPERATIONS["DescribeFastLaunchImages"], image_ids,
                                 filters)(token, page_size)

    def _dry_run(self, operation: Operation[Any], *args: Any) -> None:
        """Send ``operation`` with DryRun: EC2 answers DryRunOperation when the caller may
        do it and the request is good (UnauthorizedOperation, PermissionDenied, when not)."""
        try:
            self._calls.run(operation, *args, True)
        except InvalidRequest as error:
            if error.code != "DryRunOperation":
                raise

    def get_image(self, image_id: str, *, dry_run: bool = False) -> FastLaunchImage | None:
        if dry_run:
            self._dry_run(OPERATIONS["DescribeFastLaunchImages"], [image_id], {})
            return None
        item: FastLaunchImage
        for item in walk(self._calls.pages(OPERATIONS["DescribeFastLaunchImages"], [image_id],
                                            {})):  # EC2 may page even one id's answer
            if item.image_id == image_id:
                return item
        raise NotFound(f"image {image_id} has no fast launch state (not enabled)",
                       provider=Provider.AWS, operation="DescribeFastLaunchImages",
                       code="FastLaunchNotEnabled")

    def enable(self, image_id: str, *, max_parallel_launches: int | None,
               target_resource_count: int | None,
               launch_template: LaunchTemplateRef | None,
               dry_run: bool = False) -> FastLaunchImage | None:
        args = (image_id, max_parallel_launches, target_resource_count, launch_template)
        if dry_run:
            self._dry_run(OPERATIONS["EnableFastLaunch"], *args)
            return None
        image: FastLaunchImage = self._calls.run(OPERATIONS["EnableFastLaunch"], *args)
        return image

    def disable(self, image_id: str, *, force: bool,
                dry_run: bool = False) -> FastLaunchImage | None:
        if dry_run:
            self._dry_run(OPERATIONS["DisableFastLaunch"], image_id, force)
            return None
        image: FastLaunchImage = self._calls.run(OPERATIONS["DisableFastLaunch"], image_id, force)
        return image
