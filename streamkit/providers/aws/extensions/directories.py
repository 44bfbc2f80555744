"""``cloud.aws.directories``: directory configs, what fleets and image builders need to join
an Active Directory domain (their ``DomainJoinInfo`` names one by its directory name).

A config holds the directory's fully qualified name, the organizational units computer
accounts go to, and the service account AppStream joins with. The account's password is a
:class:`~streamkit.Secret`: sent, never read back (AppStream does not return it), never shown.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from streamkit.errors import NotFound, ValidationError
from streamkit.extensions import Area
from streamkit.models import Page, Provider, Secret
from streamkit.operations import Operation
from streamkit.paging import Listing, TokenPaginator, walk
from streamkit.providers.aws import translate as t
from streamkit.providers.aws.extensions.shapes import answer_in, check_arn
from streamkit.retry import CallKind
from streamkit.validation import check_id, check_instance, check_str, check_str_tuple

__all__ = [
    "OPERATIONS",
    "CertificateAuth",
    "CertificateAuthStatus",
    "Directories",
    "DirectoryConfig",
    "ServiceAccount",
]

AREA = "aws.directories"
MAX_PAGE = 100
MAX_OU_LENGTH = 2000
MAX_PASSWORD = 127


class CertificateAuthStatus(str, enum.Enum):
    """Whether users sign in to domain-joined instances with certificates (AD CS, through
    AWS Private CA) instead of typing their domain password."""

    DISABLED = "DISABLED"
    ENABLED = "ENABLED"
    ENABLED_NO_DIRECTORY_LOGIN_FALLBACK = "ENABLED_NO_DIRECTORY_LOGIN_FALLBACK"
    UNKNOWN = "UNKNOWN"


def _secret(value: object) -> Secret:
    if isinstance(value, Secret):
        return value
    if not isinstance(value, str):
        raise ValidationError("service_account.password", "must be a string or a Secret",
                              show_value=False)
    return Secret(value)


@attrs.frozen(kw_only=True)
class ServiceAccount:
    """The directory account AppStream joins computers to the domain with.

    Args:
        name: The account name (``CORP\\appstream-join`` or ``appstream-join``).
        password: Its password, 1-127 characters; a str is kept as a :class:`~streamkit.Secret`.
    """

    name: str
    password: Secret = attrs.field(converter=_secret)


@attrs.frozen(kw_only=True)
class CertificateAuth:
    """Certificate-based sign-in for domain-joined instances.

    Args:
        status: Whether it is on; see :class:`CertificateAuthStatus`.
        certificate_authority_arn: The AWS Private CA ARN that issues the certificates.
        raw_status: The status as AppStream sent it (read back; empty when you build one).
    """

    status: CertificateAuthStatus
    certificate_authority_arn: str | None = None
    raw_status: str = attrs.field(default="", eq=False)


@attrs.frozen(kw_only=True)
class DirectoryConfig:
    """One directory config.

    Args:
        directory_name: The directory's fully qualified name (``corp.example.com``).
        region: The region it is configured in.
        organizational_units: Distinguished names of the OUs computer accounts go to.
        account_name: The service account's name (the password is never returned).
        certificate_auth: Certificate-based sign-in, if configured.
        created_at: When it was created.
        raw: AppStream's own payload, read-only (not compared by ``==``).
    """

    directory_name: str
    region: str
    organizational_units: tuple[str, ...] = ()
    account_name: str | None = attrs.field(default=None, repr=False)
    certificate_auth: CertificateAuth | None = None
    created_at: datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def provider(self) -> Provider:
        """Always AWS."""
        return Provider.AWS



def _certificate_auth(d: Any) -> CertificateAuth | None:
    if not isinstance(d, Mapping):
        return None
    raw_status = t.read_state(d.get("Status"))
    status = CertificateAuthStatus.__members__.get(raw_status, CertificateAuthStatus.UNKNOWN)
    return CertificateAuth(status=status, raw_status=raw_status,
                           certificate_authority_arn=t.read_str(d, "CertificateAuthorityArn"))


def _config(d: Mapping[str, Any], region: str) -> DirectoryConfig:
    account = t.read_dict(d.get("ServiceAccountCredentials"))
    units = d.get("OrganizationalUnitDistinguishedNames")
    # AppStream never sends the password back; should an answer hold one, it is not kept.
    raw = {**d, "ServiceAccountCredentials": {k: v for k, v in account.items()
                                              if k != "AccountPassword"}} if account else d
    return DirectoryConfig(
        directory_name=t.read_str(d, "DirectoryName") or "", region=region,
        organizational_units=tuple(u for u in units if isinstance(u, str))
        if isinstance(units, list) else (),
        account_name=t.read_str(account, "AccountName"),
        certificate_auth=_certificate_auth(d.get("CertificateBasedAuthProperties")),
        created_at=t.read_time(d, "CreatedTime"), raw=t.raw_view(raw))


def _members(units: Sequence[str] | None, account: ServiceAccount | None,
             certificate_auth: CertificateAuth | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if units is not None:
        params["OrganizationalUnitDistinguishedNames"] = list(units)
    if account is not None:
        params["ServiceAccountCredentials"] = {"AccountName": account.name,
                                               "AccountPassword": account.password.reveal()}
    if certificate_auth is not None:
        cert: dict[str, Any] = {"Status": certificate_auth.status.value}
        if certificate_auth.certificate_authority_arn is not None:
            cert["CertificateAuthorityArn"] = certificate_auth.certificate_authority_arn
        params["CertificateBasedAuthProperties"] = cert
    return params


def _write(name: str, units: Sequence[str] | None, account: ServiceAccount | None,
           certificate_auth: CertificateAuth | None) -> dict[str, Any]:
    """CreateDirectoryConfig's and UpdateDirectoryConfig's parameters (None: left out)."""
    return {"DirectoryName": name, **_members(units, account, certificate_auth)}


def _describe(names: Sequence[str] = ()) -> dict[str, Any]:
    return {"DirectoryNames": list(names)} if names else {}


def _named(name: str) -> dict[str, Any]:
    return {"DirectoryName": name}


OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    Operation(name="CreateDirectoryConfig", request=_write, kind=CallKind.CREATE,
              answer=answer_in("DirectoryConfig", _config), used_by=("aws.directories.create",)),
    Operation(name="DescribeDirectoryConfigs", request=_describe, answer=_config,
              paginator=TokenPaginator(result_key="DirectoryConfigs", limit_key="MaxResults",
                                       max_page=MAX_PAGE),
              used_by=("aws.directories.list", "aws.directories.get")),
    Operation(name="UpdateDirectoryConfig", request=_write, kind=CallKind.WRITE,
              answer=answer_in("DirectoryConfig", _config), used_by=("aws.directories.update",)),
    Operation(name="DeleteDirectoryConfig", request=_named, kind=CallKind.DELETE,
              answer=t.nothing, used_by=("aws.directories.delete",)),
)}


def _directory_name(value: object) -> str:
    return check_id("directory_name", check_str("directory_name", value, max_len=255))


def _units(value: object, *, required: bool) -> tuple[str, ...] | None:
    if value is None and not required:
        return None
    units = check_str_tuple("organizational_units", value, item_max_len=MAX_OU_LENGTH)
    if required and not units:
        raise ValidationError("organizational_units", "must name at least one "
                              "organizational unit", value)
    return units


def _account(value: object) -> ServiceAccount | None:
    if value is None:
        return None
    if not isinstance(value, ServiceAccount):  # it may hold a password: never shown
        raise ValidationError("service_account", "must be a streamkit.aws.ServiceAccount",
                              show_value=False)
    account = value
    check_str("service_account.name", account.name, max_len=256)
    if not 1 <= len(account.password.reveal()) <= MAX_PASSWORD:
        raise ValidationError("service_account.password",
                              f"must have 1 to {MAX_PASSWORD} characters", show_value=False)
    return account


def _cert(value: object) -> CertificateAuth | None:
    if value is None:
        return None
    cert = check_instance("certificate_auth", value, CertificateAuth)
    if not isinstance(cert.status, CertificateAuthStatus) or (
            cert.status is CertificateAuthStatus.UNKNOWN):
        raise ValidationError("certificate_auth.status", "must be a CertificateAuthStatus "
                              "other than UNKNOWN", cert.status)
    if cert.certificate_authority_arn is not None:
        check_arn("certificate_auth.certificate_authority_arn", cert.certificate_authority_arn)
    return cert


class Directories(Area):
    """Directory configs of the client's region (``cloud.aws.directories``)."""

    def _all(self) -> Listing[DirectoryConfig]:
        fetch = self._context.calls.pages(OPERATIONS["DescribeDirectoryConfigs"])
        return self._listing(AREA, fetch, max_page_size=MAX_PAGE)

    def create(self, directory_name: str, organizational_units: Sequence[str], *,
               service_account: ServiceAccount | None = None,
               certificate_auth: CertificateAuth | None = None) -> DirectoryConfig:
        """Configure a directory for domain join; :class:`~streamkit.AlreadyExists` if it is."""
        config: DirectoryConfig = self._context.calls.run(
            OPERATIONS["CreateDirectoryConfig"], _directory_name(directory_name),
            _units(organizational_units, required=True), _account(service_account),
            _cert(certificate_auth))
        return config

    def list(self) -> Iterator[DirectoryConfig]:
        """Every directory config, fetched lazily page by page."""
        return iter(self._all())

    def list_page(self, page_size: int | None = None,
                  cursor: str | None = None) -> Page[DirectoryConfig]:
        """One page of directory configs; pass ``next_cursor`` back for the next."""
        return self._all().page(page_size, cursor)

    def get(self, directory_name: str) -> DirectoryConfig:
        """One directory config, or :class:`~streamkit.NotFound`."""
        name = _directory_name(directory_name)
        config: DirectoryConfig
        for config in walk(self._context.calls.pages(OPERATIONS["DescribeDirectoryConfigs"],
                                                      [name])):
            if config.directory_name == name:
                return config
        raise NotFound(f"directory config {name} does not exist", provider=Provider.AWS,
                       operation="DescribeDirectoryConfigs", code="ResourceNotFoundException")

    def update(self, directory_name: str, *, organizational_units: Sequence[str] | None = None,
               service_account: ServiceAccount | None = None,
               certificate_auth: CertificateAuth | None = None) -> DirectoryConfig:
        """Change the given fields; the others stay. Fleets and image builders already
        joined keep their computer accounts; new instances use the new settings."""
        config: DirectoryConfig = self._context.calls.run(
            OPERATIONS["UpdateDirectoryConfig"], _directory_name(directory_name),
            _units(organizational_units, required=False), _account(service_account),
            _cert(certificate_auth))
        return config

    def delete(self, directory_name: str) -> None:
        """Delete the config; refused (:class:`~streamkit.Conflict`) while a fleet or image
        builder uses it."""
        self._context.calls.run(OPERATIONS["DeleteDirectoryConfig"],
                                _directory_name(directory_name))

    def __repr__(self) -> str:
        return "streamkit.aws.Directories()"
