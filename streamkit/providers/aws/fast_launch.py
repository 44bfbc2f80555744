"""EC2 Windows fast launch: the AWS side of ``cloud.fast_launch``, through a boto3 ``ec2`` client.

It shares the AppStream adapter's session, endpoint, timeouts, retry policy and clock
(:meth:`AwsAdapter.fast_launch_backend` makes it on first use). Every call goes out through
:class:`~streamkit.providers.aws.calls.AwsCalls`, like AppStream's; the answers are read by
:func:`streamkit.providers.aws.translate.fast_launch_image`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from botocore.config import Config

from streamkit.errors import NotFound
from streamkit.hooks import CallContext
from streamkit.models import FastLaunchImage, LaunchTemplateRef, Provider
from streamkit.paging import bad_token
from streamkit.providers.aws import translate
from streamkit.providers.aws.calls import AwsCalls
from streamkit.retry import CallKind

__all__ = ["AwsFastLaunch"]


class AwsFastLaunch:
    """DescribeFastLaunchImages, EnableFastLaunch and DisableFastLaunch. Inputs arrive validated."""

    def __init__(self, session: Any, context: CallContext, *, endpoint_url: str | None,
                 config: Config) -> None:
        self.region = context.region
        self._client = session.client("ec2", region_name=self.region, endpoint_url=endpoint_url,
                                      config=config)
        self._call = AwsCalls(self._client, context).call

    def list_images(self, image_ids: Sequence[str], filters: Mapping[str, Sequence[str]],
                    token: Any, page_size: int | None
                    ) -> tuple[list[FastLaunchImage], str | None]:
        params: dict[str, Any] = {}
        if image_ids:
            params["ImageIds"] = list(image_ids)
        if filters:
            params["Filters"] = [{"Name": name, "Values": list(values)}
                                 for name, values in filters.items()]
        if token is not None:
            if not isinstance(token, str) or not token:
                raise bad_token()
            params["NextToken"] = token
        if page_size is not None:
            params["MaxResults"] = page_size
        response = self._call("DescribeFastLaunchImages", CallKind.READ, **params)
        items = [translate.fast_launch_image(item, self.region)
                 for item in response.get("FastLaunchImages") or [] if isinstance(item, Mapping)]
        next_token = response.get("NextToken")
        return items, next_token if isinstance(next_token, str) and next_token else None

    def get_image(self, image_id: str) -> FastLaunchImage:
        token: Any = None
        while True:  # EC2 may split even a one-id answer into pages
            items, token = self.list_images([image_id], {}, token, None)
            for item in items:
                if item.image_id == image_id:
                    return item
            if token is None:
                raise NotFound(f"image {image_id} has no fast launch state (not enabled)",
                               provider=Provider.AWS, operation="DescribeFastLaunchImages",
                               code="FastLaunchNotEnabled")

    def enable(self, image_id: str, *, max_parallel_launches: int | None,
               target_resource_count: int | None,
               launch_template: LaunchTemplateRef | None) -> FastLaunchImage:
        params: dict[str, Any] = {"ImageId": image_id, "ResourceType": "snapshot"}
        if max_parallel_launches is not None:
            params["MaxParallelLaunches"] = max_parallel_launches
        if target_resource_count is not None:
            params["SnapshotConfiguration"] = {"TargetResourceCount": target_resource_count}
        if launch_template is not None:
            template = {"LaunchTemplateId": launch_template.id,
                        "LaunchTemplateName": launch_template.name,
                        "Version": launch_template.version}
            params["LaunchTemplate"] = {k: v for k, v in template.items() if v is not None}
        response = self._call("EnableFastLaunch", CallKind.WRITE, **params)
        return translate.fast_launch_image(_payload(image_id, response), self.region)

    def disable(self, image_id: str, *, force: bool) -> FastLaunchImage:
        params: dict[str, Any] = {"ImageId": image_id}
        if force:
            params["Force"] = True
        response = self._call("DisableFastLaunch", CallKind.WRITE, **params)
        return translate.fast_launch_image(_payload(image_id, response), self.region)


def _payload(image_id: str, response: Mapping[str, Any]) -> dict[str, Any]:
    """An Enable/Disable answer as an item: the fields without ``ResponseMetadata``."""
    return {"ImageId": image_id,
            **{k: v for k, v in response.items() if k != "ResponseMetadata"}}
