"""Django admin for accounts, open to administrators only (see :func:`admin_has_permission`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import ContactConfirmation, ResidentProfile, User
from apps.accounts.roles import Role, roles_of


def admin_has_permission(request: HttpRequest) -> bool:
    """The Django admin is for administrators: an active user holding the administrator role, who passed the
    second factor in this session. ``is_staff``/``is_superuser`` alone are not enough."""
    user = request.user
    return bool(
        user.is_active
        and Role.ADMINISTRATOR in roles_of(user)
        and getattr(user, "is_verified", lambda: False)()
    )


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Sign in through Sipon's own page (lockout, second factor), never the admin's password-only form."""
    target = request.GET.get("next") or reverse("admin:index")
    if request.user.is_authenticated and Role.ADMINISTRATOR in roles_of(request.user):
        return redirect(f"{reverse('accounts:otp_verify')}?next={target}")
    if request.user.is_authenticated:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return redirect(f"{reverse('accounts:login')}?next={target}")


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
