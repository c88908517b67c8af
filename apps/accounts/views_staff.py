"""Staff pages of the accounts app: the staff desk (links for one's roles) and second-factor resets."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts import services
from apps.accounts.models import User
from apps.accounts.roles import STAFF_ROLES, Role, roles_of
from apps.core.access import staff_required


@staff_required(*STAFF_ROLES)
def desk(request: HttpRequest) -> HttpResponse:
    """Every staff page this person's roles open. The fallback start page when a role's own page is missing."""
    held = roles_of(request.user)
    return render(
        request,
        "accounts/staff_desk.html",
        {"links": services.staff_links_for(request.user), "roles": [Role(r).label for r in STAFF_ROLES if r in held]},
    )


@staff_required(Role.ADMINISTRATOR)
def staff_list(request: HttpRequest) -> HttpResponse:
    """Staff members, their roles and whether they have a second-factor device."""
    staff = (
        User.objects.filter(groups__name__in=STAFF_ROLES)
        .distinct()
        .annotate(devices=Count("totpdevice", filter=Q(totpdevice__confirmed=True), distinct=True))
        .prefetch_related("groups")
        .order_by("username")
    )
    rows = [
        (member, [Role(g.name).label for g in member.groups.all() if g.name in STAFF_ROLES]) for member in staff
    ]
    return render(request, "accounts/staff_list.html", {"rows": rows})


@staff_required(Role.ADMINISTRATOR)
@require_POST
def reset_device(request: HttpRequest, user_id: int) -> HttpResponse:
    """Remove a staff member's second-factor devices (lost or new phone); audited."""
    staff = get_object_or_404(User.objects.filter(groups__name__in=STAFF_ROLES).distinct(), pk=user_id)
    if not isinstance(request.user, User):
        raise PermissionDenied
    removed = services.reset_totp_devices(staff, actor=request.user, request=request)
    messages.success(
        request,
        _("Perangkat verifikasi %(name)s dihapus (%(count)d). Ia akan mendaftarkan perangkat baru saat masuk.")
        % {"name": staff.get_full_name() or staff.username, "count": removed},
    )
    return redirect("accounts_staff:staff_list")
