"""Cleaning of what a browser or an API client sends, in one place.

Integers (ids, day counts, page numbers) are read with bounds: ASCII digits only (``str.isdigit`` also
accepts "²" and "١٢٣", and ``int()`` of the first raises), within what the database column holds; a
value out of bounds is "not given", never an overflow deep in a query or a ``timedelta``.

Text typed by people (names, places, addresses, RT/RW) is checked by the same validators in the forms
and the API: no control or invisible formatting characters (which include the bidi overrides that make
"KTP.exe" read as "exe.PTK"), no ``<`` or ``>``, and a name does not start like a spreadsheet formula.
A refused value stays in the form for the person to correct."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1  # a BigAutoField primary key (PostgreSQL bigint, SQLite INTEGER)
_DIGITS = re.compile(r"[0-9]{1,19}")

NAME_MAX_LENGTH = 150
PLACE_MAX_LENGTH = 100
ADDRESS_MAX_LENGTH = 255
RT_RW_PATTERN = r"^[0-9]{0,3}$"
# A KK number may be typed in groups ("3310 2501 0101 0001"); the form takes the separators out and
# says, in Indonesian, when the count of digits is wrong.
KK_PATTERN = r"^[0-9 .-]*$"
PHONE_PATTERN = r"^[0-9 +-]{0,20}$"

FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# Control (Cc), format (Cf: bidi overrides and isolates, zero-width characters, the BOM), surrogate (Cs),
# private use (Co) and line/paragraph separators (Zl, Zp): nothing a person types into a one-line field.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def parse_int(value: Any, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``value`` (a str from GET/POST, or an int) as an int within [minimum, maximum], else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not _DIGITS.fullmatch(text):
            return None
        number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value: Any) -> int | None:
    """A primary key from a request (positive, at most the largest bigint), else None."""
    return parse_int(value, minimum=1, maximum=MAX_ID)


def hidden_characters(value: str) -> list[str]:
    """The code points (as ``U+202E``) of the control and invisible formatting characters in ``value``."""
    return [f"U+{ord(ch):04X}" for ch in value if unicodedata.category(ch) in _HIDDEN]


def validate_plain_text(value: str) -> None:
    """One line of text a person typed: no hidden characters, no markup brackets."""
    if hidden_characters(value):
        raise ValidationError(
            _("Ada karakter tersembunyi (karakter kontrol atau pengatur arah teks) di isian ini. "
              "Hapus isiannya lalu ketik ulang, jangan salin-tempel."),
            code="hidden_characters",
        )
    if "<" in value or ">" in value:
        raise ValidationError(_("Isian ini tidak boleh berisi tanda < atau >."), code="markup")


def validate_name(value: str) -> None:
    """A person's name: plain text that does not start like a spreadsheet formula."""
    validate_plain_text(value)
    if value.strip()[:1] in FORMULA_START:
        raise ValidationError(_("Nama tidak boleh diawali tanda =, +, - atau @."), code="formula")


def person_name(value: str) -> str:
    """A person's name as the KK prints it: single spaces, capitals, no digits (ValidationError)."""
    name = " ".join(value.split()).upper()
    if re.search(r"\d", name):
        raise forms.ValidationError(_("Nama tidak boleh berisi angka."))
    return name


def past_birth_date(value: dt.date) -> dt.date:
    """A birth date that can be true: not after today, not before 1900 (ValidationError)."""
    if value > timezone.localdate() or value.year < 1900:
        raise forms.ValidationError(_("Tanggal lahir tidak masuk akal; periksa tahunnya."))
    return value


def validate_rt_rw(value: str) -> None:
    if value and not re.fullmatch(RT_RW_PATTERN, value):
        raise ValidationError(_("RT/RW hanya berisi angka, paling banyak 3 angka; contoh: 003."), code="rt_rw")


class NameField(forms.CharField):
    """A person's name (resident, applicant, complaint filer, walk-in visitor, authorised recipient)."""

    default_validators = [validate_name]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        super().__init__(**kwargs)


class PlaceField(forms.CharField):
    """A place of birth."""

    default_validators = [validate_plain_text]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", PLACE_MAX_LENGTH)
        super().__init__(**kwargs)


class AddressField(forms.CharField):
    default_validators = [validate_plain_text]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", ADDRESS_MAX_LENGTH)
        super().__init__(**kwargs)


class RtRwField(forms.CharField):
    """RT or RW: up to three ASCII digits (leading zeros kept, as on the KK)."""

    default_validators = [validate_rt_rw]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)
