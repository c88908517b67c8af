"""NIK and KK number validation with a clear Indonesian message for each rule.

Structure, date and serial rules come from ``lokal-id``; the region prefix is
checked against the kecamatan codes loaded into :class:`apps.regions.models.Region`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import lokal
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.regions.services import is_known_district_prefix


@dataclass(frozen=True)
class NikInfo:
    nik: str
    district_code: str
    birth_date: dt.date
    sex: str  # "L" (laki-laki) or "P" (perempuan)
    serial: str


def _digits_problem(value: str, label: str) -> str | None:
    if not value:
        return _("%(label)s wajib diisi.") % {"label": label}
    if not (value.isascii() and value.isdigit()):  # isdigit alone takes Arabic-Indic and superscript digits
        return _("%(label)s hanya boleh berisi angka 0-9; Anda mengetik huruf atau tanda lain.") % {"label": label}
    if len(value) != 16:
        return _("%(label)s harus 16 angka; Anda mengetik %(count)d.") % {"label": label, "count": len(value)}
    return None


def clean_number(value: str) -> str:
    """Remove the spaces, dots and dashes people type between groups of digits."""
    return "".join(ch for ch in (value or "").strip() if ch not in " .-")


def parse_nik(value: str, *, today: dt.date | None = None) -> NikInfo:
    """Validate a NIK and derive its birth date and sex, or raise ValidationError."""
    nik = clean_number(value)
    problem = _digits_problem(nik, "NIK")
    if problem:
        raise ValidationError(problem, code="format")
    errors: list[ValidationError] = []
    if not is_known_district_prefix(nik[:6]):
        errors.append(
            ValidationError(
                _("Enam angka pertama NIK (%(prefix)s) bukan kode kecamatan yang dikenal. Periksa kembali NIK Anda.")
                % {"prefix": nik[:6]},
                code="region",
            )
        )
    ref = today or timezone.localdate()
    parsed = lokal.parse_nik(nik, reference_date=ref)
    codes = {issue.code for issue in parsed.errors}
    if "birth_date" in codes or parsed.birth_date is None:
        day = int(nik[6:8])
        if 32 <= day <= 40 or day > 71 or day == 0:
            message = _(
                "Angka ke-7 dan ke-8 NIK (tanggal lahir) harus 01-31, atau 41-71 untuk perempuan; tertulis %(day)s."
            ) % {"day": nik[6:8]}
        else:
            message = _("Tanggal lahir di NIK (%(date)s) tidak ada di kalender.") % {
                "date": f"{day % 40 if day > 40 else day:02d}-{nik[8:10]}-{nik[10:12]}"
            }
        errors.append(ValidationError(message, code="birth_date"))
    if "serial" in codes:
        errors.append(ValidationError(_("Empat angka terakhir NIK (nomor urut) tidak boleh 0000."), code="serial"))
    if errors or parsed.birth_date is None:
        raise ValidationError(errors)
    return NikInfo(
        nik=nik,
        district_code=f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}",
        birth_date=dt.date.fromisoformat(parsed.birth_date),
        sex="P" if int(nik[6:8]) > 40 else "L",
        serial=nik[12:],
    )


def validate_nik(value: str) -> None:
    parse_nik(value)


def validate_kk(value: str) -> None:
    """A KK number: 16 digits, the first six a known region code of the issuing office."""
    kk = clean_number(value)
    problem = _digits_problem(kk, _("Nomor KK"))
    if problem:
        raise ValidationError(problem, code="format")
    if not is_known_district_prefix(kk[:6]):
        raise ValidationError(
            _("Enam angka pertama Nomor KK (%(prefix)s) bukan kode wilayah yang dikenal.") % {"prefix": kk[:6]},
            code="region",
        )


def contradictions(nik: str, *, birth_date: dt.date | None, sex: str | None) -> dict[str, str]:
    """What a form says against its NIK (field -> message), as registration checks it: the birth date (day, month
    and two-digit year: the NIK does not tell the century) and the sex (40 added to the day for women). An
    unparsable NIK gives no contradiction here; it is checked where it is typed."""
    try:
        info = parse_nik(nik)
    except ValidationError:
        return {}
    found: dict[str, str] = {}
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        info.birth_date.day,
        info.birth_date.month,
        info.birth_date.year % 100,
    ):
        found["birth_date"] = _(
            "Tanggal lahir tidak sama dengan yang tertulis di NIK (%(date)s). Periksa tanggal lahir Anda; jika NIK di "
            "KK Anda memang berbeda, hubungi petugas."
        ) % {"date": info.birth_date.strftime("%d-%m-%Y")}
    if sex and sex != info.sex:
        if info.sex == "P":
            found["sex"] = _("Menurut NIK Anda, jenis kelamin Anda perempuan (tanggal ditambah 40). Periksa.")
        else:
            found["sex"] = _("Menurut NIK Anda, jenis kelamin Anda laki-laki (tanggal tidak ditambah 40). Periksa.")
    return found
