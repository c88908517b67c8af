"""A death registered by a family member: the head of the family reports his mother's death online (the deceased
chosen from the KK's members), the desk verifies the case, and the KK is re-issued without her: the death deed
and the new KK downloaded, both green on the verification page, the old KK superseded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from apps.accounts.models import Sex
from apps.applications.tests.factories import family, issued, resident
from apps.families.models import Relationship
from tests.factories import make_staff, nik_for
from tests.journeys.life_events import (
    check_on_verification_page,
    download,
    sign_in_resident,
    start_and_confirm_identity,
    upload_and_submit,
    verify_case_at_desk,
    wait_until_issued,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_family_member_registers_a_death_and_the_kk_is_reissued_without_the_deceased(
    live_server: Any, person: Any, simulator: str, tmp_path: Path, settings: Any
) -> None:
    base = settings.SITE_URL = live_server.url
    son = resident(birth=dt.date(1978, 5, 3), name="BAMBANG WIJAYA", email="bambang@contoh.id")
    family(son,
           {"nik": nik_for(dt.date(1981, 9, 14), Sex.FEMALE, 6201), "full_name": "RINI ASTUTI",
            "birth_date": dt.date(1981, 9, 14), "sex": Sex.FEMALE, "relationship": Relationship.SPOUSE},
           {"nik": nik_for(dt.date(1949, 1, 20), Sex.FEMALE, 6202), "full_name": "SUMIYATI",
            "birth_date": dt.date(1949, 1, 20), "sex": Sex.FEMALE, "relationship": Relationship.PARENT})
    old_kk = issued(son).signed_documents.get()
    receiver = make_staff("file_receiver")
    died = (dt.date.today() - dt.timedelta(days=3)).isoformat()

    phone = person()
    sign_in_resident(phone, base, "bambang@contoh.id")
    start_and_confirm_identity(phone, base, "akta-kematian")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Data kematian")
    member = phone.get_by_label("Anggota keluarga yang meninggal")
    expect(member.locator("option")).to_have_count(3)  # "not listed", his wife, his mother: not himself
    member.select_option(label="SUMIYATI (Orang tua, 20-01-1949)")
    # A date typed wrong first: in the future. Refused, the choice kept.
    phone.get_by_label("Tanggal kematian").fill((dt.date.today() + dt.timedelta(days=30)).isoformat())
    phone.get_by_label("Tempat kematian").fill("RSUP dr. Soeradji Tirtonegoro Klaten")
    phone.get_by_role("button", name="Simpan dan lanjut").click()
    expect(phone.locator(".error-summary")).to_contain_text("Tanggal kematian tidak boleh sesudah hari ini.")
    expect(member.locator("option:checked")).to_have_text("SUMIYATI (Orang tua, 20-01-1949)")
    phone.get_by_label("Tanggal kematian").fill(died)
    phone.get_by_role("button", name="Simpan dan lanjut").click()
    deed_number = upload_and_submit(phone, tmp_path, ("surat-kematian", "kk"))

    desk = person(staff=receiver)
    expect_kk = verify_case_at_desk(desk, base, deed_number)

    wait_until_issued(phone, f"{base}/permohonan/{deed_number}/")
    deed_doc, deed_text = download(phone, "Unduh Akta kematian (PDF)")
    assert "SUMIYATI" in deed_text
    expect(phone.locator("#kia-offer")).to_have_count(0)
    wait_until_issued(phone, f"{base}/permohonan/{expect_kk}/")
    kk_doc, kk_text = download(phone, "Unduh Kartu Keluarga (PDF)")
    assert "BAMBANG WIJAYA" in kk_text and "RINI ASTUTI" in kk_text
    assert "SUMIYATI" not in kk_text

    check_on_verification_page(phone, base, deed_doc, active=True)
    check_on_verification_page(phone, base, kk_doc, active=True)
    check_on_verification_page(phone, base, old_kk.number, active=False)
    expect(phone.locator("body")).to_contain_text(kk_doc)
