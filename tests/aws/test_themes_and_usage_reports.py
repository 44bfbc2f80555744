"""``cloud.aws.themes`` and ``cloud.aws.usage_reports``, through boto3 over HTTP."""

from __future__ import annotations

import pytest

import streamkit
from streamkit import Capability, StackSpec, StreamingCloud
from streamkit.aws import (
    FooterLink,
    S3Location,
    StackTheme,
    ThemeStyling,
    UsageReportSchedule,
)
from streamkit.testing import Emulator
from tests.harness import AwsHarness

LOGO = S3Location(bucket="corp-assets", key="logo.png")
ICON = S3Location(bucket="corp-assets", key="favicon.ico")
HELP = FooterLink(display_name="Help desk", url="https://help.example.com")


@pytest.fixture
def cloud(emulator: Emulator) -> StreamingCloud:
    return AwsHarness(emulator).cloud


def test_the_areas_are_aws_capabilities(cloud: StreamingCloud) -> None:
    assert {Capability.AWS_THEMES, Capability.AWS_USAGE_REPORTS} <= cloud.capabilities


def test_usage_reports_subscribe_get_unsubscribe(cloud: StreamingCloud) -> None:
    with pytest.raises(streamkit.NotFound):
        cloud.aws.usage_reports.get()
    made = cloud.aws.usage_reports.subscribe()
    assert made.bucket.startswith("appstream-logs-us-east-1-123456789012-")
    assert (made.schedule, made.region, made.last_generated_at) == (
        UsageReportSchedule.DAILY, "us-east-1", None)
    got = cloud.aws.usage_reports.get()
    assert (got.bucket, got.schedule, got.errors) == (made.bucket, made.schedule, ())
    assert cloud.aws.usage_reports.subscribe().bucket == made.bucket  # again: the same
    cloud.aws.usage_reports.unsubscribe()
    with pytest.raises(streamkit.NotFound):
        cloud.aws.usage_reports.get()
    with pytest.raises(streamkit.NotFound):
        cloud.aws.usage_reports.unsubscribe()


def test_theme_create_get_update_delete(cloud: StreamingCloud) -> None:
    cloud.stacks.create(StackSpec(name="portal"))
    made = cloud.aws.themes.create("portal", title="Sales apps", styling=ThemeStyling.BLUE,
                                   logo=LOGO, favicon=ICON, footer_links=[HELP])
    assert isinstance(made, StackTheme)
    assert (made.stack_id, made.enabled, made.title, made.styling, made.footer_links) == (
        "portal", True, "Sales apps", ThemeStyling.BLUE, (HELP,))
    assert made.logo_url is not None and made.logo_url.endswith("/logo.png")
    assert cloud.aws.themes.get("portal") == made
    with pytest.raises(streamkit.AlreadyExists):
        cloud.aws.themes.create("portal", title="Again", styling=ThemeStyling.RED,
                                logo=LOGO, favicon=ICON)
    updated = cloud.aws.themes.update("portal", styling=ThemeStyling.PINK, footer_links=[],
                                      enabled=False)
    assert (updated.styling, updated.footer_links, updated.enabled, updated.title) == (
        ThemeStyling.PINK, (), False, "Sales apps")
    cloud.aws.themes.delete("portal")
    with pytest.raises(streamkit.NotFound):
        cloud.aws.themes.get("portal")
    with pytest.raises(streamkit.NotFound):
        cloud.aws.themes.delete("portal")


def test_a_theme_needs_its_stack(cloud: StreamingCloud) -> None:
    with pytest.raises(streamkit.NotFound):
        cloud.aws.themes.create("nowhere", title="T", styling=ThemeStyling.RED, logo=LOGO,
                                favicon=ICON)
    with pytest.raises(streamkit.NotFound):
        cloud.aws.themes.get("nowhere")


@pytest.mark.parametrize(("call", "field"), [
    (lambda th: th.create("p", title="<b>", styling=ThemeStyling.RED, logo=LOGO,
                          favicon=ICON), "title"),
    (lambda th: th.create("p", title="T", styling="RED", logo=LOGO, favicon=ICON), "styling"),
    (lambda th: th.create("p", title="T", styling=ThemeStyling.UNKNOWN, logo=LOGO,
                          favicon=ICON), "styling"),
    (lambda th: th.create("p", title="T", styling=ThemeStyling.RED, logo="s3://b/k",
                          favicon=ICON), "logo"),
    (lambda th: th.update("p", footer_links=[("Help", "https://x")]), "footer_links[0]"),
    (lambda th: th.update("p", enabled="no"), "enabled"),
    (lambda th: th.get("bad name"), "stack_id"),
])
def test_bad_input_names_the_field(emulator: Emulator, call: object, field: str) -> None:
    records: list[streamkit.CallRecord] = []
    cloud = AwsHarness(emulator).connect(hooks=streamkit.Hooks(on_call=records.append))
    with pytest.raises(streamkit.ValidationError) as bad:
        call(cloud.aws.themes)  # type: ignore[operator]
    assert bad.value.field == field
    assert records == []


def test_a_footer_link_checks_itself() -> None:
    with pytest.raises(streamkit.ValidationError) as bad:
        FooterLink(display_name="<script>", url="https://x")
    assert bad.value.field == "display_name"
