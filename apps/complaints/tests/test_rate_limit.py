"""A flood of complaints from one address or account stops at its hourly limit; a resident filing one complaint
never waits for the shared counter; the limit can be lifted (0)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from apps.complaints import ratelimit
from apps.complaints.models import Complaint
from apps.complaints.tests.factories import API_BODY, COMPLAINT_FORM
from apps.core import ratelimit as shared
from tests.factories import make_resident

pytestmark = pytest.mark.django_db

FORM = {**COMPLAINT_FORM, "name": "Siti", "phone": "0812 3456 7890"}  # anonymous, with a contact
API = {**API_BODY, "phone": "081234000111"}


@pytest.fixture(autouse=True)
def _own_address(settings: Any) -> Iterator[dict[str, str]]:
    """Each test files from an address of its own (a Redis cache outlives the test database) and starts with an
    empty per-process memory."""
    ratelimit.forget_local()
    yield {"REMOTE_ADDR": f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"}
    ratelimit.forget_local()


def _file(client: Any, address: dict[str, str]) -> Any:
    return client.post(reverse("complaints:file"), FORM, **address)


def test_a_resident_filing_once_does_not_ask_the_shared_counter(client, monkeypatch, _own_address):
    def no_shared_counter(*args: Any, **kwargs: Any) -> bool:
        raise AssertionError("the first filing of an address must not wait for the shared counter")

    monkeypatch.setattr(shared, "hit", no_shared_counter)
    assert _file(client, _own_address).status_code == 302
    assert Complaint.objects.count() == 1


def test_an_address_is_refused_after_its_hourly_limit_and_nothing_more_is_filed(client, settings, _own_address):
    settings.COMPLAINTS_RATE_PER_IP = 3
    assert [_file(client, _own_address).status_code for _ in range(3)] == [302, 302, 302]
    refused = _file(client, _own_address)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Terlalu banyak pengaduan" in page
    assert "Sudah sebulan KTP-el saya belum jadi." in page  # the text typed is kept
    assert Complaint.objects.count() == 3


def test_the_limit_holds_across_processes_within_one_filing_each(client, settings, monkeypatch, _own_address):
    """Two app processes, each with its own memory, take turns: each lets its first filing through unasked and
    then counts it with the next, so the shared count misses at most one filing per other process."""
    settings.COMPLAINTS_RATE_PER_IP = 3
    processes: list[dict[str, tuple[int, int]]] = [{}, {}]
    statuses = []
    for turn in range(8):
        monkeypatch.setattr(ratelimit, "_local", processes[turn % 2])
        statuses.append(_file(client, _own_address).status_code)
    filed = Complaint.objects.count()
    assert 3 <= filed <= 3 + 1 and statuses.count(302) == filed and statuses[-1] == 429


def test_a_new_hour_lets_the_address_file_again(client, settings, monkeypatch, _own_address):
    settings.COMPLAINTS_RATE_PER_IP = 1
    now = [7_200_000.0]
    monkeypatch.setattr(shared, "_clock", lambda: now[0])
    assert [_file(client, _own_address).status_code for _ in range(2)] == [302, 429]
    now[0] += ratelimit.WINDOW
    assert _file(client, _own_address).status_code == 302


def test_a_signed_in_account_has_its_own_limit(client, settings, _own_address):
    settings.COMPLAINTS_RATE_PER_IP = 100
    settings.COMPLAINTS_RATE_PER_ACCOUNT = 2
    client.force_login(make_resident())
    assert [_file(client, _own_address).status_code for _ in range(3)] == [302, 302, 429]
    other_address = {"REMOTE_ADDR": "192.0.2.77"}
    assert _file(client, other_address).status_code == 429  # a new address does not reset the account


def test_the_api_answers_429_past_the_limit(client, settings, _own_address):
    settings.COMPLAINTS_RATE_PER_IP = 2
    post = [
        client.post("/api/v1/pengaduan/", API, content_type="application/json", **_own_address)
        for _ in range(3)
    ]
    assert [r.status_code for r in post] == [201, 201, 429]
    assert "Terlalu banyak pengaduan" in post[2].json()["detail"]
    assert Complaint.objects.count() == 2


def test_a_limit_of_zero_lifts_it(client, settings, monkeypatch, _own_address):
    settings.COMPLAINTS_RATE_PER_IP = 0
    monkeypatch.setattr(shared, "hit", lambda *args, **kwargs: False)  # would refuse if it were asked
    assert [_file(client, _own_address).status_code for _ in range(4)] == [302] * 4


def test_lookups_by_code_and_contact_stop_at_the_limit_even_with_the_right_contact(client, settings, _own_address):
    """The contact is the only secret of an anonymous complaint: guesses from one address are limited."""
    from apps.complaints.tests.factories import make_complaint

    settings.COMPLAINTS_LOOKUP_RATE_PER_IP = 3
    complaint = make_complaint()  # anonymous, contact 081234567890
    track = reverse("complaints:track")
    guesses = [client.post(track, {"code": complaint.code, "contact": f"08123456700{n}"}, **_own_address).status_code
               for n in range(3)]
    assert guesses == [400, 400, 400]
    refused = client.post(track, {"code": complaint.code, "contact": "081234567890"}, **_own_address)
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan melacak laporan" in refused.content.decode()
    api = client.get(f"/api/v1/pengaduan/{complaint.code}", {"contact": "081234567890"}, **_own_address)
    assert api.status_code == 429
    elsewhere = {"REMOTE_ADDR": "10.251.0.1"}
    assert client.post(track, {"code": complaint.code, "contact": "081234567890"}, **elsewhere).status_code == 302
