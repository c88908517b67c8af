"""Security headers for every response, the second-factor state of the signed-in person, and the second-factor
gate for staff areas."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

from apps.accounts import staff_session
from apps.core.roles import held_roles, is_staff_member

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "media-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# Paths that belong to staff: anyone reaching them signed in must have passed the second factor.
STAFF_PREFIXES = ("/staf/", "/admin/", "/api/v1/staf/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        return response


class SessionOTPMiddleware(OTPMiddleware):  # type: ignore[misc]  # django-otp ships no type hints
    """django-otp's middleware (``request.user.otp_device``, ``is_verified()``), plus the person's staff roles,
    without reading the groups and the device from the database on every request: the session remembers them
    while ``User.access_stamp`` is unchanged (apps.accounts.staff_session). When it has changed (a role given or
    taken, a device reset) both are read again and the device is checked exactly as django-otp does (it must
    belong to this person and be confirmed, else the session forgets it)."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        self._init_user_fields(user)
        if not user.is_authenticated:
            return user
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        roles = staff_session.remembered(request, user, persistent_id)
        if roles is not None:
            user._sipon_roles = roles
            if persistent_id:
                # Verified with this device, which still exists, is confirmed and is theirs (the stamp says nothing
                # changed since it was checked); it is loaded only if a caller looks at it.
                user.otp_device = SimpleLazyObject(functools.partial(self._device_from_persistent_id, persistent_id))
            return user
        device = self._device_from_persistent_id(persistent_id) if persistent_id else None
        user.otp_device = self._finalize_device(request, user, device)
        staff_session.remember(
            request, user, held_roles(user), user.otp_device.persistent_id if user.otp_device is not None else None
        )
        return user


class StaffSecondFactorMiddleware:
    """Staff pages need a verified second factor (TOTP). Without one, go and verify."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.SIPON_REQUIRE_STAFF_OTP
            and request.path.startswith(STAFF_PREFIXES)
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # added by django_otp's OTPMiddleware
        ):
            if not is_staff_member(user):
                # A resident has no second factor to pass: the page is simply not theirs.
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Hanya untuk petugas."), "code": "forbidden"}, status=403)
                raise PermissionDenied
            if request.path.startswith("/api/"):
                # JSON like every other API answer (the schema declares 403 with a ``detail``).
                return JsonResponse(
                    {"detail": _("Akses petugas memerlukan verifikasi dua langkah."), "code": "second_factor"},
                    status=403,
                )
            return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")
        return self.get_response(request)


class HtmlGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its BREACH mitigation), for HTML pages only: those are what a slow phone
    waits for. API answers, downloads and files are left as they are: they are small or already compressed,
    and some API clients and test transports do not decode gzip (docs/decisions/0007-compressed-html.md)."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
