"""A delivery group's display policy: ModifyAppPolicy (frame rate, resolution, protocol)."""

from __future__ import annotations

from typing import Final

from streamkit.testing.alibaba.errors import invalid
from streamkit.testing.alibaba.operations.call import OPERATIONS, AlibabaCall, Body
from streamkit.testing.alibaba.operations.groups import video_policy

__all__ = ["FRAME_RATES", "VISUAL_QUALITY", "modify_app_policy"]

FRAME_RATES: Final = (30, 60)
VISUAL_QUALITY: Final = ("adaptive", "smooth", "quality")


@OPERATIONS("ModifyAppPolicy")
def modify_app_policy(call: AlibabaCall) -> Body:
    """ModifyAppPolicy: change the given VideoPolicy fields of the group using the policy."""
    p = call.params
    p.product_type()
    policy_id = p.required("AppPolicyId")
    group = next((g for g in call.state.groups.values() if g.app_policy_id == policy_id), None)
    if group is None:
        raise invalid("AppPolicyId", f"there is no app policy {policy_id}")
    video = p.json_object("VideoPolicy")
    if video is None:
        return {}
    changed = video_policy(video)
    if changed.get("FrameRate", FRAME_RATES[0]) not in FRAME_RATES:
        raise invalid("VideoPolicy.FrameRate", f"use one of {FRAME_RATES}")
    quality = video.choice("VisualQualityStrategy", VISUAL_QUALITY)
    if quality is not None:
        changed["VisualQualityStrategy"] = quality
    merged = {**group.policies.get("VideoPolicy", {}), **changed}
    if merged.get("Webrtc") is True and merged.get("StreamingMode", "video") != "video":
        raise invalid("VideoPolicy.StreamingMode", "WebRTC streaming (Webrtc=true) takes "
                      "StreamingMode=video")
    group.policies["VideoPolicy"] = merged
    group.modified = call.now
    return {}
