"""A mother applies online for her son's first KTP-el: she adds him to her KK on the family page, applies on his
behalf (his NIK and age, her account for documents and messages), the verifier confirms him against the KK and
verifies the file, and the mother sees its status move to biometric recording. Every step on the real pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from apps.accounts.models import Sex
from apps.applications.models import Application
from apps.applications.tests.factories import jpeg_bytes
from apps.applications.workflow import Status
from apps.families.models import FamilyMember
from apps.families.tests.factories import years_old
from apps.notifications.models import Notification
from tests.factories import make_resident, make_staff, nik_for

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_parent_applies_for_her_17_year_old_sons_first_card(live_server: Any, person: Any,
                                                              tmp_path: Path) -> None:
    base = live_server.url
    mother = make_resident(birth=years_old(44), sex=Sex.FEMALE, name="SRI LESTARI")
    verifier = make_staff("file_receiver")
    son_birth = years_old(17, days=40)
    son_nik = nik_for(son_birth, Sex.MALE, 3101)
    kk_photo = tmp_path / "foto-kk.jpg"
    kk_photo.write_bytes(jpeg_bytes(1600, 1200))

    # The mother signs in and adds her son to the KK on the family page.
    phone = person()
    phone.goto(f"{base}/akun/masuk/")
    phone.get_by_label("E-mail, nomor HP, atau nama pengguna").fill(mother.email)
    phone.get_by_label("Kata sandi").fill("Rahasia-123")
    phone.get_by_role("button", name="Masuk").click()
    phone.get_by_role("link", name="Keluarga saya (KK)").click()
    expect(phone.locator("#members")).to_contain_text("SRI LESTARI")
    phone.get_by_role("link", name="Tambah anggota keluarga").click()
    phone.get_by_label("NIK").fill(son_nik)
    phone.get_by_label("Nama lengkap").fill("Adi Prasetyo")
    phone.get_by_label("Tempat lahir").fill("Klaten")
    phone.get_by_label("Tanggal lahir").fill(son_birth.isoformat())
    phone.get_by_label("Laki-laki").check()
    phone.get_by_label("Hubungan dalam keluarga").select_option("child")
    phone.get_by_role("button", name="Simpan anggota").click()
    son_card = phone.locator("#members li", has_text="ADI PRASETYO")
    expect(son_card).to_contain_text("Belum dikonfirmasi")
    expect(son_card).to_contain_text(son_nik[:6] + "******" + son_nik[-4:])

    # She applies for his first KTP-el (the pemula service of the catalogue), for him rather than herself.
    phone.get_by_role("link", name="Ajukan permohonan untuk anggota").click()
    phone.get_by_role("link", name="KTP-el baru (pemula)").click()
    phone.get_by_role("button", name="Mulai sekarang").click()
    phone.get_by_role("radio", name=re.compile("ADI PRASETYO")).check()
    phone.get_by_role("button", name="Lanjut").click()
    expect(phone.locator("h1")).to_contain_text("untuk ADI PRASETYO")
    phone.get_by_role("button", name="Lanjut mengisi formulir").click()
    expect(phone.locator("h1")).to_contain_text("Periksa data ADI PRASETYO")
    expect(phone.locator("#id_full_name")).to_have_value("ADI PRASETYO")
    expect(phone.locator("#id_birth_date")).to_have_value(son_birth.isoformat())
    expect(phone.locator("body")).to_contain_text(son_nik)
    phone.get_by_label("Nomor HP/WhatsApp untuk kabar permohonan").fill("081298765432")
    phone.get_by_role("button", name="Simpan dan lanjut").click()
    phone.wait_for_url(re.compile("/dokumen/$"))
    phone.wait_for_load_state("load")
    phone.set_input_files("#id_kk-file", str(kk_photo))
    phone.locator("#doc-kk").get_by_text("Tersimpan", exact=True).wait_for()
    phone.get_by_role("link", name="Lanjut ke pemeriksaan").click()
    phone.get_by_role("button", name="Ajukan permohonan").click()
    number = phone.locator("#application-number").inner_text().strip()
    phone.goto(f"{base}/permohonan/{number}/")
    expect(phone.locator("h1")).to_have_text("Diajukan")
    expect(phone.locator("body")).to_contain_text("untuk ADI PRASETYO")

    # The verifier opens the file, confirms the son against the KK and verifies.
    desk = person(staff=verifier)
    desk.goto(f"{base}/staf/permohonan/")
    desk.get_by_role("button", name=re.compile("Ambil berkas berikutnya")).click()
    desk.wait_for_url(re.compile(number))
    expect(desk.locator("#keluarga + p")).to_contain_text("Diajukan untuk ADI PRASETYO")
    desk.get_by_role("button", name="Konfirmasi ADI PRASETYO").click()
    expect(desk.locator("body")).to_contain_text("ADI PRASETYO dikonfirmasi sesuai KK")
    desk.check('input[name="ok_data"]')
    desk.check('input[name="ok_kk"]')
    desk.check('input[name="outcome"][value="approve"]')
    desk.get_by_role("button", name="Simpan keputusan").click()
    desk.wait_for_url(re.compile("/staf/permohonan/$"))

    # The mother sees the file move on: verified, now waiting for her son's biometric recording.
    phone.reload()
    expect(phone.locator("h1")).to_have_text("Menunggu perekaman biometrik")
    expect(phone.locator(".timeline:not(.ahead)")).to_contain_text("Terverifikasi")
    phone.goto(f"{base}/keluarga/")
    expect(phone.locator("#members li", has_text="ADI PRASETYO")).to_contain_text("Dikonfirmasi petugas")

    application = Application.objects.get(number=number)
    son = FamilyMember.objects.get(nik=son_nik)
    assert (application.nik, application.member, application.applicant) == (son_nik, son, mother)
    assert application.status == Status.AWAITING_BIOMETRICS and son.confirmed_by == verifier
    assert Notification.objects.filter(recipient=mother).exists()
