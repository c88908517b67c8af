"""Root URLs. Each domain app owns two URL modules:

* ``apps/<app>/urls.py`` — public (resident) pages, mounted at the Indonesian prefix below;
* ``apps/<app>/urls_staff.py`` — back-office pages, mounted under ``/staf/<prefix>/``.

and optionally ``apps/<app>/api.py`` with a django-ninja ``router`` (see ``sipon/api.py``).
A module that does not exist is simply not mounted.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path
from django.urls.resolvers import URLPattern, URLResolver

from apps.applications import views as application_views
from sipon.api import api

# app label -> URL prefix (Indonesian, as residents read it)
APP_PREFIXES: dict[str, str] = {
    "accounts": "akun",
    "regions": "wilayah",
    "locations": "lokasi",
    "notifications": "notifikasi",
    "applications": "permohonan",
    "families": "keluarga",
    "documents": "dokumen",
    "appointments": "reservasi",
    "queueing": "antrean",
    "central": "pusat",
    "issuance": "kartu",
    "digitaldocs": "dokumen",
    "complaints": "pengaduan",
    "surveys": "survei",
    "announcements": "pengumuman",
    "outreach": "sosialisasi",
    "dashboards": "dasbor",
    "privacy": "data-pribadi",
    "ops": "ops",
}


def _mounted() -> list[URLPattern | URLResolver]:
    patterns: list[URLPattern | URLResolver] = []
    for label, prefix in APP_PREFIXES.items():
        for module, mount in ((f"apps.{label}.urls", f"{prefix}/"), (f"apps.{label}.urls_staff", f"staf/{prefix}/")):
            if find_spec(module) is not None:
                patterns.append(path(mount, include(import_module(module))))
    return patterns


admin.site.site_header = "Sipon — administrasi"
admin.site.site_title = "Sipon"

handler400 = "sipon.api.bad_request"  # JSON for /api/ (e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE)

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("apps.core.urls")),
    path("staf/", include("apps.core.urls_staff")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("c/<str:number>/", application_views.short_check, name="short_check"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    *_mounted(),
    # Public information (readers layer): service standards, performance, guides; several prefixes, so mounted
    # here rather than through APP_PREFIXES.
    path("", include("apps.publicinfo.urls")),
    path("staf/standar-layanan/", include("apps.publicinfo.urls_staff")),
]
