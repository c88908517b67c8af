from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.roles import Role
from apps.core.models import AuditEvent
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def new_staff(client):
    staff = make_staff(Role.FILE_RECEIVER)
    TOTPDevice.objects.filter(user=staff).delete()
    client.post("/akun/masuk/", {"username": staff.username, "password": "Rahasia-123"})
    return client, staff


def test_it_shows_a_qr_code_as_inline_svg_and_the_secret(new_staff):
    client, staff = new_staff
    html = client.get("/akun/atur-2fa/").content.decode()
    assert "<svg" in html
    assert "<img" not in html.split('class="panel otp-qr"')[1].split("</div>")[0]
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert secret[:4] in html and secret[-4:] in html
    # reloading keeps the same pending secret (the person may be halfway through scanning)
    client.get("/akun/atur-2fa/")
    assert TOTPDevice.objects.get(user=staff, confirmed=False).pk == device.pk


def test_it_confirms_the_device_with_a_code_and_verifies_the_session(new_staff):
    client, staff = new_staff
    client.get("/akun/atur-2fa/")
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = client.post("/akun/atur-2fa/", {"token": _code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/staf/akun/meja/").status_code == 200
    assert AuditEvent.objects.filter(action="staff.totp_enrolled", actor=staff).exists()


def test_it_refuses_a_wrong_code_and_keeps_the_device_unconfirmed(new_staff):
    client, staff = new_staff
    client.get("/akun/atur-2fa/")
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    wrong = f"{(int(_code(device)) + 500_000) % 1_000_000:06d}"
    html = client.post("/akun/atur-2fa/", {"token": wrong}).content.decode()
    assert "Kode salah." in html
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed


def test_it_does_not_let_someone_with_a_device_enrol_another(client):
    staff = make_staff(Role.OPERATOR)
    client.post("/akun/masuk/", {"username": staff.username, "password": "Rahasia-123"})
    assert client.get("/akun/atur-2fa/")["Location"].startswith("/akun/verifikasi-2fa/")
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_it_is_not_for_residents(client):
    client.force_login(make_resident())
    assert client.get("/akun/atur-2fa/").status_code == 403


def test_an_administrator_resets_a_lost_device_and_it_is_audited(staff_client):
    operator = make_staff(Role.OPERATOR)
    client = staff_client(Role.ADMINISTRATOR)
    html = client.get("/staf/akun/petugas/").content.decode()
    assert operator.username in html
    response = client.post(f"/staf/akun/petugas/{operator.pk}/reset-2fa/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=operator).exists()
    event = AuditEvent.objects.get(action="staff.totp_reset")
    assert event.actor == client.user
    assert event.object_id == str(operator.pk)


def test_only_administrators_reset_devices(staff_client):
    operator = make_staff(Role.OPERATOR)
    client = staff_client(Role.SECTION_HEAD)
    assert client.post(f"/staf/akun/petugas/{operator.pk}/reset-2fa/").status_code == 403
    assert TOTPDevice.objects.filter(user=operator).exists()


def test_a_reset_is_not_for_residents_accounts(staff_client):
    resident = make_resident()
    client = staff_client(Role.ADMINISTRATOR)
    assert client.post(f"/staf/akun/petugas/{resident.pk}/reset-2fa/").status_code == 404


def test_the_qr_code_scales_to_any_width_with_its_quiet_zone(new_staff):
    """The SVG had a fixed width/height and a scale transform but no viewBox: shrunk by CSS on a phone it was
    clipped and no camera could read it. Now its drawing is one unit per module inside a viewBox with the quiet
    zone, and the size is left to CSS."""
    import re

    import segno

    from apps.accounts import services

    _client, staff = new_staff
    device = services.new_totp_device(staff)
    svg = services.totp_provisioning_svg(device)
    opening = svg[: svg.index(">") + 1]
    modules = segno.make(device.config_url, error="m").symbol_size(scale=1, border=0)[0]
    side = modules + 2 * services.QR_QUIET_ZONE
    assert f'viewBox="0 0 {side} {side}"' in opening
    assert not re.search(r"\s(width|height)=", opening)
    assert 'role="img"' in opening and "<title>" in svg
    # the dark modules start after the quiet zone (the first move is to the top-left finder pattern)
    first_move = re.search(r'class="qrline"[^>]*d="M(\d+) ', svg)
    assert first_move is not None and int(first_move.group(1)) == services.QR_QUIET_ZONE
    # a white background covers the whole quiet zone
    assert f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>' in svg
