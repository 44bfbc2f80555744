"""``cloud.aws.usage_reports``: the region's usage report subscription.

Subscribed, AppStream writes daily CSV reports of sessions and applications to an S3 bucket
it creates in the account (``appstream-logs-<region>-<account>-<random>``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from streamkit.errors import NotFound
from streamkit.extensions import Area
from streamkit.models import Provider, ResourceError
from streamkit.operations import Operation, no_params
from streamkit.paging import TokenPaginator, walk
from streamkit.providers.aws import translate as t
from streamkit.retry import CallKind

__all__ = ["OPERATIONS", "UsageReportSchedule", "UsageReportSubscription", "UsageReports"]


class UsageReportSchedule(str, enum.Enum):
    """How often reports are written (the model has DAILY only)."""

    DAILY = "DAILY"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class UsageReportSubscription:
    """The usage report subscription of a region.

    Args:
        bucket: The S3 bucket the reports go to.
        region: The region it reports on.
        schedule: How often; see :class:`UsageReportSchedule`.
        raw_schedule: The schedule as AppStream sent it.
        last_generated_at: When the last report was written, if one was.
        errors: Why the last report could not be written (e.g. ``ACCESS_DENIED``).
        raw: AppStream's own payload, read-only (not compared by ``==``).
    """

    bucket: str
    region: str
    schedule: UsageReportSchedule
    raw_schedule: str = ""
    last_generated_at: datetime | None = None
    errors: tuple[ResourceError, ...] = ()
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def provider(self) -> Provider:
        """Always AWS."""
        return Provider.AWS


def _subscription(d: Mapping[str, Any], region: str) -> UsageReportSubscription:
    raw_schedule = t.read_state(d.get("Schedule"))
    return UsageReportSubscription(
        bucket=t.read_str(d, "S3BucketName") or "", region=region,
        schedule=UsageReportSchedule.__members__.get(raw_schedule, UsageReportSchedule.UNKNOWN),
        raw_schedule=raw_schedule, last_generated_at=t.read_time(d, "LastGeneratedReportDate"),
        errors=t.read_errors(d, "SubscriptionErrors"), raw=t.raw_view(d))


OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    Operation(name="CreateUsageReportSubscription", request=no_params, kind=CallKind.WRITE,
              answer=_subscription, used_by=("aws.usage_reports.subscribe",)),
    Operation(name="DescribeUsageReportSubscriptions", answer=_subscription,
              paginator=TokenPaginator(result_key="UsageReportSubscriptions"),
              used_by=("aws.usage_reports.get",)),
    Operation(name="DeleteUsageReportSubscription", request=no_params, kind=CallKind.DELETE,
              answer=t.nothing, used_by=("aws.usage_reports.unsubscribe",)),
)}


class UsageReports(Area):
    """The usage report subscription of the client's region (``cloud.aws.usage_reports``)."""

    def subscribe(self) -> UsageReportSubscription:
        """Subscribe (again: the same bucket); reports start the next day."""
        subscription: UsageReportSubscription = self._context.calls.run(
            OPERATIONS["CreateUsageReportSubscription"])
        return subscription

    def get(self) -> UsageReportSubscription:
        """The subscription, or :class:`~streamkit.NotFound` when the region has none."""
        for subscription in walk(self._context.calls.pages(
                OPERATIONS["DescribeUsageReportSubscriptions"])):
            found: UsageReportSubscription = subscription
            return found
        raise NotFound("the region has no usage report subscription", provider=Provider.AWS,
                       operation="DescribeUsageReportSubscriptions",
                       code="ResourceNotFoundException")

    def unsubscribe(self) -> None:
        """Stop the reports (the bucket and the reports in it stay);
        :class:`~streamkit.NotFound` when there is no subscription."""
        self._context.calls.run(OPERATIONS["DeleteUsageReportSubscription"])

    def __repr__(self) -> str:
        return "streamkit.aws.UsageReports()"
