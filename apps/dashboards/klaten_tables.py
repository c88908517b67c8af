"""Tables and constants of the Klaten generator (``manage.py generate_klaten``): scale, names, service mix."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
UTC = dt.UTC
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
USERNAME_PREFIX = "gen-"

FULL_RESIDENTS = 1_300_000
FULL_APPLICATIONS = 2_000_000
FULL_TICKETS = 3_000_000
SERVICES_LIMIT = 25_000  # applications the services path files in reasonable time (scale 0.0125)

FIRST_NAMES_M = ["BUDI", "AGUS", "SLAMET", "JOKO", "BAMBANG", "EKO", "ADI", "HERU", "WAHYU", "TRI", "DWI",
                 "SURYA", "ARIF", "RIZKI", "FAJAR", "HENDRA", "YOGA", "DIMAS", "BAYU", "ANDI"]
FIRST_NAMES_F = ["SRI", "SITI", "RINA", "DEWI", "WULAN", "ENDANG", "SUSI", "TUTIK", "YULI", "ANI", "NUR",
                 "PUTRI", "AYU", "INDAH", "LESTARI", "RATNA", "FITRI", "DIAN", "NOVI", "MAYA"]
LAST_NAMES = ["SANTOSO", "WIBOWO", "SUSANTO", "PRASETYO", "HARTONO", "SETIAWAN", "NUGROHO", "RAHAYU",
              "WIDODO", "PURNOMO", "LESTARI", "KURNIAWAN", "SAPUTRA", "HANDAYANI", "SUGIHARTO", "WULANDARI"]

# service code -> (share of applications, queue code)
SERVICE_MIX = {
    "ktp-baru": 0.34,
    "ktp-hilang": 0.20,
    "ktp-rusak": 0.14,
    "ktp-perubahan-data": 0.22,
    "ktp-pindah-datang": 0.10,
}
