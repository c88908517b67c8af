"""Demo quotas and visit slots for the next 14 working days at the two offices."""

from __future__ import annotations

from typing import Any

from apps.applications.models import ServiceType
from apps.appointments.models import QuotaRule
from apps.appointments.services import ensure_slots_ahead
from apps.locations.models import Location


def load(stdout: Any) -> None:
    plans = {"kantor-utama": (120, 50), "kantor-sementara": (40, 50)}
    for location in Location.objects.filter(slug__in=plans):
        capacity, share = plans[location.slug]
        for service in ServiceType.objects.filter(
            code__in=["ktp-baru", "ktp-hilang", "ktp-rusak", "ktp-perubahan-data", "ktp-pindah-datang"]
        ):
            QuotaRule.objects.get_or_create(
                location=location,
                service=service,
                defaults={
                    "daily_capacity": capacity if service.code == "ktp-baru" else capacity // 4,
                    "online_share": share,
                    "slot_minutes": 60,
                },
            )
    total = ensure_slots_ahead(14)
    stdout.write(f"Demo booking slots ready ({total} slots over the next 14 working days).")
