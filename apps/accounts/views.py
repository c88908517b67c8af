"""Sign-in, second factor, and each person's start page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from apps.accounts import services
from apps.accounts.forms import OtpForm, SignInForm
from apps.accounts.roles import is_staff_member
from apps.core import audit
from apps.core.access import resident_required


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    form: AuthenticationForm = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)  # rotates the session key: no session fixation
        audit.record("account.signed_in", actor=user, request=request)
        if is_staff_member(user):
            return redirect(f"{reverse('accounts:otp_verify')}?next={_safe_next(request, reverse('accounts:start'))}")
        return redirect(_safe_next(request, reverse("accounts:start")))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.info(request, _("Anda sudah keluar."))
    return redirect("core:home")


@resident_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Second factor for staff: a TOTP code from the authenticator app."""
    user = request.user
    if not user_has_device(user):
        return render(request, "accounts/otp_missing.html", status=403)
    form = OtpForm(user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        audit.record("account.second_factor_verified", request=request)
        return redirect(_safe_next(request, reverse("accounts:start")))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


@resident_required
def start(request: HttpRequest) -> HttpResponse:
    """Where each person lands after signing in: staff on their role's desk, residents on their page."""
    target = services.start_url_for(request.user)
    if target != reverse("accounts:start"):
        return redirect(target)
    return render(request, "accounts/start.html", services.resident_start_context(request.user))


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = services.build_register_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.register_resident(form.cleaned_data, request=request)
        auth_login(request, user, backend="apps.accounts.backends.IdentifierBackend")
        messages.success(request, _("Akun Anda sudah dibuat."))
        return redirect("accounts:start")
    return render(request, "accounts/register.html", {"form": form})
