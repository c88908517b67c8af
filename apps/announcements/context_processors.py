from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from apps.announcements.banner import banner_notices


def active_notices(request: HttpRequest) -> dict[str, Any]:
    """Active notices for the banner on every page (lazy: only read if the page renders them; from the cache,
    see apps.announcements.banner)."""
    return {"active_notices": SimpleLazyObject(banner_notices)}
