from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.announcements.models import Notice, WebhookEndpoint
from apps.core.links import https_links


class NoticeForm(forms.ModelForm[Notice]):
    class Meta:
        model = Notice
        formfield_callback = https_links
        fields = ["kind", "severity", "title", "summary", "body", "map_url", "locations", "services",
                  "starts_at", "ends_at", "is_published"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "locations": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": _("Isi judul pengumuman.")},
            "summary": {"required": _("Isi ringkasan singkat (tampil di banner).")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Waktu selesai harus sesudah waktu mulai."))
        return data


class RelocateForm(forms.Form):
    address = forms.CharField(
        label=_("Alamat baru"), max_length=255, error_messages={"required": _("Isi alamat baru kantor.")}
    )
    map_url = forms.URLField(
        label=_("Tautan peta"),
        max_length=200,
        assume_scheme="https",
        help_text=_("Contoh: https://www.openstreetmap.org/..."),
        error_messages={
            "required": _("Isi tautan peta lokasi baru."),
            "invalid": _("Tautan peta harus berupa alamat web (https://...)."),
        },
    )


class WebhookForm(forms.ModelForm[WebhookEndpoint]):
    class Meta:
        model = WebhookEndpoint
        formfield_callback = https_links
        fields = ["name", "url", "secret", "is_active"]
        widgets = {"secret": forms.PasswordInput(render_value=True)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # the stored secret is never sent back to the browser: left empty, it stays as it is
            self.fields["secret"].required = False
            self.fields["secret"].widget = forms.PasswordInput(render_value=False)
            self.fields["secret"].help_text = _("Kosongkan untuk tetap memakai kunci yang sekarang.")
            self.initial["secret"] = ""

    def clean_secret(self) -> str:
        secret = str(self.cleaned_data.get("secret") or "")
        if not secret and self.instance.pk is not None:
            return str(WebhookEndpoint.objects.get(pk=self.instance.pk).secret)
        if len(secret) < 16:
            raise forms.ValidationError(_("Kunci rahasia minimal 16 karakter."))
        return secret
