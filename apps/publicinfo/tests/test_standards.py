"""Service standards: seeded for every active service, published at /layanan/, edited by the section head."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from apps.applications.models import ServiceType
from apps.core.models import AuditEvent
from apps.publicinfo.models import ServiceStandard
from apps.publicinfo.services import seed_standards

pytestmark = pytest.mark.django_db


def test_it_seeds_one_standard_per_active_service_and_keeps_edits() -> None:
    ServiceType.objects.filter(code="ktp-rusak").update(is_active=False)
    created = seed_standards()
    assert created == ServiceType.objects.filter(is_active=True).count()
    assert not ServiceStandard.objects.filter(service_type__code="ktp-rusak").exists()
    ServiceStandard.objects.filter(service_type__code="ktp-hilang").update(product="Edited")
    assert seed_standards() == 0
    assert ServiceStandard.objects.get(service_type__code="ktp-hilang").product == "Edited"


def test_the_list_shows_every_active_service(client) -> None:
    ServiceType.objects.filter(code="ktp-rusak").update(is_active=False)
    html = client.get(reverse("publicinfo:standards")).content.decode()
    assert "KTP-el hilang" in html
    assert reverse("publicinfo:standard", args=["ktp-rusak"]) not in html


def test_a_service_page_has_every_public_component(client) -> None:
    seed_standards()
    service = ServiceType.objects.get(code="ktp-hilang")
    response = client.get(reverse("publicinfo:standard", args=["ktp-hilang"]))
    html = response.content.decode()
    assert response.status_code == 200
    for doc in service.required_documents.all():
        assert doc.name in html
    for anchor in ("persyaratan", "prosedur", "waktu", "biaya", "produk", "pengaduan"):
        assert f'id="{anchor}"' in html
    assert "Pasal 79A" in html
    assert f"{service.service_level_days} hari kerja" in html
    assert "SP4N-LAPOR!" in html


def test_a_service_without_a_saved_standard_shows_the_default(client) -> None:
    ServiceStandard.objects.all().delete()
    html = client.get(reverse("publicinfo:standard", args=["ktp-baru"])).content.decode()
    assert "perekaman foto, sidik jari" in html


def test_an_inactive_or_unknown_service_is_not_found(client) -> None:
    ServiceType.objects.filter(code="ktp-rusak").update(is_active=False)
    assert client.get(reverse("publicinfo:standard", args=["ktp-rusak"])).status_code == 404
    assert client.get(reverse("publicinfo:standard", args=["tidak-ada"])).status_code == 404
    assert client.get(reverse("publicinfo:poster", args=["tidak-ada"])).status_code == 404


def test_the_pages_are_available_in_english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("publicinfo:standard", args=["ktp-hilang"])).content.decode()
    assert '<html lang="en">' in html
    assert "Requirements" in html and "Procedure" in html and "Complaints, suggestions and feedback" in html


def test_the_poster_is_an_a4_pdf(client) -> None:
    seed_standards()
    response = client.get(reverse("publicinfo:poster", args=["ktp-hilang"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in response.content


def test_the_section_head_edits_a_standard_and_it_is_audited(staff_client) -> None:
    seed_standards()
    client = staff_client("section_head")
    url = reverse("publicinfo_staff:edit", args=["ktp-hilang"])
    assert client.get(url).status_code == 200
    standard = ServiceStandard.objects.get(service_type__code="ktp-hilang")
    data = {name: getattr(standard, name) for name in (
        "procedure_online", "procedure_walk_in", "time_note", "cost", "product", "complaint_handling", "legal_basis",
        "facilities", "staff_competence", "supervision", "staffing", "guarantee", "security",
        "performance_evaluation")}
    data["product"] = "KTP-el baru, dicetak di lokasi layanan."
    response = client.post(url, data)
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.product == "KTP-el baru, dicetak di lokasi layanan."
    assert standard.updated_by == client.user
    event = AuditEvent.objects.get(action="publicinfo.standard_updated")
    assert event.data["fields"] == ["product"]
    page = client.get(reverse("publicinfo:standard", args=["ktp-hilang"])).content.decode()
    assert "dicetak di lokasi layanan" in page


def test_the_editor_keeps_the_text_and_shows_the_error_when_a_required_part_is_empty(staff_client) -> None:
    seed_standards()
    client = staff_client("section_head")
    response = client.post(reverse("publicinfo_staff:edit", args=["ktp-hilang"]), {"product": "Kartu"})
    assert response.status_code == 200
    assert "Kartu" in response.content.decode()
    assert not AuditEvent.objects.filter(action="publicinfo.standard_updated").exists()


@pytest.mark.parametrize("role", ["operator", "customer_service"])
def test_other_roles_cannot_edit_standards(staff_client, role: str) -> None:
    client = staff_client(role)
    assert client.get(reverse("publicinfo_staff:standards")).status_code == 403
    assert client.post(reverse("publicinfo_staff:edit", args=["ktp-hilang"]), {}).status_code == 403


def test_anonymous_is_sent_to_sign_in_and_a_resident_is_refused(client) -> None:
    url = reverse("publicinfo_staff:edit", args=["ktp-hilang"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    from tests.factories import make_resident

    client.force_login(make_resident(), backend="apps.accounts.backends.IdentifierBackend")
    assert client.get(url).status_code == 403


def test_the_section_heads_desk_links_to_the_standards(staff_client) -> None:
    html = staff_client("section_head").get(reverse("accounts_staff:desk")).content.decode()
    assert reverse("publicinfo_staff:standards") in html
