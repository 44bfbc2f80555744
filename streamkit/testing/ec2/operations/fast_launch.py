"""DescribeFastLaunchImages, EnableFastLaunch and DisableFastLaunch over one region's AMIs.

Each handler takes the region's images, the form fields and the current time, and returns
the answer's fields (EC2 ``locationName``s) or raises :class:`Ec2Error` with EC2's codes:
``InvalidAMIID.Malformed`` / ``InvalidAMIID.NotFound`` for a bad or unknown image,
``InvalidParameterValue`` for a non-Windows image, a bad number, filter or state,
``InvalidPaginationToken``, ``MissingParameter``, ``IncorrectState`` and ``DryRunOperation``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from streamkit.testing.core.tokens import InvalidToken, listing_id
from streamkit.testing.ec2.errors import Ec2Error
from streamkit.testing.ec2.operations.call import OPERATIONS, Body, Ec2Call
from streamkit.testing.ec2.protocol import filters_of, iso_time
from streamkit.testing.ec2.state import Ami, FastLaunchRecord

__all__ = ["AMI_ID_RE", "describe", "disable", "enable"]

AMI_ID_RE = re.compile(r"ami-[0-9a-f]{8,17}")
FILTERS: dict[str, Callable[[Ami, FastLaunchRecord], str]] = {
    "resource-type": lambda ami, rec: "snapshot",
    "owner-id": lambda ami, rec: ami.owner_id,
    "state": lambda ami, rec: rec.state,
}
MAX_RESULTS = 200
MIN_PARALLEL_LAUNCHES = 6


def _dry_run(call: Ec2Call) -> None:
    if call.params.boolean("DryRun"):
        raise Ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is "
                       "set.")


def _checked_id(image_id: str) -> str:
    if not AMI_ID_RE.fullmatch(image_id):
        raise Ec2Error("InvalidAMIID.Malformed", f'Invalid id: "{image_id}" (expecting '
                       '"ami-...")')
    return image_id


def _ami(call: Ec2Call) -> Ami:
    image_id = call.params.required("ImageId")
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


def _cursor(call: Ec2Call, listing: str, token: str) -> str:
    """The last image id of the previous page, from a token this listing handed out."""
    try:
        cursor = call.state.tokens.decode(listing, token)
    except InvalidToken:
        cursor = None
    if not isinstance(cursor, str):
        raise Ec2Error("InvalidPaginationToken", f"The token '{token}' is invalid or expired.")
    return cursor


@OPERATIONS("DescribeFastLaunchImages")
def describe(call: Ec2Call) -> Body:
    """DescribeFastLaunchImages: images with a fast launch state, by image id, paged."""
    form = call.params.fields
    ids = [_checked_id(i) for i in call.params.strings("ImageId") or []]
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
    limit = call.params.integer("MaxResults", minimum=0, maximum=MAX_RESULTS) or MAX_RESULTS
    listing = listing_id("DescribeFastLaunchImages", sorted(ids), sorted(filters_of(form)))
    after = _cursor(call, listing, form["NextToken"]) if "NextToken" in form else ""
    _dry_run(call)
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
        answer["nextToken"] = call.state.tokens.encode(listing, matches[limit - 1]["imageId"])
    return answer


def _launch_template(form: dict[str, str]) -> dict[str, str] | None:
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


@OPERATIONS("EnableFastLaunch")
def enable(call: Ec2Call) -> Body:
    """EnableFastLaunch: start ``enabling`` (or update the settings of an enabled image)."""
    form = call.params.fields
    ami = _ami(call)
    if ami.platform != "windows":
        raise Ec2Error("InvalidParameterValue", f"Image '{ami.image_id}' is not a Windows "
                       "AMI. Windows fast launch supports Windows AMIs only.")
    resource_type = call.params.text("ResourceType", default="snapshot")
    if resource_type != "snapshot":
        raise Ec2Error("InvalidParameterValue", f"Value ({resource_type}) for parameter "
                       "ResourceType is invalid. Expected 'snapshot'.")
    count = call.params.integer("SnapshotConfiguration.TargetResourceCount", minimum=1)
    parallel = call.params.integer("MaxParallelLaunches", minimum=MIN_PARALLEL_LAUNCHES)
    template = _launch_template(form)
    rec = ami.fast_launch
    if rec is not None and rec.state in ("disabling", "disabling-failed"):
        raise Ec2Error("IncorrectState", f"Fast launch for image '{ami.image_id}' is "
                       f"{rec.state}; enable it again once that has finished.")
    _dry_run(call)
    if rec is None or rec.state.endswith("-failed"):
        rec = call.state.start_enabling(ami, call.now)
    # enabling / enabled: the call updates the settings and keeps the state
    if count is not None:
        rec.target_resource_count = count
    if parallel is not None:
        rec.max_parallel_launches = parallel
    if template is not None:
        rec.launch_template = template
    return _item(ami, rec)


@OPERATIONS("DisableFastLaunch")
def disable(call: Ec2Call) -> Body:
    """DisableFastLaunch: start ``disabling``; the image leaves the listing when it ends."""
    ami = _ami(call)
    call.params.boolean("Force")
    rec = ami.fast_launch
    if rec is None:
        raise Ec2Error("InvalidParameterValue", f"Fast launch is not enabled for image "
                       f"'{ami.image_id}'.")
    _dry_run(call)
    if rec.state != "disabling":
        call.state.start_disabling(ami, rec, call.now)
    return _item(ami, rec)

