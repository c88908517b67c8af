"""Demo service points: the main office and the temporary office used after the building was damaged."""

from __future__ import annotations

from typing import Any

from apps.locations.models import Location


def load(stdout: Any) -> None:
    Location.objects.get_or_create(
        slug="kantor-utama",
        defaults={
            "name": "Kantor Disdukcapil Kabupaten Klaten",
            "kind": Location.Kind.MAIN_OFFICE,
            "address": "Jl. Pemuda No. 294, Klaten Tengah, Klaten",
            "district_id": "33.10.25",
            "map_url": "https://www.openstreetmap.org/search?query=Disdukcapil%20Klaten",
            "phone": "(0272) 321046",
            "order": 1,
        },
    )
    Location.objects.get_or_create(
        slug="kantor-sementara",
        defaults={
            "name": "Kantor Sementara Disdukcapil (Gedung Eks Bappeda)",
            "kind": Location.Kind.TEMPORARY_OFFICE,
            "address": "Jl. Veteran, Klaten Tengah, Klaten",
            "district_id": "33.10.25",
            "order": 2,
        },
    )
    stdout.write("Demo locations ready.")
