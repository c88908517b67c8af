from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.applications.models import ServiceType
from apps.locations.models import Location


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    services = ServiceType.objects.filter(is_active=True).prefetch_related("required_documents")
    locations = Location.objects.filter(is_active=True).select_related("district")
    return render(request, "core/home.html", {"services": services, "locations": locations})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database error means not ready
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def hello(request: HttpRequest) -> HttpResponse:
    """A bare view: the baseline the benchmarks compare every workload with."""
    return HttpResponse(b"ok", content_type="text/plain")


@require_GET
def hello_signed_in(request: HttpRequest) -> HttpResponse:
    """The least any booking must do: find the signed-in resident (session and user rows). The rush benchmark's
    second baseline; it tells nothing about the user, only whether one is signed in."""
    if not request.user.is_authenticated:
        return HttpResponse(b"anonymous", content_type="text/plain", status=403)
    return HttpResponse(b"ok", content_type="text/plain")
