from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from apps.announcements.models import Notice


def active_notices(request: HttpRequest) -> dict[str, Any]:
    """Active notices for the banner on every page (lazy: only queried if the page renders them)."""
    return {"active_notices": Notice.objects.active()[:5]}
