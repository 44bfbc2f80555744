"""``cloud.alibaba.policies``: a delivery group's display policy after it is made: frame rate,
resolution and streaming protocol (ModifyAppPolicy; the group names its policy)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from streamkit.errors import NotFound, ValidationError
from streamkit.extensions import ExtensionContext
from streamkit.models import Provider
from streamkit.operations import Operation
from streamkit.providers.alibaba import operations as base
from streamkit.providers.alibaba.translate import check_group_id, nothing
from streamkit.retry import CallKind
from streamkit.stack_settings import StackSettings

__all__ = ["FRAME_RATES", "OPERATIONS", "Policies", "VisualQuality"]

#: the frame rates ModifyAppPolicy takes
FRAME_RATES = (30, 60)


class VisualQuality(str, enum.Enum):
    """What the stream favours when the network is short (``VisualQualityStrategy``)."""

    ADAPTIVE = "adaptive"
    SMOOTH = "smooth"
    QUALITY = "quality"


def modify_request(policy_id: str, video: Mapping[str, Any]) -> dict[str, Any]:
    return {"ProductType": base.PRODUCT, "AppPolicyId": policy_id, "VideoPolicy": dict(video)}


# the same policy sent again leaves the group as the first left it
_MODIFY: Operation[None] = Operation(
    name="ModifyAppPolicy", request=modify_request, answer=nothing, kind=CallKind.WRITE,
    used_by=("alibaba.policies.update",))

OPERATIONS: Mapping[str, Operation[Any]] = {_MODIFY.name: _MODIFY}


class Policies:
    """The display policy of delivery groups (the group's ``AppPolicyId``)."""

    def __init__(self, context: ExtensionContext) -> None:
        self._calls = context.calls

    def update(self, group_id: str, *, frame_rate: int | None = None,
               resolution: tuple[int, int] | None = None,
               adaptive_resolution: bool | None = None, streaming_mode: str | None = None,
               visual_quality: VisualQuality | str | None = None) -> None:
        """Change the given display settings of a delivery group; the others stay.

        ``frame_rate``: 30 or 60. ``resolution``: ``(width, height)``, the largest with
        ``adaptive_resolution``. ``streaming_mode``: ``WEBRTC``, ``VIDEO`` or ``MIX`` (as in
        :class:`~streamkit.StackSettings`). ``visual_quality``: a :class:`VisualQuality`.
        Reads the group for its policy id (GetAppInstanceGroup), then sends ModifyAppPolicy.
        """
        check_group_id("group_id", group_id)
        if frame_rate is not None and frame_rate not in FRAME_RATES:
            raise ValidationError("frame_rate", f"must be one of {FRAME_RATES}", frame_rate)
        settings = StackSettings(frame_rate=frame_rate, resolution=resolution,
                                 adaptive_resolution=adaptive_resolution,
                                 streaming_mode=streaming_mode)
        video = dict(base.group_policies(settings, "ModifyAppPolicy", create=True)
                     .get("VideoPolicy", {}))
        if visual_quality is not None:
            try:
                video["VisualQualityStrategy"] = VisualQuality(visual_quality).value
            except ValueError:
                raise ValidationError("visual_quality", "must be one of "
                                      f"{', '.join(q.value for q in VisualQuality)}",
                                      visual_quality) from None
        if not video:
            raise ValidationError("policy", "name at least one setting to change", None)
        group = self._calls.run(base.OPERATIONS["GetAppInstanceGroup"], group_id)
        policy_id = group.get("AppPolicyId") if group is not None else None
        if not isinstance(policy_id, str) or not policy_id:
            raise NotFound(f"delivery group {group_id} has no app policy", code="NoAppPolicy",
                           provider=Provider.ALIBABA, operation="GetAppInstanceGroup")
        self._calls.run(_MODIFY, policy_id, video)

    def __repr__(self) -> str:
        return "streamkit.alibaba.Policies()"
