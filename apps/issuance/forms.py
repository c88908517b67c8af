from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.inputs import MAX_ID, NameField
from apps.issuance.models import Handover
from apps.locations.models import Location


class BiometricsForm(forms.Form):
    device_id = forms.CharField(
        label=_("ID perangkat perekam"),
        max_length=60,
        help_text=_("Nomor perangkat pada stiker alat perekam, mis. KLT-REK-01."),
    )
    photo = forms.BooleanField(label=_("Foto terekam"), required=True)
    fingerprints = forms.BooleanField(label=_("Sidik jari (10 jari) terekam"), required=True)
    iris = forms.BooleanField(label=_("Iris mata terekam"), required=True)
    signature = forms.BooleanField(label=_("Tanda tangan terekam"), required=True)


class PrintForm(forms.Form):
    serial = forms.CharField(
        label=_("Nomor seri blangko"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    result = forms.ChoiceField(
        label=_("Hasil cetak"),
        choices=[("printed", _("Tercetak baik")), ("spoiled", _("Rusak"))],
        widget=forms.RadioSelect,
        initial="printed",
    )
    spoil_reason = forms.CharField(label=_("Alasan rusak"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("result") == "spoiled" and not (data.get("spoil_reason") or "").strip():
            self.add_error("spoil_reason", _("Tulis alasan blangko rusak."))
        return data


MAX_QUANTITY = 1_000_000  # blanks in one batch or transfer


class ReceiveBatchForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Lokasi"), queryset=Location.objects.filter(is_active=True))
    quantity = forms.IntegerField(label=_("Jumlah blangko"), min_value=1, max_value=MAX_QUANTITY)
    # The range's end (start + quantity - 1) is stored in a bigint too.
    serial_start = forms.IntegerField(label=_("Nomor seri awal"), min_value=1, max_value=MAX_ID - MAX_QUANTITY)


class TransferForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Dari lokasi"), queryset=Location.objects.filter(is_active=True))
    target = forms.ModelChoiceField(label=_("Ke lokasi"), queryset=Location.objects.filter(is_active=True))
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, max_value=MAX_QUANTITY)


class PickupSearchForm(forms.Form):
    q = forms.CharField(label=_("Nomor permohonan, NIK, atau pindai QR"), max_length=200)


class HandoverForm(forms.Form):
    recipient_kind = forms.ChoiceField(
        label=_("Diterima oleh"),
        choices=Handover.Recipient.choices,
        widget=forms.RadioSelect,
        initial=Handover.Recipient.SELF,
    )
    id_checked = forms.BooleanField(label=_("Identitas penerima sudah saya periksa"), required=True)
    id_document = forms.CharField(
        label=_("Dokumen identitas yang dilihat"),
        max_length=80,
        help_text=_("Mis. KK asli, bukti permohonan, KTP-el penerima kuasa."),
    )
    recipient_name = NameField(label=_("Nama penerima kuasa"), required=False)
    recipient_nik = forms.CharField(label=_("NIK penerima kuasa"), max_length=16, required=False)
    proxy_relation = forms.CharField(label=_("Hubungan dengan pemohon"), max_length=60, required=False)
    poa_reference = forms.CharField(label=_("Nomor/tanggal surat kuasa"), max_length=100, required=False)
    poa_document = forms.FileField(label=_("Pindaian surat kuasa (PDF/foto)"), required=False)

    def clean_recipient_nik(self) -> str:
        nik = (self.cleaned_data.get("recipient_nik") or "").strip()
        if nik and (not nik.isdigit() or len(nik) != 16):
            raise ValidationError(_("NIK harus 16 angka."))
        return nik

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("recipient_kind") == Handover.Recipient.PROXY:
            for name in ("recipient_name", "recipient_nik", "proxy_relation"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Wajib diisi untuk penerima kuasa."))
            if not data.get("poa_reference") and not data.get("poa_document"):
                self.add_error("poa_reference", _("Isi nomor surat kuasa atau unggah pindaiannya."))
        return data
