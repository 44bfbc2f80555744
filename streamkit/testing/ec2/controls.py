"""Test controls of the simulated EC2 fast launch: Python methods, and the same as HTTP routes.

Routes, ``POST /_streamkit/ec2/<action>``: each route's docstring says its payload and
answer (the docs render them). Every payload may carry ``"region"`` (default ``us-east-1``).
"""

from __future__ import annotations

from typing import Any

import attrs

from streamkit.testing.core.controls import Payload, evolve_settings
from streamkit.testing.core.server import ControlError
from streamkit.testing.core.service import Service, control
from streamkit.testing.ec2.operations import OPERATIONS
from streamkit.testing.ec2.operations.fast_launch import AMI_ID_RE
from streamkit.testing.ec2.settings import Ec2Timings
from streamkit.testing.ec2.state import ACCOUNT_ID, PLATFORMS, Ami, Ec2State

__all__ = ["DEFAULT_REGION", "Ec2Controls"]

DEFAULT_REGION = "us-east-1"


class Ec2Controls(Service[Ec2State]):
    """The test controls :class:`~streamkit.testing.ec2.Ec2Cloud` offers."""

    @property
    def timings(self) -> Ec2Timings:
        """Current durations; assign a new :class:`Ec2Timings` to change them."""
        return self.state.timings

    @timings.setter
    def timings(self, value: Ec2Timings) -> None:
        with self.lock:
            self.state.timings = value

    def add_image(self, image_id: str, *, platform: str = "windows",
                  owner_id: str = ACCOUNT_ID, region: str = DEFAULT_REGION) -> None:
        """Register an AMI (no fast launch state) that the fast launch calls can act on."""
        if not AMI_ID_RE.fullmatch(image_id):
            raise ControlError(f"image id {image_id!r} does not look like 'ami-<8-17 hex>'")
        if platform not in PLATFORMS:
            raise ControlError(f"platform must be one of {', '.join(PLATFORMS)}")
        if not owner_id.isdigit() or len(owner_id) != 12:
            raise ControlError("owner_id must be a 12-digit account id")
        with self.lock:
            self.catch_up()
            images = self.state.region(region)
            if image_id in images:
                raise ControlError(f"image {image_id!r} already exists in {region}")
            images[image_id] = Ami(image_id, platform, owner_id)

    def fail_fast_launch(self, image_id: str, reason: str, *,
                         region: str = DEFAULT_REGION) -> None:
        """Make the image's current (``enabling``) or next enable end ``enabling-failed``."""
        if not reason:
            raise ControlError("reason must be a non-empty string")
        with self.lock:
            self.catch_up()
            ami = self.state.region(region).get(image_id)
            if ami is None:
                raise ControlError(f"no image {image_id!r} in {region}")
            ami.failure = reason

    def deny(self, *actions: str) -> None:
        """Answer these actions UnauthorizedOperation, as EC2 does when the caller's IAM
        policy does not allow them (a DryRun too: that is what DryRun checks)."""
        unknown = [a for a in actions if OPERATIONS.get(a) is None]
        if unknown or not actions:
            raise ControlError(f"deny takes simulated EC2 actions, not {unknown or 'none'}")
        with self.lock:
            self.state.denied.update(actions)

    # -- the same over HTTP ------------------------------------------------------------------

    @control("deny")
    def _deny_route(self, payload: Payload) -> dict[str, Any]:
        """``{"actions": ["EnableFastLaunch", ...]}``: answered UnauthorizedOperation"""
        self.deny(*(payload.strings("actions") or []))
        return {"denied": sorted(self.state.denied)}

    @control("add-image")
    def _add_image_route(self, payload: Payload) -> dict[str, Any]:
        """``{"image_id", "platform"?: "windows"|"linux", "owner_id"?}``"""
        image_id = payload.text("image_id")
        self.add_image(image_id, platform=payload.text("platform", "windows"),
                       owner_id=payload.text("owner_id", ACCOUNT_ID),
                       region=payload.region(DEFAULT_REGION))
        return {"image_id": image_id}

    @control("fail-fast-launch")
    def _fail_fast_launch_route(self, payload: Payload) -> dict[str, Any]:
        """``{"image_id", "reason"}``: the current or next enable ends
        ``enabling-failed`` with that reason"""
        image_id, reason = payload.text("image_id"), payload.text("reason")
        self.fail_fast_launch(image_id, reason,
                              region=payload.region(DEFAULT_REGION))
        return {"image_id": image_id, "reason": reason}

    @control("timings")
    def _timings_route(self, payload: Payload) -> dict[str, Any]:
        """``{"enable"?, "disable"?}`` seconds -> all timings"""
        self.timings = evolve_settings(self.timings, payload.data)
        return attrs.asdict(self.timings)
