"""Demo service points: the main office and the temporary office used after the building was damaged."""

from __future__ import annotations

from typing import Any

from apps.locations.models import Counter, Location, Stage

# Counters (loket) of each demo office: number, name, stages.
COUNTERS: list[tuple[int, str, list[str]]] = [
    (1, "Informasi", [Stage.INFORMATION]),
    (2, "Penerimaan berkas", [Stage.DOCUMENT_CHECK]),
    (3, "Penerimaan berkas", [Stage.DOCUMENT_CHECK]),
    (4, "Penerimaan berkas", [Stage.DOCUMENT_CHECK]),
    (5, "Perekaman", [Stage.BIOMETRIC]),
    (6, "Perekaman dan cetak", [Stage.BIOMETRIC]),
    (7, "Pengambilan KTP-el", [Stage.PICKUP]),
]


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
    for location in Location.objects.filter(slug__in=["kantor-utama", "kantor-sementara"]):
        rows = COUNTERS if location.slug == "kantor-utama" else COUNTERS[1:3] + COUNTERS[4:5]
        for number, name, stages in rows:
            Counter.objects.get_or_create(
                location=location, number=number, defaults={"name": name, "stages": [str(s) for s in stages]}
            )
    # Which services each counter serves is set by the queueing demo (the catalogue belongs to applications).
    stdout.write("Demo locations and counters ready.")
