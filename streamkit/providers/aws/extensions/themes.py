"""``cloud.aws.themes``: a stack's theme, how the AppStream portal looks to its users (title,
colours, logo, favicon and footer links)."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from streamkit.errors import NotFound, ValidationError
from streamkit.extensions import Area
from streamkit.models import Provider
from streamkit.operations import Operation
from streamkit.providers.aws import translate as t
from streamkit.providers.aws.extensions.shapes import S3Location, s3_location
from streamkit.retry import CallKind
from streamkit.validation import check_bool, check_instance, check_name, check_str

__all__ = ["OPERATIONS", "FooterLink", "StackTheme", "ThemeStyling", "Themes"]

#: the title's and a link's display name characters (the model's pattern)
TEXT_RE = re.compile(r"[-@./#&+\w\s]*")


class ThemeStyling(str, enum.Enum):
    """The portal's colour scheme."""

    LIGHT_BLUE = "LIGHT_BLUE"
    BLUE = "BLUE"
    PINK = "PINK"
    RED = "RED"
    UNKNOWN = "UNKNOWN"


def _text(_i: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_str(attribute.name, value, max_len=300)
    if not TEXT_RE.fullmatch(str(value)):
        raise ValidationError(attribute.name, "must be letters, digits, spaces or '-@./#&+'",
                              value)


@attrs.frozen(kw_only=True)
class FooterLink:
    """A link in the portal's footer.

    Args:
        display_name: Its text, 1-300 letters, digits, spaces or ``-@./#&+``.
        url: Where it goes, 1-1000 characters.
    """

    display_name: str = attrs.field(validator=_text)
    url: str = attrs.field(validator=lambda _i, a, v: check_str(a.name, v, max_len=1000))


@attrs.frozen(kw_only=True)
class StackTheme:
    """The theme of a stack.

    Args:
        stack_id: The stack it themes.
        region: The stack's region.
        enabled: Whether users see it.
        title: The portal's title.
        styling: Its colours; see :class:`ThemeStyling`.
        raw_styling: The styling as AppStream sent it.
        footer_links: The links in its footer.
        logo_url: Where the organization logo is served from.
        favicon_url: Where the favicon is served from.
        created_at: When it was made.
        raw: AppStream's own payload, read-only (not compared by ``==``).
    """

    stack_id: str
    region: str
    enabled: bool
    title: str | None = None
    styling: ThemeStyling = ThemeStyling.UNKNOWN
    raw_styling: str = ""
    footer_links: tuple[FooterLink, ...] = ()
    logo_url: str | None = None
    favicon_url: str | None = None
    created_at: datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def provider(self) -> Provider:
        """Always AWS."""
        return Provider.AWS


def _links(items: Any) -> tuple[FooterLink, ...]:
    links = []
    for item in t.read_maps({"Links": items}, "Links"):
        try:
            links.append(FooterLink(display_name=t.read_str(item, "DisplayName") or "",
                                    url=t.read_str(item, "FooterLinkURL") or ""))
        except ValidationError:  # a link this side's rules refuse: only in ``raw``
            continue
    return tuple(links)


def _theme(d: Mapping[str, Any], region: str) -> StackTheme:
    raw_styling = t.read_state(d.get("ThemeStyling"))
    return StackTheme(
        stack_id=t.read_str(d, "StackName") or "", region=region,
        enabled=d.get("State") == "ENABLED", title=t.read_str(d, "ThemeTitleText"),
        styling=ThemeStyling.__members__.get(raw_styling, ThemeStyling.UNKNOWN),
        raw_styling=raw_styling, footer_links=_links(d.get("ThemeFooterLinks")),
        logo_url=t.read_str(d, "ThemeOrganizationLogoURL"),
        favicon_url=t.read_str(d, "ThemeFaviconURL"), created_at=t.read_time(d, "CreatedTime"),
        raw=t.raw_view(d))


def _theme_in(body: Mapping[str, Any], region: str) -> StackTheme | None:
    """The answer's Theme; None when the stack has none (DescribeThemeForStack)."""
    theme = t.read_dict(body.get("Theme"))
    return _theme(theme, region) if theme else None


def _write(stack_id: str, title: str | None, styling: ThemeStyling | None,
           logo: S3Location | None, favicon: S3Location | None,
           footer_links: Sequence[FooterLink] | None) -> dict[str, Any]:
    """CreateThemeForStack's parameters (None: left out), and UpdateThemeForStack's but its
    own two."""
    params: dict[str, Any] = {"StackName": stack_id}
    if title is not None:
        params["TitleText"] = title
    if styling is not None:
        params["ThemeStyling"] = styling.value
    if logo is not None:
        params["OrganizationLogoS3Location"] = s3_location(logo)
    if favicon is not None:
        params["FaviconS3Location"] = s3_location(favicon)
    if footer_links:
        params["FooterLinks"] = [{"DisplayName": link.display_name, "FooterLinkURL": link.url}
                                 for link in footer_links]
    return params


def _update(stack_id: str, title: str | None, styling: ThemeStyling | None,
            logo: S3Location | None, favicon: S3Location | None,
            footer_links: Sequence[FooterLink] | None, enabled: bool | None) -> dict[str, Any]:
    params = _write(stack_id, title, styling, logo, favicon, footer_links)
    if footer_links is not None and not footer_links:
        params["AttributesToDelete"] = ["FOOTER_LINKS"]
    if enabled is not None:
        params["State"] = "ENABLED" if enabled else "DISABLED"
    return params


def _stack(stack_id: str) -> dict[str, Any]:
    return {"StackName": stack_id}


_USED = "aws.themes."
OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    Operation(name="CreateThemeForStack", request=_write, kind=CallKind.CREATE,
              answer=_theme_in, used_by=(_USED + "create",)),
    Operation(name="DescribeThemeForStack", request=_stack, answer=_theme_in,
              used_by=(_USED + "get",)),
    Operation(name="UpdateThemeForStack", request=_update, kind=CallKind.WRITE,
              answer=_theme_in, used_by=(_USED + "update",)),
    Operation(name="DeleteThemeForStack", request=_stack, kind=CallKind.DELETE,
              answer=t.nothing, used_by=(_USED + "delete",)),
)}


def _styling(value: object) -> ThemeStyling | None:
    if value is None:
        return None
    if not isinstance(value, ThemeStyling) or value is ThemeStyling.UNKNOWN:
        raise ValidationError("styling", "must be a ThemeStyling other than UNKNOWN", value)
    return value


def _title(value: object) -> str | None:
    if value is None:
        return None
    text = check_str("title", value, max_len=300)
    if not TEXT_RE.fullmatch(text):
        raise ValidationError("title", "must be letters, digits, spaces or '-@./#&+'", value)
    return text


def _location(field: str, value: object) -> S3Location | None:
    return None if value is None else check_instance(field, value, S3Location)


def _footer(value: object) -> tuple[FooterLink, ...] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValidationError("footer_links", "must be a list of FooterLink", value)
    return tuple(check_instance(f"footer_links[{i}]", link, FooterLink)
                 for i, link in enumerate(value))


class Themes(Area):
    """Stack themes (``cloud.aws.themes``): one per stack, by the stack's id."""

    def create(self, stack_id: str, *, title: str, styling: ThemeStyling, logo: S3Location,
               favicon: S3Location, footer_links: Sequence[FooterLink] = ()) -> StackTheme:
        """Theme the stack's portal (ENABLED); :class:`~streamkit.AlreadyExists` if it has
        a theme. The logo and favicon are S3 objects AppStream reads."""
        theme: StackTheme = self._context.calls.run(
            OPERATIONS["CreateThemeForStack"], check_name("stack_id", stack_id), _title(title),
            _styling(styling), _location("logo", logo), _location("favicon", favicon),
            _footer(footer_links))
        return theme

    def get(self, stack_id: str) -> StackTheme:
        """The stack's theme; :class:`~streamkit.NotFound` if the stack or its theme is not
        there."""
        stack_id = check_name("stack_id", stack_id)
        theme: StackTheme | None = self._context.calls.run(
            OPERATIONS["DescribeThemeForStack"], stack_id)
        if theme is None:
            raise NotFound(f"stack {stack_id} has no theme", provider=Provider.AWS,
                           operation="DescribeThemeForStack", code="ResourceNotFoundException")
        return theme

    def update(self, stack_id: str, *, title: str | None = None,
               styling: ThemeStyling | None = None, logo: S3Location | None = None,
               favicon: S3Location | None = None,
               footer_links: Sequence[FooterLink] | None = None,
               enabled: bool | None = None) -> StackTheme:
        """Change the given fields; the others stay. An empty ``footer_links`` removes them;
        ``enabled=False`` hides the theme without deleting it."""
        theme: StackTheme = self._context.calls.run(
            OPERATIONS["UpdateThemeForStack"], check_name("stack_id", stack_id), _title(title),
            _styling(styling), _location("logo", logo), _location("favicon", favicon),
            _footer(footer_links), None if enabled is None else check_bool("enabled", enabled))
        return theme

    def delete(self, stack_id: str) -> None:
        """Delete the stack's theme (the portal goes back to AppStream's)."""
        self._context.calls.run(OPERATIONS["DeleteThemeForStack"],
                                check_name("stack_id", stack_id))

    def __repr__(self) -> str:
        return "streamkit.aws.Themes()"
