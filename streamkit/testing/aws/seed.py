"""The AWS-owned public base images every simulated region starts with."""

from __future__ import annotations

from typing import Any

from streamkit.testing.aws.resources import Image, arn

__all__ = ["PUBLIC_IMAGES", "application", "public_images"]

_RELEASED = 1_718_150_400.0  # 2024-06-12T00:00:00Z, the date in the base image names

# (name, platform, [(application name, launch path)])
PUBLIC_IMAGES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("AppStream-WinServer2019-06-12-2024", "WINDOWS_SERVER_2019", (
        ("Notepad", r"C:\Windows\System32\notepad.exe"),
        ("Firefox", r"C:\Program Files\Mozilla Firefox\firefox.exe"),
    )),
    ("AppStream-WinServer2022-06-12-2024", "WINDOWS_SERVER_2022", (
        ("Notepad", r"C:\Windows\System32\notepad.exe"),
        ("PowerShell", r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"),
    )),
    ("AppStream-AmazonLinux2-06-12-2024", "AMAZON_LINUX2", (
        ("Terminal", "/usr/bin/gnome-terminal"),
        ("Firefox", "/usr/bin/firefox"),
    )),
)


def application(name: str, platform: str, launch_path: str | None = None) -> dict[str, Any]:
    """An ``Application`` entry as images list them."""
    entry: dict[str, Any] = {"Name": name, "DisplayName": name, "Enabled": True,
                             "Metadata": {}, "Platforms": [platform]}
    if launch_path is not None:
        entry["LaunchPath"] = launch_path
    return entry


def public_images(region: str) -> list[Image]:
    """Fresh copies of the public base images for ``region`` (ARNs with an empty account)."""
    images: list[Image] = []
    for offset, (name, platform, apps) in enumerate(PUBLIC_IMAGES):
        images.append(Image(
            name=name, arn=arn(region, "image", name, account=""),
            # Distinct creation times keep the listing order fixed and documented.
            created=_RELEASED + offset, released=_RELEASED, state="AVAILABLE",
            visibility="PUBLIC", platform=platform, display_name=name,
            description=f"AppStream 2.0 base image ({platform})",
            applications=[application(app, platform, path) for app, path in apps],
        ))
    return images
