"""The simulated resources of Elastic fleets (app blocks, applications, app block builders)
and entitlements, and how each renders as its AppStream response shape."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["AppBlock", "AppBlockBuilder", "Application", "Entitlement"]


@attrs.define(eq=False)
class AppBlock:
    """An app block: where its VHD is and how it is mounted."""

    name: str
    arn: str
    created: float
    packaging: str
    state: str
    members: dict[str, Any] = attrs.field(factory=dict)  # pass-through members, wire names
    tags: dict[str, str] = attrs.field(factory=dict)

    def render(self) -> dict[str, Any]:
        return {"Name": self.name, "Arn": self.arn, "CreatedTime": self.created,
                "PackagingType": self.packaging, "State": self.state, **self.members}


@attrs.define(eq=False)
class Application:
    """An application of Elastic fleets, in an app block."""

    name: str
    arn: str
    created: float
    members: dict[str, Any] = attrs.field(factory=dict)  # pass-through members, wire names
    tags: dict[str, str] = attrs.field(factory=dict)

    def render(self) -> dict[str, Any]:
        out = {"Name": self.name, "Arn": self.arn, "CreatedTime": self.created,
               "Enabled": True, "Metadata": {}, **self.members}
        icon = self.members.get("IconS3Location")
        if icon:
            out["IconURL"] = f"https://{icon['S3Bucket']}.s3.amazonaws.com/{icon['S3Key']}"
        return out


@attrs.define(eq=False)
class AppBlockBuilder:
    """An app block builder: an instance that packages APPSTREAM2 app blocks."""

    name: str
    arn: str
    created: float
    state: str = "STOPPED"
    generation: int = 0
    errors: list[dict[str, Any]] = attrs.field(factory=list)
    members: dict[str, Any] = attrs.field(factory=dict)  # pass-through members, wire names
    tags: dict[str, str] = attrs.field(factory=dict)

    def render(self) -> dict[str, Any]:
        return {"Name": self.name, "Arn": self.arn, "CreatedTime": self.created,
                "State": self.state, "AppBlockBuilderErrors": [dict(e) for e in self.errors],
                **self.members}


@attrs.define(eq=False)
class Entitlement:
    """An entitlement: which SAML users of a stack see which of its applications."""

    name: str
    stack: str
    created: float
    modified: float
    visibility: str
    attributes: list[dict[str, str]]
    description: str | None = None
    applications: list[str] = attrs.field(factory=list)  # ApplicationIdentifiers, in order

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {"Name": self.name, "StackName": self.stack,
                               "AppVisibility": self.visibility,
                               "Attributes": [dict(a) for a in self.attributes],
                               "CreatedTime": self.created, "LastModifiedTime": self.modified}
        if self.description is not None:  # AppStream leaves absent members out
            out["Description"] = self.description
        return out
