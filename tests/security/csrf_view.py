from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Marks a CSRF refusal unmistakably for the tests (419, never used by the app)."""
    return HttpResponse(f"csrf: {reason}", status=419)
