"""EC2 Windows fast launch: the AWS side of ``cloud.fast_launch``, through a boto3 ``ec2`` client.

It shares the AppStream adapter's session, endpoint, timeouts, retry policy and clock
(:meth:`AwsAdapter.fast_launch_backend` makes it on first use). botocore's retries are off;
every call goes through :meth:`RetryPolicy.call`, and errors are translated by
:mod:`streamkit.providers.aws.errors` like AppStream's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from streamkit.clock import Clock
from streamkit.errors import NotFound
from streamkit.models import FastLaunchImage, FastLaunchState, LaunchTemplateRef, Provider
from streamkit.paging import bad_token
from streamkit.providers.aws.errors import from_botocore_error, from_client_error
from streamkit.retry import CallKind, RetryPolicy

__all__ = ["FAST_LAUNCH_STATES", "AwsFastLaunch", "fast_launch_image"]

log = logging.getLogger("streamkit")

#: EC2 ``FastLaunchStateCode`` -> neutral state; anything else is UNKNOWN (raw kept)
FAST_LAUNCH_STATES: dict[str, FastLaunchState] = {
    "enabling": FastLaunchState.ENABLING,
    "enabling-failed": FastLaunchState.ENABLING_FAILED,
    "enabled": FastLaunchState.ENABLED,
    "enabled-failed": FastLaunchState.ENABLED_FAILED,
    "disabling": FastLaunchState.DISABLING,
    "disabling-failed": FastLaunchState.DISABLING_FAILED,
}


def _str(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    return value if isinstance(value, str) and value else None


def _int(d: Mapping[str, Any], key: str) -> int | None:
    value = d.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def fast_launch_image(d: Mapping[str, Any], region: str) -> FastLaunchImage:
    """One ``DescribeFastLaunchImagesSuccessItem`` (or an Enable/Disable answer), tolerantly."""
    raw_state = d.get("State") if isinstance(d.get("State"), str) else ""
    template = _dict(d.get("LaunchTemplate"))
    changed = d.get("StateTransitionTime")
    return FastLaunchImage(
        image_id=_str(d, "ImageId") or "", provider=Provider.AWS, region=region,
        state=FAST_LAUNCH_STATES.get(str(raw_state), FastLaunchState.UNKNOWN),
        raw_state=str(raw_state), resource_type=_str(d, "ResourceType"),
        snapshot_target_count=_int(_dict(d.get("SnapshotConfiguration")), "TargetResourceCount"),
        launch_template=LaunchTemplateRef(id=_str(template, "LaunchTemplateId"),
                                          name=_str(template, "LaunchTemplateName"),
                                          version=_str(template, "Version"))
        if template else None,
        max_parallel_launches=_int(d, "MaxParallelLaunches"), owner_id=_str(d, "OwnerId"),
        state_reason=_str(d, "StateTransitionReason"),
        state_changed_at=changed if isinstance(changed, datetime) else None, raw=d)


class AwsFastLaunch:
    """DescribeFastLaunchImages, EnableFastLaunch and DisableFastLaunch. Inputs arrive validated."""

    def __init__(self, session: Any, *, region: str, endpoint_url: str | None, config: Config,
                 retry: RetryPolicy, clock: Clock) -> None:
        self.region = region
        self._retry = retry
        self._clock = clock
        self._client = session.client("ec2", region_name=region, endpoint_url=endpoint_url,
                                      config=config)

    def _call(self, operation: str, kind: CallKind, **params: Any) -> Any:
        method = getattr(self._client, xform_name(operation))

        def once() -> Any:
            started = time.perf_counter()
            try:
                response = method(**params)
            except ClientError as exc:
                err = from_client_error(exc, operation)
                log.debug("aws %s failed: %s (%.1f ms, request id %s)", operation, err.code,
                          (time.perf_counter() - started) * 1000, err.request_id)
                raise err from exc
            except BotoCoreError as exc:
                raise from_botocore_error(exc, operation) from exc
            log.debug("aws %s ok (%.1f ms, request id %s)", operation,
                      (time.perf_counter() - started) * 1000,
                      response.get("ResponseMetadata", {}).get("RequestId"))
            return response

        return self._retry.call(once, operation=operation, kind=kind, clock=self._clock)

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
        items = [fast_launch_image(item, self.region)
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
        return fast_launch_image(_payload(image_id, response), self.region)

    def disable(self, image_id: str, *, force: bool) -> FastLaunchImage:
        params: dict[str, Any] = {"ImageId": image_id}
        if force:
            params["Force"] = True
        response = self._call("DisableFastLaunch", CallKind.WRITE, **params)
        return fast_launch_image(_payload(image_id, response), self.region)


def _payload(image_id: str, response: Mapping[str, Any]) -> dict[str, Any]:
    """An Enable/Disable answer as an item: the fields without ``ResponseMetadata``."""
    return {"ImageId": image_id,
            **{k: v for k, v in response.items() if k != "ResponseMetadata"}}
