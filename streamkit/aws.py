"""AWS-only features: the types ``cloud.aws`` works with (see :mod:`streamkit.extensions`)."""

from __future__ import annotations

from streamkit.providers.aws.extensions import AwsExtension

__all__ = ["AwsExtension"]
