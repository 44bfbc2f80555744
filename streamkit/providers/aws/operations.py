"""Every AppStream 2.0 and EC2 operation streamkit sends, declared once.

A request builder turns neutral input (already validated) into the operation's parameters; an
answer translator (in :mod:`streamkit.providers.aws.translate`) reads the body. Both are pure:
the adapter runs them through the transport and :mod:`streamkit.calls`. ``PAGINATORS``
declares each listing like botocore's ``paginators-1.json`` (page sizes are the model's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from streamkit.errors import UnsupportedOperation, ValidationError
from streamkit.models import DomainJoin, LaunchTemplateRef, Provider
from streamkit.operations import Operation
from streamkit.paging import TokenPaginator
from streamkit.providers.aws import translate
from streamkit.retry import CallKind
from streamkit.specs import FleetSpec, FleetUpdate, ImageBuilderSpec, StackSpec, StackUpdate
from streamkit.stack_settings import StackSettings
from streamkit.validation import MAX_TAGS

__all__ = ["ALL_TAGS", "CREATE_TOKEN", "OPERATIONS", "PAGINATORS", "UpdatedImage"]

#: users a stack is entitled to are user pool users (SAML and API users need no association)
USER_POOL = "USERPOOL"

PAGINATORS: Mapping[str, TokenPaginator] = {
    "DescribeStacks": TokenPaginator(result_key="Stacks"),
    "DescribeFleets": TokenPaginator(result_key="Fleets"),
    "DescribeImages": TokenPaginator(result_key="Images", limit_key="MaxResults", max_page=25),
    # token-paged, though botocore declares no paginator for it
    "DescribeImagePermissions": TokenPaginator(result_key="SharedImagePermissionsList",
                                               limit_key="MaxResults", max_page=500),
    "DescribeImageBuilders": TokenPaginator(result_key="ImageBuilders",
                                            limit_key="MaxResults"),
    "ListAssociatedFleets": TokenPaginator(result_key="Names"),
    "ListAssociatedStacks": TokenPaginator(result_key="Names"),
    "DescribeUserStackAssociations": TokenPaginator(result_key="UserStackAssociations",
                                                    limit_key="MaxResults", max_page=500),
    "DescribeSessions": TokenPaginator(result_key="Sessions", limit_key="Limit", max_page=50),
    "DescribeFastLaunchImages": TokenPaginator(result_key="FastLaunchImages",
                                               limit_key="MaxResults", max_page=200),
}


def _optional(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def _tags(tags: Mapping[str, str], token: str | None = None) -> dict[str, Any]:
    """The Tags of a create: the spec's, and the create's token where a tag is left for it."""
    if token is not None and len(tags) < MAX_TAGS:
        tags = {**tags, translate.CREATE_TOKEN_TAG: token}
    return {"Tags": dict(tags)} if tags else {}


def _vpc(subnet_ids: Sequence[str], security_group_ids: Sequence[str]) -> dict[str, Any]:
    if not (subnet_ids or security_group_ids):
        return {}
    return {"VpcConfig": _optional(SubnetIds=list(subnet_ids) or None,
                                   SecurityGroupIds=list(security_group_ids) or None)}


def names(names: Sequence[str] | None = None) -> dict[str, Any]:
    return {"Names": list(names)} if names else {}


def named(name: str) -> dict[str, Any]:
    return {"Name": name}


def of_stack(stack_id: str) -> dict[str, Any]:
    return {"StackName": stack_id}


def of_fleet(fleet_id: str) -> dict[str, Any]:
    return {"FleetName": fleet_id}


def stack_fleet(stack_id: str, fleet_id: str) -> dict[str, Any]:
    return {"StackName": stack_id, "FleetName": fleet_id}




def stack_settings(settings: StackSettings, operation: str) -> dict[str, Any]:
    """StackSettings as CreateStack / UpdateStack members; an empty list (update) goes to
    ``AttributesToDelete``. A field AppStream cannot express raises UnsupportedOperation."""
    for field in settings.given():
        if field not in translate.STACK_SETTING_MEMBERS:
            raise UnsupportedOperation(Provider.AWS, f"{operation}(settings.{field}=...)",
                                       "it is an Alibaba delivery group policy; AppStream "
                                       "stacks have no such setting")
    out: dict[str, Any] = {}
    user = [{"Action": action, "Permission": "ENABLED" if flag else "DISABLED"}
            for field, action in translate.USER_SETTING_ACTIONS.items()
            if (flag := getattr(settings, field)) is not None]
    if user:
        out["UserSettings"] = user
    deletes: list[str] = []
    for field, (member, attribute) in translate.STACK_LISTS.items():
        items = getattr(settings, field)
        if items is None:
            continue
        if not items:
            deletes.append(attribute)
        elif field == "storage_connectors":
            out[member] = [_optional(ConnectorType=c.kind,
                                     ResourceIdentifier=c.resource_identifier,
                                     Domains=list(c.domains) or None) for c in items]
        elif field == "access_endpoints":
            out[member] = [{"EndpointType": "STREAMING", "VpceId": e} for e in items]
        else:
            out[member] = list(items)
    if deletes:
        out["AttributesToDelete"] = deletes
    if settings.persistent_app_settings is not None:
        out["ApplicationSettings"] = _optional(Enabled=settings.persistent_app_settings,
                                               SettingsGroup=settings.app_settings_group)
    if settings.preferred_protocol is not None:
        out["StreamingExperienceSettings"] = {"PreferredProtocol": settings.preferred_protocol}
    return out


def create_stack(spec: StackSpec, token: str | None = None) -> dict[str, Any]:
    settings = stack_settings(spec.settings, "stacks.create")
    settings.pop("AttributesToDelete", None)  # nothing to remove from a new stack
    return {"Name": spec.name,
            **_optional(DisplayName=spec.display_name, Description=spec.description,
                        RedirectURL=spec.redirect_url, FeedbackURL=spec.feedback_url),
            **settings, **_tags(spec.tags, token)}


def update_stack(stack_id: str, update: StackUpdate) -> dict[str, Any]:
    settings = ({} if update.settings is None
                else stack_settings(update.settings, "stacks.update"))
    return {"Name": stack_id,
            **_optional(DisplayName=update.display_name, Description=update.description,
                        RedirectURL=update.redirect_url, FeedbackURL=update.feedback_url),
            **settings}


def user_batch(stack_id: str, user_ids: Sequence[str]) -> dict[str, Any]:
    return {"UserStackAssociations": [
        {"StackName": stack_id, "UserName": user, "AuthenticationType": USER_POOL}
        for user in user_ids]}


def _image(image_id: str | None) -> dict[str, Any]:
    """An image by name (``ImageName``) or by ARN (``ImageArn``)."""
    if image_id is None:
        return {}
    return {"ImageArn": image_id} if image_id.startswith("arn:") else {"ImageName": image_id}


def _placement(item: Any) -> dict[str, Any]:
    """The role, domain, session scripts, platform and sessions per instance of a fleet or
    builder spec or update (the fields it has)."""
    domain: DomainJoin | None = getattr(item, "domain_join", None)
    script: str | None = getattr(item, "session_script", None)
    bucket, _, key = (script or "")[len("s3://"):].partition("/")
    return _optional(
        Platform=getattr(item, "platform", None), IamRoleArn=item.iam_role_arn,
        DomainJoinInfo=None if domain is None else _optional(
            DirectoryName=domain.directory_name,
            OrganizationalUnitDistinguishedName=domain.organizational_unit),
        SessionScriptS3Location={"S3Bucket": bucket, "S3Key": key} if script else None,
        MaxSessionsPerInstance=getattr(item, "max_sessions_per_instance", None))


def create_fleet(spec: FleetSpec, token: str | None = None) -> dict[str, Any]:
    if spec.office_site_id is not None:
        raise UnsupportedOperation(Provider.AWS, "fleets.create(office_site_id=...)",
                                   "an Alibaba office network: on AWS give subnet_ids, and "
                                   "domain_join for Active Directory")
    params: dict[str, Any] = {
        "Name": spec.name, "InstanceType": spec.instance_type,
        **_image(spec.image_id), "FleetType": spec.fleet_type.value, **_placement(spec),
        **_optional(DisplayName=spec.display_name, Description=spec.description,
                    MaxUserDurationInSeconds=spec.max_user_duration_seconds,
                    DisconnectTimeoutInSeconds=spec.disconnect_timeout_seconds,
                    IdleDisconnectTimeoutInSeconds=spec.idle_disconnect_timeout_seconds,
                    EnableDefaultInternetAccess=spec.enable_internet_access,
                    MaxConcurrentSessions=spec.max_concurrent_sessions),
        **_tags(spec.tags, token), **_vpc(spec.subnet_ids, spec.security_group_ids),
    }
    per_instance = spec.max_sessions_per_instance
    if per_instance is not None:
        sessions = spec.desired_sessions
        params["ComputeCapacity"] = {"DesiredSessions": sessions if sessions is not None
                                     else (spec.desired_capacity or 0) * per_instance}
    elif spec.max_concurrent_sessions is None:
        params["ComputeCapacity"] = {"DesiredInstances": spec.desired_capacity}
    return params


def update_fleet(fleet_id: str, update: FleetUpdate, desired: int | None = None,
                 per_instance: int | None = None) -> dict[str, Any]:
    """UpdateFleet's parameters; ``desired`` instances scale the fleet (``fleets.scale``): a
    multi-session fleet (``per_instance`` sessions each) takes them as DesiredSessions, the
    only capacity AppStream accepts for one."""
    capacity = (None if desired is None else {"DesiredInstances": desired} if not per_instance
                else {"DesiredSessions": desired * per_instance})
    deletes = [attribute for items, attribute in (
        (update.subnet_ids, "VPC_CONFIGURATION"),
        (update.security_group_ids, "VPC_CONFIGURATION_SECURITY_GROUP_IDS"))
        if items is not None and not items]
    vpc = _vpc(update.subnet_ids or (), update.security_group_ids or ())
    return {"Name": fleet_id, **_image(update.image_id), **_placement(update), **vpc,
            **_optional(
                ComputeCapacity=capacity,
                InstanceType=update.instance_type,
                DisplayName=update.display_name, Description=update.description,
                MaxUserDurationInSeconds=update.max_user_duration_seconds,
                DisconnectTimeoutInSeconds=update.disconnect_timeout_seconds,
                IdleDisconnectTimeoutInSeconds=update.idle_disconnect_timeout_seconds,
                MaxConcurrentSessions=update.max_concurrent_sessions,
                AttributesToDelete=deletes or None)}


def copy_image(image_id: str, destination_region: str, destination_name: str | None,
               description: str | None) -> dict[str, Any]:
    if destination_name is None:
        raise ValidationError("destination_name", "is required on AWS")
    return {"SourceImageName": image_id, "DestinationImageName": destination_name,
            "DestinationRegion": destination_region,
            **_optional(DestinationImageDescription=description)}


def share_image(image_id: str, account_id: str, fleets: bool, builders: bool
                ) -> dict[str, Any]:
    return {"Name": image_id, "SharedAccountId": account_id,
            "ImagePermissions": {"allowFleet": fleets, "allowImageBuilder": builders}}


def unshare_image(image_id: str, account_id: str) -> dict[str, Any]:
    return {"Name": image_id, "SharedAccountId": account_id}


@attrs.frozen(kw_only=True)
class UpdatedImage:
    """What CreateUpdatedImage is asked for; ``name`` is the new image's (the create's key)."""

    name: str
    source: str
    description: str | None = None
    display_name: str | None = None
    tags: Mapping[str, str] = attrs.field(factory=dict)
    dry_run: bool = False


def create_updated_image(update: UpdatedImage, token: str | None = None) -> dict[str, Any]:
    tags = _tags(update.tags, token)
    return {"existingImageName": update.source, "newImageName": update.name,
            **_optional(newImageDescription=update.description,
                        newImageDisplayName=update.display_name,
                        newImageTags=tags.get("Tags")),
            **({"dryRun": True} if update.dry_run else {})}


def create_image_builder(spec: ImageBuilderSpec, token: str | None = None) -> dict[str, Any]:
    return {"Name": spec.name, "InstanceType": spec.instance_type,
            **_image(spec.image_id), **_placement(spec),
            **_optional(DisplayName=spec.display_name, Description=spec.description,
                        EnableDefaultInternetAccess=spec.enable_internet_access,
                        AppstreamAgentVersion=spec.agent_version),
            **_tags(spec.tags, token), **_vpc(spec.subnet_ids, spec.security_group_ids)}


def builder_streaming_url(builder_id: str, validity: int | None) -> dict[str, Any]:
    return {"Name": builder_id, **_optional(Validity=validity)}


def describe_sessions(stack_id: str, fleet_id: str, user_id: str | None,
                      authentication_type: str | None = None) -> dict[str, Any]:
    return {"StackName": stack_id, "FleetName": fleet_id,
            **_optional(UserId=user_id, AuthenticationType=authentication_type)}


def expire_session(session_id: str) -> dict[str, Any]:
    return {"SessionId": session_id}


def streaming_url(stack_id: str, fleet_id: str, user_id: str, app_id: str | None,
                  validity: int | None) -> dict[str, Any]:
    return {"StackName": stack_id, "FleetName": fleet_id, "UserId": user_id,
            **_optional(ApplicationId=app_id, Validity=validity)}


def arn(resource_arn: str) -> dict[str, Any]:
    return {"ResourceArn": resource_arn}


def tag(resource_arn: str, tags: Mapping[str, str]) -> dict[str, Any]:
    return {"ResourceArn": resource_arn, "Tags": dict(tags)}


def untag(resource_arn: str, keys: Sequence[str]) -> dict[str, Any]:
    return {"ResourceArn": resource_arn, "TagKeys": list(keys)}


def _dry_run(dry_run: bool) -> dict[str, Any]:
    """EC2's ``DryRun``: check the permission and the request, change nothing."""
    return {"DryRun": True} if dry_run else {}


def fast_launch_images(image_ids: Sequence[str], filters: Mapping[str, Sequence[str]],
                       dry_run: bool = False) -> dict[str, Any]:
    params: dict[str, Any] = _dry_run(dry_run)
    if image_ids:
        params["ImageIds"] = list(image_ids)
    if filters:
        params["Filters"] = [{"Name": name, "Values": list(values)}
                             for name, values in filters.items()]
    return params


def enable_fast_launch(image_id: str, max_parallel_launches: int | None,
                       target_resource_count: int | None,
                       launch_template: LaunchTemplateRef | None,
                       dry_run: bool = False) -> dict[str, Any]:
    params: dict[str, Any] = {"ImageId": image_id, "ResourceType": "snapshot",
                              **_optional(MaxParallelLaunches=max_parallel_launches),
                              **_dry_run(dry_run)}
    if target_resource_count is not None:
        params["SnapshotConfiguration"] = {"TargetResourceCount": target_resource_count}
    if launch_template is not None:
        params["LaunchTemplate"] = _optional(LaunchTemplateId=launch_template.id,
                                             LaunchTemplateName=launch_template.name,
                                             Version=launch_template.version)
    return params


def disable_fast_launch(image_id: str, force: bool, dry_run: bool = False) -> dict[str, Any]:
    return {"ImageId": image_id, **({"Force": True} if force else {}), **_dry_run(dry_run)}


def _answer_in(key: str, read: Any) -> Any:
    def answer(body: Mapping[str, Any], region: str) -> Any:
        return read(body.get(key) or {}, region)

    return answer


_W, _C, _D = CallKind.WRITE, CallKind.CREATE, CallKind.DELETE
_P = PAGINATORS

OPERATIONS: Mapping[str, Operation[Any]] = {op.name: op for op in (
    # stacks
    Operation(name="DescribeStacks", request=names, answer=translate.stack,
              paginator=_P["DescribeStacks"], used_by=("stacks.list", "stacks.get")),
    Operation(name="CreateStack", request=create_stack, kind=_C,
              answer=_answer_in("Stack", translate.stack), used_by=("stacks.create",)),
    Operation(name="UpdateStack", request=update_stack, kind=_W,
              answer=_answer_in("Stack", translate.stack), used_by=("stacks.update",)),
    Operation(name="DeleteStack", request=named, kind=_D, answer=translate.nothing,
              used_by=("stacks.delete",)),
    Operation(name="AssociateFleet", request=stack_fleet, kind=_W, answer=translate.nothing,
              used_by=("stacks.associate_fleet",)),
    Operation(name="DisassociateFleet", request=stack_fleet, kind=_W, answer=translate.nothing,
              used_by=("stacks.disassociate_fleet",)),
    Operation(name="ListAssociatedFleets", request=of_stack,
              answer=translate.item_name, paginator=_P["ListAssociatedFleets"],
              used_by=("stacks.list_fleets", "sessions.list", "sessions.connect")),
    Operation(name="DescribeUserStackAssociations",
              request=of_stack, answer=translate.user_name,
              paginator=_P["DescribeUserStackAssociations"], used_by=("stacks.list_users",)),
    Operation(name="BatchAssociateUserStack", request=user_batch, kind=_W,
              answer=translate.user_batch("BatchAssociateUserStack"),
              used_by=("stacks.authorize_users",)),
    Operation(name="BatchDisassociateUserStack", request=user_batch, kind=_W,
              answer=translate.user_batch("BatchDisassociateUserStack"),
              used_by=("stacks.unauthorize_users",)),
    # fleets
    Operation(name="DescribeFleets", request=names, answer=translate.fleet,
              paginator=_P["DescribeFleets"],
              used_by=("fleets.list", "fleets.get", "fleets.scale")),
    Operation(name="CreateFleet", request=create_fleet, kind=_C,
              answer=_answer_in("Fleet", translate.fleet), used_by=("fleets.create",)),
    Operation(name="UpdateFleet", request=update_fleet, kind=_W,
              answer=_answer_in("Fleet", translate.fleet),
              used_by=("fleets.update", "fleets.scale")),
    Operation(name="ListAssociatedStacks", request=of_fleet,
              answer=translate.item_name, paginator=_P["ListAssociatedStacks"],
              used_by=("fleets.list_stacks", "fleets.get")),
    Operation(name="StartFleet", request=named, kind=_W, answer=translate.nothing,
              used_by=("fleets.start",)),
    Operation(name="StopFleet", request=named, kind=_W, answer=translate.nothing,
              used_by=("fleets.stop",)),
    Operation(name="DeleteFleet", request=named, kind=_D, answer=translate.nothing,
              used_by=("fleets.delete",)),
    # images
    Operation(name="DescribeImages", request=names, answer=translate.image,
              paginator=_P["DescribeImages"], used_by=("images.list", "images.get")),
    Operation(name="DeleteImage", request=named, kind=_D, answer=translate.nothing,
              used_by=("images.delete",)),
    Operation(name="CopyImage", request=copy_image, kind=_W,
              answer=lambda body, region: str(body.get("DestinationImageName") or ""),
              used_by=("images.copy",)),
    Operation(name="DescribeImagePermissions", request=named,
              answer=translate.image_permission, paginator=_P["DescribeImagePermissions"],
              used_by=("images.permissions",)),
    Operation(name="UpdateImagePermissions", request=share_image, kind=_W,
              answer=translate.nothing, used_by=("images.share",)),
    Operation(name="DeleteImagePermissions", request=unshare_image, kind=_D,
              answer=translate.nothing, used_by=("images.unshare",)),
    Operation(name="CreateUpdatedImage", request=create_updated_image, kind=_C,
              answer=translate.image_update, used_by=("images.create_updated",)),
    # image builders
    Operation(name="DescribeImageBuilders", request=names, answer=translate.image_builder,
              paginator=_P["DescribeImageBuilders"],
              used_by=("image_builders.list", "image_builders.get")),
    Operation(name="CreateImageBuilder", request=create_image_builder, kind=_C,
              answer=_answer_in("ImageBuilder", translate.image_builder),
              used_by=("image_builders.create",)),
    Operation(name="StartImageBuilder", request=named, kind=_W, answer=translate.nothing,
              used_by=("image_builders.start",)),
    Operation(name="StopImageBuilder", request=named, kind=_W, answer=translate.nothing,
              used_by=("image_builders.stop",)),
    Operation(name="DeleteImageBuilder", request=named, kind=_D, answer=translate.nothing,
              used_by=("image_builders.delete",)),
    Operation(name="CreateImageBuilderStreamingURL", request=builder_streaming_url,
              answer=translate.streaming_url, used_by=("image_builders.connect",)),
    # sessions
    Operation(name="DescribeSessions", request=describe_sessions, answer=translate.session,
              paginator=_P["DescribeSessions"], used_by=("sessions.list",)),
    Operation(name="ExpireSession", request=expire_session, kind=_D, answer=translate.nothing,
              used_by=("sessions.expire",)),
    Operation(name="CreateStreamingURL", request=streaming_url, answer=translate.streaming_url,
              used_by=("sessions.connect",)),
    # tags
    Operation(name="ListTagsForResource", request=arn, answer=translate.tags,
              used_by=("stacks.tags", "fleets.tags", "images.tags", "image_builders.tags")),
    Operation(name="TagResource", request=tag, kind=_W, answer=translate.nothing,
              used_by=("stacks.tag", "fleets.tag", "images.tag", "image_builders.tag")),
    Operation(name="UntagResource", request=untag, kind=_W, answer=translate.nothing,
              used_by=("stacks.untag", "fleets.untag", "images.untag", "image_builders.untag")),
    # EC2 fast launch
    Operation(name="DescribeFastLaunchImages", request=fast_launch_images,
              answer=translate.fast_launch_item, paginator=_P["DescribeFastLaunchImages"],
              used_by=("fast_launch.list", "fast_launch.get")),
    Operation(name="EnableFastLaunch", request=enable_fast_launch, kind=_W,
              answer=translate.fast_launch_answer, used_by=("fast_launch.enable",)),
    Operation(name="DisableFastLaunch", request=disable_fast_launch, kind=_W,
              answer=translate.fast_launch_answer, used_by=("fast_launch.disable",)),
)}

#: a resource's create token (ListTagsForResource read for the tag no listing shows): how a
#: create whose answer was lost tells the resource it made from one another client made
CREATE_TOKEN: Operation[str | None] = Operation(name="ListTagsForResource", request=arn,
                                                answer=translate.create_token)

#: every tag of a resource, streamkit's marks included (what ``cloud.plan`` proves ownership by)
ALL_TAGS: Operation[dict[str, str]] = Operation(name="ListTagsForResource", request=arn,
                                                answer=translate.all_tags)
