"""Where the Alibaba provider finds credentials when ``connect`` is given none.

The sources of the alibabacloud-credentials default chain, each used only when it is
configured (an environment variable set, a file present), looked at when connecting and
without any request: the first configured one is used. The ECS instance metadata service is
asked only when ``ALIBABA_CLOUD_ECS_METADATA`` names the instance's RAM role, so that a machine
with nothing configured fails at once with one line instead of probing the network.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from streamkit.credentials import Credentials
from streamkit.errors import PermissionDenied
from streamkit.models import Provider

__all__ = ["NO_CREDENTIALS", "SOURCES", "configured_source", "credentials_error",
           "env_credentials"]

NO_CREDENTIALS = "NoCredentials"
ENV_KEYS = ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_SECURITY_TOKEN")
OIDC_KEYS = ("ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
             "ALIBABA_CLOUD_OIDC_TOKEN_FILE")
#: every source looked at, in order, as the error names them
SOURCES = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "OIDC (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, "
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE)",
    "the aliyun CLI's ~/.aliyun/config.json",
    "~/.alibabacloud/credentials.ini (or ALIBABA_CLOUD_CREDENTIALS_FILE)",
    "ECS instance metadata (only with ALIBABA_CLOUD_ECS_METADATA=<role name>)",
    "ALIBABA_CLOUD_CREDENTIALS_URI",
)
HOW_TO_SET = ("set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, run "
              "'aliyun configure', or pass credentials=streamkit.Credentials(...)")


def env_credentials(env: Mapping[str, str]) -> Credentials | None:
    """The AccessKey pair (and STS token) of the environment, if both parts are set."""
    key_id, secret, token = (env.get(name) for name in ENV_KEYS)
    if key_id and secret:
        return Credentials(key_id, secret, token or None)
    return None


def _true(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").lower() == "true"


def configured_source(env: Mapping[str, str], home: Path) -> tuple[str, Any] | None:
    """The first configured source after the environment's keys, as (its name, the
    credentials library's provider), or None; reads files' presence only, sends nothing."""
    from alibabacloud_credentials import provider as p

    _quiet_library_log()
    if all(env.get(name) for name in OIDC_KEYS):
        return SOURCES[1], p.OIDCRoleArnCredentialsProvider(
            role_arn=env["ALIBABA_CLOUD_ROLE_ARN"],
            oidc_provider_arn=env["ALIBABA_CLOUD_OIDC_PROVIDER_ARN"],
            oidc_token_file_path=env["ALIBABA_CLOUD_OIDC_TOKEN_FILE"],
            role_session_name=env.get("ALIBABA_CLOUD_ROLE_SESSION_NAME") or "streamkit")
    profile = env.get("ALIBABA_CLOUD_PROFILE") or ""
    cli_file = home / ".aliyun" / "config.json"
    if not _true(env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED") and cli_file.is_file():
        # an empty profile name: the CLI's current profile
        return SOURCES[2], p.CLIProfileCredentialsProvider(profile_file=str(cli_file),
                                                           profile_name=profile)
    ini_file = Path(env.get("ALIBABA_CLOUD_CREDENTIALS_FILE")
                    or home / ".alibabacloud" / "credentials.ini")
    if ini_file.is_file():
        return SOURCES[3], p.ProfileCredentialsProvider(profile_file=str(ini_file),
                                                        profile_name=profile or "default")
    role = env.get("ALIBABA_CLOUD_ECS_METADATA")
    if role and not _true(env, "ALIBABA_CLOUD_ECS_METADATA_DISABLED"):
        return SOURCES[4], p.EcsRamRoleCredentialsProvider(role_name=role,
                                                               async_update_enabled=False)
    uri = env.get("ALIBABA_CLOUD_CREDENTIALS_URI")
    if uri:
        return SOURCES[5], p.URLCredentialsProvider(uri=uri)
    return None


def _quiet_library_log() -> None:
    """Drop the stderr handler the credentials library adds to its logger at import.

    It prints a traceback for each failed fetch; the failure reaches the caller as one
    PermissionDenied, and the records still go to the application's own logging set-up.
    """
    log = logging.getLogger("credentials")
    for handler in list(log.handlers):
        if type(handler) is logging.StreamHandler and handler.stream is sys.stderr:
            log.removeHandler(handler)
            log.addHandler(logging.NullHandler())  # nor print them through logging's last resort


def credentials_error(operation: str, source: str | None = None,
                      reason: str = "") -> PermissionDenied:
    """No credentials were found (``source`` None), or ``source``'s could not be read."""
    if source is None:
        message = f"no Alibaba credentials found (tried {'; '.join(SOURCES)}): {HOW_TO_SET}"
    else:
        why = " ".join(reason.split())[:200]
        message = f"the Alibaba credentials of {source} could not be read ({why})"
    return PermissionDenied(message, provider=Provider.ALIBABA, operation=operation,
                            code=NO_CREDENTIALS)
