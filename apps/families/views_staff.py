"""The desk's family page: a KK's members by its number, and confirming a member against the paper KK."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.roles import Role
from apps.core import audit
from apps.core.access import staff_required
from apps.families import services
from apps.families.access import staff_family
from apps.families.forms import KkLookupForm
from apps.families.models import FamilyMember

DESK = (Role.FILE_RECEIVER,)


@staff_required(*DESK)
def lookup(request: HttpRequest) -> HttpResponse:
    form = KkLookupForm(request.GET or None)
    if form.is_valid():
        if services.family_by_kk(form.cleaned_data["kk"]) is not None:
            return redirect("families_staff:detail", kk_number=form.cleaned_data["kk"])
        form.add_error("kk", _("KK ini belum tercatat di Sipon (belum ada penduduk yang mengisinya)."))
    return render(request, "families/staff/lookup.html", {"form": form}, status=400 if form.errors else 200)


@staff_required(*DESK)
def detail(request: HttpRequest, kk_number: str) -> HttpResponse:
    family = staff_family(kk_number)
    audit.record("families.viewed", actor=request.user, obj=family, request=request)
    members = [(member, reverse("families_staff:confirm", args=[family.kk_number, member.pk]))
               for member in services.active_members(family)]
    return render(request, "families/staff/detail.html", {"family": family, "members": members})


@staff_required(*DESK)
@require_POST
def confirm(request: HttpRequest, kk_number: str, member_id: int) -> HttpResponse:
    family = staff_family(kk_number)
    try:
        member = services.member_of(family, member_id)
    except FamilyMember.DoesNotExist:
        raise Http404 from None
    services.confirm_member(member, actor=request.user)
    messages.success(request, _("%(name)s dikonfirmasi sesuai KK.") % {"name": member.full_name})
    return redirect("families_staff:detail", kk_number=kk_number)
