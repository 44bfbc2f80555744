"""The provider registry: one :class:`ProviderInfo` per cloud, the only place naming them.

:func:`streamkit.connect` reads it to check a provider's options, region and ids, and to make
its adapter; :mod:`streamkit.services` reads each provider's id rule. Each adapter factory is a
``module:function`` imported on first connect, so ``import streamkit`` imports no SDK.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from streamkit.errors import ValidationError
from streamkit.models import Provider
from streamkit.validation import check_id, check_instance_type, check_name

if TYPE_CHECKING:
    from streamkit.calls import CallContext
    from streamkit.providers.base import Adapter

__all__ = ["PROVIDERS", "ProviderInfo"]

REGION_RE = re.compile(r"[a-z]{2,}(-[a-z0-9]+)+")
#: AppStream's only InstanceType pattern in its model (RuntimeValidationConfig)
AWS_INSTANCE_TYPE_RE = re.compile(
    r"[a-zA-Z0-9-]+(\.[a-z0-9-]+)+\.(small|medium|large|xlarge|\d+xlarge|metal)")


def _aws_instance_type(field: str, value: object) -> str:
    text = check_instance_type(field, value)
    if not AWS_INSTANCE_TYPE_RE.fullmatch(text):
        raise ValidationError(field, "must be an AppStream type such as "
                              "'stream.standard.medium'", value)
    return text


@attrs.frozen(kw_only=True)
class ProviderInfo:
    """What streamkit knows of one cloud before its SDK is imported.

    ``options`` are the keyword arguments of ``connect`` only this provider takes (with what
    each is); ``check_id`` and ``check_instance_type`` are this provider's rules for resource
    ids and instance types;
    ``adapter`` names the factory ``(context, *, timeout, credentials, **options) -> Adapter``.
    """

    provider: Provider
    title: str
    options: Mapping[str, str]
    region_example: str
    region_re: re.Pattern[str] = REGION_RE
    check_id: Callable[[str, object], str] = check_id
    check_instance_type: Callable[[str, object], str] = check_instance_type
    max_streaming_user_id: int = 128
    adapter: str

    def make_adapter(self, context: CallContext, **kwargs: Any) -> Adapter:
        """Import the provider's SDK and adapter, and make the adapter."""
        module, _, name = self.adapter.partition(":")
        factory: Callable[..., Adapter] = getattr(importlib.import_module(module), name)
        return factory(context, **kwargs)


PROVIDERS: Mapping[Provider, ProviderInfo] = {info.provider: info for info in (
    ProviderInfo(
        provider=Provider.AWS, title="AWS", region_example="us-east-1",
        options={"endpoint_url": "an http(s) URL of the AppStream endpoint",
                 "session": "a boto3.Session to make the clients with",
                 "role_arn": "an IAM role to assume for every call",
                 "role_session_name": "the assumed role's session name",
                 "external_id": "the external id the role's trust policy asks for"},
        check_id=check_name, check_instance_type=_aws_instance_type, max_streaming_user_id=32,
        adapter="streamkit.providers.aws.adapter:make_adapter"),
    ProviderInfo(
        provider=Provider.ALIBABA, title="Alibaba", region_example="cn-shanghai",
        options={"endpoint": "host[:port] of the appstream-center endpoint, no scheme"},
        adapter="streamkit.providers.alibaba.adapter:make_adapter"),
)}
