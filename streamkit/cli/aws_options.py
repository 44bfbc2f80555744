"""The options of ``streamkit aws ...`` commands that build typed values: a directory's
service account (its password from the environment or a hidden prompt, never an argument)
and certificate-based sign-in; a stack theme's styling, images and footer links."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from streamkit.errors import ValidationError
from streamkit.providers.aws.extensions.directories import (
    CertificateAuth,
    CertificateAuthStatus,
    ServiceAccount,
)
from streamkit.providers.aws.extensions.shapes import S3Location
from streamkit.providers.aws.extensions.themes import FooterLink, ThemeStyling

__all__ = ["PASSWORD_ENV", "certificate_auth_option", "s3_location", "service_account_option",
           "theme_options", "units_option"]

#: where ``--service-account`` reads the account's password from (else it prompts)
PASSWORD_ENV = "STREAMKIT_SERVICE_ACCOUNT_PASSWORD"

Parameter = Callable[[Callable[..., Any]], Callable[..., Any]]


def _service_account(ctx: click.Context, param: click.Parameter, value: str | None
                     ) -> ServiceAccount | None:
    if value is None:
        return None
    password = os.environ.get(PASSWORD_ENV) or click.prompt(
        f"Password of {value}", hide_input=True, err=True)
    return ServiceAccount(name=value, password=password)


def _certificate_auth(ctx: click.Context, param: click.Parameter, value: str | None
                      ) -> CertificateAuth | None:
    if value is None:
        return None
    status, _, arn = value.partition(":")
    try:
        chosen = CertificateAuthStatus(status.upper())
    except ValueError:
        raise click.BadParameter(f"{status!r} is not DISABLED, ENABLED or "
                                 "ENABLED_NO_DIRECTORY_LOGIN_FALLBACK", ctx, param) from None
    return CertificateAuth(status=chosen, certificate_authority_arn=arn or None)


def service_account_option() -> Parameter:
    """``--service-account NAME``; the password comes from $STREAMKIT_SERVICE_ACCOUNT_PASSWORD
    or a prompt that does not echo."""
    return click.option("--service-account", "service_account", callback=_service_account,
                        metavar="NAME",
                        help=f"The account that joins computers to the domain; its password "
                             f"is read from ${PASSWORD_ENV} or prompted for.")


def certificate_auth_option() -> Parameter:
    """``--certificate-auth STATUS[:CA_ARN]``."""
    return click.option("--certificate-auth", "certificate_auth", callback=_certificate_auth,
                        metavar="STATUS[:CA_ARN]",
                        help="Certificate-based sign-in: DISABLED, ENABLED or "
                             "ENABLED_NO_DIRECTORY_LOGIN_FALLBACK, with the AWS Private CA "
                             "ARN.")


def _units(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
           ) -> tuple[str, ...] | None:
    return values or None  # none given (an update): left as they are


def units_option(*, update: bool) -> Parameter:
    """``--ou DN`` (repeatable): required on create; on update, given ones replace them all."""
    return click.option("--ou", "organizational_units", multiple=True, required=not update,
                        callback=_units, metavar="DN",
                        help="Distinguished name of an OU for computer accounts (repeatable"
                             + ("; replaces them all)." if update else ")."))


def s3_location(ctx: click.Context, param: click.Parameter, value: str | None
                ) -> S3Location | None:
    """``s3://bucket/key`` (or ``bucket/key``) as an :class:`~streamkit.aws.S3Location`."""
    if value is None:
        return None
    try:
        return S3Location.parse(value)
    except ValidationError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def _styling(ctx: click.Context, param: click.Parameter, value: str | None
             ) -> ThemeStyling | None:
    return None if value is None else ThemeStyling(value)


def _links(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
           ) -> tuple[FooterLink, ...] | None:
    links = []
    for item in values:
        name, sep, url = item.partition("=")
        if not sep or not name or not url:
            raise click.BadParameter(f"{item!r} is not NAME=URL", ctx, param)
        try:
            links.append(FooterLink(display_name=name, url=url))
        except ValidationError as exc:
            raise click.BadParameter(str(exc), ctx, param) from None
    return tuple(links) if links else None


def theme_options(*, update: bool) -> tuple[Parameter, ...]:
    """``--title``, ``--styling``, ``--logo``, ``--favicon`` (required on create) and
    ``--footer-link NAME=URL``; on update also ``--enabled/--disabled``."""
    styles = [s.value for s in ThemeStyling if s is not ThemeStyling.UNKNOWN]
    options = [
        click.option("--title", required=not update, help="The portal's title."),
        click.option("--styling", type=click.Choice(styles), callback=_styling,
                     required=not update, help="The colour scheme."),
        click.option("--logo", callback=s3_location, required=not update, metavar="s3://BUCKET/KEY",
                     help="The organization logo in S3."),
        click.option("--favicon", callback=s3_location, required=not update,
                     metavar="s3://BUCKET/KEY", help="The favicon in S3."),
        click.option("--footer-link", "footer_links", multiple=True, callback=_links,
                     metavar="NAME=URL", help="A link in the footer (repeatable)."),
    ]
    if update:
        options += [
            click.option("--enabled/--disabled", default=None,
                         help="Show or hide the theme."),
        ]
    return tuple(options)
