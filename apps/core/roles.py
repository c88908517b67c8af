"""Staff roles as seen in the field study. Each role is a Django group of the same name. (Imported by every app
through `apps.accounts.roles` too, which re-exports these names.)"""

from __future__ import annotations

from typing import Any

from django.conf import settings
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


def held_roles(user: Any) -> frozenset[str]:
    """The staff roles an account holds (its groups), whether or not this session passed the second factor:
    for routing only (is this a staff account, where does it land, must it verify). Permission checks use
    :func:`roles_of` / :func:`has_role`. Cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_sipon_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=STAFF_ROLES).values_list("name", flat=True))
        user._sipon_roles = cached
    return cached


def second_factor_passed(user: Any) -> bool:
    """True unless this is a signed-in session (django-otp's middleware gave the user ``is_verified``) that has not
    passed the second factor while staff must (``SIPON_REQUIRE_STAFF_OTP``). A user loaded outside a request (a
    service, a task, a command) is not a session and is judged by the roles it holds."""
    if not settings.SIPON_REQUIRE_STAFF_OTP:
        return True
    is_verified = getattr(user, "is_verified", None)
    return is_verified is None or bool(is_verified())


def roles_of(user: Any) -> frozenset[str]:
    """The staff roles a user may act with now: those held, once the session passed the second factor. A staff
    member signed in with the password only acts with none, on every page and file (not only under /staf/)."""
    held = held_roles(user)
    if held and not second_factor_passed(user):
        return frozenset()
    return held


def has_role(user: Any, *roles: str) -> bool:
    """True if the user may act with any of ``roles`` (second factor passed). Administrators hold every role."""
    acting = roles_of(user)
    return bool(acting & set(roles)) or Role.ADMINISTRATOR in acting


def is_staff_member(user: Any) -> bool:
    """A staff account (holds a role), verified or not: who must pass the second factor, where one lands."""
    return bool(held_roles(user))
