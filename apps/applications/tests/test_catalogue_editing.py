"""The section head edits a service's terms and required documents in staff pages; new files follow the new terms,
the public pages show them, and every edit is in the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.applications import services
from apps.applications.models import RequiredDocument, ServiceType
from apps.applications.tests.factories import resident
from apps.core.models import AuditEvent
from apps.publicinfo.services import seed_standards, update_standard
from tests.factories import make_staff, sign_in_staff

pytestmark = pytest.mark.django_db


def _head(client):
    head = make_staff("section_head")
    sign_in_staff(client, head)
    return head


def _terms(service: ServiceType, **changes) -> dict[str, str]:
    data = {
        "terms-name": service.name, "terms-description": service.description, "terms-eligibility": service.eligibility,
        "terms-min_age_years": service.min_age_years or "", "terms-max_age_years": service.max_age_years or "",
        "terms-service_level_days": service.service_level_days, "terms-is_active": "on",
    }
    if service.allow_if_married:
        data["terms-allow_if_married"] = "on"
    data.update({f"terms-{k}": v for k, v in changes.items()})
    return {k: str(v) for k, v in data.items()}


def test_the_section_head_changes_the_service_level_and_new_files_are_due_by_it(client) -> None:
    _head(client)
    service = ServiceType.objects.get(code="ktp-hilang")
    url = reverse("applications_staff:catalogue_edit", args=[service.code])
    response = client.post(url, _terms(service, service_level_days=5))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.service_level_days == 5
    event = AuditEvent.objects.filter(action="applications.service_updated").get()
    assert event.data == {"fields": ["service_level_days"]}
    assert "5 hari kerja" in client.get(reverse("applications_staff:catalogue")).content.decode()


def test_it_refuses_an_age_range_that_admits_nobody_and_keeps_the_input(client) -> None:
    _head(client)
    service = ServiceType.objects.get(code="kia")
    response = client.post(reverse("applications_staff:catalogue_edit", args=[service.code]),
                           _terms(service, min_age_years=17, max_age_years=17, eligibility="Anak baru"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Umur maksimal harus lebih besar dari umur minimal." in html and "Anak baru" in html
    service.refresh_from_db()
    assert service.min_age_years != 17


def test_a_required_document_added_by_the_section_head_is_asked_of_new_files(client) -> None:
    _head(client)
    service = ServiceType.objects.get(code="ktp-hilang")
    response = client.post(reverse("applications_staff:catalogue_requirement_add", args=[service.code]), {
        "new-name": "Surat pengantar RT", "new-help_text": "Dari ketua RT", "new-mandatory": "on",
        "new-accepted_formats": ["image", "pdf"], "new-max_size_kb": "2048", "new-max_pages": "2", "new-order": "9",
    })
    assert response.status_code == 302
    added = RequiredDocument.objects.get(service_type=service, name="Surat pengantar RT")
    assert added.kind == "surat-pengantar-rt" and added.accepted_formats == ["image", "pdf"]
    user = resident()
    draft = services.start_draft(service, user)
    assert added in services.missing_documents(draft)
    public = client.get(reverse("publicinfo:standard", args=[service.code])).content.decode()
    assert "Surat pengantar RT" in public


def test_a_bad_required_document_is_refused_with_the_reason(client) -> None:
    _head(client)
    service = ServiceType.objects.get(code="ktp-hilang")
    before = service.required_documents.count()
    response = client.post(reverse("applications_staff:catalogue_requirement_add", args=[service.code]), {
        "new-name": "Tanpa format", "new-max_size_kb": "99999", "new-max_pages": "1",
    })
    assert response.status_code == 400
    assert "Tanpa format" in response.content.decode()
    assert service.required_documents.count() == before


def test_a_required_document_is_removed_from_the_service(client) -> None:
    _head(client)
    service = ServiceType.objects.get(code="ktp-rusak")
    victim = service.required_documents.all()[0]
    response = client.post(reverse("applications_staff:catalogue_requirement_remove", args=[service.code, victim.pk]))
    assert response.status_code == 302
    assert not RequiredDocument.objects.filter(pk=victim.pk).exists()
    assert AuditEvent.objects.filter(action="applications.requirement_removed").exists()


def test_another_services_required_document_is_not_found(client) -> None:
    _head(client)
    other = ServiceType.objects.get(code="ktp-rusak").required_documents.all()[0]
    url = reverse("applications_staff:catalogue_requirement_remove", args=["ktp-hilang", other.pk])
    assert client.post(url).status_code == 404
    assert RequiredDocument.objects.filter(pk=other.pk).exists()


def test_a_verifier_cannot_edit_the_catalogue(client) -> None:
    sign_in_staff(client, make_staff("file_receiver"))
    assert client.get(reverse("applications_staff:catalogue")).status_code == 403


def test_the_legal_basis_edited_with_the_standard_is_the_one_the_application_page_shows(client) -> None:
    seed_standards()
    head = make_staff("section_head")
    service = ServiceType.objects.get(code="ktp-hilang")
    update_standard(service.standard, {"legal_basis": "UU 24/2013 Pasal 63"}, actor=head)
    service.refresh_from_db()
    assert service.legal_basis == "UU 24/2013 Pasal 63"
