"""Forms of the complaints pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import STAFF_ROLES, Role
from apps.complaints.access import DESK_ROLES
from apps.complaints.models import AnswerTemplate
from apps.complaints.uploads import MAX_KB
from apps.complaints.workflow import ANONYMOUS_CATEGORIES, Category, Complexity, Kind, Source, Unit
from apps.core.inputs import NameField
from apps.surveys.elements import ELEMENTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class FixedChoiceField(forms.ChoiceField):
    """A choice field whose choices are fixed in code (an enum). Every form instance shares them instead
    of deep-copying each lazily translated label, which was a tenth of the CPU of filing a complaint.
    Setting ``choices`` on one instance still replaces them for that instance only."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return forms.Field.__deepcopy__(self, memo)  # copy.copy shares ``_choices``; the widget is still copied


def _attachments() -> MultipleFileField:
    return MultipleFileField(
        label=_("Lampiran"),
        help_text=_("Foto (JPEG/PNG/WebP) atau PDF, paling banyak 3 berkas, masing-masing paling besar 5 MB."),
        widget=MultipleFileInput(
            attrs={
                "accept": "image/jpeg,image/png,image/webp,application/pdf",
                # static/js/photo-resize.js reduces larger photos in the browser before they are sent
                "data-max-bytes": str(MAX_KB * 1024),
                "data-resizing-text": _("Foto besar sedang diperkecil di HP Anda…"),
                "data-resized-text": _("Foto sudah diperkecil agar muat."),
            }
        ),
    )


class ComplaintForm(forms.Form):
    kind = FixedChoiceField(
        label=_("Jenis laporan"), choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.COMPLAINT
    )
    category = FixedChoiceField(label=_("Kategori"), choices=Category.choices)
    unit = FixedChoiceField(
        label=_("Loket atau bagian yang dilaporkan"),
        choices=[("", _("Tidak tentang loket tertentu")), *Unit.choices],
        required=False,
        help_text=_("Laporan tentang sebuah loket tidak ditangani oleh petugas loket itu."),
    )
    subject = forms.CharField(
        label=_("Judul singkat"), max_length=150, help_text=_("Contoh: KTP-el belum jadi setelah 30 hari")
    )
    description = forms.CharField(
        label=_("Ceritakan yang terjadi"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=10,
        max_length=5000,
        help_text=_("Kapan dan di mana, apa yang terjadi, dan apa yang Anda harapkan."),
    )
    reference = forms.CharField(
        label=_("Nomor permohonan atau tiket antrean"),
        max_length=30,
        required=False,
        help_text=_("Jika laporan tentang permohonan tertentu, contoh KTP-261128-ABC234 atau C-014."),
    )
    name = NameField(label=_("Nama"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.RegexField(
        label=_("Nomor HP/WhatsApp"),
        regex=r"^\+?[0-9 \-]{8,18}$",
        required=False,
        error_messages={"invalid": _("Nomor HP hanya angka, 8 sampai 15 digit, contoh 0812 3456 7890.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    anonymous = forms.BooleanField(
        label=_("Kirim tanpa identitas (anonim)"),
        required=False,
        help_text=_(
            "Untuk laporan pungutan liar atau sikap petugas. Nama dan kontak tidak dikirim, jadi kami tidak dapat "
            "membalas Anda secara pribadi: ikuti tindak lanjutnya dengan kode lacak yang muncul setelah laporan "
            "terkirim."
        ),
    )
    confidential = forms.BooleanField(
        label=_("Rahasiakan identitas saya"),
        required=False,
        help_text=_("Hanya kepala seksi dan koordinator layanan pengaduan yang dapat melihat nama dan kontak Anda."),
    )
    attachments = _attachments()

    def __init__(self, *args: Any, signed_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signed_in = signed_in
        if signed_in:
            for name in ("name", "email", "phone"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("anonymous"):
            if data.get("category") and data["category"] not in ANONYMOUS_CATEGORIES:
                self.add_error(
                    "anonymous",
                    _(
                        "Laporan tanpa identitas hanya untuk kategori %(categories)s. Untuk kategori ini isi e-mail "
                        "atau nomor HP; pilih “Rahasiakan identitas saya” agar nama Anda tidak terlihat petugas."
                    )
                    % {"categories": anonymous_category_names()},
                )
            for name in ("name", "email", "phone"):
                data[name] = ""  # nothing that identifies the reporter is kept
            data["confidential"] = False
        elif not self.signed_in and not (data.get("email") or data.get("phone")):
            self.add_error(
                "email",
                _(
                    "Isi e-mail atau nomor HP agar Anda dapat melacak dan menerima jawaban. Untuk laporan pungutan "
                    "liar atau sikap petugas Anda boleh memilih “Kirim tanpa identitas”."
                ),
            )
        return data


def anonymous_category_names() -> str:
    return ", ".join(str(label).lower() for value, label in Category.choices if value in ANONYMOUS_CATEGORIES)


class StaffComplaintForm(ComplaintForm):
    source = FixedChoiceField(label=_("Diterima lewat"), choices=[c for c in Source.choices if c[0] != Source.ONLINE])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, signed_in=False, **kwargs)
        del self.fields["anonymous"]  # staff type in a slip as it came: with or without a name

    def clean(self) -> dict[str, Any]:
        # Paper suggestion-box slips are often anonymous: no contact needed.
        return forms.Form.clean(self) or {}


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Kode lacak"), max_length=16, help_text=_("Contoh: ADU-7KX2M9Q"))
    contact = forms.CharField(
        label=_("E-mail atau nomor HP yang Anda isi"),
        max_length=150,
        required=False,
        help_text=_("Kosongkan untuk laporan tanpa identitas (anonim)."),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Pesan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    attachments = _attachments()


class StaffReplyForm(ReplyForm):
    internal = forms.BooleanField(label=_("Catatan internal (tidak terlihat oleh pelapor)"), required=False)
    mark_answered = forms.BooleanField(label=_("Tandai sebagai jawaban (status: dijawab)"), required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Mengapa Anda belum puas?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class TransitionForm(forms.Form):
    target = forms.ChoiceField(label=_("Ubah status ke"))
    note = forms.CharField(label=_("Catatan untuk pelapor"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    forwarded_to = forms.CharField(label=_("Instansi tujuan (jika diteruskan)"), required=False, max_length=150)

    def __init__(self, *args: Any, targets: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["target"]
        field.choices = targets


class ComplexityForm(forms.Form):
    complexity = FixedChoiceField(label=_("Jenis penanganan (batas waktu)"), choices=Complexity.choices)
    unit = FixedChoiceField(
        label=_("Loket atau bagian yang dilaporkan"),
        choices=[("", _("Tidak tentang loket tertentu")), *Unit.choices],
        required=False,
        help_text=_("Petugas loket itu tidak lagi dapat membuka laporan ini."),
    )


def staff_choices() -> Any:
    return get_user_model().objects.filter(groups__name__in=STAFF_ROLES, is_active=True).distinct().order_by("username")


def desk_choices(unit: str = "") -> Any:
    """Who may be given a complaint: the complaints desk (customer service, section heads, administrators), less
    the staff of the unit it is about."""
    people = get_user_model().objects.filter(groups__name__in=(*DESK_ROLES, Role.ADMINISTRATOR), is_active=True)
    if unit:
        people = people.exclude(groups__name=unit)
    return people.distinct().order_by("username")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Petugas"), queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, unit: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["assignee"]).queryset = desk_choices(unit)


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Tindakan"), max_length=200)
    assignee = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=get_user_model().objects.none())
    due_date = forms.DateField(label=_("Tenggat"), widget=forms.DateInput(attrs={"type": "date"}))
    complaint_code = forms.CharField(label=_("Kode pengaduan terkait"), max_length=16, required=False)
    ikm_element = forms.TypedChoiceField(
        label=_("Unsur IKM terkait"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(e.number, f"U{e.number} {e.name}") for e in ELEMENTS],
    )
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["assignee"]).queryset = staff_choices()

    def clean_due_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["due_date"]
        return value


def template_choices() -> list[AnswerTemplate]:
    return list(AnswerTemplate.objects.filter(is_active=True))
