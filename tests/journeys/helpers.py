"""Steps the journeys share: what a person does on a page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import expect


def take_ticket_at_kiosk(page: Any, base: str, slug: str, service_name: str) -> str:
    page.goto(f"{base}/staf/antrean/anjungan/{slug}/")
    page.get_by_role("link", name=service_name).click()
    page.locator("#kiosk-regular").click()
    label = page.locator("#ticket-label")
    expect(label).to_be_visible()
    return str(label.inner_text())


def call_next(page: Any, base: str, counter_id: int) -> str:
    page.goto(f"{base}/staf/antrean/loket/{counter_id}/")
    page.locator("#btn-next").click()
    label = page.locator("#current-label")
    expect(label).to_be_visible()
    return str(label.inner_text())


def fill_identity(page: Any, *, nik: str | None, name: str, kk: str, birth: dt.date, female: bool,
                  village: str = "33.10.25.1001") -> None:
    if nik is not None:
        page.get_by_label("NIK (Nomor Induk Kependudukan)").fill(nik)
    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label("Nomor KK (Kartu Keluarga)").fill(kk)
    page.get_by_label("Tempat lahir").fill("Klaten")
    page.get_by_label("Tanggal lahir").fill(birth.isoformat())
    page.get_by_label("Perempuan" if female else "Laki-laki").check()
    page.get_by_label("Alamat", exact=True).fill("Dukuh Krajan RT 02/04")
    page.get_by_label("Kecamatan").select_option(village.rsplit(".", 1)[0])
    # Before a kecamatan is chosen the list holds every village, grouped: wait for htmx to swap in the
    # kecamatan's own list (no groups) before choosing, or the swap would clear the choice.
    expect(page.locator("#id_village optgroup")).to_have_count(0)
    expect(page.locator(f"#id_village option[value='{village}']")).to_have_count(1)
    page.locator("#id_village").select_option(village)
    expect(page.locator("#id_village")).to_have_value(village)
