"""The JSON API (django-ninja). Schema at /api/openapi.json, interactive docs at /api/docs.

Each app with an API has ``apps/<app>/api.py`` defining ``router`` (resident operations)
and optionally ``staff_router`` (staff operations). They are mounted under
``/api/v1/<prefix>/`` and ``/api/v1/staf/<prefix>/``.
"""

from __future__ import annotations

import json
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser


class UnsafeText(ValueError):
    """A JSON string holding what no text field may: a lone surrogate (not encodable as UTF-8: the database
    driver fails on it) or a NUL character (PostgreSQL refuses it in text)."""


def _check_strings(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise UnsafeText("NUL")
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise UnsafeText("lone surrogate") from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


class StrictJSONParser(Parser):
    """JSON bodies as text that every layer below can store: no lone surrogate, no NUL."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        _check_strings(data)
        return data


def body_error(request: HttpRequest, exc: BaseException | None) -> HttpResponse:
    """The JSON answer to a request body the API cannot take: too large, not JSON, or unsafe text."""
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return JsonResponse(
            {"detail": _("Isi permintaan terlalu besar. Kirim data yang lebih kecil."), "code": "too_large"},
            status=413,
        )
    if isinstance(exc, UnsafeText):
        return JsonResponse(
            {"detail": _("Teks berisi karakter yang tidak sah (surrogate tunggal atau NUL). Periksa isiannya."),
             "code": "invalid_text"},
            status=400,
        )
    if isinstance(exc, ValueError | RecursionError):
        return JsonResponse(
            {"detail": _("Isi permintaan bukan JSON yang sah (UTF-8). Periksa tanda kutip, koma dan kurung."),
             "code": "invalid_json"},
            status=400,
        )
    return JsonResponse({"detail": _("Permintaan tidak sah."), "code": "bad_request"}, status=400)


api = NinjaAPI(
    title="Sipon API",
    version="1",
    description="API layanan KTP-el Disdukcapil. Semua pesan kesalahan dalam Bahasa Indonesia.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=StrictJSONParser(),
)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja turns any failure to read the body into HttpError(400, "Cannot parse request body");
    # the cause says what it was (too large, not JSON, unsafe text).
    cause = exc.__cause__
    if exc.status_code == 400 and cause is not None and (
        isinstance(cause, ValueError | SuspiciousOperation | RecursionError)
    ):
        return body_error(request, cause)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _indonesian(error: dict[str, Any]) -> str:
    """A schema error in Indonesian (the API's messages are; pydantic's are English)."""
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    if kind == "value_error":  # one of apps.core.inputs' validators: already Indonesian
        return str(error.get("msg", "")).removeprefix("Value error, ")
    texts = {
        "missing": _("Wajib diisi."),
        "string_too_long": _("Terlalu panjang: paling banyak %(max_length)s karakter."),
        "string_too_short": _("Terlalu pendek: paling sedikit %(min_length)s karakter."),
        "too_long": _("Terlalu banyak isian: paling banyak %(max_length)s."),
        "string_pattern_mismatch": _("Formatnya tidak sesuai; lihat pola isian di dokumentasi API."),
        "less_than_equal": _("Paling besar %(le)s."),
        "greater_than_equal": _("Paling kecil %(ge)s."),
        "int_parsing": _("Harus berupa bilangan bulat."),
        "int_type": _("Harus berupa bilangan bulat."),
        "string_type": _("Harus berupa teks."),
        "bool_parsing": _("Harus true atau false."),
        "date_from_datetime_parsing": _("Tanggal tidak sah; contoh: 1990-01-31."),
        "date_parsing": _("Tanggal tidak sah; contoh: 1990-01-31."),
    }
    text = texts.get(kind)
    if text is None:
        return _("Isian tidak sah.")
    try:
        return text % {k: str(v) for k, v in ctx.items()} if ctx else str(text)
    except (KeyError, TypeError, ValueError):
        return str(text)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{**error, "msg": _indonesian(error)} for error in exc.errors]
    return api.create_response(request, {"detail": errors}, status=422)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 400 handler: JSON for /api/ (a body too large is refused before any view runs), the
    usual page elsewhere."""
    if request.path.startswith("/api/"):
        return body_error(request, exception)
    from django.views.defaults import bad_request as page

    return page(request, exception or Exception())


API_APPS = [
    "accounts",
    "applications",
    "families",
    "documents",
    "appointments",
    "queueing",
    "central",
    "issuance",
    "digitaldocs",
    "complaints",
    "surveys",
    "announcements",
    "dashboards",
    "privacy",
]

_PREFIX = {
    "accounts": "akun",
    "applications": "permohonan",
    "families": "keluarga",
    "documents": "dokumen",
    "appointments": "reservasi",
    "queueing": "antrean",
    "central": "pusat",
    "issuance": "kartu",
    "digitaldocs": "dokumen-elektronik",
    "complaints": "pengaduan",
    "surveys": "survei",
    "announcements": "pengumuman",
    "dashboards": "dasbor",
    "privacy": "data-pribadi",
}

for _label in API_APPS:
    _module_name = f"apps.{_label}.api"
    if find_spec(_module_name) is None:
        continue
    _module = import_module(_module_name)
    if hasattr(_module, "router"):
        api.add_router(f"/v1/{_PREFIX[_label]}/", _module.router)
    if hasattr(_module, "staff_router"):
        api.add_router(f"/v1/staf/{_PREFIX[_label]}/", _module.staff_router)
