"""In a real browser (Chromium, phone-sized): a resident registers; a staff member signs in with a TOTP code."""

from __future__ import annotations

import datetime as dt

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from apps.accounts import services
from apps.accounts.models import ResidentProfile, Sex
from apps.accounts.roles import Role
from tests.factories import make_staff, nik_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_registration(page, nik: str) -> None:
    page.get_by_label("Nama lengkap sesuai KK").fill("Rahmat Hidayat")
    page.get_by_label("NIK (Nomor Induk Kependudukan)").fill(nik)
    page.get_by_label("Nomor KK").fill("3310250101109999")
    page.get_by_label("Tempat lahir").fill("Klaten")
    page.get_by_label("Tanggal lahir").fill("1988-06-20")
    page.get_by_label("Alamat (jalan, dusun, nomor rumah)").fill("Dukuh Tegalrejo RT 03")
    page.get_by_label("Kecamatan").select_option("33.10.25")
    page.get_by_label("E-mail atau nomor HP").fill("rahmat@contoh.id")
    page.get_by_label("Kata sandi", exact=True).fill("Padi-Menguning-88")
    page.get_by_label("Ulangi kata sandi").fill("Padi-Menguning-88")


def test_a_resident_registers_after_fixing_an_invalid_nik(live_server, page):
    page.goto(f"{live_server.url}/akun/daftar/")
    village = page.locator("#id_village")
    assert village.locator("optgroup").count() == 26  # every Klaten village, grouped, before any choice
    _fill_registration(page, "3310252006880")  # 13 digits
    # the script narrowed the village list to Klaten Tengah's villages
    expect(page.locator("#id_village optgroup")).to_have_count(0)
    expect(page.locator("#id_village option[value='33.10.25.1003']")).to_have_count(1)
    assert page.locator("#id_village option[value='33.10.01.2001']").count() == 0
    page.locator("#id_village").select_option("33.10.25.1003")
    page.get_by_role("button", name="Daftar").click()

    summary = page.locator(".error-summary")
    # the click only starts the POST: wait for the answer rather than look at the page mid-navigation
    expect(summary).to_contain_text("NIK harus 16 angka; Anda mengetik 13.")
    assert "NIK harus 16 angka" in page.locator("#id_nik_error").inner_text()
    # everything typed is still there (passwords are not sent back, by design)
    assert page.get_by_label("Nama lengkap sesuai KK").input_value() == "Rahmat Hidayat"
    assert page.get_by_label("NIK (Nomor Induk Kependudukan)").input_value() == "3310252006880"
    assert page.get_by_label("Alamat (jalan, dusun, nomor rumah)").input_value() == "Dukuh Tegalrejo RT 03"
    assert page.get_by_label("Kecamatan").input_value() == "33.10.25"
    assert page.locator("#id_village").input_value() == "33.10.25.1003"
    assert page.get_by_label("E-mail atau nomor HP").input_value() == "rahmat@contoh.id"

    nik = nik_for(dt.date(1988, 6, 20), Sex.MALE, 4321)
    page.get_by_label("NIK (Nomor Induk Kependudukan)").fill(nik)
    page.get_by_label("Kata sandi", exact=True).fill("Padi-Menguning-88")
    page.get_by_label("Ulangi kata sandi").fill("Padi-Menguning-88")
    page.get_by_role("button", name="Daftar").click()

    page.wait_for_url("**/akun/konfirmasi/")
    assert "Konfirmasi kontak Anda" in page.locator("h1").inner_text()
    profile = ResidentProfile.objects.get(nik=nik)
    assert profile.village_id == "33.10.25.1003"
    assert not services.contact_confirmed(profile.user)


def test_a_staff_member_signs_in_with_a_totp_code_and_lands_on_their_start_page(live_server, page):
    staff = make_staff(Role.SECTION_HEAD, username="hartono", first_name="Hartono")
    device = TOTPDevice.objects.get(user=staff)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("E-mail, nomor HP, atau nama pengguna").fill("hartono")
    page.get_by_label("Kata sandi").fill("Rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/verifikasi-2fa/**")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(f"{code:06d}")
    page.get_by_role("button", name="Verifikasi").click()
    expected = services.start_url_for(staff)
    page.wait_for_url(f"{live_server.url}{expected}")
    assert page.url == f"{live_server.url}{expected}"
    assert "/staf/" in page.url or page.url.endswith("/admin/")
