"""One open KTP-el application per NIK, across channels, with a refusal that links to the open one (only the
resident's own)."""

from __future__ import annotations

from typing import Any

import pytest

from apps.applications import services
from apps.applications.models import Application, Channel
from apps.applications.tests.factories import complete_draft, resident, service, submitted
from apps.applications.workflow import Status

pytestmark = pytest.mark.django_db


def test_it_refuses_to_start_a_second_card_application_while_one_is_open() -> None:
    user = resident()
    lost = submitted(user, "ktp-hilang")
    with pytest.raises(services.OpenElsewhere) as refused:
        services.start_draft(service("ktp-rusak"), user)
    assert refused.value.existing == lost
    assert lost.number in refused.value.message


def test_it_refuses_to_submit_a_draft_made_before_the_other_was_submitted() -> None:
    user = resident()
    damaged = complete_draft(user, "ktp-rusak")
    lost = submitted(user, "ktp-hilang")
    with pytest.raises(services.OpenElsewhere) as refused:
        services.submit(damaged, user=user)
    assert refused.value.existing == lost
    damaged.refresh_from_db()
    assert damaged.status == Status.DRAFT
    assert Application.objects.filter(nik=user.resident.nik, status=Status.SUBMITTED).count() == 1


def test_a_walk_in_file_of_the_same_nik_blocks_without_showing_its_number(client: Any) -> None:
    user = resident()
    draft = complete_draft(user, "ktp-rusak")
    walk_in = services.create_application(
        service_type=service("ktp-hilang"), channel=Channel.WALK_IN, nik=user.resident.nik, full_name="BUDI SANTOSO"
    )
    services.transition(walk_in, Status.SUBMITTED)
    client.force_login(user)
    response = client.post(f"/permohonan/{draft.number}/periksa/")
    body = response.content.decode()
    assert response.status_code == 400
    assert "masih punya permohonan KTP-el" in body
    assert walk_in.number not in body


def test_the_refusal_on_the_review_page_links_to_the_residents_own_open_application(client: Any) -> None:
    user = resident()
    draft = complete_draft(user, "ktp-rusak")
    lost = submitted(user, "ktp-hilang")
    client.force_login(user)
    response = client.post(f"/permohonan/{draft.number}/periksa/")
    assert response.status_code == 400
    assert f'href="/permohonan/{lost.number}/"' in response.content.decode()


def test_the_start_page_refusal_links_to_the_open_application(client: Any) -> None:
    user = resident()
    lost = submitted(user, "ktp-hilang")
    client.force_login(user)
    response = client.post("/permohonan/layanan/ktp-rusak/mulai/")
    assert response.status_code == 400
    assert f'href="/permohonan/{lost.number}/"' in response.content.decode()


def test_a_new_application_is_allowed_once_the_open_one_is_finished() -> None:
    user = resident()
    lost = submitted(user, "ktp-hilang")
    services.transition(lost, Status.CANCELLED, actor=user)
    again = submitted(user, "ktp-rusak")
    assert again.status == Status.SUBMITTED


def test_two_different_niks_do_not_block_each_other() -> None:
    assert submitted(resident()).status == Status.SUBMITTED
    assert submitted(resident()).status == Status.SUBMITTED
