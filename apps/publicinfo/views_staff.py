"""The section head edits the service standards (not in the Django admin)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.roles import Role
from apps.applications.models import ServiceType
from apps.core.access import staff_required
from apps.publicinfo import services
from apps.publicinfo.access import active_service
from apps.publicinfo.forms import StandardForm
from apps.publicinfo.models import ServiceStandard

EDITORS = (Role.SECTION_HEAD, Role.ADMINISTRATOR)


@staff_required(*EDITORS)
def standards(request: HttpRequest) -> HttpResponse:
    services_ = ServiceType.objects.filter(is_active=True).select_related("standard")
    return render(request, "publicinfo/staff/standards.html", {"services": services_})


@staff_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, code: str) -> HttpResponse:
    service = active_service(code)
    standard = ServiceStandard.objects.filter(service_type=service).first()
    if standard is None:
        services.seed_standards()
        standard = ServiceStandard.objects.get(service_type=service)
    form = StandardForm(request.POST or None, instance=ServiceStandard.objects.get(pk=standard.pk))
    if request.method == "POST" and form.is_valid():
        services.update_standard(standard, form.cleaned_data, actor=request.user)
        messages.success(request, _("Standar pelayanan disimpan dan langsung tampil di halaman publik."))
        return redirect("publicinfo_staff:standards")
    return render(request, "publicinfo/staff/edit.html", {"service": service, "form": form})
