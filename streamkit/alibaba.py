"""Alibaba-only features: the types ``cloud.alibaba`` works with (see
:mod:`streamkit.extensions`)."""

from __future__ import annotations

from streamkit.providers.alibaba.extensions import AlibabaExtension

__all__ = ["AlibabaExtension"]
