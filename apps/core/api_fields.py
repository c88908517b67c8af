"""Bounded types for the JSON API's schemas (django-ninja / pydantic). Lengths, patterns and integer
bounds are part of /api/openapi.json, so a client (and schemathesis) sees them; the character checks
of :mod:`apps.core.inputs` run on the same fields, so the API refuses what the forms refuse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, Field

from apps.core import inputs


def _checked(validator: Callable[[str], None]) -> AfterValidator:
    def run(value: str) -> str:
        from django.core.exceptions import ValidationError

        try:
            validator(value)
        except ValidationError as error:
            raise ValueError(" ".join(str(m) for m in error.messages)) from None
        return value

    return AfterValidator(run)


NO_MARKUP = "Tanpa karakter kontrol, pengatur arah teks, < atau >."

Name = Annotated[
    str,
    Field(max_length=inputs.NAME_MAX_LENGTH,
          description=f"Nama orang. {NO_MARKUP} Tidak diawali =, +, - atau @."),
    _checked(inputs.validate_name),
]
Place = Annotated[
    str, Field(max_length=inputs.PLACE_MAX_LENGTH, description=NO_MARKUP), _checked(inputs.validate_plain_text)
]
Address = Annotated[
    str, Field(max_length=inputs.ADDRESS_MAX_LENGTH, description=NO_MARKUP), _checked(inputs.validate_plain_text)
]
RtRw = Annotated[str, Field(max_length=3, pattern=inputs.RT_RW_PATTERN, description="Angka saja, contoh 003.")]
KkNumber = Annotated[str, Field(max_length=24, pattern=inputs.KK_PATTERN, description="16 angka Nomor KK.")]
Nik = Annotated[str, Field(max_length=24, pattern=inputs.KK_PATTERN, description="16 angka NIK; boleh kosong bila "
                                                                                 "belum punya (bayi).")]
Phone = Annotated[str, Field(max_length=20, pattern=inputs.PHONE_PATTERN, description="Contoh: 081234567890.")]
Email = Annotated[str, Field(max_length=254)]
Code = Annotated[str, Field(max_length=40, description="Kode dari daftar (layanan, jenis, kategori, ...).")]
ShortText = Annotated[str, Field(max_length=150)]
LongText = Annotated[str, Field(max_length=5000)]
Id = Annotated[int, Field(ge=1, le=inputs.MAX_ID)]
