"""Staff pages: correction requests with their 3 x 24 h deadline, the breach register, and
who looked at a person's data."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.roles import Role
from apps.core import audit
from apps.core.access import staff_required
from apps.core.models import AuditEvent
from apps.privacy import services
from apps.privacy.forms import AccessLookupForm, BreachForm, BreachUpdateForm, HandleCorrectionForm
from apps.privacy.models import Breach, CorrectionRequest, CorrectionStatus

CORRECTION_ROLES = (Role.CUSTOMER_SERVICE, Role.SECTION_HEAD)
OFFICER_ROLES = (Role.SECTION_HEAD,)  # and the administrator, who holds every role


@staff_required(*CORRECTION_ROLES)
def corrections(request: HttpRequest) -> HttpResponse:
    open_items = CorrectionRequest.objects.filter(status=CorrectionStatus.OPEN).select_related("resident")
    handled = CorrectionRequest.objects.exclude(status=CorrectionStatus.OPEN).order_by("-handled_at")[:50]
    return render(request, "privacy/staff_corrections.html", {"open_items": open_items, "handled": handled})


@staff_required(*CORRECTION_ROLES)
@require_http_methods(["GET", "POST"])
def correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    correction = get_object_or_404(CorrectionRequest.objects.select_related("resident"), pk=pk)
    form = HandleCorrectionForm(request.POST or None)
    if request.method == "GET":
        audit.record("privacy.correction_viewed", obj=correction, request=request, subject=correction.resident,
                     subject_nik=correction.nik)
    if request.method == "POST" and form.is_valid():
        try:
            services.handle_correction(correction, actor=request.user, request=request, **form.cleaned_data)
        except services.PrivacyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Permintaan koreksi sudah ditangani; penduduk diberi tahu."))
            return redirect("privacy_staff:corrections")
    return render(request, "privacy/staff_correction.html", {"correction": correction, "form": form},
                  status=400 if form.errors else 200)


@staff_required(*OFFICER_ROLES)
def breaches(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/staff_breaches.html", {"breaches": Breach.objects.all()})


@staff_required(*OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def breach_new(request: HttpRequest) -> HttpResponse:
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        breach = services.record_breach(actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, _("Insiden tercatat. Beri tahu subjek data dan lembaga paling lambat 3 x 24 jam."))
        return redirect("privacy_staff:breach", pk=breach.pk)
    return render(request, "privacy/staff_breach_new.html", {"form": form}, status=400 if form.errors else 200)


@staff_required(*OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    breach = get_object_or_404(Breach, pk=pk)
    form = BreachUpdateForm(request.POST or None, instance=breach)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        breach.refresh_from_db()
        services.update_breach(breach, actor=request.user, request=request, **changed)
        messages.success(request, _("Insiden diperbarui."))
        return redirect("privacy_staff:breach", pk=breach.pk)
    return render(request, "privacy/staff_breach.html", {"breach": breach, "form": form},
                  status=400 if form.errors else 200)


@staff_required(*OFFICER_ROLES)
def access_log(request: HttpRequest) -> HttpResponse:
    """Who looked at or changed this person's data: per staff member, then every event."""
    form = AccessLookupForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        nik = form.cleaned_data["nik"]
        # Recorded first, so this lookup shows in both lists below like any other access.
        audit.record("privacy.access_log_viewed", request=request, subject_nik=nik)
        events = AuditEvent.objects.filter(subject_nik=nik).select_related("actor")
        context["by_actor"] = (
            events.exclude(actor=None).values("actor_label")
            .annotate(n=Count("id"), first=Min("created_at"), last=Max("created_at")).order_by("-last")
        )
        context["page"] = Paginator(events, 50).get_page(request.GET.get("page"))
        context["nik"] = nik
    return render(request, "privacy/staff_access_log.html", context, status=400 if form.errors else 200)
