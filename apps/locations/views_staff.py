"""Administrator's pages for service points: details and kecamatan, weekly opening hours, closures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.access import staff_required
from apps.core.roles import Role
from apps.locations import services
from apps.locations.forms import ClosureForm, LocationForm, OpeningHoursForm
from apps.locations.models import Location


def _location_or_404(slug: str) -> Location:
    return get_object_or_404(Location.objects.select_related("district"), slug=slug)


@staff_required(Role.ADMINISTRATOR)
def location_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    locations = list(Location.objects.select_related("district").order_by("order", "name"))
    upcoming = {c.location_id: c for c in services.upcoming_closures(today)}
    rows = [(loc, services.hours_summary(loc), upcoming.get(loc.pk)) for loc in locations]
    return render(request, "locations/staff/list.html", {"rows": rows})


@staff_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def location_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Details (name, address, kecamatan, ...) and the closures of one location."""
    location = _location_or_404(slug)
    form = LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        changed = services.update_location(
            Location.objects.get(pk=location.pk), form.details(), actor=request.user, request=request
        )
        messages.success(request, _("Data lokasi disimpan.") if changed else _("Tidak ada yang berubah."))
        return redirect("locations_staff:detail", slug=location.slug)
    return render(request, "locations/staff/detail.html", _detail_context(location, form, ClosureForm()))


def _detail_context(location: Location, form: LocationForm, closure_form: ClosureForm) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "location": location,
        "form": form,
        "closure_form": closure_form,
        "hours": services.hours_summary(location),
        "closures": location.closures.filter(end_date__gte=today).order_by("start_date"),
        "past_closures": location.closures.filter(end_date__lt=today).order_by("-start_date")[:10],
    }


@staff_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def opening_hours(request: HttpRequest, slug: str) -> HttpResponse:
    location = _location_or_404(slug)
    form = OpeningHoursForm(request.POST or None, location=location)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.set_opening_hours(location, form.hours(), actor=request.user, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Jam buka disimpan.") if changed else _("Tidak ada yang berubah."))
            return redirect("locations_staff:detail", slug=location.slug)
    return render(request, "locations/staff/opening_hours.html", {"location": location, "form": form})


@staff_required(Role.ADMINISTRATOR)
@require_http_methods(["POST"])
def closure_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Close a location for a date range: bookings on those days are moved or cancelled and a notice is raised
    (:func:`apps.locations.services.add_closure`)."""
    location = _location_or_404(slug)
    closure_form = ClosureForm(request.POST)
    if closure_form.is_valid():
        data = closure_form.cleaned_data
        try:
            services.add_closure(location, data["start_date"], data["end_date"], data["reason"],
                                 actor=request.user, request=request)
        except ValidationError as exc:
            closure_form.add_error(None, exc)
        else:
            messages.success(request, _("Penutupan dicatat. Reservasi pada tanggal itu dipindah atau dibatalkan, "
                                        "pemiliknya diberi tahu, dan pengumuman dipasang."))
            return redirect("locations_staff:detail", slug=location.slug)
    context = _detail_context(location, LocationForm(instance=location), closure_form)
    return render(request, "locations/staff/detail.html", context, status=200)
