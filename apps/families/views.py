"""Resident pages: my KK and its members, and the form to add one (the desk confirms it later)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.access import resident_required
from apps.families import services
from apps.families.access import own_family
from apps.families.forms import MemberForm
from apps.families.models import FamilyMember


def _rows(members: list[FamilyMember]) -> list[dict[str, object]]:
    return [{"member": m, "nik": services.mask(m.nik)} for m in members]


@resident_required
def index(request: HttpRequest) -> HttpResponse:
    family = own_family(request.user)
    return render(request, "families/index.html", {
        "family": family, "rows": _rows(services.active_members(family)),
    })


@resident_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    family = own_family(request.user)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(request.user, **form.cleaned_data)
        except services.FamilyError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("%(name)s ditambahkan ke KK. Petugas akan mengonfirmasinya dengan KK asli.")
                             % {"name": member.full_name})
            return redirect("families:index")
    return render(request, "families/add.html", {"family": family, "form": form},
                  status=400 if form.errors else 200)
