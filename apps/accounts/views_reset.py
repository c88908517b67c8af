"""Forgotten password: ask for a code by e-mail or SMS, then type it with the new password (see
:mod:`apps.accounts.password_reset` for the rules). Both pages work without JavaScript."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from apps.accounts import password_reset

_SESSION_KEY = "accounts:password-reset-for"


class RequestForm(forms.Form):
    identifier = forms.CharField(
        label=gettext_lazy("E-mail atau nomor HP akun Anda"),
        max_length=150,
        help_text=gettext_lazy("Yang Anda pakai untuk masuk. Kode dikirim ke sana."),
        error_messages={"required": gettext_lazy("Isi e-mail atau nomor HP akun Anda.")},
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )


class ResetForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode 6 angka"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": gettext_lazy("Isi kode 6 angka dari pesan Sipon.")},
    )
    password1 = forms.CharField(
        label=gettext_lazy("Kata sandi baru"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Paling sedikit 8 karakter; jangan hanya angka, jangan mirip nama atau e-mail."),
        error_messages={"required": gettext_lazy("Isi kata sandi baru.")},
    )
    password2 = forms.CharField(
        label=gettext_lazy("Ulangi kata sandi baru"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Ulangi kata sandi baru.")},
    )

    def clean(self) -> dict[str, str]:
        cleaned = super().clean() or {}
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return cleaned


def _too_many(request: HttpRequest, template: str, form: forms.Form) -> HttpResponse:
    form.add_error(None, _("Terlalu banyak permintaan. Coba lagi dalam satu jam, atau datang ke loket informasi."))
    return render(request, template, {"form": form}, status=429)


@require_http_methods(["GET", "POST"])
def request_reset(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"].strip()
        try:
            password_reset.request_code(identifier, request=request)
        except password_reset.TooMany:
            return _too_many(request, "accounts/password_reset_request.html", form)
        request.session[_SESSION_KEY] = identifier
        return redirect("accounts:password_reset_code")
    return render(request, "accounts/password_reset_request.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def reset_with_code(request: HttpRequest) -> HttpResponse:
    identifier = request.session.get(_SESSION_KEY)
    if not identifier:
        return redirect("accounts:password_reset")
    form = ResetForm(request.POST or None)
    context = {"form": form, "identifier": identifier, "minutes": password_reset.CODE_MINUTES}
    if request.method == "POST" and form.is_valid():
        try:
            password_reset.reset_password(
                identifier, form.cleaned_data["code"], form.cleaned_data["password1"], request=request
            )
        except password_reset.TooMany:
            return _too_many(request, "accounts/password_reset_code.html", form)
        except ValidationError as error:
            form.add_error("code" if error.code == "code" else "password1", error)
        else:
            request.session.pop(_SESSION_KEY, None)
            messages.success(
                request,
                _("Kata sandi sudah diganti dan semua sesi lama akun ini diakhiri. Masuk dengan kata sandi baru."),
            )
            return redirect("accounts:login")
    return render(request, "accounts/password_reset_code.html", context, status=400 if form.errors else 200)
