"""Staff pages of the accounts app: the staff desk (links for one's roles) and, for administrators, staff
accounts (list, create, role and location, deactivate/reactivate, second-factor reset)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import services, staff_admin
from apps.accounts.forms_staff import StaffChangeForm, StaffCreateForm, StaffFilterForm
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


def _admin(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _staff_or_404(user_id: int) -> User:
    """A staff account (active or not) by id; anyone else, residents included, is not found here."""
    return get_object_or_404(staff_admin.staff_accounts().select_related("location"), pk=user_id)


@staff_required(Role.ADMINISTRATOR)
def staff_list(request: HttpRequest) -> HttpResponse:
    """Staff accounts with their role, location, status and second factor; filters in the URL."""
    form = StaffFilterForm(request.GET or None)
    flt = staff_admin.StaffFilter()
    if form.is_valid():
        data = form.cleaned_data
        location = data.get("location")
        flt = staff_admin.StaffFilter(
            query=data.get("q") or "", role=data.get("role") or "", location=location.pk if location else None,
            status=data.get("status") or "active",
        )
    query = staff_admin.search_staff(flt).annotate(
        devices=Count("totpdevice", filter=Q(totpdevice__confirmed=True), distinct=True)
    )
    page = Paginator(query, 50).get_page(request.GET.get("page"))
    rows = [(member, Role(staff_admin.role_of(member)).label if staff_admin.role_of(member) else "")
            for member in page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "accounts/staff_list.html", {
        "form": form, "page": page, "rows": rows, "total": page.paginator.count, "query_string": params.urlencode(),
    })


@staff_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    """A new staff account: name, username, contact, one role, a location and an initial password."""
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = staff_admin.create_staff(**form.service_kwargs(), actor=_admin(request), request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
            return render(request, "accounts/staff_admin/create.html", {"form": form})
        messages.success(request, _(
            "Akun %(name)s dibuat. Sampaikan nama pengguna dan kata sandi awal kepadanya: saat pertama masuk ia "
            "memindai kode QR dengan aplikasi autentikator."
        ) % {"name": member.get_full_name() or member.username})
        return redirect("accounts_staff:staff_detail", user_id=member.pk)
    return render(request, "accounts/staff_admin/create.html", {"form": form})


@staff_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    """One staff account: change role and location; deactivate or reactivate; reset the second factor."""
    member = _staff_or_404(user_id)
    current = staff_admin.role_of(member)
    form = StaffChangeForm(request.POST or None, initial={"role": current, "location": member.location_id})
    if request.method == "POST" and form.is_valid():
        try:
            changed = staff_admin.change_role_and_location(
                member, role=form.cleaned_data["role"], location=form.cleaned_data["location"],
                actor=_admin(request), request=request,
            )
        except ValidationError as exc:
            form.add_error("role", exc)
        else:
            messages.success(request, _("Peran dan lokasi disimpan.") if changed else _("Tidak ada yang berubah."))
            return redirect("accounts_staff:staff_detail", user_id=member.pk)
    has_device = TOTPDevice.objects.filter(user=member, confirmed=True).exists()
    return render(request, "accounts/staff_admin/detail.html", {
        "member": member, "form": form, "role_label": Role(current).label if current else "",
        "has_device": has_device, "is_self": member.pk == request.user.pk,
    })


@staff_required(Role.ADMINISTRATOR)
@require_POST
def staff_set_active(request: HttpRequest, user_id: int, active: bool) -> HttpResponse:
    """Deactivate or reactivate an account (never deleted); refused for the last active administrator."""
    member = _staff_or_404(user_id)
    name = member.get_full_name() or member.username
    try:
        staff_admin.set_active(member, active, actor=_admin(request), request=request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if active:
            messages.success(request, _("Akun %(name)s aktif lagi; ia dapat masuk.") % {"name": name})
        else:
            messages.success(request, _("Akun %(name)s dinonaktifkan; ia tidak dapat masuk lagi.") % {"name": name})
    return redirect("accounts_staff:staff_detail", user_id=member.pk)


@staff_required(Role.ADMINISTRATOR)
@require_POST
def reset_device(request: HttpRequest, user_id: int) -> HttpResponse:
    """Remove a staff member's second-factor devices (lost or new phone); audited."""
    staff = _staff_or_404(user_id)
    removed = services.reset_totp_devices(staff, actor=_admin(request), request=request)
    messages.success(
        request,
        _("Perangkat verifikasi %(name)s dihapus (%(count)d). Ia akan mendaftarkan perangkat baru saat masuk.")
        % {"name": staff.get_full_name() or staff.username, "count": removed},
    )
    return redirect("accounts_staff:staff_detail", user_id=staff.pk)
