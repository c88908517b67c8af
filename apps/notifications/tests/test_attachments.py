"""An e-mail may carry a stored file as an attachment (a signed document's PDF); the other channels carry none,
and a file that cannot be read is a failed attempt retried later, not a message lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.notifications.models import Channel, DeliveryStatus, Notification
from apps.notifications.services import notify
from apps.notifications.tasks import drain

pytestmark = pytest.mark.django_db


def _notify(attachment: str, user: Any = None) -> list[Notification]:
    return notify(event="test.attachment", recipient=user, email="warga@contoh.id", phone="081299990000",
                  subject="Dokumen terbit", body="Salinan terlampir.", attachment=attachment)


def test_the_e_mail_carries_the_stored_file_and_the_sms_does_not(mailoutbox: Any) -> None:
    name = default_storage.save("signed/test/3310-KK-UJI.pdf", ContentFile(b"%PDF-1.7 uji"))
    try:
        rows = _notify(name)
        assert {row.channel: row.attachment for row in rows} == {Channel.EMAIL: name, Channel.SMS: ""}
        drain.call()
    finally:
        default_storage.delete(name)
    (message,) = mailoutbox
    assert message.attachments == [("3310-KK-UJI.pdf", b"%PDF-1.7 uji", "application/pdf")]
    assert message.body.startswith("Salinan terlampir.")


def test_a_missing_file_is_a_failed_attempt_with_backoff(mailoutbox: Any) -> None:
    _notify("signed/test/tidak-ada.pdf")
    drain.call()
    row = Notification.objects.get(channel=Channel.EMAIL)
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1 and row.next_attempt_at is not None
    assert row.last_error and not mailoutbox
