"""The JSON API (django-ninja). Schema at /api/openapi.json, interactive docs at /api/docs.

Each app with an API has ``apps/<app>/api.py`` defining ``router`` (resident operations)
and optionally ``staff_router`` (staff operations). They are mounted under
``/api/v1/<prefix>/`` and ``/api/v1/staf/<prefix>/``.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from ninja import NinjaAPI

api = NinjaAPI(
    title="Sipon API",
    version="1",
    description="API layanan KTP-el Disdukcapil. Semua pesan kesalahan dalam Bahasa Indonesia.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

API_APPS = [
    "accounts",
    "applications",
    "documents",
    "appointments",
    "queueing",
    "central",
    "issuance",
    "complaints",
    "surveys",
    "announcements",
    "dashboards",
    "privacy",
]

_PREFIX = {
    "accounts": "akun",
    "applications": "permohonan",
    "documents": "dokumen",
    "appointments": "reservasi",
    "queueing": "antrean",
    "central": "pusat",
    "issuance": "kartu",
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
