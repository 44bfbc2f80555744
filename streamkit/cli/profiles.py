"""``--profile``: named credentials, read where each provider's own CLI keeps them.

AWS profiles are boto3's (``~/.aws/config`` and ``~/.aws/credentials``, or the files that
``AWS_CONFIG_FILE`` and ``AWS_SHARED_CREDENTIALS_FILE`` name). Alibaba profiles are the
Alibaba CLI's (``aliyun configure``): the ``profiles`` of ``~/.aliyun/config.json``, of
which streamkit reads the key modes (``AK`` and ``StsToken``) and the region.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import attrs

import streamkit
from streamkit.cli.output import CommandError, ExitCode

__all__ = ["ALIBABA_CONFIG", "AlibabaProfile", "alibaba_profile", "aws_session"]

#: the Alibaba CLI's configuration, relative to the home directory
ALIBABA_CONFIG = Path(".aliyun", "config.json")
#: the modes of an Alibaba CLI profile that hold keys streamkit can use
ALIBABA_KEY_MODES = ("AK", "StsToken")


@attrs.frozen(kw_only=True)
class AlibabaProfile:
    """What an Alibaba CLI profile gives: its credentials and its region (if it has one)."""

    credentials: streamkit.Credentials
    region: str | None


def aws_session(profile: str, region: str | None) -> Any:
    """A ``boto3.Session`` of the named profile; ``CommandError`` when there is none."""
    import boto3
    from botocore.exceptions import ProfileNotFound

    try:
        return boto3.Session(profile_name=profile, region_name=region)
    except ProfileNotFound:
        raise CommandError(f"--profile: no AWS profile {profile!r} (looked in ~/.aws/config "
                           "and ~/.aws/credentials)", ExitCode.BAD_INPUT) from None


def _refuse(profile: str, rule: str) -> CommandError:
    return CommandError(f"--profile: Alibaba CLI profile {profile!r} {rule}", ExitCode.BAD_INPUT)


def alibaba_profile(profile: str, home: Path | None = None) -> AlibabaProfile:
    """The named profile of the Alibaba CLI's configuration under ``home`` (default: ~)."""
    path = (home or Path.home()) / ALIBABA_CONFIG
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _refuse(profile, f"not found: there is no {path} (make one with "
                      "`aliyun configure`)") from None
    except (OSError, ValueError) as exc:
        raise _refuse(profile, f"not read: {path} is not JSON ({exc})") from None
    profiles = config.get("profiles") if isinstance(config, Mapping) else None
    found = [p for p in (profiles or []) if isinstance(p, Mapping) and p.get("name") == profile]
    if not found:
        raise _refuse(profile, f"not found in {path}")
    entry = cast("Mapping[str, Any]", found[0])
    mode = entry.get("mode") or "AK"
    if mode not in ALIBABA_KEY_MODES:
        modes = " and ".join(ALIBABA_KEY_MODES)
        raise _refuse(profile, f"has mode {mode!r}; streamkit reads {modes}"
                      " profiles (or set ALIBABA_CLOUD_ACCESS_KEY_ID and "
                      "ALIBABA_CLOUD_ACCESS_KEY_SECRET)")
    key_id, secret = entry.get("access_key_id"), entry.get("access_key_secret")
    if not key_id or not secret:
        raise _refuse(profile, "has no access_key_id and access_key_secret")
    token = entry.get("sts_token") if mode == "StsToken" else None
    return AlibabaProfile(credentials=streamkit.Credentials(key_id, secret, token or None),
                          region=entry.get("region_id") or None)
