"""DescribeFastLaunchImages, EnableFastLaunch and DisableFastLaunch over one region's AMIs.

Each handler takes the region's images, the form fields and the current time, and returns
the answer's fields (EC2 ``locationName``s) or raises :class:`Ec2Error` with EC2's codes:
``InvalidAMIID.Malformed`` / ``InvalidAMIID.NotFound`` for a bad or unknown image,
``InvalidParameterValue`` for a non-Windows image, a bad number, filter or state,
``InvalidPaginationToken``, ``MissingParameter``, ``IncorrectState`` and ``DryRunOperation``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from streamkit.testing.aws.errors import ApiError
from streamkit.testing.aws.pagination import TokenCodec, listing_id
from streamkit.testing.ec2.protocol import Ec2Error, Form, filters_of, iso_time, numbered
from streamkit.testing.ec2.state import USER_INITIATED, Ami, Ec2State, FastLaunchRecord

__all__ = ["OPERATIONS", "Call"]

AMI_ID_RE = re.compile(r"ami-[0-9a-f]{8,17}")
FILTERS: dict[str, Callable[[Ami, FastLaunchRecord], str]] = {
    "resource-type": lambda ami, rec: "snapshot",
    "owner-id": lambda ami, rec: ami.owner_id,
    "state": lambda ami, rec: rec.state,
}
MAX_RESULTS = 200
MIN_PARALLEL_LAUNCHES = 6


@attrs.frozen
class Call:
    """What a handler sees: the cloud state, the request's region, its form and the time."""

    state: Ec2State
    images: dict[str, Ami]
    form: Form
    now: float
    tokens: TokenCodec


def _flag(form: Form, key: str) -> bool:
    value = form.get(key, "false").lower()
    if value not in ("true", "false"):
        raise Ec2Error("InvalidParameterValue", f"Value ({form[key]}) for parameter {key} is "
                       "invalid. Expected a boolean.")
    return value == "true"


def _number(form: Form, key: str, minimum: int, maximum: int | None = None) -> int | None:
    if key not in form:
        return None
    try:
        value = int(form[key])
    except ValueError:
        value = minimum - 1
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise Ec2Error("InvalidParameterValue", f"Value ({form[key]}) for parameter {key} is "
                       f"invalid. Expected a value {bound}.")
    return value


def _dry_run(form: Form) -> None:
    if _flag(form, "DryRun"):
        raise Ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is "
                       "set.")


def _checked_id(image_id: str) -> str:
    if not AMI_ID_RE.fullmatch(image_id):
        raise Ec2Error("InvalidAMIID.Malformed", f'Invalid id: "{image_id}" (expecting '
                       '"ami-...")')
    return image_id


def _ami(call: Call) -> Ami:
    image_id = call.form.get("ImageId")
    if not image_id:
        raise Ec2Error("MissingParameter", "The request must contain the parameter ImageId")
    ami = call.images.get(_checked_id(image_id))
    if ami is None:
        raise Ec2Error("InvalidAMIID.NotFound", f"The image id '[{image_id}]' does not exist")
    return ami


def _item(ami: Ami, rec: FastLaunchRecord) -> dict[str, Any]:
    return {
        "imageId": ami.image_id, "resourceType": "snapshot",
        "snapshotConfiguration": {"targetResourceCount": rec.target_resource_count},
        "launchTemplate": rec.launch_template, "maxParallelLaunches": rec.max_parallel_launches,
        "ownerId": ami.owner_id, "state": rec.state, "stateTransitionReason": rec.reason,
        "stateTransitionTime": iso_time(rec.changed),
    }


def _wildcard(pattern: str) -> re.Pattern[str]:
    """EC2 filter values: ``*`` matches any run, ``?`` one character."""
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c)
                              for c in pattern))


def _cursor(tokens: TokenCodec, listing: str, token: str) -> str:
    """The last image id of the previous page, from a token this listing handed out."""
    try:
        cursor = tokens.decode(listing, token)
    except ApiError:
        cursor = None
    if not isinstance(cursor, str):
        raise Ec2Error("InvalidPaginationToken", f"The token '{token}' is invalid or expired.")
    return cursor


def describe(call: Call) -> dict[str, Any]:
    """DescribeFastLaunchImages: images with a fast launch state, by image id, paged."""
    form = call.form
    ids = [_checked_id(i) for i in numbered(form, "ImageId")]
    missing = [i for i in ids if i not in call.images]
    if missing:
        raise Ec2Error("InvalidAMIID.NotFound", f"The image id '[{', '.join(missing)}]' does "
                       "not exist")
    filters: list[tuple[Callable[[Ami, FastLaunchRecord], str], list[re.Pattern[str]]]] = []
    for name, values in filters_of(form):
        if name not in FILTERS:
            raise Ec2Error("InvalidParameterValue", f"The filter '{name}' is invalid")
        if not values:
            raise Ec2Error("InvalidParameterValue", f"The filter '{name}' needs a value")
        filters.append((FILTERS[name], [_wildcard(v) for v in values]))
    limit = _number(form, "MaxResults", 0, MAX_RESULTS) or MAX_RESULTS
    listing = listing_id("DescribeFastLaunchImages", sorted(ids), sorted(filters_of(form)))
    after = _cursor(call.tokens, listing, form["NextToken"]) if "NextToken" in form else ""
    _dry_run(form)
    wanted = set(ids)
    matches: list[dict[str, Any]] = []
    for image_id in sorted(call.images):
        ami = call.images[image_id]
        rec = ami.fast_launch
        if rec is None or image_id <= after or (wanted and image_id not in wanted):
            continue
        if all(any(p.fullmatch(get(ami, rec)) for p in pats) for get, pats in filters):
            matches.append(_item(ami, rec))
            if len(matches) > limit:
                break
    answer: dict[str, Any] = {"fastLaunchImageSet": matches[:limit]}
    if len(matches) > limit:  # one more exists: this page is not the last
        answer["nextToken"] = call.tokens.encode(listing, matches[limit - 1]["imageId"])
    return answer


def _launch_template(form: Form) -> dict[str, str] | None:
    template = {key: form[f"LaunchTemplate.{wire}"]
                for key, wire in (("launchTemplateId", "LaunchTemplateId"),
                                  ("launchTemplateName", "LaunchTemplateName"),
                                  ("version", "Version"))
                if form.get(f"LaunchTemplate.{wire}")}
    if not template:
        return None
    if "launchTemplateId" in template and "launchTemplateName" in template:
        raise Ec2Error("InvalidParameterCombination", "Specify either LaunchTemplateId or "
                       "LaunchTemplateName, not both.")
    if "version" not in template:
        raise Ec2Error("MissingParameter", "The request must contain the parameter "
                       "LaunchTemplate.Version")
    if len(template) == 1:
        raise Ec2Error("MissingParameter", "The launch template must be named by "
                       "LaunchTemplateId or LaunchTemplateName")
    return template


def enable(call: Call) -> dict[str, Any]:
    """EnableFastLaunch: start ``enabling`` (or update the settings of an enabled image)."""
    form = call.form
    ami = _ami(call)
    if ami.platform != "windows":
        raise Ec2Error("InvalidParameterValue", f"Image '{ami.image_id}' is not a Windows "
                       "AMI. Windows fast launch supports Windows AMIs only.")
    resource_type = form.get("ResourceType", "snapshot")
    if resource_type != "snapshot":
        raise Ec2Error("InvalidParameterValue", f"Value ({resource_type}) for parameter "
                       "ResourceType is invalid. Expected 'snapshot'.")
    count = _number(form, "SnapshotConfiguration.TargetResourceCount", 1)
    parallel = _number(form, "MaxParallelLaunches", MIN_PARALLEL_LAUNCHES)
    template = _launch_template(form)
    rec = ami.fast_launch
    if rec is not None and rec.state in ("disabling", "disabling-failed"):
        raise Ec2Error("IncorrectState", f"Fast launch for image '{ami.image_id}' is "
                       f"{rec.state}; enable it again once that has finished.")
    _dry_run(form)
    if rec is None or rec.state.endswith("-failed"):
        rec = FastLaunchRecord(state="enabling", reason=USER_INITIATED, changed=call.now,
                               due=call.now + call.state.timings.enable)
        ami.fast_launch = rec
    # enabling / enabled: the call updates the settings and keeps the state
    if count is not None:
        rec.target_resource_count = count
    if parallel is not None:
        rec.max_parallel_launches = parallel
    if template is not None:
        rec.launch_template = template
    return _item(ami, rec)


def disable(call: Call) -> dict[str, Any]:
    """DisableFastLaunch: start ``disabling``; the image leaves the listing when it ends."""
    ami = _ami(call)
    _flag(call.form, "Force")
    rec = ami.fast_launch
    if rec is None:
        raise Ec2Error("InvalidParameterValue", f"Fast launch is not enabled for image "
                       f"'{ami.image_id}'.")
    _dry_run(call.form)
    if rec.state != "disabling":
        rec.state, rec.reason, rec.changed = "disabling", USER_INITIATED, call.now
        rec.due = call.now + call.state.timings.disable
    return _item(ami, rec)


OPERATIONS: Mapping[str, Callable[[Call], dict[str, Any]]] = {
    "DescribeFastLaunchImages": describe,
    "EnableFastLaunch": enable,
    "DisableFastLaunch": disable,
}
