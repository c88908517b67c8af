"""Staff queue pages: information desk, kiosk, counter console."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.roles import Role, has_role
from apps.applications.models import PriorityGroup, ServiceType
from apps.core.access import staff_required
from apps.core.inputs import parse_id
from apps.locations.models import NEXT_STAGE, Counter, Location, Stage
from apps.queueing import services
from apps.queueing.models import Source, Ticket

DESK_ROLES = (Role.INFORMATION_DESK, Role.FILE_RECEIVER, Role.SECTION_HEAD)
STAGE_ROLES: dict[str, tuple[str, ...]] = {
    Stage.INFORMATION: (Role.INFORMATION_DESK,),
    Stage.DOCUMENT_CHECK: (Role.FILE_RECEIVER,),
    Stage.BIOMETRIC: (Role.OPERATOR,),
    Stage.PICKUP: (Role.PICKUP_OFFICER,),
}
COUNTER_ROLES = (Role.INFORMATION_DESK, Role.FILE_RECEIVER, Role.OPERATOR, Role.PICKUP_OFFICER)


def _location_for(request: HttpRequest) -> Location:
    slug = request.GET.get("lokasi") or request.POST.get("lokasi")
    if slug:
        return get_object_or_404(Location, slug=slug, is_active=True)
    own = getattr(request.user, "location", None)
    if own is not None:
        return own  # type: ignore[no-any-return]
    first = Location.objects.filter(is_active=True).first()
    if first is None:
        raise Http404
    return first


class IssueForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=ServiceType.objects.filter(is_active=True), label=gettext_lazy("Layanan"), empty_label=None
    )
    priority_group = forms.ChoiceField(
        choices=PriorityGroup.choices, required=False, label=gettext_lazy("Kelompok prioritas (UU 25/2009 Pasal 29)")
    )
    contact_phone = forms.CharField(
        required=False,
        max_length=20,
        label=gettext_lazy("Nomor HP (untuk pemberitahuan)"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def clean_contact_phone(self) -> str:
        value = "".join(ch for ch in self.cleaned_data.get("contact_phone", "") if ch.isdigit() or ch == "+")
        if value and not (8 <= len(value.lstrip("+")) <= 15):
            raise forms.ValidationError(_("Nomor HP harus 8 sampai 15 angka, misalnya 081234567890."))
        return value


class CheckInForm(forms.Form):
    code = forms.CharField(
        max_length=200,
        label=gettext_lazy("Kode reservasi atau pindai kode QR"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
    )


def _desk_context(request: HttpRequest, location: Location, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    tickets = (
        Ticket.objects.filter(location=location, date=today).select_related("service", "counter").order_by("-id")[:30]
    )
    return {
        "location": location,
        "locations": Location.objects.filter(is_active=True),
        "tickets": tickets,
        "issue_form": extra.pop("issue_form", None) or IssueForm(),
        "checkin_form": extra.pop("checkin_form", None) or CheckInForm(),
        "counters": Counter.objects.filter(location=location, is_active=True),
        **extra,
    }


@staff_required(*DESK_ROLES)
@require_http_methods(["GET", "POST"])
def information_desk(request: HttpRequest) -> HttpResponse:
    location = _location_for(request)
    if request.method == "POST" and request.POST.get("action") == "checkin":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                ticket = services.check_in(form.cleaned_data["code"], location, actor=request.user, request=request)
            except services.QueueError as error:
                form.add_error("code", error.message)
            else:
                messages.success(request, _("Reservasi diterima. Nomor antrean: %(label)s.") % {"label": ticket.label})
                return redirect(f"{reverse('queueing:ticket_print', args=[ticket.token])}")
        return render(request, "queueing/desk.html", _desk_context(request, location, checkin_form=form), status=400)
    if request.method == "POST":
        issue = IssueForm(request.POST)
        if issue.is_valid():
            try:
                ticket = services.issue_ticket(
                    location,
                    issue.cleaned_data["service"],
                    priority_group=issue.cleaned_data["priority_group"],
                    contact_phone=issue.cleaned_data["contact_phone"],
                    source=Source.DESK,
                    actor=request.user,
                    request=request,
                )
            except services.QueueError as error:
                issue.add_error(None, error.message)
            else:
                return redirect(reverse("queueing:ticket_print", args=[ticket.token]))
        return render(request, "queueing/desk.html", _desk_context(request, location, issue_form=issue), status=400)
    return render(request, "queueing/desk.html", _desk_context(request, location))


# --- Kiosk -------------------------------------------------------------------------------------


@staff_required(*DESK_ROLES)
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, slug: str) -> HttpResponse:
    location = get_object_or_404(Location, slug=slug, is_active=True)
    service_list = list(ServiceType.objects.filter(is_active=True))
    if request.method == "POST":
        service = next((s for s in service_list if str(s.pk) == request.POST.get("service")), None)
        priority = request.POST.get("priority", "")
        if service is None or priority not in PriorityGroup.values:
            return render(
                request,
                "queueing/kiosk.html",
                {
                    "location": location,
                    "services": service_list,
                    "error": _("Pilihan tidak dikenal. Silakan sentuh salah satu tombol layanan."),
                },
                status=400,
            )
        try:
            ticket = services.issue_ticket(location, service, priority_group=priority, source=Source.KIOSK)
        except services.QueueError as error:
            return render(
                request,
                "queueing/kiosk.html",
                {"location": location, "services": service_list, "error": error.message},
                status=409,
            )
        paper = request.GET.get("kertas", "")
        query = f"?anjungan={location.slug}" + (f"&kertas={paper}" if paper else "")
        return redirect(reverse("queueing:ticket_print", args=[ticket.token]) + query)
    chosen = next((s for s in service_list if s.code == request.GET.get("layanan")), None)
    return render(
        request,
        "queueing/kiosk.html",
        {
            "location": location,
            "services": service_list,
            "chosen": chosen,
            "priority_groups": [(v, label) for v, label in PriorityGroup.choices if v],
        },
    )


@staff_required(*DESK_ROLES)
@require_http_methods(["GET", "POST"])
def kiosk_checkin(request: HttpRequest, slug: str) -> HttpResponse:
    location = get_object_or_404(Location, slug=slug, is_active=True)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.check_in(form.cleaned_data["code"], location)
        except services.QueueError as error:
            form.add_error("code", error.message)
        else:
            return redirect(reverse("queueing:ticket_print", args=[ticket.token]) + f"?anjungan={location.slug}")
    return render(
        request, "queueing/kiosk_checkin.html", {"location": location, "form": form}, status=400 if form.errors else 200
    )


# --- Counter console ---------------------------------------------------------------------------


def _may_use(user: Any, counter: Counter) -> bool:
    roles = {role for stage in (counter.stages or []) for role in STAGE_ROLES.get(stage, ())}
    return bool(roles) and has_role(user, *roles)


def _counter(request: HttpRequest, counter_id: int) -> Counter:
    counter = get_object_or_404(Counter.objects.select_related("location"), pk=counter_id, is_active=True)
    if not _may_use(request.user, counter):
        raise PermissionDenied
    return counter


@staff_required(*COUNTER_ROLES)
def counters(request: HttpRequest) -> HttpResponse:
    location = _location_for(request)
    available = [c for c in Counter.objects.filter(location=location, is_active=True) if _may_use(request.user, c)]
    return render(
        request,
        "queueing/counters.html",
        {"location": location, "counters": available, "locations": Location.objects.filter(is_active=True)},
    )


def _console_context(counter: Counter, **extra: Any) -> dict[str, Any]:
    current = services.current_ticket(counter)
    waiting = list(services.waiting_for(counter).select_related("service")[:15])
    others = Counter.objects.filter(location=counter.location, is_active=True).exclude(pk=counter.pk)
    context = {
        "counter": counter,
        "current": current,
        "waiting": waiting,
        "waiting_count": services.waiting_for(counter).count(),
        "other_counters": others,
        "next_stage": NEXT_STAGE.get(current.stage) if current else None,
        "counter_stage_names": [str(dict(Stage.choices).get(s, s)) for s in counter.stages or []],
        "next_stage_label": dict(Stage.choices).get(NEXT_STAGE.get(current.stage) or "", "") if current else "",
        **extra,
    }
    return context


@staff_required(*COUNTER_ROLES)
def console(request: HttpRequest, counter_id: int) -> HttpResponse:
    counter = _counter(request, counter_id)
    template = "queueing/_console_waiting.html" if request.htmx else "queueing/console.html"  # type: ignore[attr-defined]
    return render(request, template, _console_context(counter))


# What the counter console's buttons post; anything else is not found, whatever the counter holds.
CONSOLE_ACTIONS = frozenset(
    {"open", "close", "next", "recall", "start", "finish", "no_show", "transfer"}
)


@staff_required(*COUNTER_ROLES)
@require_POST
def console_action(request: HttpRequest, counter_id: int, action: str) -> HttpResponse:
    if action not in CONSOLE_ACTIONS:
        raise Http404
    counter = _counter(request, counter_id)
    user = request.user
    current = None if action in ("open", "close", "next") else services.current_ticket(counter)
    try:
        if action == "open":
            Counter.objects.filter(pk=counter.pk).update(is_open=True, opened_by=user)
        elif action == "close":
            Counter.objects.filter(pk=counter.pk).update(is_open=False, opened_by=None)
        elif action == "next":
            if not counter.is_open:
                Counter.objects.filter(pk=counter.pk).update(is_open=True, opened_by=user)
            called = services.call_next(counter, actor=user, request=request)
            if called is None:
                messages.info(request, _("Tidak ada antrean yang menunggu untuk loket ini."))
        elif current is None:
            raise services.QueueError(_("Belum ada tiket di loket ini. Tekan Panggil berikutnya."), "none")
        elif action == "recall":
            services.recall(current, counter, actor=user)
        elif action == "start":
            services.start_serving(current, counter, actor=user)
        elif action == "finish":
            services.finish(current, counter, actor=user)
        elif action == "no_show":
            services.mark_no_show(current, counter, actor=user)
        elif action == "transfer":
            target_id = request.POST.get("counter", "")
            target_pk = parse_id(target_id)
            target = (
                Counter.objects.filter(pk=target_pk, location=counter.location).first()
                if target_pk is not None
                else None
            )
            if target_id and target is None:
                raise services.QueueError(_("Loket tujuan tidak dikenal."), "counter")
            services.transfer(current, counter, to_counter=target, actor=user)
    except services.QueueError as error:
        messages.error(request, error.message)
    return redirect("queueing_staff:console", counter_id=counter.pk)
