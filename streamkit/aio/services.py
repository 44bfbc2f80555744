"""The async resource services: ``cloud.stacks``, ``cloud.fleets``... of :mod:`streamkit.aio`.

Each method is the sync service's own, declared once there: :func:`~streamkit.aio.bridge.awaitable`
makes it a coroutine with the same parameters (input checked, capability checked, the
adapter's calls awaited), :func:`~streamkit.aio.bridge.iterating` makes a listing an async
iterator (``async for fleet in cloud.fleets.list()``). Cursors are the sync client's.
"""

from __future__ import annotations

from streamkit.aio.bridge import Wrapper, awaitable, iterating
from streamkit.fast_launch import FastLaunch
from streamkit.services import Fleets, ImageBuilders, Images, Sessions, Stacks

__all__ = ["AsyncFastLaunch", "AsyncFleets", "AsyncImageBuilders", "AsyncImages",
           "AsyncSessions", "AsyncStacks"]


class _AsyncTagged(Wrapper):
    __slots__ = ()

    # every tagged service inherits these three from one base: Stacks' are everyone's
    tags = awaitable(Stacks.tags)
    tag = awaitable(Stacks.tag)
    untag = awaitable(Stacks.untag)


class AsyncStacks(_AsyncTagged):
    """Stacks, awaited (see :class:`streamkit.services.Stacks`)."""

    __slots__ = ()

    list = iterating(Stacks.list)
    list_page = awaitable(Stacks.list_page)
    get = awaitable(Stacks.get)
    create = awaitable(Stacks.create)
    update = awaitable(Stacks.update)
    delete = awaitable(Stacks.delete)
    associate_fleet = awaitable(Stacks.associate_fleet)
    disassociate_fleet = awaitable(Stacks.disassociate_fleet)
    list_fleets = iterating(Stacks.list_fleets)
    list_users = iterating(Stacks.list_users)
    list_users_page = awaitable(Stacks.list_users_page)
    authorize_users = awaitable(Stacks.authorize_users)
    unauthorize_users = awaitable(Stacks.unauthorize_users)
    list_user_groups = iterating(Stacks.list_user_groups)
    list_user_groups_page = awaitable(Stacks.list_user_groups_page)
    authorize_user_groups = awaitable(Stacks.authorize_user_groups)
    unauthorize_user_groups = awaitable(Stacks.unauthorize_user_groups)


class AsyncFleets(_AsyncTagged):
    """Fleets, awaited (see :class:`streamkit.services.Fleets`)."""

    __slots__ = ()

    list = iterating(Fleets.list)
    list_page = awaitable(Fleets.list_page)
    get = awaitable(Fleets.get)
    create = awaitable(Fleets.create)
    update = awaitable(Fleets.update)
    start = awaitable(Fleets.start)
    stop = awaitable(Fleets.stop)
    scale = awaitable(Fleets.scale)
    delete = awaitable(Fleets.delete)
    list_instances = iterating(Fleets.list_instances)
    list_instances_page = awaitable(Fleets.list_instances_page)
    list_stacks = iterating(Fleets.list_stacks)


class AsyncImages(_AsyncTagged):
    """Images, awaited (see :class:`streamkit.services.Images`)."""

    __slots__ = ()

    list = iterating(Images.list)
    list_page = awaitable(Images.list_page)
    get = awaitable(Images.get)
    delete = awaitable(Images.delete)
    copy = awaitable(Images.copy)
    create_from_instance = awaitable(Images.create_from_instance)
    share = awaitable(Images.share)
    unshare = awaitable(Images.unshare)
    permissions = iterating(Images.permissions)
    permissions_page = awaitable(Images.permissions_page)
    create_updated = awaitable(Images.create_updated)


class AsyncImageBuilders(_AsyncTagged):
    """Image builders, awaited (see :class:`streamkit.services.ImageBuilders`)."""

    __slots__ = ()

    list = iterating(ImageBuilders.list)
    list_page = awaitable(ImageBuilders.list_page)
    get = awaitable(ImageBuilders.get)
    create = awaitable(ImageBuilders.create)
    start = awaitable(ImageBuilders.start)
    stop = awaitable(ImageBuilders.stop)
    delete = awaitable(ImageBuilders.delete)
    create_image = awaitable(ImageBuilders.create_image)
    connect = awaitable(ImageBuilders.connect)


class AsyncSessions(Wrapper):
    """Streaming sessions, awaited (see :class:`streamkit.services.Sessions`)."""

    __slots__ = ()

    list = iterating(Sessions.list)
    list_page = awaitable(Sessions.list_page)
    expire = awaitable(Sessions.expire)
    connect = awaitable(Sessions.connect)
    expire_all = awaitable(Sessions.expire_all)
    bindings = iterating(Sessions.bindings)
    bindings_page = awaitable(Sessions.bindings_page)
    delete_instances = awaitable(Sessions.delete_instances)
    list_persistent = iterating(Sessions.list_persistent)
    list_persistent_page = awaitable(Sessions.list_persistent_page)


class AsyncFastLaunch(Wrapper):
    """EC2 Windows fast launch images, awaited (see :class:`streamkit.fast_launch.FastLaunch`)."""

    __slots__ = ()

    list = iterating(FastLaunch.list)
    list_page = awaitable(FastLaunch.list_page)
    get = awaitable(FastLaunch.get)
    enable = awaitable(FastLaunch.enable)
    disable = awaitable(FastLaunch.disable)
