"""``streamkit aws users`` and ``streamkit aws directories``, made from their rows."""

from __future__ import annotations

import json

import pytest

from streamkit.cli import cli
from streamkit.cli.aws_options import PASSWORD_ENV
from streamkit.cli.output import ExitCode
from streamkit.testing import Emulator
from tests.harness import AwsHarness
from tests.test_cli import ENV, Cli

OU = "OU=AppStream,DC=corp,DC=example,DC=com"


@pytest.fixture
def aws(emulator: Emulator) -> Cli:
    return Cli(AwsHarness(emulator))


def test_users_commands(aws: Cli, emulator: Emulator) -> None:
    done = aws.json("aws", "users", "create", "ana@example.com", "--first-name", "Ana",
                    "--no-email")
    assert done["action"] == "users.create" and done["id"] == "ana@example.com"
    assert emulator.aws.welcome_emails("ana@example.com") == 0
    aws("aws", "users", "resend", "ana@example.com")
    assert emulator.aws.welcome_emails("ana@example.com") == 1
    aws("aws", "users", "disable", "ana@example.com")
    shown = aws.json("aws", "users", "get", "ana@example.com")
    assert (shown["user_name"], shown["first_name"], shown["enabled"]) == (
        "ana@example.com", "Ana", False)
    assert "ana@example.com" in aws("aws", "users", "list").stdout
    page = aws.json("aws", "users", "list", "--page-size", "1")
    assert [u["user_name"] for u in page["items"]] == ["ana@example.com"]
    aws("aws", "users", "create", "ana@example.com", code=ExitCode.PROVIDER_ERROR)
    aws("aws", "users", "create", "not-an-email", code=ExitCode.BAD_INPUT)
    aws("aws", "users", "delete", "ana@example.com")
    aws("aws", "users", "get", "ana@example.com", code=ExitCode.NOT_FOUND)


def test_directories_commands_take_the_password_from_the_environment(aws: Cli) -> None:
    made = json.loads(aws("aws", "directories", "create", "corp.example.com", "--ou", OU,
                          "--service-account", "join", "-o", "json",
                          env={PASSWORD_ENV: "s3cret-join"}).stdout)
    assert made["organizational_units"] == [OU]
    assert "s3cret-join" not in str(made)
    updated = aws.json("aws", "directories", "update", "corp.example.com",
                       "--certificate-auth", "ENABLED:arn:aws:acm-pca:us-east-1:123456789012:"
                       "certificate-authority/0a1b")
    assert updated["organizational_units"] == [OU]  # kept
    assert updated["certificate_auth"]["status"] == "ENABLED"
    listed = aws("aws", "directories", "list").stdout
    assert "corp.example.com" in listed
    aws("aws", "directories", "update", "corp.example.com", "--certificate-auth", "MAYBE",
        code=ExitCode.BAD_INPUT)
    aws("aws", "directories", "create", "other.example.com", code=ExitCode.BAD_INPUT)  # --ou
    aws("aws", "directories", "delete", "corp.example.com")
    aws("aws", "directories", "get", "corp.example.com", code=ExitCode.NOT_FOUND)


def test_directories_prompt_for_the_password_without_echo(aws: Cli, emulator: Emulator) -> None:
    result = aws.runner.invoke(
        cli, [*aws.base, "aws", "directories", "create", "corp.example.com", "--ou", OU,
         "--service-account", "join", "-o", "json"], input="typed-secret\n",
        env={**ENV, PASSWORD_ENV: None})
    assert result.exit_code == 0, result.stderr
    assert "typed-secret" not in result.stdout + result.stderr
    config = emulator.aws.state.region("us-east-1").directories.get("corp.example.com")
    assert config is not None and config.account_password == "typed-secret"


def test_usage_reports_and_themes_commands(aws: Cli) -> None:
    made = aws.json("aws", "usage-reports", "subscribe")
    assert made["schedule"] == "DAILY" and made["bucket"].startswith("appstream-logs-")
    assert aws.json("aws", "usage-reports", "get")["bucket"] == made["bucket"]
    done = aws.json("aws", "usage-reports", "unsubscribe")
    assert done == {"action": "usage-reports.unsubscribe", "id": "us-east-1"}
    aws("aws", "usage-reports", "get", code=ExitCode.NOT_FOUND)

    aws("stacks", "create", "portal")
    theme = aws.json("aws", "themes", "create", "portal", "--title", "Sales apps",
                     "--styling", "BLUE", "--logo", "s3://corp-assets/logo.png",
                     "--favicon", "s3://corp-assets/favicon.ico",
                     "--footer-link", "Help=https://help.example.com")
    assert (theme["title"], theme["styling"], theme["enabled"]) == ("Sales apps", "BLUE", True)
    assert theme["footer_links"] == [{"display_name": "Help",
                                      "url": "https://help.example.com"}]
    updated = aws.json("aws", "themes", "update", "portal", "--styling", "RED", "--disabled")
    assert (updated["styling"], updated["enabled"], updated["title"]) == (
        "RED", False, "Sales apps")
    aws("aws", "themes", "update", "portal", "--footer-link", "no-url",
        code=ExitCode.BAD_INPUT)
    aws("aws", "themes", "create", "portal", "--title", "T", code=ExitCode.BAD_INPUT)
    aws("aws", "themes", "delete", "portal")
    aws("aws", "themes", "get", "portal", code=ExitCode.NOT_FOUND)


def test_image_exports_and_software_commands(aws: Cli, emulator: Emulator) -> None:
    emulator.aws.add_image("golden")
    task = aws.json("aws", "image-exports", "create", "golden", "golden-ami", "--role",
                    "arn:aws:iam::123456789012:role/export", "--tag", "team=a")
    assert task["state"] == "EXPORTING"
    emulator.clock.advance(emulator.aws.timings.image_copy)  # the command waits in real time
    done = aws.json("aws", "image-exports", "wait", task["task_id"])
    assert done["state"] == "COMPLETED"
    assert "golden-ami" in aws("aws", "image-exports", "list").stdout
    aws("aws", "image-exports", "get", "nope", code=ExitCode.BAD_INPUT)

    aws("image-builders", "create", "office", "--instance-type", "stream.standard.medium",
        "--image", AwsHarness.base_image)
    arn = emulator.aws.state.region("us-east-1").builders.get("office").arn  # type: ignore[union-attr]
    done = aws.json("aws", "software", "associate", "office", "Office", "Visio")
    assert done == {"action": "software.associate", "id": "office",
                    "software": ["Office", "Visio"]}
    listed = aws.json("aws", "software", "list", arn)
    assert [(a["name"], a["status"]) for a in listed] == [
        ("Office", "STAGED_FOR_INSTALLATION"), ("Visio", "STAGED_FOR_INSTALLATION")]
    aws("aws", "software", "deploy", "office", code=ExitCode.PERMISSION_DENIED)  # PENDING
