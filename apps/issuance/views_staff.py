"""Back-office pages: biometric recording, print queue, stock, Suket, pickup desk."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.roles import Role
from apps.applications.models import Application
from apps.applications.workflow import Status
from apps.core import audit
from apps.core.access import staff_required
from apps.issuance import services
from apps.issuance.access import application_by_number, suket_by_id
from apps.issuance.forms import (
    BiometricsForm,
    HandoverForm,
    PickupSearchForm,
    PrintForm,
    ReceiveBatchForm,
    TransferForm,
)
from apps.issuance.models import PickupReady, StockMovement, Suket
from apps.locations.models import Location


# --- biometrics ------------------------------------------------------------------------------
@staff_required(Role.OPERATOR)
def biometrics_list(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()
    waiting = Application.objects.filter(status=Status.AWAITING_BIOMETRICS).select_related("service_type")
    if query:
        waiting = waiting.filter(Q(number__iexact=query) | Q(nik=query))
    waiting = waiting.order_by("submitted_at", "id")
    page = Paginator(waiting, 50).get_page(request.GET.get("page"))
    return render(request, "issuance/staff/biometrics_list.html", {"page": page, "query": query})


@staff_required(Role.OPERATOR)
def biometrics_record(request: HttpRequest, number: str) -> HttpResponse:
    application = application_by_number(number)
    if application.status != Status.AWAITING_BIOMETRICS:
        # A clear answer, not a 404: the file exists, it is just not (or no longer) at this step.
        message = _(
            "Berkas %(number)s belum dapat direkam: statusnya %(status)s. Perekaman biometrik hanya untuk berkas "
            "yang sudah diverifikasi petugas berkas dan menunggu perekaman."
        ) % {"number": application.number, "status": application.get_status_display()}
        return render(request, "issuance/staff/biometrics_refused.html",
                      {"application": application, "message": message}, status=409)
    form = BiometricsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_biometrics(
                application,
                operator=request.user,
                request=request,
                location=services.location_for(request.user, application),
                **form.cleaned_data,
            )
        except services.IssuanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Biometrik %(number)s terekam dan dikirim ke pusat.") % {"number": number})
            counter = request.GET.get("loket", "")
            if counter.isdigit():  # opened from the operator's counter console: back to it, to finish the ticket
                return redirect("queueing_staff:console", counter_id=int(counter))
            return redirect("issuance_staff:biometrics")
    audit.record(
        "application.viewed", actor=request.user, obj=application, request=request, subject_nik=application.nik
    )
    return render(request, "issuance/staff/biometrics_record.html", {"application": application, "form": form})


# --- printing -------------------------------------------------------------------------------
@staff_required(Role.OPERATOR)
def print_queue(request: HttpRequest) -> HttpResponse:
    location = services.location_for(request.user)
    queue = services.print_queue(location)
    printed = Application.objects.filter(status=Status.PRINTED).order_by("status_changed_at")[:50]
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "issuance/staff/print_queue.html",
        {
            "page": page,
            "printed": printed,
            "location": location,
            "balance": services.balance_of(location) if location else 0,
        },
    )


@staff_required(Role.OPERATOR)
def print_card(request: HttpRequest, number: str) -> HttpResponse:
    application = application_by_number(number, Status.PRINT_READY)
    location = services.location_for(request.user, application)
    form = PrintForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and location is not None:
        spoiled = form.cleaned_data["result"] == "spoiled"
        try:
            services.print_card(
                application,
                serial=form.cleaned_data["serial"],
                operator=request.user,
                location=location,
                spoiled=spoiled,
                spoil_reason=form.cleaned_data["spoil_reason"],
                request=request,
            )
        except services.IssuanceError as exc:
            form.add_error("serial" if "seri" in str(exc) else None, str(exc))
        else:
            if spoiled:
                messages.warning(request, _("Blangko dicatat rusak. Cetak ulang dengan blangko lain."))
                return redirect("issuance_staff:print_card", number=number)
            messages.success(request, _("KTP-el %(number)s tercetak.") % {"number": number})
            return redirect("issuance_staff:print_queue")
    sukets = Suket.objects.filter(application=application).order_by("-issued_at")
    return render(
        request,
        "issuance/staff/print_card.html",
        {
            "application": application,
            "form": form,
            "location": location,
            "sukets": sukets,
            "balance": services.balance_of(location) if location else 0,
        },
    )


@staff_required(Role.OPERATOR, Role.PICKUP_OFFICER)
@require_POST
def ready_for_pickup(request: HttpRequest, number: str) -> HttpResponse:
    application = application_by_number(number, Status.PRINTED)
    location = services.location_for(request.user, application)
    if location is None:
        messages.error(request, _("Belum ada lokasi layanan."))
    else:
        services.mark_ready_for_pickup(application, actor=request.user, location=location, request=request)
        messages.success(request, _("Pemohon %(number)s diberi tahu bahwa KTP-el siap diambil.") % {"number": number})
    return redirect("issuance_staff:print_queue")


# --- Suket ----------------------------------------------------------------------------------
@staff_required(Role.OPERATOR)
@require_POST
def suket_issue(request: HttpRequest, number: str) -> HttpResponse:
    application = application_by_number(number, Status.PRINT_READY)
    location = services.location_for(request.user, application)
    try:
        if location is None:
            raise services.SuketRefused(_("Belum ada lokasi layanan."))
        suket = services.issue_suket(application, actor=request.user, location=location, request=request)
    except services.SuketRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Suket %(number)s diterbitkan.") % {"number": suket.number})
    return redirect("issuance_staff:print_card", number=number)


@staff_required(Role.OPERATOR)
@require_POST
def suket_renew(request: HttpRequest, suket_id: int) -> HttpResponse:
    suket = suket_by_id(suket_id)
    location = services.location_for(request.user, suket.application)
    try:
        if location is None:
            raise services.SuketRefused(_("Belum ada lokasi layanan."))
        renewed = services.renew_suket(suket, actor=request.user, location=location, request=request)
    except services.SuketRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Suket diperpanjang: %(number)s.") % {"number": renewed.number})
    return redirect("issuance_staff:print_card", number=suket.application.number)


@staff_required(Role.OPERATOR, Role.PICKUP_OFFICER)
def suket_pdf(request: HttpRequest, suket_id: int) -> HttpResponse:
    suket = suket_by_id(suket_id)
    audit.record("suket.printed", actor=request.user, obj=suket, request=request, subject_nik=suket.application.nik)
    response = HttpResponse(services.suket_pdf(suket), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{suket.number}.pdf"'
    return response


# --- stock ----------------------------------------------------------------------------------
@staff_required(Role.OPERATOR, Role.SECTION_HEAD)
def stock(request: HttpRequest) -> HttpResponse:
    receive_form = ReceiveBatchForm(request.POST if request.POST.get("action") == "receive" else None, prefix="receive")
    transfer_form = TransferForm(request.POST if request.POST.get("action") == "transfer" else None, prefix="transfer")
    if request.method == "POST":
        try:
            if receive_form.is_bound and receive_form.is_valid():
                data = receive_form.cleaned_data
                services.receive_batch(
                    data["location"],
                    quantity=data["quantity"],
                    serial_start=data["serial_start"],
                    actor=request.user,
                    request=request,
                )
                messages.success(request, _("Penerimaan blangko dicatat."))
                return redirect("issuance_staff:stock")
            if transfer_form.is_bound and transfer_form.is_valid():
                data = transfer_form.cleaned_data
                services.transfer_blanks(
                    data["source"], data["target"], quantity=data["quantity"], actor=request.user, request=request
                )
                messages.success(request, _("Pemindahan blangko dicatat."))
                return redirect("issuance_staff:stock")
        except services.IssuanceError as exc:
            (receive_form if receive_form.is_bound else transfer_form).add_error(None, str(exc))
    balances = [(location, services.balance_of(location)) for location in Location.objects.filter(is_active=True)]
    ledger = StockMovement.objects.select_related("location", "actor")[:50]
    return render(
        request,
        "issuance/staff/stock.html",
        {
            "balances": balances,
            "ledger": ledger,
            "forecast": services.forecast(),
            "receive_form": receive_form,
            "transfer_form": transfer_form,
        },
    )


# --- pickup ---------------------------------------------------------------------------------
@staff_required(Role.PICKUP_OFFICER)
def pickup(request: HttpRequest) -> HttpResponse:
    form = PickupSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = services.find_for_pickup(form.cleaned_data["q"])
        if len(results) == 1 and results[0].status == Status.READY_FOR_PICKUP:
            return redirect("issuance_staff:handover", number=results[0].number)
    return render(request, "issuance/staff/pickup.html", {"form": form, "results": results})


@staff_required(Role.PICKUP_OFFICER)
def handover(request: HttpRequest, number: str) -> HttpResponse:
    application = application_by_number(number, Status.READY_FOR_PICKUP)
    form = HandoverForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.hand_over(
                application,
                actor=request.user,
                recipient_kind=data["recipient_kind"],
                recipient_name=data["recipient_name"],
                recipient_nik=data["recipient_nik"],
                id_checked=data["id_checked"],
                id_document=data["id_document"],
                proxy_relation=data["proxy_relation"],
                poa_reference=data["poa_reference"],
                poa_document=data["poa_document"],
                request=request,
            )
        except services.IssuanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("KTP-el %(number)s sudah diserahkan.") % {"number": number})
            return redirect("issuance_staff:pickup")
    audit.record(
        "application.viewed", actor=request.user, obj=application, request=request, subject_nik=application.nik
    )
    return render(request, "issuance/staff/handover.html", {"application": application, "form": form})


@staff_required(Role.PICKUP_OFFICER, Role.SECTION_HEAD)
def uncollected(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = (
        PickupReady.objects.filter(application__status=Status.READY_FOR_PICKUP)
        .select_related("application", "location")
        .order_by("ready_at")
    )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    aged = [(row, (now - row.ready_at) // dt.timedelta(days=1)) for row in page]
    return render(request, "issuance/staff/uncollected.html", {"page": page, "aged": aged})
