"""The administrator's staff-account pages: list, create, role and location, deactivate/reactivate, device reset."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import staff_admin
from apps.accounts.models import User
from apps.accounts.roles import Role, roles_of
from apps.core.models import AuditEvent
from apps.locations.models import Location
from tests.factories import make_resident, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> Location:
    return Location.objects.create(name="Kantor Disdukcapil Klaten", slug="kantor-utama-uji",
                                   kind=Location.Kind.MAIN_OFFICE, address="Jl. Pemuda 1")


@pytest.fixture
def admin_client(staff_client):
    return staff_client(Role.ADMINISTRATOR, first_name="Admin", username="admin-uji")


def _new_staff_data(office: Location, **overrides: str) -> dict[str, str]:
    data = {
        "full_name": "Sri Wahyuni",
        "username": "sri.wahyuni",
        "contact": "0812-3456-7001",
        "role": Role.FILE_RECEIVER,
        "location": str(office.pk),
        "password1": "Loket-Berkas-2026",
        "password2": "Loket-Berkas-2026",
    }
    data.update(overrides)
    return data


def test_it_creates_a_staff_account_with_one_role_and_a_location(admin_client, office):
    response = admin_client.post("/staf/akun/petugas/baru/", _new_staff_data(office))
    member = User.objects.get(username="sri.wahyuni")
    assert response.status_code == 302
    assert response["Location"] == f"/staf/akun/petugas/{member.pk}/"
    assert roles_of(member) == {Role.FILE_RECEIVER}
    assert member.location == office
    assert member.phone == "081234567001"
    assert member.first_name == "Sri Wahyuni"
    assert member.is_active and not member.is_staff and not member.is_superuser
    assert member.check_password("Loket-Berkas-2026")
    assert not TOTPDevice.objects.filter(user=member).exists()  # enrols at first sign-in
    event = AuditEvent.objects.get(action="staff.created")
    assert event.actor == admin_client.user and event.data["role"] == Role.FILE_RECEIVER


def test_the_new_staff_member_signs_in_and_is_sent_to_enrol_a_second_factor(admin_client, office):
    admin_client.post("/staf/akun/petugas/baru/", _new_staff_data(office))
    client = Client()
    response = client.post("/akun/masuk/", {"username": "sri.wahyuni", "password": "Loket-Berkas-2026"})
    assert response.status_code == 302 and response["Location"].startswith("/akun/atur-2fa/")


def test_the_create_form_shows_each_role_in_plain_words_with_what_it_may_do(admin_client):
    html = admin_client.get("/staf/akun/petugas/baru/").content.decode()
    for role in Role:
        assert str(role.label) in html
        assert str(staff_admin.ROLE_DESCRIPTIONS[role]) in html
    assert "file_receiver</" not in html  # the code is the value, never the label


def test_it_keeps_bad_input_and_explains_each_error(admin_client, office):
    make_staff(Role.OPERATOR, username="budi")
    data = _new_staff_data(office, username="Budi", contact="bukan-kontak", password2="Lain-Sekali-99", role="")
    response = admin_client.post("/staf/akun/petugas/baru/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert "Nama pengguna ini sudah dipakai. Pilih yang lain." in html
    assert "nomor HP yang diawali 08" in html
    assert "Kedua kata sandi tidak sama." in html
    assert '<a href="#id_role_0">Pilih peran.</a>' in html  # the summary links to the first role
    assert 'value="Sri Wahyuni"' in html and 'value="bukan-kontak"' in html
    assert not User.objects.filter(username="Budi").exists()


def test_it_refuses_a_weak_initial_password_and_a_name_with_markup(admin_client, office):
    data = _new_staff_data(office, full_name="<b>Sri</b>", password1="12345678", password2="12345678")
    html = admin_client.post("/staf/akun/petugas/baru/", data).content.decode()
    assert "Nama hanya boleh huruf" in html
    assert 'id="id_password1_error"' in html
    assert not User.objects.filter(username="sri.wahyuni").exists()


def test_it_lists_staff_with_filters_in_the_url_a_count_and_search(admin_client, office):
    make_staff(Role.OPERATOR, username="op-klaten", first_name="Joko", location=office)
    make_staff(Role.OPERATOR, username="op-lain", first_name="Tono")
    make_staff(Role.PICKUP_OFFICER, username="serah-terima", first_name="Ani", location=office)
    make_staff(Role.OPERATOR, username="op-lama", first_name="Lama", is_active=False)
    make_resident(name="WARGA BIASA")

    html = admin_client.get(f"/staf/akun/petugas/?role=operator&location={office.pk}").content.decode()
    assert "1 petugas" in html
    assert "op-klaten" in html and "op-lain" not in html and "serah-terima" not in html

    html = admin_client.get("/staf/akun/petugas/?q=tono").content.decode()
    assert "op-lain" in html and "op-klaten" not in html

    html = admin_client.get("/staf/akun/petugas/").content.decode()
    assert "op-lama" not in html and "WARGA BIASA" not in html  # active staff by default, never residents
    html = admin_client.get("/staf/akun/petugas/?status=inactive").content.decode()
    assert "op-lama" in html and "1 petugas" in html


def test_it_changes_role_and_location_and_the_old_session_loses_the_old_role(admin_client, office):
    client = Client()
    from tests.factories import sign_in_staff

    member = make_staff(Role.OPERATOR, username="pindah")
    sign_in_staff(client, member)
    assert client.get("/staf/kartu/biometrik/").status_code == 200
    response = admin_client.post(f"/staf/akun/petugas/{member.pk}/",
                                 {"role": Role.PICKUP_OFFICER, "location": office.pk})
    assert response.status_code == 302
    member.refresh_from_db()
    assert roles_of(User.objects.get(pk=member.pk)) == {Role.PICKUP_OFFICER}
    assert member.location == office
    assert AuditEvent.objects.filter(action="staff.role_changed", data__role=[Role.OPERATOR, Role.PICKUP_OFFICER]
                                     ).exists()
    assert client.get("/staf/kartu/ambil/").status_code == 200
    assert client.get("/staf/kartu/biometrik/").status_code == 403


def test_a_deactivated_account_cannot_sign_in_and_its_session_ends(admin_client):
    client = Client()
    member = make_staff(Role.OPERATOR, username="keluar")
    from tests.factories import sign_in_staff

    sign_in_staff(client, member)
    assert client.get("/staf/akun/meja/").status_code == 200
    response = admin_client.post(f"/staf/akun/petugas/{member.pk}/nonaktifkan/")
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert User.objects.filter(pk=member.pk).exists()  # never deleted
    assert client.get("/staf/akun/meja/")["Location"].startswith("/akun/masuk/")
    client.logout()
    response = client.post("/akun/masuk/", {"username": "keluar", "password": "Rahasia-123"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="staff.deactivated").count() == 1

    admin_client.post(f"/staf/akun/petugas/{member.pk}/aktifkan/")
    member.refresh_from_db()
    assert member.is_active
    response = client.post("/akun/masuk/", {"username": "keluar", "password": "Rahasia-123"})
    assert response.status_code == 302


def test_the_last_active_administrator_can_be_neither_deactivated_nor_demoted(admin_client, office):
    me = admin_client.user
    other = make_staff(Role.ADMINISTRATOR, username="admin-dua")
    admin_client.post(f"/staf/akun/petugas/{other.pk}/nonaktifkan/")
    other.refresh_from_db()
    assert not other.is_active  # two administrators: one may go

    with pytest.raises(staff_admin.LastAdministrator):
        staff_admin.set_active(me, False, actor=other_admin_for_check(), request=None)
    response = admin_client.post(f"/staf/akun/petugas/{me.pk}/", {"role": Role.OPERATOR, "location": office.pk})
    assert "satu-satunya administrator aktif" in response.content.decode()
    assert Role.ADMINISTRATOR in roles_of(User.objects.get(pk=me.pk))


def other_admin_for_check() -> User:
    """An administrator who is not active any more cannot sign in, but the service still checks the rule for a
    direct call: give it an actor with the role (a superuser in a shell, say)."""
    actor = User.objects.create_user(username="shell-actor")
    actor.groups.add(Group.objects.get_or_create(name=Role.ADMINISTRATOR)[0])
    actor.is_active = False
    actor.save()
    return actor


def test_an_administrator_cannot_deactivate_themselves(admin_client):
    me = admin_client.user
    make_staff(Role.ADMINISTRATOR, username="admin-dua")
    response = admin_client.post(f"/staf/akun/petugas/{me.pk}/nonaktifkan/", follow=True)
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in response.content.decode()
    me.refresh_from_db()
    assert me.is_active


def test_it_resets_a_second_factor_device_from_the_account_page(admin_client):
    member = make_staff(Role.OPERATOR, username="hp-hilang")
    response = admin_client.post(f"/staf/akun/petugas/{member.pk}/reset-2fa/")
    assert response["Location"] == f"/staf/akun/petugas/{member.pk}/"
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert AuditEvent.objects.filter(action="staff.totp_reset").exists()


@pytest.mark.parametrize("role", [Role.SECTION_HEAD, Role.OPERATOR, Role.CUSTOMER_SERVICE])
def test_other_roles_are_refused(staff_client, role, office):
    client = staff_client(role)
    member = make_staff(Role.OPERATOR)
    assert client.get("/staf/akun/petugas/").status_code == 403
    assert client.post("/staf/akun/petugas/baru/", _new_staff_data(office)).status_code == 403
    assert client.post(f"/staf/akun/petugas/{member.pk}/nonaktifkan/").status_code == 403
    assert not User.objects.filter(username="sri.wahyuni").exists()
    member.refresh_from_db()
    assert member.is_active


def test_anonymous_is_sent_to_sign_in(client):
    member = make_staff(Role.OPERATOR)
    for url in ("/staf/akun/petugas/", "/staf/akun/petugas/baru/", f"/staf/akun/petugas/{member.pk}/"):
        assert client.get(url)["Location"].startswith("/akun/masuk/")
    assert client.post(f"/staf/akun/petugas/{member.pk}/nonaktifkan/")["Location"].startswith("/akun/masuk/")
    member.refresh_from_db()
    assert member.is_active


def test_a_resident_account_is_not_found_on_the_staff_pages(admin_client):
    resident = make_resident()
    assert admin_client.get(f"/staf/akun/petugas/{resident.pk}/").status_code == 404
    assert admin_client.post(f"/staf/akun/petugas/{resident.pk}/nonaktifkan/").status_code == 404


def test_the_services_refuse_an_actor_who_is_not_an_administrator(office):
    head = make_staff(Role.SECTION_HEAD)
    member = make_staff(Role.OPERATOR)
    with pytest.raises(PermissionError):
        staff_admin.set_active(member, False, actor=head)
    with pytest.raises(PermissionError):
        staff_admin.change_role_and_location(member, role=Role.ADMINISTRATOR, location=office, actor=head)


def test_the_staff_navigation_leads_administrators_to_these_pages_and_no_one_else(staff_client):
    from django.test import Client as FreshClient

    from tests.factories import sign_in_staff

    html = staff_client(Role.ADMINISTRATOR).get("/staf/akun/meja/").content.decode()
    nav = html.split('class="site-nav"')[1].split("</nav>")[0] if 'class="site-nav"' in html else html
    assert 'href="/staf/akun/petugas/"' in nav
    for url in ("/staf/akun/petugas/", "/staf/lokasi/", "/staf/pengumuman/webhook/"):
        assert f'href="{url}"' in html
    assert 'href="/admin/"' not in html  # the Django admin is for superusers only
    head = FreshClient()
    sign_in_staff(head, make_staff(Role.SECTION_HEAD))
    html = head.get("/staf/akun/meja/").content.decode()
    assert 'href="/staf/akun/petugas/"' not in html and 'href="/staf/lokasi/"' not in html


def test_a_username_taken_between_the_form_check_and_the_save_is_refused_cleanly(office):
    admin = make_staff(Role.ADMINISTRATOR)
    make_staff(Role.OPERATOR, username="kembar")
    with pytest.raises(ValidationError) as refused:
        staff_admin.create_staff(full_name="Kembar", username="kembar", email="", phone="", role=Role.OPERATOR,
                                 location=office, password="Loket-Berkas-2026", actor=admin)
    assert refused.value.code == "duplicate"
    assert User.objects.filter(username="kembar").count() == 1
