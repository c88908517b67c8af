"""Operations endpoints: metrics for the monitor."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.ops.metrics import collect, render

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def metrics_allowed(request: HttpRequest) -> bool:
    """A scraper is let in by a bearer token (``OPS_METRICS_TOKEN``) or by its address
    (``OPS_METRICS_ALLOWED_IPS``, addresses or networks). With neither set, nobody is."""
    token: str = getattr(settings, "OPS_METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip(), token):
        return True
    allowed: list[str] = getattr(settings, "OPS_METRICS_ALLOWED_IPS", [])
    remote = request.META.get("REMOTE_ADDR", "")
    if allowed and remote:
        try:
            address = ipaddress.ip_address(remote)
        except ValueError:
            return False
        for entry in allowed:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                continue
    return False


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        response = HttpResponse("forbidden\n", status=403, content_type="text/plain; charset=utf-8")
        response["WWW-Authenticate"] = 'Bearer realm="sipon-metrics"'
        return response
    return HttpResponse(render(collect()), content_type=CONTENT_TYPE)
