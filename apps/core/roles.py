"""Staff roles as seen in the field study. Each role is a Django group of the same name. (Imported by every app
through `apps.accounts.roles` too, which re-exports these names.)"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INFORMATION_DESK = "information_desk", _("Petugas informasi")
    FILE_RECEIVER = "file_receiver", _("Penerima berkas (verifikator)")
    OPERATOR = "operator", _("Operator")
    PICKUP_OFFICER = "pickup_officer", _("Petugas pengambilan")
    CUSTOMER_SERVICE = "customer_service", _("Layanan pengaduan")
    SECTION_HEAD = "section_head", _("Kepala seksi")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES: tuple[str, ...] = tuple(Role.values)


def roles_of(user: Any) -> frozenset[str]:
    """The staff roles a user holds (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_sipon_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=STAFF_ROLES).values_list("name", flat=True))
        user._sipon_roles = cached
    return cached


def has_role(user: Any, *roles: str) -> bool:
    """True if the user holds any of ``roles``. Administrators hold every role."""
    held = roles_of(user)
    return bool(held & set(roles)) or Role.ADMINISTRATOR in held


def is_staff_member(user: Any) -> bool:
    return bool(roles_of(user))
