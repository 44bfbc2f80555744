"""``cloud.aws.software``: license-included software (Microsoft Office, Visio, Project) on
image builders: associate it, deploy it, see its status."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from streamkit.errors import ValidationError
from streamkit.extensions import Area
from streamkit.models import Provider, ResourceError
from streamkit.operations import Operation
from streamkit.paging import TokenPaginator
from streamkit.providers.aws import translate as t
from streamkit.providers.aws.extensions.shapes import check_arn
from streamkit.retry import CallKind
from streamkit.validation import check_bool, check_name, check_str_tuple

__all__ = ["OPERATIONS", "Software", "SoftwareAssociation", "SoftwareStatus"]


class SoftwareStatus(str, enum.Enum):
    """Where a product is in its deployment to an image builder."""

    STAGED_FOR_INSTALLATION = "STAGED_FOR_INSTALLATION"
    PENDING_INSTALLATION = "PENDING_INSTALLATION"
    INSTALLED = "INSTALLED"
    STAGED_FOR_UNINSTALLATION = "STAGED_FOR_UNINSTALLATION"
    PENDING_UNINSTALLATION = "PENDING_UNINSTALLATION"
    FAILED_TO_INSTALL = "FAILED_TO_INSTALL"
    FAILED_TO_UNINSTALL = "FAILED_TO_UNINSTALL"
    UNKNOWN = "UNKNOWN"


@attrs.frozen(kw_only=True)
class SoftwareAssociation:
    """One product associated with an image builder.

    Args:
        name: The product's name (e.g. ``Microsoft_Office_2021_LTSC_Professional_Plus_64Bit``).
        status: See :class:`SoftwareStatus`.
        raw_status: The status as AppStream sent it.
        errors: Why its deployment failed.
        raw: AppStream's own payload, read-only (not compared by ``==``).
    """

    name: str
    status: SoftwareStatus
    raw_status: str = ""
    errors: tuple[ResourceError, ...] = ()
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def provider(self) -> Provider:
        """Always AWS."""
        return Provider.AWS


def _association(d: Mapping[str, Any], region: str) -> SoftwareAssociation:
    raw_status = t.read_state(d.get("Status"))
    return SoftwareAssociation(
        name=t.read_str(d, "SoftwareName") or "",
        status=SoftwareStatus.__members__.get(raw_status, SoftwareStatus.UNKNOWN),
        raw_status=raw_status, errors=t.read_errors(d, "DeploymentError"), raw=t.raw_view(d))


def _names(builder_id: str, names: Sequence[str]) -> dict[str, Any]:
    return {"ImageBuilderName": builder_id, "SoftwareNames": list(names)}


def _of(resource_arn: str) -> dict[str, Any]:
    return {"AssociatedResource": resource_arn}


def _deploy(builder_id: str, retry_failed: bool) -> dict[str, Any]:
    return {"ImageBuilderName": builder_id,
            **({"RetryFailedDeployments": True} if retry_failed else {})}


OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    Operation(name="AssociateSoftwareToImageBuilder", request=_names, kind=CallKind.WRITE,
              answer=t.nothing, used_by=("aws.software.associate",)),
    Operation(name="DisassociateSoftwareFromImageBuilder", request=_names,
              kind=CallKind.WRITE, answer=t.nothing, used_by=("aws.software.disassociate",)),
    Operation(name="DescribeSoftwareAssociations", request=_of, answer=_association,
              paginator=TokenPaginator(result_key="SoftwareAssociations",
                                       limit_key="MaxResults"),
              used_by=("aws.software.list",)),
    Operation(name="StartSoftwareDeploymentToImageBuilder", request=_deploy,
              kind=CallKind.WRITE, answer=t.nothing, used_by=("aws.software.deploy",)),
)}


def _software_names(value: object) -> tuple[str, ...]:
    names = check_str_tuple("names", value)
    if not names:
        raise ValidationError("names", "must name at least one product", value)
    return names


class Software(Area):
    """License-included software on image builders (``cloud.aws.software``)."""

    def associate(self, builder_id: str, names: Sequence[str]) -> None:
        """Stage products for installation on the builder; :meth:`deploy` installs them."""
        self._context.calls.run(OPERATIONS["AssociateSoftwareToImageBuilder"],
                                check_name("builder_id", builder_id), _software_names(names))

    def disassociate(self, builder_id: str, names: Sequence[str]) -> None:
        """Stage products for removal from the builder; :meth:`deploy` removes them."""
        self._context.calls.run(OPERATIONS["DisassociateSoftwareFromImageBuilder"],
                                check_name("builder_id", builder_id), _software_names(names))

    def deploy(self, builder_id: str, *, retry_failed: bool = False) -> None:
        """Install and remove what is staged, on a RUNNING builder; ``retry_failed`` tries
        failed deployments again."""
        self._context.calls.run(OPERATIONS["StartSoftwareDeploymentToImageBuilder"],
                                check_name("builder_id", builder_id),
                                check_bool("retry_failed", retry_failed))

    def list(self, builder_arn: str) -> Iterator[SoftwareAssociation]:
        """The products associated with the image builder of this ARN, and their status."""
        arn = check_arn("builder_arn", builder_arn)
        fetch = self._context.calls.pages(OPERATIONS["DescribeSoftwareAssociations"], arn)
        return iter(self._listing("aws.software", fetch, arn, max_page_size=100))

    def __repr__(self) -> str:
        return "streamkit.aws.Software()"
