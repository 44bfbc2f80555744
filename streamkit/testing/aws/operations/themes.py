"""Stack themes: CreateThemeForStack, DescribeThemeForStack, UpdateThemeForStack and
DeleteThemeForStack.

A stack has at most one theme (ResourceAlreadyExists); the stack must exist; the logo and
favicon are S3 objects, answered as their URLs. A new theme is ENABLED; ``State`` turns it
off and on; ``AttributesToDelete`` takes ``FOOTER_LINKS`` away.
"""

from __future__ import annotations

import re
from typing import Any

from streamkit.testing.aws.errors import ApiError, not_found, validation
from streamkit.testing.aws.operations.call import OPERATIONS, Body, Context
from streamkit.testing.aws.protocol import check_members

__all__: list[str] = []

_TITLE = r"^[-@./#&+\w\s]*$"
_BUCKET = re.compile(r"^[0-9a-z.\-]*(?<!\.)$")
_LOCATIONS = {"OrganizationLogoS3Location": "ThemeOrganizationLogoURL",
              "FaviconS3Location": "ThemeFaviconURL"}


def _url(ctx: Context, location: dict[str, Any]) -> str:
    bucket = str(location["S3Bucket"])
    if not _BUCKET.fullmatch(bucket):
        raise validation(f"The S3 bucket name '{bucket}' is not valid.")
    return f"https://{bucket}.s3.{ctx.region}.amazonaws.com/{location.get('S3Key', '')}"


def _apply(ctx: Context, theme: dict[str, Any]) -> None:
    params = ctx.params
    check_members(params.data, ctx.operation, ("FooterLinks", *_LOCATIONS))
    title = params.text("TitleText", max_len=300, pattern=_TITLE)
    if title is not None:
        theme["ThemeTitleText"] = title
    styling = params.text("ThemeStyling")
    if styling is not None:
        theme["ThemeStyling"] = styling
    links = params.raw_list("FooterLinks")
    if links is not None:
        theme["ThemeFooterLinks"] = links
    for member, answer in _LOCATIONS.items():
        location = params.struct(member)
        if location is not None:
            theme[answer] = _url(ctx, location)


def _stack(ctx: Context) -> tuple[str, float]:
    """The theme's key: the stack (it must exist) and its creation, so a stack deleted and
    made again under the same name has no theme."""
    stack = ctx.stack(ctx.params.name("StackName"))
    return stack.name, stack.created


def _theme(ctx: Context) -> tuple[tuple[str, float], dict[str, Any]]:
    key = _stack(ctx)
    theme = ctx.store.themes.get(key)
    if theme is None:
        raise not_found("theme of the stack", key[0])
    return key, theme


@OPERATIONS("CreateThemeForStack")
def create_theme_for_stack(ctx: Context) -> Body:
    params = ctx.params
    key = _stack(ctx)
    for member in ("TitleText", "ThemeStyling"):
        params.required(member)
    for member in _LOCATIONS:
        if params.struct(member) is None:
            raise params.missing(member)
    if key in ctx.store.themes:
        raise ApiError("ResourceAlreadyExistsException",
                       f"The stack '{key[0]}' already has a theme.")
    theme: dict[str, Any] = {"StackName": key[0], "State": "ENABLED", "CreatedTime": ctx.now}
    _apply(ctx, theme)
    ctx.store.themes[key] = theme
    return {"Theme": dict(theme)}


@OPERATIONS("DescribeThemeForStack")
def describe_theme_for_stack(ctx: Context) -> Body:
    theme = ctx.store.themes.get(_stack(ctx))
    return {} if theme is None else {"Theme": dict(theme)}


@OPERATIONS("UpdateThemeForStack")
def update_theme_for_stack(ctx: Context) -> Body:
    params = ctx.params
    _, theme = _theme(ctx)
    deletes = params.strings("AttributesToDelete") or []
    if "FOOTER_LINKS" in deletes and params.raw("FooterLinks") is not None:
        raise ApiError("InvalidParameterCombinationException",
                       "FooterLinks cannot be set and deleted in one request.")
    _apply(ctx, theme)
    state = params.text("State")
    if state is not None:
        theme["State"] = state
    if "FOOTER_LINKS" in deletes:
        theme.pop("ThemeFooterLinks", None)
    return {"Theme": dict(theme)}


@OPERATIONS("DeleteThemeForStack")
def delete_theme_for_stack(ctx: Context) -> Body:
    key, _ = _theme(ctx)
    del ctx.store.themes[key]
    return {}
