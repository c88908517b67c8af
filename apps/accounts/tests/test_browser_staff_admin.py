"""In a real browser (Chromium, phone-sized): an administrator creates a staff member with a role and a location;
the new staff member signs in and enrols a second factor by scanning the QR code on the page, as a phone camera
would (the screenshot of the rendered code is decoded with zxing-cpp), and reaches their role's start page."""

from __future__ import annotations

import base64
import io
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from apps.accounts import services
from apps.accounts.models import User
from apps.accounts.roles import Role, roles_of
from apps.locations.models import Location
from tests.factories import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("E-mail, nomor HP, atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def _code(key: bytes, step: int = 30, digits: int = 6) -> str:
    return f"{totp(key, step=step, t0=0, digits=digits):0{digits}d}"


def _scan(page) -> str:
    """What a camera reads from the QR code as the page shows it."""
    import zxingcpp
    from PIL import Image

    qr = page.locator(".otp-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and box["width"] >= 150  # big enough to scan from a phone screen, and not clipped
    image = Image.open(io.BytesIO(qr.screenshot()))
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "the QR code on the page could not be read"
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode
    return str(found[0].text)


def test_an_administrator_creates_a_staff_member_who_enrols_by_scanning_the_qr_code(live_server, page):
    office = Location.objects.create(name="Kantor Disdukcapil Klaten", slug="kantor-utama-uji",
                                     kind=Location.Kind.MAIN_OFFICE, address="Jl. Pemuda 1")
    admin = make_staff(Role.ADMINISTRATOR, username="admin-kantor", first_name="Admin")
    admin_device = TOTPDevice.objects.get(user=admin)
    base = live_server.url

    _sign_in(page, base, "admin-kantor", "Rahasia-123")
    page.wait_for_url("**/akun/verifikasi-2fa/**")
    page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(_code(admin_device.bin_key))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(f"{base}/staf/akun/petugas/")  # the administrator's start page

    page.get_by_role("link", name="Tambah petugas").click()
    page.get_by_label("Nama lengkap").fill("Sri Wahyuni")
    page.get_by_label("Nama pengguna").fill("sri.wahyuni")
    page.get_by_label("E-mail atau nomor HP").fill("0812 3456 7001")
    page.get_by_label("Penerima berkas (verifikator)").check()
    page.get_by_label("Lokasi tugas").select_option(label="Kantor Disdukcapil Klaten")
    page.get_by_label("Kata sandi awal", exact=True).fill("Loket-Berkas-2026")
    page.get_by_label("Ulangi kata sandi awal").fill("Loket-Berkas-2026")
    page.get_by_role("button", name="Buat akun").click()
    expect(page.locator("h1")).to_have_text("Sri Wahyuni")
    member = User.objects.get(username="sri.wahyuni")
    assert roles_of(member) == {Role.FILE_RECEIVER} and member.location == office
    page.get_by_role("button", name="Keluar").click()

    _sign_in(page, base, "sri.wahyuni", "Loket-Berkas-2026")
    page.wait_for_url("**/akun/atur-2fa/**")
    uri = urlparse(_scan(page))
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert "sri.wahyuni" in unquote(uri.path)
    params = parse_qs(uri.query)
    secret = params["secret"][0]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Kode 6 angka yang tampil di aplikasi").fill(
        _code(key, step=int(params.get("period", ["30"])[0]), digits=int(params.get("digits", ["6"])[0]))
    )
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_url(f"{base}{services.start_url_for(member)}")
    assert TOTPDevice.objects.get(user=member).confirmed
