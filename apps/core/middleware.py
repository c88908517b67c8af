"""Security headers for every response, and the second-factor gate for staff areas."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.roles import is_staff_member

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
