"""Usage report subscriptions: CreateUsageReportSubscription, DescribeUsageReportSubscriptions
and DeleteUsageReportSubscription.

A region has at most one subscription. Creating it again answers the same bucket (the API
reference: AppStream creates ``appstream-logs-<region>-<account>-<random>`` the first time and
keeps using it); deleting an absent one is ResourceNotFoundException.
"""

from __future__ import annotations

import hashlib

from streamkit.testing.aws.errors import not_found
from streamkit.testing.aws.operations.call import (
    OPERATIONS,
    Body,
    Context,
    page_list,
    with_token,
)
from streamkit.testing.aws.resources import ACCOUNT_ID
from streamkit.testing.core.tokens import listing_id

__all__: list[str] = []

SCHEDULE = "DAILY"  # the only UsageReportSchedule the model has


def _bucket(region: str) -> str:
    suffix = hashlib.sha256(f"{region}/{ACCOUNT_ID}".encode()).hexdigest()[:10]
    return f"appstream-logs-{region}-{ACCOUNT_ID}-{suffix}"


@OPERATIONS("CreateUsageReportSubscription")
def create_usage_report_subscription(ctx: Context) -> Body:
    ctx.store.usage_reports = SCHEDULE
    return {"S3BucketName": _bucket(ctx.region), "Schedule": SCHEDULE}


@OPERATIONS("DescribeUsageReportSubscriptions")
def describe_usage_report_subscriptions(ctx: Context) -> Body:
    limit = ctx.params.integer("MaxResults", minimum=0)
    rows = ([{"S3BucketName": _bucket(ctx.region), "Schedule": ctx.store.usage_reports,
              "SubscriptionErrors": []}] if ctx.store.usage_reports else [])
    page, token = page_list(ctx, rows, listing_id("DescribeUsageReportSubscriptions"), limit,
                            1)
    return with_token({"UsageReportSubscriptions": page}, token)


@OPERATIONS("DeleteUsageReportSubscription")
def delete_usage_report_subscription(ctx: Context) -> Body:
    if not ctx.store.usage_reports:
        raise not_found("usage report subscription", ctx.region)
    ctx.store.usage_reports = None
    return {}
