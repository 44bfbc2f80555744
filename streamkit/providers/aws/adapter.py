"""The AWS AppStream 2.0 adapter: neutral operations as boto3 calls.

On AWS the id of every resource is its name. botocore's own retries are off
(``total_max_attempts=1``); streamkit's :class:`~streamkit.RetryPolicy` does the retrying.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import boto3
from botocore.config import Config

from streamkit.credentials import Credentials
from streamkit.errors import (
    AlreadyExists,
    NotFound,
    ProviderError,
    UnsupportedOperation,
    ValidationError,
)
from streamkit.hooks import CallContext
from streamkit.models import (
    AccessKind,
    Deployment,
    Fleet,
    Image,
    ImageBuilder,
    Provider,
    Secret,
    Session,
    Stack,
    StreamingAccess,
)
from streamkit.paging import bad_token
from streamkit.providers.aws import translate
from streamkit.providers.aws.assume_role import assumed_role_session
from streamkit.providers.aws.calls import AwsCalls
from streamkit.providers.aws.fast_launch import AwsFastLaunch
from streamkit.providers.base import Capability, PageResult, ResourceKind
from streamkit.providers.redaction import guard_sdk_logs
from streamkit.retry import CallKind
from streamkit.specs import (
    DeploymentSpec,
    FleetSpec,
    FleetUpdate,
    ImageBuilderSpec,
    StackSpec,
    StackUpdate,
)
from streamkit.validation import check_name

T = TypeVar("T")
_Named = TypeVar("_Named", Fleet, Image, ImageBuilder)

#: Names per batched describe. The model sets no maximum for ``Names``; 25 is the largest
#: page the service documents (DescribeImages ``MaxResults`` <= 25) and the page size the
#: emulator serves DescribeFleets in, so a chunk is one call without NextToken, an unknown
#: name spoils one call of 25 at most, and the list stays far below any unstated limit.
DESCRIBE_CHUNK = 25

CAPABILITIES = frozenset(Capability) - {
    Capability.NATIVE_DEPLOY,
    Capability.IMAGE_BUILDER_CREATE_IMAGE,
    Capability.FLEET_INSTANCES,
}
HINTS: Mapping[Capability, str] = {
    Capability.NATIVE_DEPLOY: "cloud.deploy() runs CreateStack, CreateFleet, AssociateFleet "
                              "and StartFleet, undoing them if a step fails",
    Capability.IMAGE_BUILDER_CREATE_IMAGE: "AWS has no API for it: run Image Assistant inside "
                                           "the builder (image-assistant.exe create-image), then "
                                           "cloud.wait_until_image_available(name)",
    Capability.FLEET_INSTANCES: "AppStream does not expose a fleet's instances; "
                                "fleet.capacity counts them",
}
PAGE_LIMITS: Mapping[str, int] = {
    "stacks": 100, "fleets": 100, "stack_fleets": 100, "images": 25,
    "image_builders": 100, "sessions": 50, "stack_users": 500, "fleet_instances": 1,
}
#: users a stack is entitled to are user pool users (SAML and API users need no association)
USER_POOL = "USERPOOL"
USER_BATCH = 25
#: BatchAssociateUserStack per-item error codes
USER_ERRORS: Mapping[str, type[ProviderError]] = {
    "STACK_NOT_FOUND": NotFound, "USER_NAME_NOT_FOUND": NotFound,
    "DIRECTORY_NOT_FOUND": NotFound,
}
MAX_STREAMING_USER_ID = 32
#: the model's only InstanceType pattern (RuntimeValidationConfig), a sound check for all
INSTANCE_TYPE_RE = re.compile(
    r"[a-zA-Z0-9-]+(\.[a-z0-9-]+)+\.(small|medium|large|xlarge|\d+xlarge|metal)")


def _tags(tags: Mapping[str, str]) -> dict[str, Any]:
    return {"Tags": dict(tags)} if tags else {}


def _optional(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


class AwsAdapter:
    """Translates neutral calls to AppStream 2.0 through one boto3 client."""

    provider = Provider.AWS
    capabilities = CAPABILITIES
    hints = HINTS
    page_limits = PAGE_LIMITS

    def __init__(self, context: CallContext, *, endpoint_url: str | None,
                 credentials: Credentials | None, session: Any, timeout: float,
                 role_arn: str | None = None, role_session_name: str = "streamkit",
                 external_id: str | None = None) -> None:
        self.region = region = context.region
        self._context = context
        guard_sdk_logs(Provider.AWS)  # botocore logs bodies: mask streaming URLs
        if session is not None and not isinstance(session, boto3.Session):
            raise ValidationError("session", "must be a boto3.Session", type(session).__name__)
        if session is None:
            kwargs: dict[str, Any] = {"region_name": region}
            if credentials is not None:
                kwargs.update(aws_access_key_id=credentials.access_key_id,
                              aws_secret_access_key=credentials.secret.reveal(),
                              aws_session_token=credentials.token.reveal()
                              if credentials.token else None)
            session = boto3.Session(**kwargs)
        config = Config(retries={"total_max_attempts": 1, "mode": "standard"},
                        connect_timeout=timeout, read_timeout=timeout,
                        max_pool_connections=32)
        if role_arn is not None:  # the session above only calls STS; the role signs the rest
            session = assumed_role_session(session, region=region, role_arn=role_arn,
                                           session_name=role_session_name,
                                           external_id=external_id, config=config)
        self._client = session.client("appstream", region_name=region,
                                      endpoint_url=endpoint_url, config=config)
        # where every call goes out: retries, error translation, logging (calls.py)
        self._call = AwsCalls(self._client, context).call
        # what the EC2 client of cloud.fast_launch reuses (see fast_launch_backend)
        self._session, self._endpoint_url, self._config = session, endpoint_url, config
        self._fast_launch: AwsFastLaunch | None = None

    def fast_launch_backend(self) -> AwsFastLaunch:
        """The EC2 side of ``cloud.fast_launch``, made on first use with this session."""
        if self._fast_launch is None:
            self._fast_launch = AwsFastLaunch(self._session, self._context,
                                              endpoint_url=self._endpoint_url, config=self._config)
        return self._fast_launch

    # What every resource below shares: one by name, pages, reconciling a create ------------

    def _describe_one(self, operation: str, key: str, name: str, field: str) -> Mapping[str, Any]:
        check_name(field, name)
        items = self._call(operation, Names=[name]).get(key) or []
        for item in items:
            if item.get("Name") == name:
                return item  # type: ignore[no-any-return]
        raise NotFound(f"{name} does not exist", provider=Provider.AWS, operation=operation,
                       code="ResourceNotFoundException")

    def _page(self, operation: str, key: str, token: Any, limit_param: str | None,
              page_size: int | None, convert: Callable[[Mapping[str, Any], str], T],
              **params: Any) -> PageResult:
        if token is not None:
            params["NextToken"] = _checked_token(token)
        if limit_param is not None and page_size is not None:
            params[limit_param] = page_size
        response = self._call(operation, **params)
        items = [convert(item, self.region) for item in response.get(key) or []]
        return items, response.get("NextToken") or None

    def _reconcile(self, get: Callable[[], T], matches: Callable[[T], bool], what: str,
                   operation: str) -> Callable[[], T | None]:
        """After an ambiguous create: the resource if it is ours, None if absent."""

        def reconcile() -> T | None:
            try:
                found = get()
            except NotFound:
                return None
            if matches(found):
                return found
            raise AlreadyExists(f"{what} exists with other settings", provider=Provider.AWS,
                                operation=operation, code="ResourceAlreadyExistsException")

        return reconcile

    def _unsupported(self, operation: str, capability: Capability) -> UnsupportedOperation:
        return UnsupportedOperation(self.provider, operation, HINTS[capability])

    # Stacks --------------------------------------------------------------------------------

    def list_stacks(self, token: Any, page_size: int | None) -> PageResult:
        return self._page("DescribeStacks", "Stacks", token, None, page_size, translate.stack)

    def get_stack(self, stack_id: str) -> Stack:
        return translate.stack(self._describe_one("DescribeStacks", "Stacks", stack_id,
                                                  "stack_id"), self.region)

    def create_stack(self, spec: StackSpec) -> Stack:
        def matches(s: Stack) -> bool:
            return s.display_name == spec.display_name and s.description == spec.description

        reconcile = self._reconcile(lambda: self.get_stack(spec.name), matches,
                                    f"stack {spec.name}", "CreateStack")
        response = self._call(
            "CreateStack", CallKind.CREATE, reconcile, Name=spec.name,
            **_optional(DisplayName=spec.display_name, Description=spec.description,
                        RedirectURL=spec.redirect_url, FeedbackURL=spec.feedback_url),
            **_tags(spec.tags))
        if isinstance(response, Stack):
            return response
        return translate.stack(response.get("Stack") or {"Name": spec.name}, self.region)

    def update_stack(self, stack_id: str, update: StackUpdate) -> Stack:
        response = self._call(
            "UpdateStack", CallKind.WRITE, Name=check_name("stack_id", stack_id),
            **_optional(DisplayName=update.display_name, Description=update.description,
                        RedirectURL=update.redirect_url, FeedbackURL=update.feedback_url))
        return translate.stack(response.get("Stack") or {"Name": stack_id}, self.region)

    def delete_stack(self, stack_id: str) -> None:
        self._call("DeleteStack", CallKind.DELETE, Name=check_name("stack_id", stack_id))

    def associate_fleet(self, stack_id: str, fleet_id: str) -> None:
        self._call("AssociateFleet", CallKind.WRITE, StackName=check_name("stack_id", stack_id),
                   FleetName=check_name("fleet_id", fleet_id))

    def disassociate_fleet(self, stack_id: str, fleet_id: str) -> None:
        self._call("DisassociateFleet", CallKind.WRITE,
                   StackName=check_name("stack_id", stack_id),
                   FleetName=check_name("fleet_id", fleet_id))

    def list_stack_fleets(self, stack_id: str, token: Any, page_size: int | None) -> PageResult:
        params: dict[str, Any] = {"StackName": check_name("stack_id", stack_id)}
        if token is not None:
            params["NextToken"] = _checked_token(token)
        response = self._call("ListAssociatedFleets", **params)
        return list(response.get("Names") or []), response.get("NextToken") or None

    def list_stack_users(self, stack_id: str, token: Any, page_size: int | None) -> PageResult:
        params: dict[str, Any] = {"StackName": check_name("stack_id", stack_id),
                                  **_optional(MaxResults=page_size)}
        if token is not None:
            params["NextToken"] = _checked_token(token)
        response = self._call("DescribeUserStackAssociations", **params)
        users = [str(a.get("UserName")) for a in response.get("UserStackAssociations") or []]
        return users, response.get("NextToken") or None

    def _user_batch(self, operation: str, stack_id: str, user_ids: Sequence[str]) -> None:
        check_name("stack_id", stack_id)
        for start in range(0, len(user_ids), USER_BATCH):
            batch = [{"StackName": stack_id, "UserName": user, "AuthenticationType": USER_POOL}
                     for user in user_ids[start:start + USER_BATCH]]
            response = self._call(operation, CallKind.WRITE, UserStackAssociations=batch)
            for error in response.get("errors") or []:
                code = str(error.get("ErrorCode") or "INTERNAL_ERROR")
                raise USER_ERRORS.get(code, ProviderError)(
                    str(error.get("ErrorMessage") or code), provider=self.provider,
                    operation=operation, code=code,
                    request_id=response.get("ResponseMetadata", {}).get("RequestId"))

    def authorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        self._user_batch("BatchAssociateUserStack", stack_id, user_ids)

    def unauthorize_users(self, stack_id: str, user_ids: Sequence[str]) -> None:
        self._user_batch("BatchDisassociateUserStack", stack_id, user_ids)

    # Fleets --------------------------------------------------------------------------------

    def list_fleets(self, token: Any, page_size: int | None) -> PageResult:
        return self._page("DescribeFleets", "Fleets", token, None, page_size, translate.fleet)

    def get_fleet(self, fleet_id: str) -> Fleet:
        return translate.fleet(self._describe_one("DescribeFleets", "Fleets", fleet_id,
                                                  "fleet_id"), self.region)

    def create_fleet(self, spec: FleetSpec) -> Fleet:
        _check_instance_type(spec.instance_type)
        if spec.scaling is not None:
            raise UnsupportedOperation(self.provider, "fleets.create(scaling=...)",
                                       "AWS fleets scale with Application Auto Scaling "
                                       "policies, or use fleet_type=ELASTIC")
        params: dict[str, Any] = {
            "Name": spec.name, "InstanceType": spec.instance_type, "ImageName": spec.image_id,
            "FleetType": spec.fleet_type.value,
            **_optional(DisplayName=spec.display_name, Description=spec.description,
                        MaxUserDurationInSeconds=spec.max_user_duration_seconds,
                        DisconnectTimeoutInSeconds=spec.disconnect_timeout_seconds,
                        IdleDisconnectTimeoutInSeconds=spec.idle_disconnect_timeout_seconds,
                        EnableDefaultInternetAccess=spec.enable_internet_access,
                        MaxConcurrentSessions=spec.max_concurrent_sessions),
            **_tags(spec.tags),
        }
        if spec.max_concurrent_sessions is None:
            params["ComputeCapacity"] = {"DesiredInstances": spec.desired_capacity}
        if spec.subnet_ids or spec.security_group_ids:
            params["VpcConfig"] = _optional(SubnetIds=list(spec.subnet_ids) or None,
                                            SecurityGroupIds=list(spec.security_group_ids)
                                            or None)

        def matches(f: Fleet) -> bool:
            return (f.instance_type == spec.instance_type and f.image_id == spec.image_id
                    and f.fleet_type is spec.fleet_type)

        reconcile = self._reconcile(lambda: self.get_fleet(spec.name), matches,
                                    f"fleet {spec.name}", "CreateFleet")
        response = self._call("CreateFleet", CallKind.CREATE, reconcile, **params)
        if isinstance(response, Fleet):
            return response
        return translate.fleet(response.get("Fleet") or {"Name": spec.name}, self.region)

    def update_fleet(self, fleet_id: str, update: FleetUpdate) -> Fleet:
        if update.instance_type is not None:
            _check_instance_type(update.instance_type)
        response = self._call(
            "UpdateFleet", CallKind.WRITE, Name=check_name("fleet_id", fleet_id),
            **_optional(ImageName=update.image_id, InstanceType=update.instance_type,
                        DisplayName=update.display_name, Description=update.description,
                        MaxUserDurationInSeconds=update.max_user_duration_seconds,
                        DisconnectTimeoutInSeconds=update.disconnect_timeout_seconds,
                        IdleDisconnectTimeoutInSeconds=update.idle_disconnect_timeout_seconds))
        return translate.fleet(response.get("Fleet") or {"Name": fleet_id}, self.region)

    def start_fleet(self, fleet_id: str) -> None:
        self._call("StartFleet", CallKind.WRITE, Name=check_name("fleet_id", fleet_id))

    def stop_fleet(self, fleet_id: str) -> None:
        self._call("StopFleet", CallKind.WRITE, Name=check_name("fleet_id", fleet_id))

    def scale_fleet(self, fleet_id: str, desired: int) -> Fleet:
        response = self._call("UpdateFleet", CallKind.WRITE, Name=check_name("fleet_id", fleet_id),
                              ComputeCapacity={"DesiredInstances": desired})
        return translate.fleet(response.get("Fleet") or {"Name": fleet_id}, self.region)

    def delete_fleet(self, fleet_id: str) -> None:
        self._call("DeleteFleet", CallKind.DELETE, Name=check_name("fleet_id", fleet_id))

    def list_fleet_instances(self, fleet_id: str, token: Any, page_size: int | None
                             ) -> PageResult:
        raise self._unsupported("fleets.list_instances", Capability.FLEET_INSTANCES)

    def deploy(self, spec: DeploymentSpec) -> Deployment:
        # cloud.deploy() composes the steps itself on AWS; this is never its path
        raise self._unsupported("deploy (one call)", Capability.NATIVE_DEPLOY)

    # Images --------------------------------------------------------------------------------

    def list_images(self, token: Any, page_size: int | None) -> PageResult:
        return self._page("DescribeImages", "Images", token, "MaxResults", page_size,
                          translate.image)

    def get_image(self, image_id: str) -> Image:
        return translate.image(self._describe_one("DescribeImages", "Images", image_id,
                                                  "image_id"), self.region)

    def delete_image(self, image_id: str) -> None:
        self._call("DeleteImage", CallKind.DELETE, Name=check_name("image_id", image_id))

    def copy_image(self, image_id: str, destination_region: str, destination_name: str | None,
                   description: str | None) -> str:
        if destination_name is None:
            raise ValidationError("destination_name", "is required on AWS")
        response = self._call(
            "CopyImage", CallKind.WRITE, SourceImageName=check_name("image_id", image_id),
            DestinationImageName=destination_name, DestinationRegion=destination_region,
            **_optional(DestinationImageDescription=description))
        return str(response.get("DestinationImageName") or destination_name)

    # Image builders ------------------------------------------------------------------------

    def list_image_builders(self, token: Any, page_size: int | None) -> PageResult:
        return self._page("DescribeImageBuilders", "ImageBuilders", token, "MaxResults",
                          page_size, translate.image_builder)

    def get_image_builder(self, builder_id: str) -> ImageBuilder:
        return translate.image_builder(
            self._describe_one("DescribeImageBuilders", "ImageBuilders", builder_id,
                               "builder_id"), self.region)

    def create_image_builder(self, spec: ImageBuilderSpec) -> ImageBuilder:
        _check_instance_type(spec.instance_type)
        params: dict[str, Any] = {
            "Name": spec.name, "InstanceType": spec.instance_type, "ImageName": spec.image_id,
            **_optional(DisplayName=spec.display_name, Description=spec.description,
                        EnableDefaultInternetAccess=spec.enable_internet_access),
            **_tags(spec.tags),
        }
        if spec.subnet_ids or spec.security_group_ids:
            params["VpcConfig"] = _optional(SubnetIds=list(spec.subnet_ids) or None,
                                            SecurityGroupIds=list(spec.security_group_ids)
                                            or None)

        def matches(b: ImageBuilder) -> bool:
            return b.instance_type == spec.instance_type

        reconcile = self._reconcile(lambda: self.get_image_builder(spec.name), matches,
                                    f"image builder {spec.name}", "CreateImageBuilder")
        response = self._call("CreateImageBuilder", CallKind.CREATE, reconcile, **params)
        if isinstance(response, ImageBuilder):
            return response
        return translate.image_builder(response.get("ImageBuilder") or {"Name": spec.name},
                                       self.region)

    def start_image_builder(self, builder_id: str) -> None:
        self._call("StartImageBuilder", CallKind.WRITE, Name=check_name("builder_id", builder_id))

    def stop_image_builder(self, builder_id: str) -> None:
        self._call("StopImageBuilder", CallKind.WRITE, Name=check_name("builder_id", builder_id))

    def delete_image_builder(self, builder_id: str) -> None:
        self._call("DeleteImageBuilder", CallKind.DELETE,
                   Name=check_name("builder_id", builder_id))

    def create_image(self, builder_id: str, image_name: str, description: str | None) -> Image:
        raise self._unsupported("image_builders.create_image",
                                Capability.IMAGE_BUILDER_CREATE_IMAGE)

    def connect_image_builder(self, builder_id: str, validity: int | None) -> StreamingAccess:
        response = self._call("CreateImageBuilderStreamingURL",
                              Name=check_name("builder_id", builder_id),
                              **_optional(Validity=validity))
        return StreamingAccess(kind=AccessKind.URL, secret=Secret(str(response["StreamingURL"])),
                               provider=Provider.AWS, region=self.region,
                               expires_at=response.get("Expires"))

    # Sessions ------------------------------------------------------------------------------

    def list_sessions(self, stack_id: str, fleet_id: str | None, user_id: str | None,
                      token: Any, page_size: int | None) -> PageResult:
        """Token: ``[fleet, NextToken]``; without ``fleet_id`` it walks the stack's fleets."""
        check_name("stack_id", stack_id)
        if fleet_id is not None:
            fleets = [check_name("fleet_id", fleet_id)]
        else:
            fleets = sorted(self._all_stack_fleets(stack_id))
        if token is not None:
            if (not isinstance(token, list) or len(token) != 2 or token[0] not in fleets
                    or not (token[1] is None or isinstance(token[1], str))):
                raise bad_token()
            current, next_token = token
        elif fleets:
            current, next_token = fleets[0], None
        else:
            return [], None
        params: dict[str, Any] = {"StackName": stack_id, "FleetName": current,
                                  **_optional(UserId=user_id, NextToken=next_token,
                                              Limit=page_size)}
        response = self._call("DescribeSessions", **params)
        items = [translate.session(s, self.region) for s in response.get("Sessions") or []]
        following = response.get("NextToken") or None
        if following is not None:
            return items, [current, following]
        position = fleets.index(current)
        if position + 1 < len(fleets):
            return items, [fleets[position + 1], None]
        return items, None

    def _all_stack_fleets(self, stack_id: str) -> list[str]:
        names: list[str] = []
        token: Any = None
        while True:
            page, token = self.list_stack_fleets(stack_id, token, None)
            names.extend(page)
            if token is None:
                return names

    def expire_session(self, session: Session) -> None:
        self._call("ExpireSession", CallKind.DELETE, SessionId=session.id)

    def connect(self, stack_id: str, user_id: str, fleet_id: str | None, app_id: str | None,
                validity: int | None) -> StreamingAccess:
        if len(user_id) > MAX_STREAMING_USER_ID:
            raise ValidationError("user_id", "must be at most 32 characters on AWS", user_id)
        check_name("stack_id", stack_id)
        if fleet_id is None:
            fleets = self._all_stack_fleets(stack_id)
            if len(fleets) != 1:
                raise ValidationError("fleet_id", f"is required: stack {stack_id} has "
                                      f"{len(fleets)} fleets", None, show_value=False)
            fleet_id = fleets[0]
        response = self._call("CreateStreamingURL", StackName=stack_id,
                              FleetName=check_name("fleet_id", fleet_id), UserId=user_id,
                              **_optional(ApplicationId=app_id, Validity=validity))
        return StreamingAccess(kind=AccessKind.URL, secret=Secret(str(response["StreamingURL"])),
                               provider=Provider.AWS, region=self.region,
                               expires_at=response.get("Expires"), user_id=user_id,
                               stack_id=stack_id)

    # Tags ----------------------------------------------------------------------------------

    def _arn(self, kind: ResourceKind, resource_id: str) -> str:
        getter: Callable[[str], Any] = {
            ResourceKind.STACK: self.get_stack, ResourceKind.FLEET: self.get_fleet,
            ResourceKind.IMAGE: self.get_image, ResourceKind.IMAGE_BUILDER: self.get_image_builder,
        }[kind]
        arn = getter(resource_id).raw.get("Arn")
        if not isinstance(arn, str):
            raise ProviderError(f"{kind.value} {resource_id} has no ARN to tag",
                                provider=Provider.AWS, operation="TagResource", code="NoArn")
        return arn

    def get_tags(self, kind: ResourceKind, resource_id: str) -> dict[str, str]:
        response = self._call("ListTagsForResource", ResourceArn=self._arn(kind, resource_id))
        return dict(response.get("Tags") or {})

    def tag(self, kind: ResourceKind, resource_id: str, tags: Mapping[str, str]) -> None:
        self._call("TagResource", CallKind.WRITE, ResourceArn=self._arn(kind, resource_id),
                   Tags=dict(tags))

    def untag(self, kind: ResourceKind, resource_id: str, keys: Sequence[str]) -> None:
        self._call("UntagResource", CallKind.WRITE, ResourceArn=self._arn(kind, resource_id),
                   TagKeys=list(keys))

    # Batched reads (waits over many resources) ---------------------------------------------

    def get_fleets(self, fleet_ids: Sequence[str]) -> dict[str, Fleet]:
        return self._describe_many("DescribeFleets", "Fleets", fleet_ids, "fleet_id",
                                   translate.fleet)

    def get_images(self, image_ids: Sequence[str]) -> dict[str, Image]:
        return self._describe_many("DescribeImages", "Images", image_ids, "image_id",
                                   translate.image)

    def get_image_builders(self, builder_ids: Sequence[str]) -> dict[str, ImageBuilder]:
        return self._describe_many("DescribeImageBuilders", "ImageBuilders", builder_ids,
                                   "builder_id", translate.image_builder)

    def _describe_many(self, operation: str, key: str, names: Sequence[str], field: str,
                       convert: Callable[[Mapping[str, Any], str], _Named]) -> dict[str, _Named]:
        """``Names=[...]`` in chunks of :data:`DESCRIBE_CHUNK`, following NextToken."""
        unique = [check_name(field, name) for name in dict.fromkeys(names)]
        found: dict[str, _Named] = {}
        for start in range(0, len(unique), DESCRIBE_CHUNK):
            found.update(self._describe_chunk(operation, key, unique[start:start + DESCRIBE_CHUNK],
                                              convert))
        return found

    def _describe_chunk(self, operation: str, key: str, names: list[str],
                        convert: Callable[[Mapping[str, Any], str], _Named]) -> dict[str, _Named]:
        # One unknown name fails the whole call with ResourceNotFoundException: halve the
        # chunk until the unknown names stand alone (about 2 log2(n) extra calls per unknown).
        items: list[_Named] = []
        token: Any = None
        try:
            while True:
                page, token = self._page(operation, key, token, None, None, convert, Names=names)
                items.extend(page)
                if token is None:
                    break
        except NotFound:
            if len(names) == 1:
                return {}
            half = len(names) // 2
            return {**self._describe_chunk(operation, key, names[:half], convert),
                    **self._describe_chunk(operation, key, names[half:], convert)}
        wanted = set(names)
        return {item.id: item for item in items if item.id in wanted}


def _check_instance_type(value: str) -> None:
    if not INSTANCE_TYPE_RE.fullmatch(value):
        raise ValidationError("instance_type", "must be an AppStream type such as "
                              "'stream.standard.medium'", value)


def _checked_token(token: Any) -> str:
    if not isinstance(token, str) or not token:
        raise bad_token()
    return token

