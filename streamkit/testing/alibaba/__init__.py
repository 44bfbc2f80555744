"""The simulated Alibaba Cloud App Streaming service (``appstream-center`` 2021-09-01).

Speaks the real RPC wire protocol (parameters split between query and form body, JSON
answers, the gateway's error bodies) and verifies ACS3-HMAC-SHA256 signatures, so the real
``alibabacloud_appstream_center20210901`` client works against it unchanged::

    cloud = AlibabaCloud(clock, access_key_id="AK", access_key_secret="SK")
    cloud.add_session(group_id, "alice")        # a test control; see AlibabaControls
"""

from streamkit.testing.alibaba.service import AlibabaCloud
from streamkit.testing.alibaba.settings import AlibabaTimings

__all__ = ["AlibabaCloud", "AlibabaTimings"]
