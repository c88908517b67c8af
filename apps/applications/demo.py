"""Demo applications for the demo residents, in several states: a lost card waiting at the
desk, a draft, a first card waiting for biometric recording, and a data change sent back for
correction; and the families' files (:mod:`apps.applications.demo_families`). Idempotent: each demo
file is found again by its ``form_data["demo"]`` key."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from apps.accounts.models import ResidentProfile, User
from apps.applications import services
from apps.applications.catalogue import ensure
from apps.applications.models import Application, ServiceType


def _document_photo(title: str, lines: list[str]) -> SimpleUploadedFile:
    image = Image.new("RGB", (1400, 1000), (244, 241, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 1370, 970), outline=(60, 60, 60), width=4)
    draw.text((80, 80), title, fill=(20, 20, 20))
    for i, line in enumerate(lines):
        draw.text((80, 160 + i * 50), line, fill=(40, 40, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.jpg", out.getvalue(), content_type="image/jpeg")


def _police_report(name: str) -> SimpleUploadedFile:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.drawString(72, 770, "KEPOLISIAN NEGARA REPUBLIK INDONESIA - RESOR KLATEN")
    pdf.drawString(72, 740, "SURAT TANDA PENERIMAAN LAPORAN KEHILANGAN")
    pdf.drawString(72, 700, f"Nama: {name}")
    pdf.drawString(72, 680, "Barang hilang: KTP-el")
    pdf.save()
    return SimpleUploadedFile("surat-kehilangan.pdf", out.getvalue(), content_type="application/pdf")


def _existing(key: str) -> Application | None:
    return Application.objects.filter(form_data__demo=key).first()


def _draft(user: User, code: str, key: str, *, married: bool | None = None) -> Application:
    profile: ResidentProfile = user.resident
    application = services.start_draft(ServiceType.objects.get(code=code), user, married=married)
    services.save_form(application, {f: getattr(profile, f) for f in services.IDENTITY_FIELDS},
                       extra={"contact_phone": user.phone or "", "demo": key})
    return application


def _upload_all(application: Application, user: User) -> None:
    profile = user.resident
    for requirement in application.service_type.required_documents.all():
        if requirement.kind == "surat-kehilangan":
            file = _police_report(profile.full_name)
        else:
            file = _document_photo(requirement.name.upper(), [f"NIK {profile.nik}", profile.full_name,
                                                               f"No. KK {profile.kk_number}"])
        services.upload_document(application, requirement, file, user=user)


def _confirm(user: User) -> None:
    if not user.contact_confirmed_at:
        user.contact_confirmed_at = timezone.now()
        user.save(update_fields=["contact_confirmed_at"])


def load(stdout: Any) -> None:
    ensure()
    verifier = User.objects.filter(username="verifikator").first()
    residents = {p.nik: p.user for p in ResidentProfile.objects.select_related("user")}
    budi = residents.get("3310250101900001")
    siti = residents.get("3310254512080002")
    wahyu = residents.get("3310061507850003")
    made = []
    with transaction.atomic():
        # A draft started before the lost-card file was submitted: submitting it is refused (one open KTP-el
        # application per NIK), with a link to the open one.
        if budi is not None and _existing("budi-rusak") is None and _existing("budi-hilang") is None:
            made.append(_draft(budi, "ktp-rusak", "budi-rusak").number)
        if budi is not None and _existing("budi-hilang") is None:
            _confirm(budi)
            application = _draft(budi, "ktp-hilang", "budi-hilang")
            _upload_all(application, budi)
            services.submit(application, user=budi)
            made.append(application.number)
        if siti is not None and verifier is not None and _existing("siti-baru") is None:
            _confirm(siti)
            application = _draft(siti, "ktp-baru", "siti-baru")
            _upload_all(application, siti)
            services.submit(application, user=siti)
            services.claim(application, user=verifier)
            services.decide(application, user=verifier, outcome="approve", checklist={"data": True, "kk": True})
            made.append(application.number)
        if wahyu is not None and verifier is not None and _existing("wahyu-perubahan") is None:
            _confirm(wahyu)
            application = _draft(wahyu, "ktp-perubahan-data", "wahyu-perubahan")
            services.save_changes(application, [
                {"element": "occupation", "label": "Pekerjaan", "new": "Guru"},
                {"element": "marital_status", "label": "Status perkawinan", "new": "Kawin"},
            ])
            _upload_all(application, wahyu)
            services.submit(application, user=wahyu)
            services.claim(application, user=verifier)
            services.decide(application, user=verifier, outcome="return",
                            items={"bukti-perubahan": "Unggah buku nikah halaman identitas suami dan istri."})
            made.append(application.number)
    if made:
        stdout.write("  Demo applications: " + ", ".join(made))
    from apps.applications import demo_families  # it builds on this module's helpers

    demo_families.load(stdout)
