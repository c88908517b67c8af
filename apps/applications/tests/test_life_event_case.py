"""One life event, one case: submitting a birth or death deed opens the case and submits the accompanying KK
perubahan file with it (same applicant, no uploads of its own); the desk claims and verifies them together, the
KK after its deed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import TestCase
from django.urls import reverse

from apps.accounts.models import Sex
from apps.applications import services
from apps.applications.models import Application, LifeEventCase
from apps.applications.services import cases
from apps.applications.tests.factories import birth_draft, death_draft, draft, family, resident, submitted
from apps.applications.workflow import Status
from apps.families.models import Relationship
from tests.factories import make_staff, nik_for, sign_in_staff

pytestmark = pytest.mark.django_db


def _mother() -> Any:
    mother = resident(birth=dt.date(1995, 4, 10), sex=Sex.FEMALE, name="SRI LESTARI")
    family(mother, {"nik": nik_for(dt.date(1993, 6, 2), Sex.MALE, 9001), "full_name": "AGUS SALIM",
                    "birth_date": dt.date(1993, 6, 2), "sex": Sex.MALE, "relationship": Relationship.SPOUSE})
    return mother


def _submitted_birth() -> tuple[Application, Application]:
    mother = _mother()
    deed = birth_draft(mother)
    services.submit(deed, user=mother)
    deed.refresh_from_db()
    kk = Application.objects.get(case=deed.case, service_type__code="kk-perubahan")
    return deed, kk


def test_submitting_a_birth_deed_opens_a_case_with_a_submitted_kk_file_for_the_same_applicant() -> None:
    deed, kk = _submitted_birth()
    case = deed.case
    assert case is not None and case.kind == LifeEventCase.Kind.BIRTH and case.kk_number == deed.kk_number
    assert case.applicant == deed.applicant
    assert kk.status == Status.SUBMITTED and kk.applicant == deed.applicant and kk.nik == deed.nik
    assert kk.kk_number == deed.kk_number and kk.documents.count() == 0  # no uploads of its own
    assert kk.form_data["evidence_of"] == deed.number
    assert kk.form_data["changes"] == [{"element": "member_added", "label": "Anggota keluarga baru (kelahiran)",
                                        "new": "RARA AYU"}]
    assert cases.evidence_file(kk) == deed and cases.evidence_file(deed) == deed
    assert list(cases.case_files(kk)) == [deed, kk]
    assert deed.number in kk.history.get(to_status=Status.SUBMITTED).note


def test_a_death_deed_opens_a_death_case() -> None:
    mother = _mother()
    father = family(mother).members.get(sex=Sex.MALE)
    deed = death_draft(mother, father)
    services.submit(deed, user=mother)
    deed.refresh_from_db()
    case = deed.case
    assert case is not None and case.kind == LifeEventCase.Kind.DEATH
    kk = case.applications.exclude(pk=deed.pk).get()
    [change] = kk.form_data["changes"]
    assert change["element"] == "member_deceased" and "AGUS SALIM" in change["new"]


def test_a_refused_deed_opens_no_case_and_other_services_never_do() -> None:
    mother = _mother()
    deed = birth_draft(mother)
    Application.objects.filter(pk=deed.pk).update(form_data={**deed.form_data, "child_birth_date": "1980-01-01"})
    deed.refresh_from_db()
    with pytest.raises(services.FlowError):
        services.submit(deed, user=mother)
    assert LifeEventCase.objects.count() == 0 and Application.objects.filter(service_type__code="kk-perubahan"
                                                                             ).count() == 0
    card = submitted(resident(), "ktp-hilang")
    assert card.case is None and LifeEventCase.objects.count() == 0


def test_a_corrected_deed_sent_back_keeps_its_one_case() -> None:
    deed, _kk = _submitted_birth()
    officer = make_staff("file_receiver")
    services.claim(deed, user=officer)
    services.decide(deed, user=officer, outcome="return", items={"surat-lahir": "Tidak terbaca"})
    deed.refresh_from_db()
    services.submit(deed, user=deed.applicant)
    assert LifeEventCase.objects.count() == 1
    assert Application.objects.filter(service_type__code="kk-perubahan").count() == 1


def test_claiming_one_file_of_a_case_claims_the_other_for_the_same_officer() -> None:
    deed, kk = _submitted_birth()
    officer = make_staff("file_receiver")
    services.claim(kk, user=officer)
    deed.refresh_from_db()
    kk.refresh_from_db()
    assert deed.status == kk.status == Status.IN_VERIFICATION
    assert deed.claimed_by == kk.claimed_by == officer
    other = make_staff("file_receiver")
    with pytest.raises(services.ClaimLost):
        services.claim(deed, user=other)


def test_the_kk_file_is_approved_only_after_its_deed() -> None:
    deed, kk = _submitted_birth()
    officer = make_staff("file_receiver")
    services.claim(deed, user=officer)
    with pytest.raises(services.FlowError) as refused:
        services.decide(kk, user=officer, outcome="approve")
    assert refused.value.code == "case_order" and deed.number in refused.value.message
    services.decide(deed, user=officer, outcome="approve")
    services.decide(kk, user=officer, outcome="approve")
    kk.refresh_from_db()
    assert kk.status in (Status.VERIFIED, Status.SENT_TO_CENTRAL, Status.DOCUMENT_ISSUED)


def test_the_desk_shows_the_case_and_goes_from_the_deed_to_its_kk_file(client: Any) -> None:
    deed, kk = _submitted_birth()
    officer = make_staff("file_receiver")
    sign_in_staff(client, officer)
    queue = client.get(reverse("applications_staff:queue")).content.decode()
    assert deed.case is not None and queue.count(f"Kasus {deed.case.number}") == 2  # both files, one case
    client.post(reverse("applications_staff:claim", args=[deed.number]))
    page = client.get(reverse("applications_staff:detail", args=[kk.number])).content.decode()
    assert deed.case is not None and deed.case.number in page and deed.number in page and "RARA AYU" in page
    assert "Bukti dari berkas akta" in page and "Surat keterangan lahir" in page
    assert 'name="reason_surat-lahir"' not in page  # the KK file is decided on its data only
    response = client.post(reverse("applications_staff:decide", args=[deed.number]),
                           {"outcome": "approve", "ok_data": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications_staff:detail", args=[kk.number])
    response = client.post(reverse("applications_staff:decide", args=[kk.number]), {"outcome": "approve"})
    assert response["Location"] == reverse("applications_staff:queue")


def test_the_resident_sees_both_files_of_the_case_and_not_someone_elses(client: Any) -> None:
    deed, kk = _submitted_birth()
    client.force_login(deed.applicant)
    page = client.get(reverse("applications:status", args=[deed.number])).content.decode()
    assert deed.case is not None and kk.number in page and deed.case.number in page
    assert client.get(reverse("applications:status", args=[kk.number])).status_code == 200
    client.force_login(resident())
    assert client.get(reverse("applications:status", args=[kk.number])).status_code == 404


@pytest.mark.parametrize("who", ["desk", "resident"])
def test_a_deed_rejected_or_cancelled_closes_its_kk_file(who: str) -> None:
    deed, kk = _submitted_birth()
    with TestCase.captureOnCommitCallbacks(execute=True):
        if who == "desk":
            officer = make_staff("file_receiver")
            services.claim(deed, user=officer)
            services.decide(deed, user=officer, outcome="reject", reason_code="fraud")
        else:
            services.transition(deed, Status.CANCELLED, actor=deed.applicant)
    kk.refresh_from_db()
    assert kk.status == (Status.REJECTED if who == "desk" else Status.CANCELLED)
    assert deed.number in kk.history.get(to_status=kk.status).note


def test_a_files_number_says_what_it_is_about() -> None:
    """The counter reads the kind of file from its number: KTP-, KK-, AKTA- or ADM- (KIA, moving)."""
    user = resident()
    assert draft(user, "akta-kelahiran").number.startswith("AKTA-")
    assert draft(user, "kk-perubahan").number.startswith("KK-")
    assert draft(resident(), "ktp-hilang").number.startswith("KTP-")


def test_the_desk_does_not_warn_about_the_other_file_of_the_same_case() -> None:
    deed, kk = _submitted_birth()
    assert not [w for w in services.quality_warnings(deed) if kk.number in w]
    assert not [w for w in services.quality_warnings(kk) if deed.number in w]
    other = submitted(deed.applicant, "ktp-hilang")  # a file outside the case still gets the warning
    assert any(other.number in w for w in services.quality_warnings(deed))
