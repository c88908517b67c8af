"""Django admin for accounts, open to superusers only (see :func:`admin_has_permission`); the administrator's daily
work has its own staff pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import ContactConfirmation, ResidentProfile, User
from apps.accounts.roles import Role, held_roles, roles_of


def admin_has_permission(request: HttpRequest) -> bool:
    """The Django admin is a last resort for superusers: an active superuser holding the administrator role, who
    passed the second factor in this session. The administrator role alone (staff administration has its own pages)
    or ``is_staff``/``is_superuser`` alone are not enough."""
    user = request.user
    return bool(
        user.is_active
        and getattr(user, "is_superuser", False)
        and Role.ADMINISTRATOR in roles_of(user)
        and getattr(user, "is_verified", lambda: False)()
    )


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Sign in through Sipon's own page (lockout, second factor), never the admin's password-only form. A superuser
    administrator who has not passed the second factor goes to verify; anyone else signed in is refused."""
    target = request.GET.get("next") or reverse("admin:index")
    user = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={target}")
    if (
        getattr(user, "is_superuser", False)
        and Role.ADMINISTRATOR in held_roles(user)
        and not getattr(user, "is_verified", lambda: False)()
    ):
        return redirect(f"{reverse('accounts:otp_verify')}?next={target}")
    raise PermissionDenied


def install_admin_policy() -> None:
    admin.site.has_permission = admin_has_permission  # type: ignore[method-assign]  # instance-level policy
    admin.site.login = admin_login  # type: ignore[method-assign]  # same: our sign-in page


class ResidentProfileInline(admin.StackedInline[ResidentProfile, User]):
    model = ResidentProfile
    can_delete = False
    extra = 0
    readonly_fields = ("nik", "kk_number", "birth_date", "sex", "created_at", "updated_at")
    autocomplete_fields = ()
    raw_id_fields = ("district", "village")


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "email", "phone", "is_active", "contact_confirmed_at",
                    "last_login")
    list_filter = ("is_active", "groups", "preferred_language")
    search_fields = ("username", "first_name", "last_name", "email", "phone", "resident__nik")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Sipon"), {"fields": ("phone", "contact_confirmed_at", "preferred_language", "location")}),
    )
    inlines = (ResidentProfileInline,)


@admin.register(ResidentProfile)
class ResidentProfileAdmin(admin.ModelAdmin[ResidentProfile]):
    """NIK, KK and birth data are read-only here: they change through the audited service."""

    list_display = ("full_name", "nik", "kk_number", "district", "village", "created_at")
    search_fields = ("full_name", "nik", "kk_number", "user__email", "user__phone")
    list_select_related = ("district", "village")
    raw_id_fields = ("user", "district", "village")
    readonly_fields = ("nik", "kk_number", "birth_date", "sex", "created_at", "updated_at")


@admin.register(ContactConfirmation)
class ContactConfirmationAdmin(admin.ModelAdmin[ContactConfirmation]):
    list_display = ("user", "channel", "created_at", "expires_at", "used_at", "attempts")
    readonly_fields = ("user", "address", "channel", "code_hash", "attempts", "created_at", "expires_at", "used_at")
    exclude = ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
