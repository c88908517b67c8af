"""Resident survey pages: answer by link/QR, and the kiosk tablet."""

from __future__ import annotations

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.locations.models import Location
from apps.surveys import services
from apps.surveys.forms import KioskForm, SurveyForm
from apps.surveys.models import SurveyInvitation

KIOSK_SESSION = "survey_kiosk"


def _invitation(token: str) -> SurveyInvitation:
    invitation = SurveyInvitation.objects.filter(token=token).select_related("service_type", "location").first()
    if invitation is None:
        raise Http404
    return invitation


def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    if invitation.used:
        return render(request, "surveys/already.html", {"kiosk": request.session.get(KIOSK_SESSION)}, status=409)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(invitation, form.cleaned_data)
        except services.AlreadyAnswered:
            return render(request, "surveys/already.html", {"kiosk": request.session.get(KIOSK_SESSION)}, status=409)
        return redirect("surveys:thanks")
    return render(
        request,
        "surveys/answer.html",
        {"form": form, "invitation": invitation, "kiosk": request.session.get(KIOSK_SESSION)},
        status=400 if form.errors else 200,
    )


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/thanks.html", {"kiosk": request.session.get(KIOSK_SESSION)})


def kiosk(request: HttpRequest, slug: str) -> HttpResponse:
    location = get_object_or_404(Location, slug=slug, is_active=True)
    request.session[KIOSK_SESSION] = location.slug
    form = KioskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.find_invitation_for_kiosk(form.cleaned_data["number"], location=location)
        if invitation is None:
            form.add_error(
                "number", _("Nomor tidak ditemukan atau layanan belum selesai. Periksa nomor pada tiket Anda.")
            )
        elif invitation.used:
            form.add_error("number", _("Survei untuk layanan ini sudah diisi. Terima kasih."))
        else:
            return redirect("surveys:answer", token=invitation.token)
    return render(
        request, "surveys/kiosk.html", {"form": form, "location": location}, status=400 if form.errors else 200
    )


def qr(request: HttpRequest, token: str) -> HttpResponse:
    """QR code (SVG) of the survey link, for tickets and receipts."""
    invitation = _invitation(token)
    buffer = segno.make(services.survey_url(invitation), error="m")
    import io

    out = io.BytesIO()
    buffer.save(out, kind="svg", scale=4, border=2)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response
