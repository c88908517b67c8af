"""The cheap "full" answer of the rush, given before the session, locale, CSRF and user middleware.

When a day's quota opens, thousands of residents press "book" for the same slot; once it is full, every
further POST gets the same answer: "full, the next free date is X". That answer depends only on the slot (a
marker in the cache, set when a booking finds no place and deleted when a place is released), so it needs no
session, no user and no database: this middleware gives it right after the security headers, at the cost of
one cache round trip that also counts the request against the per-address rate limit.

It never writes and never books: anything else (a slot that is not known full, a malformed slot id, a
request without a CSRF cookie to build the form's token from) goes down the normal path, where the view
checks CSRF, signs the resident in and applies the per-account limit before it books. The per-address limit
is counted here once; the view finds the :class:`EarlyCheck` (see :func:`early_check`) and does not count it
again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from apps.appointments import ratelimit, services

# The CSRF cookie holds the secret itself (32 letters and digits) since Django 4.1.
_CSRF_SECRET = re.compile(r"[a-zA-Z0-9]{32}")


# Kept in ``request.META`` beside the WSGI environment, as Django's CSRF middleware keeps ``CSRF_COOKIE``.
_EARLY_CHECK = "sipon.booking_early_check"


@dataclass(frozen=True)
class EarlyCheck:
    """What the middleware learnt before the view: the address was counted against its limit, and the slot's
    cached "full" answer (None when the cache does not know the slot full)."""

    full: dict[str, Any] | None


def early_check(request: HttpRequest) -> EarlyCheck | None:
    """The middleware's :class:`EarlyCheck` for this request, or None if it did not look at it."""
    check = request.META.get(_EARLY_CHECK)
    return check if isinstance(check, EarlyCheck) else None


class FullSlotMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._book_path: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            if self._book_path is None:
                self._book_path = reverse("appointments:book")
            if request.path_info == self._book_path:
                answer = early_answer(request)
                if answer is not None:
                    return answer
        return self.get_response(request)


def early_answer(request: HttpRequest) -> HttpResponse | None:
    """The "too many requests" or "full" answer for a booking POST, or None to go down the normal path."""
    from apps.appointments import views
    from apps.core.inputs import parse_id

    slot_id = parse_id(request.POST.get("slot", ""))
    if slot_id is None:
        return None
    allowed, cached = ratelimit.hit_ip_and_get(request, services.full_key(slot_id))
    check = EarlyCheck(full=cached if isinstance(cached, dict) else None)
    request.META[_EARLY_CHECK] = check
    if not allowed:
        with translation.override(translation.get_language_from_request(request)):
            return views.too_many(request)
    if check.full is None:
        return None
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    if settings.CSRF_USE_SESSIONS or not _CSRF_SECRET.fullmatch(secret):
        return None  # no CSRF secret to build the form's token from: the normal path sets one
    # What CsrfViewMiddleware.process_request does with a well-formed cookie, so that get_token() masks
    # the resident's own secret (their cookie stays as it is; the response sets no new one).
    request.META["CSRF_COOKIE"] = secret
    language = translation.get_language_from_request(request)
    with translation.override(language):
        response = views._full_page(request, check.full)
    response.headers["Content-Language"] = language
    return response
