"""Civil-registry updates (KK and deeds) to central: the payload, the simulator's registration and NIK allocation
(the same key always the same answer, also after a restart), the outbox path and the answer applied once."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from apps.applications.models import Application
from apps.applications.workflow import Status
from apps.central import civil, outbox
from apps.central.gateway import HttpCentralGateway, PermanentError
from apps.central.models import CentralRecord, CentralStateChange, OutboxMessage
from apps.central.tests.conftest import _port
from apps.issuance.tests.factories import make_application
from simulator import control

pytestmark = pytest.mark.django_db

KK = "3310251234567890"


def _birth(name: str, born: str, sex: str, nik: str = "", kk: str = KK) -> dict[str, Any]:
    return civil.civil_update_payload(
        document_kind="birth", reference=f"AKL-{uuid.uuid4().hex[:8]}", kk_number=kk, subject_nik=nik,
        subject_name=name, subject_birth_date=born, subject_sex=sex,
    )


def test_the_payload_carries_what_the_caller_knows_and_members_only_when_given() -> None:
    payload = civil.civil_update_payload(
        document_kind="birth", reference="AKL-1", kk_number=KK, subject_name="RARA",
        subject_birth_date=dt.date(2026, 11, 20), subject_sex="P",
    )
    assert payload == {"kind": "birth", "reference": "AKL-1", "kk_number": KK,
                       "subject": {"nik": None, "name": "RARA", "birth_date": "2026-11-20", "sex": "P"}}
    with_family = civil.civil_update_payload(
        document_kind="kk", reference="KK-1", kk_number=KK, subject_nik="3310250101900011", subject_name="BUDI",
        members=[{"nik": "3310250101900011", "name": "BUDI", "birth_date": dt.date(1990, 1, 1), "sex": "L",
                  "relation": "kepala"}],
    )
    assert with_family["members"] == [{"nik": "3310250101900011", "name": "BUDI", "birth_date": "1990-01-01",
                                       "sex": "L", "relation": "kepala"}]
    with pytest.raises(civil.CivilUpdateError):
        civil.civil_update_payload(document_kind="ktp", reference="X", kk_number=KK)


def test_the_simulator_gives_a_newborn_a_valid_nik_and_the_same_key_the_same_answer(simulator: str) -> None:
    gateway = HttpCentralGateway(simulator)
    girl = gateway.send_civil_update(_birth("RARA", "2026-11-20", "P"), idempotency_key="k-girl")
    boy = gateway.send_civil_update(_birth("BAYU", "2026-11-20", "L"), idempotency_key="k-boy")
    twin = gateway.send_civil_update(_birth("RIRI", "2026-11-20", "P"), idempotency_key="k-twin")
    # kecamatan of the KK, day + 40 for a girl, month, year, serial
    assert girl.raw["nik"] == "3310256011260001" and girl.raw["nik_allocated"] is True
    assert boy.raw["nik"] == "3310252011260001"
    assert twin.raw["nik"] == "3310256011260002"
    assert girl.state == "CIVIL_REGISTERED" and girl.record_id.startswith("3310-LU-")
    assert len({girl.record_id, boy.record_id, twin.record_id}) == 3
    again = gateway.send_civil_update(_birth("RARA", "2026-11-20", "P"), idempotency_key="k-girl")
    assert again.raw == girl.raw
    known = gateway.send_civil_update(_birth("DIAN", "2020-01-02", "P", nik="3310254201200005"), idempotency_key="k")
    assert known.raw["nik"] == "3310254201200005" and known.raw["nik_allocated"] is False
    counters = control.counters(simulator)
    assert counters["civil_received"] == 4 and counters["civil_duplicates_by_key"] == 1


def test_the_same_key_gets_the_same_answer_after_the_simulator_restarts(settings: Any, tmp_path: Any) -> None:
    port = _port(1)
    state = str(tmp_path / "restart.json")
    url = f"http://127.0.0.1:{port}"
    process = control.start(port, state=state)
    try:
        first = HttpCentralGateway(url).send_civil_update(_birth("RARA", "2026-11-20", "P"), idempotency_key="k1")
    finally:
        control.stop(process)
    process = control.start(port, state=state)
    try:
        gateway = HttpCentralGateway(url)
        assert gateway.send_civil_update(_birth("RARA", "2026-11-20", "P"), idempotency_key="k1").raw == first.raw
        sibling = gateway.send_civil_update(_birth("RIRI", "2026-11-20", "P"), idempotency_key="k2")
        assert sibling.raw["nik"] == "3310256011260002"  # the serial is not handed out twice
        assert sibling.record_id != first.record_id
    finally:
        control.stop(process)


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "birth", "reference": "A", "kk_number": KK, "subject": {"name": "X", "birth_date": "2026-11-20"}},
        {"kind": "birth", "reference": "A", "kk_number": "33102512", "subject": {"nik": "3310256011260001"}},
        {"kind": "death", "reference": "A", "kk_number": KK, "subject": {"name": "X"}},
        {"kind": "ktp", "reference": "A", "kk_number": KK, "subject": {"nik": "3310256011260001"}},
    ],
)
def test_an_update_central_cannot_register_is_refused(simulator: str, payload: dict[str, Any]) -> None:
    with pytest.raises(PermanentError, match="422"):
        HttpCentralGateway(simulator).send_civil_update(payload, idempotency_key=uuid.uuid4().hex)


def _verified_birth() -> Application:
    return make_application(
        code="akta-kelahiran", kk_number=KK, form_data={"child_name": "RARA AYU", "child_birth_date": "2026-11-20",
                                                         "child_sex": "P"},
    )


def _send(application: Application) -> OutboxMessage:
    data = application.form_data
    payload = _birth(data["child_name"], data["child_birth_date"], data["child_sex"])
    payload["reference"] = application.number
    return civil.send_civil_update(application, payload, actor=None)


def test_the_update_goes_through_the_outbox_and_the_answer_is_applied_and_published_once(simulator: str) -> None:
    application = _verified_birth()
    message = _send(application)
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL and message.kind == "civil"
    assert CentralRecord.objects.get(application=application).state == "CIVIL_SENT"
    with mock.patch("apps.central.civil.events") as published:  # civil's events only
        assert outbox.drain().sent == 1
        # sent again with the same key (a worker whose lease expired): the same answer, applied once
        OutboxMessage.objects.filter(pk=message.pk).update(status="pending", lease_until=None,
                                                           next_attempt_at=timezone.now())
        assert outbox.drain().sent == 1
    (call,) = published.publish.call_args_list
    event = call.args[0]
    record = CentralRecord.objects.get(application=application)
    assert record.state == "CIVIL_REGISTERED" and record.record_id == event.registration_number
    assert record.answer["nik"] == event.nik == "3310256011260001" and event.nik_allocated
    assert civil.civil_answer(application.pk) == record.answer
    assert CentralStateChange.objects.filter(record=record, state="CIVIL_REGISTERED").count() == 1
    counters = control.counters(simulator)
    assert counters["civil_received"] == 1 and counters["civil_duplicates_by_key"] == 1
    application.refresh_from_db()
    assert application.status == Status.SENT_TO_CENTRAL  # the stage that asked moves it, on the event


def test_a_refused_update_is_marked_dead_and_the_staff_page_lists_civil_messages(
    simulator: str, staff_client: Any
) -> None:
    application = _verified_birth()
    payload = civil.civil_update_payload(document_kind="birth", reference=application.number, kk_number=KK,
                                         subject_name="RARA AYU")  # no sex, no birth date: no NIK can be allocated
    message = civil.send_civil_update(application, payload, actor=None)
    outbox.drain()
    message.refresh_from_db()
    assert message.status == "dead" and "422" in message.last_error
    page = staff_client("operator").get("/staf/pusat/").content.decode()
    assert application.number in page and "Kirim pencatatan KK/akta" in page and "Gagal permanen" in page
