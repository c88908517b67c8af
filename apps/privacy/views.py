"""Resident pages: what Sipon holds about me (download), and asking for a correction."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from apps.core import audit
from apps.core.access import resident_required
from apps.privacy import services
from apps.privacy.export import build_zip
from apps.privacy.forms import CorrectionForm
from apps.privacy.models import CorrectionRequest


@resident_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    form = CorrectionForm(request.POST or None)
    has_profile = hasattr(request.user, "resident")
    if request.method == "POST" and form.is_valid():
        try:
            services.request_correction(request.user, request=request, **form.cleaned_data)
        except services.PrivacyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Permintaan koreksi terkirim. Kami menjawab paling lambat 3 x 24 jam."))
            return redirect("privacy:index")
    corrections = CorrectionRequest.objects.filter(resident_id=request.user.pk).order_by("-created_at")
    return render(request, "privacy/index.html", {
        "form": form, "corrections": corrections, "has_profile": has_profile,
    }, status=400 if form.errors else 200)


@resident_required
@require_GET
@never_cache
def download(request: HttpRequest) -> HttpResponse:
    """Everything Sipon holds about the signed-in person: JSON and their files, in one ZIP."""
    payload = build_zip(request.user)
    profile = getattr(request.user, "resident", None)
    audit.record("privacy.export_downloaded", actor=request.user, request=request, subject=request.user,
                 subject_nik=profile.nik if profile else "")
    response = HttpResponse(payload, content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-sipon-{stamp}.zip"'
    return response
