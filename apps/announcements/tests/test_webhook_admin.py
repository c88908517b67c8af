"""The administrator's webhook pages: edit (the secret never shown again), disable and enable."""

from __future__ import annotations

import pytest

from apps.accounts.roles import Role
from apps.announcements import webhooks
from apps.announcements.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from apps.announcements.tests.factories import make_notice
from apps.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SECRET = "rahasia-webhook-0123456789"


@pytest.fixture
def endpoint() -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(name="Media sosial", url="https://hook.contoh.id/a", secret=SECRET)


def test_it_edits_an_endpoint_and_keeps_the_secret_when_left_empty(staff_client, endpoint):
    client = staff_client(Role.ADMINISTRATOR)
    page = client.get(f"/staf/pengumuman/webhook/{endpoint.pk}/").content.decode()
    assert SECRET not in page
    response = client.post(f"/staf/pengumuman/webhook/{endpoint.pk}/",
                           {"name": "Instagram kantor", "url": "https://hook.contoh.id/b", "secret": "",
                            "is_active": "on"})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.url, endpoint.secret) == ("Instagram kantor", "https://hook.contoh.id/b", SECRET)
    event = AuditEvent.objects.get(action="webhook.update")
    assert SECRET not in str(event.data)


def test_a_short_new_secret_is_refused_and_the_input_kept(staff_client, endpoint):
    client = staff_client(Role.ADMINISTRATOR)
    html = client.post(f"/staf/pengumuman/webhook/{endpoint.pk}/",
                       {"name": "Baru", "url": "https://hook.contoh.id/b", "secret": "pendek"}).content.decode()
    assert "Kunci rahasia minimal 16 karakter." in html and 'value="Baru"' in html
    endpoint.refresh_from_db()
    assert endpoint.name == "Media sosial"


def test_a_disabled_endpoint_gets_no_new_deliveries_and_skips_waiting_ones(staff_client, endpoint):
    client = staff_client(Role.ADMINISTRATOR)
    notice = make_notice()
    waiting = WebhookDelivery.objects.create(endpoint=endpoint, notice=notice, event="notice.updated")
    assert client.post(f"/staf/pengumuman/webhook/{endpoint.pk}/matikan/").status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert webhooks.queue_deliveries(notice, "notice.updated") == []
    assert webhooks.attempt(waiting.pk) == DeliveryStatus.FAILED
    assert WebhookDelivery.objects.get(pk=waiting.pk).last_error == "endpoint disabled"
    assert client.post(f"/staf/pengumuman/webhook/{endpoint.pk}/aktifkan/").status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="webhook.").order_by("id")] == [
        "webhook.disabled", "webhook.enabled"]


def test_publishers_who_are_not_administrators_are_refused(staff_client, endpoint):
    client = staff_client(Role.SECTION_HEAD)
    assert client.get(f"/staf/pengumuman/webhook/{endpoint.pk}/").status_code == 403
    assert client.post(f"/staf/pengumuman/webhook/{endpoint.pk}/matikan/").status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.is_active
