"""A machine with no credentials configured: one line, the permission exit code, no probing.

The command runs in a subprocess with an empty environment (HOME an empty directory) and an
audit hook that records every socket connection the process attempts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

import streamkit
from streamkit.cli.output import ExitCode
from streamkit.providers.alibaba.credentials import SOURCES, configured_source

# records each socket.connect as a JSON line in the file named by CONNECTS, then runs the CLI
RUN_CLI = """
import json, os, sys
path = os.environ["CONNECTS"]
def hook(event, args):
    if event == "socket.connect":
        with open(path, "a") as f:
            f.write(json.dumps(repr(args[1])) + "\\n")
sys.addaudithook(hook)
from streamkit.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _run_cli(tmp_path: Path, provider: str, **extra: str) -> tuple[subprocess.CompletedProcess[str],
                                                                  list[str]]:
    home = tmp_path / "home"
    home.mkdir()
    connects = tmp_path / "connects"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "CONNECTS": str(connects),
           "PYTHONPATH": str(Path(streamkit.__file__).parent.parent), **extra}
    done = subprocess.run([sys.executable, "-c", RUN_CLI, "-p", provider, "-r", "cn-shanghai",
                           "fleets", "list"], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    tried = [json.loads(line) for line in connects.read_text().splitlines()] \
        if connects.exists() else []
    return done, tried


@pytest.mark.parametrize("provider", ["alibaba", "aws"])
def test_cli_without_credentials_says_so_in_one_line(tmp_path: Path, provider: str) -> None:
    # AWS's chain asks the EC2 instance metadata service unless told not to (boto3's rule)
    done, tried = _run_cli(tmp_path, provider, AWS_EC2_METADATA_DISABLED="true")
    assert done.returncode == ExitCode.PERMISSION_DENIED, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith("streamkit: permission denied: ")
    assert "credentials" in lines[0] and "tried" in lines[0]
    assert done.stdout == ""
    assert tried == []  # no metadata service, no endpoint: nothing was connected to


def test_alibaba_without_credentials_raises_permission_denied_at_connect(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                 "ALIBABA_CLOUD_CREDENTIALS_FILE", "ALIBABA_CLOUD_ECS_METADATA",
                 "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_CREDENTIALS_URI"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(streamkit.PermissionDenied) as err:
        streamkit.connect("alibaba", "cn-shanghai", endpoint="127.0.0.1:9")
    message = str(err.value)
    assert err.value.code == "NoCredentials" and "\n" not in message
    assert all(source in message for source in SOURCES)
    assert "ALIBABA_CLOUD_ACCESS_KEY_SECRET" in message  # how to set one


def test_alibaba_metadata_service_only_when_opted_in(tmp_path: Path) -> None:
    assert configured_source({}, tmp_path) is None
    assert configured_source({"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"}, tmp_path) is None
    found = configured_source({"ALIBABA_CLOUD_ECS_METADATA": "app-role"}, tmp_path)
    assert found is not None and found[0].startswith("ECS instance metadata")
    (tmp_path / ".aliyun").mkdir()
    (tmp_path / ".aliyun" / "config.json").write_text("{}")
    found = configured_source({"ALIBABA_CLOUD_ECS_METADATA": "app-role"}, tmp_path)
    assert found is not None and "config.json" in found[0]  # the CLI's profile comes first


def test_aws_without_credentials_raises_permission_denied(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                 "AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                 "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    cloud = streamkit.connect("aws", "us-east-1", session=boto3.Session(),
                              endpoint_url="http://127.0.0.1:9")
    with pytest.raises(streamkit.PermissionDenied) as err:
        list(cloud.fleets.list())
    assert err.value.code == "NoCredentialsError" and "\n" not in str(err.value)
    assert "AWS_SECRET_ACCESS_KEY" in str(err.value)


def test_connect_refuses_an_unknown_provider_at_run_time() -> None:
    with pytest.raises(streamkit.ValidationError) as err:
        streamkit.connect("azure", "us-east-1")  # type: ignore[arg-type]
    assert err.value.field == "provider"
