"""Acting in another account: a boto3 session whose credentials come from STS AssumeRole.

The role is assumed lazily, on the first call that needs credentials, and again shortly
before the temporary credentials expire (botocore's ``DeferredRefreshableCredentials``), so a
long-running automation never holds stale keys. The STS client makes one attempt per call,
like every streamkit client: the retry policy around the AppStream call does the retrying.
"""

from __future__ import annotations

from datetime import timezone
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.credentials import CredentialProvider, DeferredRefreshableCredentials

__all__ = ["aio_assumed_role_session", "assumed_role_session"]


class _AssumedRole(CredentialProvider):
    """First in the session's credential chain: the refreshable credentials of the role."""

    METHOD = "assume-role"
    CANONICAL_NAME = "streamkit-assume-role"

    def __init__(self, credentials: DeferredRefreshableCredentials) -> None:
        super().__init__()
        self._credentials = credentials

    def load(self) -> DeferredRefreshableCredentials:
        return self._credentials


def _params(role_arn: str, session_name: str, external_id: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": session_name}
    if external_id is not None:
        params["ExternalId"] = external_id
    return params


def _refreshed(answer: Any) -> dict[str, str]:
    """AssumeRole's answer as botocore's refreshable credentials take it."""
    found = answer["Credentials"]
    expiry = found["Expiration"]
    if expiry.tzinfo is None:
        expiry = expiry.replace(tzinfo=timezone.utc)
    return {"access_key": found["AccessKeyId"], "secret_key": found["SecretAccessKey"],
            "token": found["SessionToken"], "expiry_time": expiry.isoformat()}


def assumed_role_session(base: boto3.Session, *, region: str, role_arn: str,
                         session_name: str, external_id: str | None,
                         config: Config) -> boto3.Session:
    """A session in ``region`` that signs with ``role_arn``'s credentials, got through
    ``base`` (whose own credentials call ``sts:AssumeRole``)."""
    sts = base.client("sts", region_name=region, config=config)
    params = _params(role_arn, session_name, external_id)

    def fetch() -> dict[str, str]:
        return _refreshed(sts.assume_role(**params))

    credentials = DeferredRefreshableCredentials(refresh_using=fetch, method="assume-role")
    core = botocore.session.Session()
    core.get_component("credential_provider").insert_before("env", _AssumedRole(credentials))
    return boto3.Session(botocore_session=core, region_name=region)


def aio_assumed_role_session(base: Any, keys: dict[str, Any], *, region: str, role_arn: str,
                             session_name: str, external_id: str | None, config: Config) -> Any:
    """The same for aiobotocore: an ``AioSession`` signing with the role's credentials, got
    through ``base`` (an ``AioSession``, or None: the default chain) or the explicit ``keys``."""
    from aiobotocore.credentials import AioDeferredRefreshableCredentials
    from aiobotocore.session import AioSession

    params = _params(role_arn, session_name, external_id)
    caller = base or AioSession()

    async def fetch() -> dict[str, str]:
        async with caller.create_client("sts", region_name=region, config=config,
                                        **keys) as sts:
            return _refreshed(await sts.assume_role(**params))

    class AioAssumedRole(_AssumedRole):
        async def load(self) -> DeferredRefreshableCredentials:  # type: ignore[override]
            return self._credentials

    credentials = AioDeferredRefreshableCredentials(refresh_using=fetch, method="assume-role")
    core = AioSession()
    core.get_component("credential_provider").insert_before("env", AioAssumedRole(credentials))
    return core
