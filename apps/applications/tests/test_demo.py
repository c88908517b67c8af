import io

import pytest
from pypdf import PdfReader

from apps.accounts.models import User
from apps.applications.models import Application, LifeEventCase
from apps.families.models import Family, FamilyMember


def _load_twice(django_capture_on_commit_callbacks) -> str:
    from apps.accounts import demo as accounts_demo
    from apps.applications import demo
    from apps.families import demo as families_demo
    from apps.locations import demo as locations_demo

    out = io.StringIO()
    # as in `manage.py load_demo`: each step commits, then the stages route the verified files
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            locations_demo.load(out)
            accounts_demo.load(out)
            demo.load(out)
            families_demo.load(out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_loads_applications_in_several_states_and_is_idempotent(
    django_capture_on_commit_callbacks,
) -> None:
    _load_twice(django_capture_on_commit_callbacks)
    states = sorted(Application.objects.filter(case__isnull=True).values_list("form_data__demo", "status"))
    assert states == sorted([("budi-hilang", "submitted"), ("budi-rusak", "draft"),
                             ("siti-baru", "awaiting_biometrics"), ("wahyu-perubahan", "needs_correction"),
                             ("budi-kk", "sent_to_central"), ("budi-anak-ktp", "submitted")])
    assert Application.objects.filter(case__isnull=False).count() == 4  # two cases, each a deed and its KK


@pytest.mark.django_db
def test_the_demo_families_are_made_once_through_the_families_services_some_confirmed_by_the_desk(
    django_capture_on_commit_callbacks,
) -> None:
    out = _load_twice(django_capture_on_commit_callbacks)
    members = {kk: sorted(FamilyMember.objects.filter(family__kk_number=kk).values_list("full_name", "relationship"))
               for kk in Family.objects.values_list("kk_number", flat=True)}
    assert members == {
        "3310250101100001": [("ARIF SANTOSO", "child"), ("BUDI SANTOSO", "head"), ("ENDANG WAHYUNI", "spouse"),
                             ("NADIA PUTRI SANTOSO", "child")],
        "3310250101100004": [("DEWI ANGGRAENI", "spouse"), ("EKO PRASETYO", "head")],
        "3310060101100003": [("RATNA SARI", "spouse"), ("SUKIRNO", "parent"), ("WAHYU HIDAYAT", "head")],
    }
    verifier = User.objects.get(username="verifikator")
    confirmed = set(FamilyMember.objects.filter(confirmed_by=verifier).values_list("full_name", flat=True))
    assert confirmed == {"ENDANG WAHYUNI", "ARIF SANTOSO", "EKO PRASETYO", "RATNA SARI", "SUKIRNO"}
    # the resident's own entry is linked to their account (they see it on /keluarga/)
    assert FamilyMember.objects.get(full_name="DEWI ANGGRAENI").user == User.objects.get(username="dewi@contoh.id")
    assert "KK 3310250101100001: 4 members, 2 confirmed by the desk" in out


@pytest.mark.django_db
def test_the_demo_files_for_families_wait_where_a_new_user_finds_them(django_capture_on_commit_callbacks) -> None:
    _load_twice(django_capture_on_commit_callbacks)
    son = FamilyMember.objects.get(full_name="ARIF SANTOSO")
    card = Application.objects.get(form_data__demo="budi-anak-ktp")
    budi = User.objects.get(username="budi@contoh.id")
    assert (card.member, card.nik, card.applicant, card.status) == (son, son.nik, budi, "submitted")
    kk = Application.objects.get(form_data__demo="budi-kk")
    assert kk.decisions.get().actor == User.objects.get(username="verifikator")
    assert sorted(LifeEventCase.objects.values_list("kind", flat=True)) == ["birth", "death"]
    cases = {c.kind: c for c in LifeEventCase.objects.all()}
    for kind, reporter in (("birth", "dewi@contoh.id"), ("death", "wahyu@contoh.id")):
        files = Application.objects.filter(case=cases[kind])
        assert sorted(files.values_list("service_type__code", "status")) == sorted(
            [(f"akta-{'kelahiran' if kind == 'birth' else 'kematian'}", "submitted"), ("kk-perubahan", "submitted")])
        assert set(files.values_list("applicant__username", flat=True)) == {reporter}
    birth = Application.objects.get(form_data__demo="dewi-kelahiran")
    assert (birth.form_data["mother_name"], birth.form_data["father_name"]) == ("DEWI ANGGRAENI", "EKO PRASETYO")
    death = Application.objects.get(form_data__demo="wahyu-kematian")
    assert death.form_data["deceased_nik"] == FamilyMember.objects.get(full_name="SUKIRNO").nik


@pytest.mark.django_db
def test_the_demo_kk_is_signed_once_central_answers_with_the_family_and_its_verification_page_says_valid(
    django_capture_on_commit_callbacks, client,
) -> None:
    # what the workers of `make run` do after load_demo: the outbox sends the update, central registers it,
    # the task worker signs the KK
    from apps.central import outbox
    from apps.central.gateway import use_gateway
    from apps.central.tests.fakes import InProcessCentral
    from apps.digitaldocs.models import SignedDocument
    from apps.digitaldocs.routing import issue_registered

    _load_twice(django_capture_on_commit_callbacks)
    kk = Application.objects.get(form_data__demo="budi-kk")
    use_gateway(InProcessCentral())
    try:
        with django_capture_on_commit_callbacks(execute=True):
            outbox.drain()
    finally:
        use_gateway(None)
    issue_registered(kk.pk)
    kk.refresh_from_db()
    document = SignedDocument.objects.get(application=kk)
    assert (kk.status, document.kind, document.kk_number, document.state) == (
        "document_issued", "kk", "3310250101100001", "active")
    with document.pdf.open("rb") as pdf:
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for name in ("BUDI SANTOSO", "ENDANG WAHYUNI", "ARIF SANTOSO", "NADIA PUTRI SANTOSO"):
        assert name in text
    page = client.get(f"/dokumen/verifikasi/{document.number}/")
    assert page.status_code == 200 and 'id="document-state">BERLAKU<' in page.content.decode()


@pytest.mark.django_db
def test_a_demo_file_the_data_no_longer_allows_is_skipped_with_the_reason_and_the_others_are_made(
    django_capture_on_commit_callbacks,
) -> None:
    from apps.accounts import demo as accounts_demo
    from apps.applications import demo, services
    from apps.applications.models import ServiceType
    from apps.families import demo as families_demo
    from apps.locations import demo as locations_demo

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        locations_demo.load(out)
        accounts_demo.load(out)
        families_demo.load(out)
    # meanwhile someone filed a card for Budi's son by hand: one open card per NIK
    son = FamilyMember.objects.get(full_name="ARIF SANTOSO")
    by_hand = services.start_draft(ServiceType.objects.get(code="ktp-baru"), User.objects.get(
        username="budi@contoh.id"), member=son)
    Application.objects.filter(pk=by_hand.pk).update(status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(out)
    assert not Application.objects.filter(form_data__demo="budi-anak-ktp").exists()
    assert "Demo family file: skipped (" in out.getvalue()
    assert Application.objects.filter(form_data__demo__in=["budi-kk", "dewi-kelahiran", "wahyu-kematian"]).count() == 3
