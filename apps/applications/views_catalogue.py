"""The section head edits the catalogue: a service's terms (eligibility, ages, service level, open or closed) and its
required documents, in staff pages (not the Django admin). The legal basis is edited with the service standard."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.roles import Role
from apps.applications import catalogue
from apps.applications.forms_catalogue import RequirementForm, ServiceTermsForm
from apps.applications.models import RequiredDocument, ServiceType
from apps.core.access import staff_required

EDITORS = (Role.SECTION_HEAD, Role.ADMINISTRATOR)


def _service(code: str) -> ServiceType:
    service = ServiceType.objects.filter(code=code).first()
    if service is None:
        raise Http404
    return service


def _requirement(service: ServiceType, pk: int) -> RequiredDocument:
    requirement = RequiredDocument.objects.filter(service_type=service, pk=pk).first()
    if requirement is None:
        raise Http404
    return requirement


@staff_required(*EDITORS)
def index(request: HttpRequest) -> HttpResponse:
    services = ServiceType.objects.prefetch_related("required_documents").order_by("order", "name")
    return render(request, "applications/staff/catalogue.html", {"services": services})


@staff_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, code: str) -> HttpResponse:
    service = _service(code)
    form = ServiceTermsForm(request.POST or None, instance=ServiceType.objects.get(pk=service.pk), prefix="terms")
    if request.method == "POST" and form.is_valid():
        changed = catalogue.update_service(service, form.cleaned_data, actor=request.user)
        messages.success(request, _("Ketentuan layanan disimpan.") if changed else _("Tidak ada yang berubah."))
        return redirect("applications_staff:catalogue_edit", service.code)
    return render(request, "applications/staff/catalogue_edit.html", {
        "service": service, "form": form, "new_requirement": RequirementForm(prefix="new"),
        "requirements": [(r, RequirementForm(instance=r, prefix=f"r{r.pk}"))
                         for r in service.required_documents.all()],
    })


@staff_required(*EDITORS)
@require_POST
def save_requirement(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    service = _service(code)
    requirement = _requirement(service, pk) if pk is not None else None
    form = RequirementForm(request.POST, instance=requirement, prefix=f"r{pk}" if pk else "new")
    if form.is_valid():
        catalogue.save_requirement(service, form.cleaned_data, actor=request.user, requirement=requirement)
        messages.success(request, _("Dokumen persyaratan disimpan."))
        return redirect("applications_staff:catalogue_edit", service.code)
    terms = ServiceTermsForm(instance=service, prefix="terms")
    rows = [(r, form if r.pk == pk else RequirementForm(instance=r, prefix=f"r{r.pk}"))
            for r in service.required_documents.all()]
    return render(request, "applications/staff/catalogue_edit.html", {
        "service": service, "form": terms, "requirements": rows,
        "new_requirement": form if pk is None else RequirementForm(prefix="new"),
    }, status=400)


@staff_required(*EDITORS)
@require_POST
def remove_requirement(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    service = _service(code)
    catalogue.remove_requirement(_requirement(service, pk), actor=request.user)
    messages.success(request, _("Dokumen persyaratan dihapus dari layanan ini."))
    return redirect("applications_staff:catalogue_edit", service.code)
