"""Resident pages: file a complaint, follow it, talk with customer service, reopen."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.applications.models import Application
from apps.complaints import access, ratelimit, services
from apps.complaints.forms import ComplaintForm, ReopenForm, ReplyForm, TrackForm
from apps.complaints.models import Complaint
from apps.complaints.workflow import OPEN, RESIDENT_TEXT, Status


def too_many_message() -> str:
    return _(
        "Terlalu banyak pengaduan dari alamat atau akun ini dalam satu jam. Coba lagi nanti, atau sampaikan "
        "langsung di loket informasi."
    )


def resolve_reference(reference: str) -> tuple[Any, str]:
    """An application number links the application; anything else is kept as a ticket code."""
    reference = reference.strip().upper()
    if not reference:
        return None, ""
    application = Application.objects.filter(number=reference).first()
    return (application, "") if application is not None else (None, reference)


def start(request: HttpRequest) -> HttpResponse:
    mine = []
    if request.user.is_authenticated:
        mine = list(Complaint.objects.filter(filer=request.user).order_by("-created_at")[:50])
    return render(request, "complaints/start.html", {"mine": mine})


def file(request: HttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    form = ComplaintForm(request.POST or None, request.FILES or None, signed_in=signed_in)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow_filing(request):
            form.add_error(None, too_many_message())
            return render(request, "complaints/file.html", {"form": form}, status=429)
        data = form.cleaned_data
        anonymous = bool(data.get("anonymous"))
        try:
            files = services.check_files(data["attachments"])
            application, ticket = resolve_reference(data["reference"])
            complaint = services.file_complaint(
                kind=data["kind"],
                category=data["category"],
                subject=data["subject"],
                description=data["description"],
                filer=request.user if signed_in and not anonymous else None,
                name=data.get("name", ""),
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                confidential=data["confidential"],
                application=application,
                ticket_code=ticket,
                unit=data["unit"],
                files=files,
                request=request,
            )
        except ValidationError as exc:
            form.add_error("attachments", exc)
        else:
            response = redirect("complaints:filed", code=complaint.code)
            return response if signed_in and not anonymous else access.grant(request, response, complaint.code)
    return render(request, "complaints/file.html", {"form": form}, status=400 if form.errors else 200)


def filed(request: HttpRequest, code: str) -> HttpResponse:
    complaint = access.complaint_for_resident(request, code)
    return render(request, "complaints/filed.html", {"complaint": complaint})


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    if request.method == "POST" and not ratelimit.allow_tracking(request):
        form.add_error(None, _("Terlalu banyak percobaan dari alamat ini. Coba lagi dalam 10 menit."))
        return render(request, "complaints/track.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow_lookup(request):
            form.add_error(None, _("Terlalu banyak percobaan melacak laporan dari alamat ini. Coba lagi dalam "
                                   "%(minutes)d menit.") % {"minutes": ratelimit.LOOKUP_WINDOW // 60})
            return render(request, "complaints/track.html", {"form": form}, status=429)
        complaint = access.complaint_by_code_and_contact(form.cleaned_data["code"], form.cleaned_data["contact"])
        if complaint is not None:
            return access.grant(request, redirect("complaints:detail", code=complaint.code), complaint.code)
        form.add_error(None, _("Kode lacak dan kontak tidak cocok. Periksa lagi kode pada bukti laporan Anda."))
    return render(request, "complaints/track.html", {"form": form}, status=400 if form.errors else 200)


def detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        complaint = access.complaint_for_resident(request, code)
    except Http404:
        # The SMS or e-mail link opened on another phone or browser: the same answer whether or not the code
        # exists (404), with the tracking form ready for the code so the filer can prove the contact they left.
        form = TrackForm(initial={"code": code.upper()[:16]})
        return render(request, "complaints/track.html", {"form": form, "from_link": True}, status=404)
    return _render_detail(request, complaint, ReplyForm(), ReopenForm())


def _render_detail(
    request: HttpRequest, complaint: Complaint, reply_form: ReplyForm, reopen_form: ReopenForm, status: int = 200
) -> HttpResponse:
    messages = complaint.messages.filter(internal=False).select_related("author").prefetch_related("attachments")
    context = {
        "complaint": complaint,
        "thread": messages,
        "attachments": complaint.attachments.filter(message__isnull=True, internal=False),
        "history": complaint.history.order_by("-created_at", "-id"),
        "status_text": RESIDENT_TEXT[complaint.status],
        "is_open": complaint.status in OPEN,
        "days_left": services.working_days_left(complaint),
        "can_reopen": services.can_reopen(complaint),
        "reply_form": reply_form,
        "reopen_form": reopen_form,
        "reopen_days": services.reopen_days(),
    }
    return render(request, "complaints/detail.html", context, status=status)


@require_POST
def reply(request: HttpRequest, code: str) -> HttpResponse:
    complaint = access.complaint_for_resident(request, code)
    form = ReplyForm(request.POST, request.FILES)
    if complaint.status in (Status.CLOSED, Status.FORWARDED):
        form.add_error(None, _("Laporan ini sudah selesai. Jika belum puas, buka kembali laporan."))
    elif form.is_valid():
        try:
            files = services.check_files(form.cleaned_data["attachments"])
            services.post_message(complaint, body=form.cleaned_data["body"], author=request.user, files=files)
        except ValidationError as exc:
            form.add_error("attachments", exc)
        else:
            return redirect(reverse("complaints:detail", args=[complaint.code]) + "#percakapan")
    return _render_detail(request, complaint, form, ReopenForm(), status=400)


@require_POST
def reopen(request: HttpRequest, code: str) -> HttpResponse:
    complaint = access.complaint_for_resident(request, code)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen(complaint, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            form.add_error("reason", exc)
        else:
            return redirect("complaints:detail", code=complaint.code)
    return _render_detail(request, complaint, ReplyForm(), form, status=400)


def attachment(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    complaint = access.complaint_for_resident(request, code)
    item = complaint.attachments.filter(pk=pk, internal=False).first()
    if item is None:
        raise Http404
    return _serve(item)


def _serve(item: Any) -> HttpResponse:
    """Send an attachment (at most 5 MB, checked at upload) inline, sandboxed, never cached."""
    from urllib.parse import quote

    with item.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=item.content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(item.original_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
