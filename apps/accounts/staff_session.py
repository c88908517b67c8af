"""What a signed-in person's session remembers between requests: their staff roles and the second-factor device
they verified with, so a staff page does not read the groups and the device on every request.

The memory is valid only while ``User.access_stamp`` (read with the user on every request anyway) is the number it
was taken at. Every change that matters raises the stamp in the same transaction (signals below):

* a role given or taken (``user.groups`` changed from either side, a group renamed or deleted);
* a second-factor device created, changed (confirmed or not) or removed (an administrator's reset, the admin).

The stamp is read before the roles and the device, so a change that commits in between leaves the session with
an old stamp and the next request reads everything again. Signing out flushes the session, and with it this
memory; a session of another person never matches (the user id is part of it).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.http import HttpRequest

from apps.accounts.models import User

SESSION_KEY = "_sipon_access"


def remembered(request: HttpRequest, user: Any, persistent_id: str | None) -> frozenset[str] | None:
    """The roles remembered by this session, if the memory is still valid for ``user`` and the second-factor
    device the session names; None means read them (and the device) from the database."""
    memory = request.session.get(SESSION_KEY)
    if (
        not isinstance(memory, dict)
        or memory.get("user") != user.pk
        or memory.get("stamp") != user.access_stamp
        or memory.get("device") != (persistent_id or "")
    ):
        return None
    return frozenset(memory.get("roles", ()))


def remember(request: HttpRequest, user: Any, roles: frozenset[str], device_persistent_id: str | None) -> None:
    """Keep ``roles`` and the verified device (or none) for the next requests of this session."""
    memory = {"user": user.pk, "stamp": user.access_stamp, "roles": sorted(roles), "device": device_persistent_id or ""}
    if request.session.get(SESSION_KEY) != memory:
        request.session[SESSION_KEY] = memory


def raise_stamp(user_ids: Any) -> None:
    """Make every session of these people read their roles and device again."""
    ids = [pk for pk in set(user_ids) if pk is not None]
    if ids:
        User.objects.filter(pk__in=ids).update(access_stamp=F("access_stamp") + 1)


# --------------------------------------------------------------------------- what raises the stamp


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts.access_stamp.groups")
def _groups_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    if not reverse:  # user.groups.add/remove/set/clear(...): this person
        if action in ("post_add", "post_remove", "post_clear"):
            raise_stamp([instance.pk])
        return
    # group.user_set.add/remove/clear(...): the people named, or (clear) everyone who was in the group
    if action == "pre_clear":
        instance._sipon_cleared_users = list(instance.user_set.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        raise_stamp(pk_set or ())
    elif action == "post_clear":
        raise_stamp(getattr(instance, "_sipon_cleared_users", ()))


@receiver(post_save, sender=Group, dispatch_uid="accounts.access_stamp.group_saved")
@receiver(pre_delete, sender=Group, dispatch_uid="accounts.access_stamp.group_deleted")
def _group_changed(sender: Any, instance: Group, raw: bool = False, **kwargs: Any) -> None:
    # a renamed group may stop (or start) being a role; a deleted one takes its members' role with it
    if instance.pk is not None and not raw:
        raise_stamp(instance.user_set.values_list("pk", flat=True))


def _device_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        raise_stamp([getattr(instance, "user_id", None)])


def connect_device_signals() -> None:
    """Every installed kind of second-factor device (TOTP, static codes, ...) raises its owner's stamp when it is
    saved or deleted. Called from AccountsConfig.ready()."""
    from django.apps import apps
    from django_otp.models import Device

    for model in apps.get_models():
        if issubclass(model, Device):
            name = model._meta.label_lower
            post_save.connect(_device_changed, sender=model, dispatch_uid=f"accounts.access_stamp.saved.{name}")
            post_delete.connect(_device_changed, sender=model, dispatch_uid=f"accounts.access_stamp.deleted.{name}")
