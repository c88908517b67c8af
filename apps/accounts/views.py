"""Sign-in, second factor, registration, contact confirmation, profile, and each person's start page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from apps.accounts import otp_wait, services
from apps.accounts.forms import (
    ConfirmContactForm,
    IdentityChangeForm,
    OtpForm,
    ProfileForm,
    SignInForm,
    TotpEnrolForm,
)
from apps.accounts.models import ResidentProfile, User
from apps.accounts.roles import is_staff_member
from apps.core import audit
from apps.core.access import resident_required


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the decorators let only signed-in users through
        raise PermissionDenied
    return user


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
            target = _safe_next(request, reverse("accounts:start"))
            if not user_has_device(user):
                return redirect(f"{reverse('accounts:otp_enrol')}?{urlencode({'next': target})}")
            return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': target})}")
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
    user = _user(request)
    if not user_has_device(user):
        if is_staff_member(user):
            target = _safe_next(request, reverse("accounts:start"))
            return redirect(f"{reverse('accounts:otp_enrol')}?{urlencode({'next': target})}")
        return render(request, "accounts/otp_missing.html", status=403)
    form = OtpForm(user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        audit.record("account.second_factor_verified", request=request)
        return redirect(_safe_next(request, reverse("accounts:start")))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


@resident_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """A staff member without a device sets up their authenticator app: QR code (or the secret typed by hand),
    then one code to confirm. Someone who already has a device cannot add another here (an administrator resets
    a lost one first), so a stolen password alone cannot replace the second factor."""
    user = _user(request)
    if not is_staff_member(user):
        return render(request, "accounts/otp_missing.html", status=403)
    if user_has_device(user):
        target = _safe_next(request, reverse("accounts:start"))
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': target})}")
    device = services.pending_totp_device(user) or services.new_totp_device(user)
    form = TotpEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if wait := otp_wait.wait_seconds(device):  # wrong codes before: django-otp makes one wait
            form.add_error("token", otp_wait.throttled_message(wait))
        elif services.confirm_totp_device(user, device, form.cleaned_data["token"], request=request):
            otp_login(request, device)
            messages.success(request, _("Verifikasi dua langkah aktif. Pakai kode dari aplikasi setiap kali masuk."))
            return redirect(_safe_next(request, reverse("accounts:start")))
        else:
            device.refresh_from_db()
            wait = otp_wait.wait_seconds(device)
            form.add_error("token", _("Kode salah. Pastikan jam ponsel tepat, lalu ketik kode yang sedang tampil.")
                           + (" " + _("Tunggu %(wait)s sebelum mencoba lagi.") % {"wait": otp_wait.wait_text(wait)}
                              if wait else ""))
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "qr_svg": services.totp_provisioning_svg(device),
            "secret": services.totp_secret_text(device),
            "next": _safe_next(request, ""),
        },
    )


@resident_required
def start(request: HttpRequest) -> HttpResponse:
    """Where each person lands after signing in: staff on their role's desk, residents on their page."""
    user = _user(request)
    if is_staff_member(user):
        return redirect(services.start_url_for(user))
    return render(request, "accounts/start.html", services.resident_start_context(user))


def staff_desk_redirect(request: HttpRequest) -> HttpResponse:
    """``/akun/meja/``: the staff desk lives under /staf/ (second factor checked there)."""
    return redirect("accounts_staff:desk")


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:start")
    form = services.build_register_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_resident(form.cleaned_data, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            auth_login(request, user, backend="apps.accounts.backends.IdentifierBackend")
            messages.success(request, _("Akun Anda sudah dibuat. Satu langkah lagi: konfirmasi kontak Anda."))
            return redirect("accounts:confirm_contact")
    return render(request, "accounts/register.html", {"form": form})


def _confirm_context(user: User, form: ConfirmContactForm) -> dict[str, Any]:
    channel, address = services.contact_of(user)
    return {
        "form": form,
        "channel": channel,
        "masked": services.mask_address(address),
        "wait": services.seconds_until_resend(user),
    }


@resident_required
@require_http_methods(["GET", "POST"])
def confirm_contact(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if services.contact_confirmed(user):
        messages.info(request, _("Kontak Anda sudah dikonfirmasi."))
        return redirect("accounts:start")
    form = ConfirmContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_contact(user, form.cleaned_data["code"], request=request)
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            messages.success(request, _("Terima kasih, kontak Anda sudah dikonfirmasi."))
            return redirect(_safe_next(request, reverse("accounts:start")))
    return render(request, "accounts/confirm_contact.html", _confirm_context(user, form))


@resident_required
@require_POST
def resend_code(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if services.contact_confirmed(user):
        return redirect("accounts:start")
    try:
        services.send_confirmation_code(user, request=request)
    except services.RateLimited as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kode baru sudah dikirim. Kode sebelumnya tidak berlaku lagi."))
    return redirect("accounts:confirm_contact")


def _profile_or_404(user: User) -> ResidentProfile:
    from django.http import Http404

    try:
        return ResidentProfile.objects.select_related("district", "village").get(user=user)
    except ResidentProfile.DoesNotExist as exc:
        raise Http404 from exc


@resident_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/profile.html",
        {"profile": _profile_or_404(user), "account": user, "contact_confirmed": services.contact_confirmed(user)},
    )


@resident_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    current = _profile_or_404(user)
    initial = {
        "address": current.address, "rt": current.rt, "rw": current.rw,
        "district": current.district_id, "village": current.village_id,
        "email": user.email or "", "phone": user.phone or "", "preferred_language": user.preferred_language,
    }
    form = ProfileForm(request.POST or None, initial=initial, user_id=user.pk)
    services.set_region_choices(form, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        changed = services.update_profile(user, form.cleaned_data, request=request)
        if "email" in changed or "phone" in changed:
            messages.info(request, _("Kontak berubah: kami kirim kode konfirmasi ke kontak baru."))
            return redirect("accounts:confirm_contact")
        messages.success(request, _("Profil sudah disimpan.") if changed else _("Tidak ada yang berubah."))
        response = redirect("accounts:profile")
        if "preferred_language" in changed:
            from django.conf import settings

            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.preferred_language, samesite="Lax")
        return response
    return render(request, "accounts/profile_edit.html", {"form": form})


@resident_required
@require_http_methods(["GET", "POST"])
def identity_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    current = _profile_or_404(user)
    form = IdentityChangeForm(request.POST or None, initial={"nik": current.nik, "kk_number": current.kk_number},
                              user=user)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.change_identity_numbers(
                current, nik=form.cleaned_data["nik"], kk_number=form.cleaned_data["kk_number"],
                reason=form.cleaned_data["reason"], actor=user, request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)  # the service names the field (nik, kk_number, reason)
        else:
            messages.success(request, _("NIK/KK sudah diubah.") if changed else _("Tidak ada yang berubah."))
            return redirect("accounts:profile")
    return render(request, "accounts/identity_change.html", {"form": form})
