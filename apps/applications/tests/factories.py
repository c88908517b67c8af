"""Deterministic builders for applications tests: sample files, drafts, submitted files."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.applications import services
from apps.applications.models import Application, ServiceType
from apps.applications.workflow import Status


def jpeg_bytes(width: int = 800, height: int = 600, *, color: tuple[int, int, int] = (200, 180, 150),
               exif_gps: bool = False, quality: int = 85) -> bytes:
    image = Image.new("RGB", (width, height), color)
    for x in range(0, width, 40):  # some structure so JPEG has real content
        for y in range(height):
            image.putpixel((x, y), (20, 20, 20))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        gps = {1: "S", 2: (7.0, 42.0, 0.0), 3: "E", 4: (110.0, 36.0, 0.0)}
        exif[0x8825] = gps  # GPSInfo IFD
        image.save(out, "JPEG", quality=quality, exif=exif)
    else:
        image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def pdf_bytes(pages: int = 1, *, javascript: bool = False, padding_kb: int = 0) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if javascript:
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject("app.alert('hi');")})
        writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)  # pypdf has no public add_object
    if padding_kb:
        writer.add_metadata({"/Subject": "x" * (padding_kb * 1024)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def service(code: str = "ktp-hilang") -> ServiceType:
    return ServiceType.objects.get(code=code)


def draft(user: Any, code: str = "ktp-hilang") -> Application:
    application = services.start_draft(service(code), user)
    profile = user.resident
    services.save_form(application, {f: getattr(profile, f) for f in services.IDENTITY_FIELDS},
                       extra={"contact_phone": "081234567890"})
    return application


def complete_draft(user: Any, code: str = "ktp-hilang") -> Application:
    application = draft(user, code)
    if application.service_type.changes_data:
        services.save_changes(application, [{"element": "occupation", "label": "Pekerjaan", "new": "Guru"}])
    for requirement in application.service_type.required_documents.all():
        if "image" in requirement.accepted_formats:
            file = upload(f"{requirement.kind}.jpg", jpeg_bytes())
        else:
            file = upload(f"{requirement.kind}.pdf", pdf_bytes())
        services.upload_document(application, requirement, file, user=user)
    return application


def submitted(user: Any, code: str = "ktp-hilang") -> Application:
    application = complete_draft(user, code)
    services.submit(application, user=user)
    application.refresh_from_db()
    return application


def resident(**kwargs: Any) -> Any:
    """A resident who has confirmed their contact (as needed to submit)."""
    from django.utils import timezone

    from tests.factories import make_resident

    user = make_resident(**kwargs)
    user.contact_confirmed_at = timezone.now()
    user.save(update_fields=["contact_confirmed_at"])
    return user


# --- Life events (births, deaths) -------------------------------------------------------------------------

BIRTH = {"child_name": "RARA AYU", "child_birth_date": "2026-11-20", "child_birth_place": "Klaten",
         "child_sex": "P", "child_nik": ""}


def family(head: Any, *members: dict[str, Any]) -> Any:
    """The head's family (made from their profile), with the other members added as the resident would."""
    from apps.families import services as families

    household = families.family_of(head)
    for member in members:
        families.add_member(head, **member)
    return household


def birth_draft(user: Any, **event: Any) -> Application:
    """A complete birth-deed draft (documents uploaded) with the birth saved through the form's service."""
    application = complete_draft(user, "akta-kelahiran")
    services.save_event(application, {**BIRTH, **event})
    return application


def death_draft(user: Any, deceased: Any, **event: Any) -> Application:
    """A complete death-deed draft for a member of the applicant's KK."""
    application = complete_draft(user, "akta-kematian")
    services.save_event(application, {
        "deceased_member_id": deceased.pk, "deceased_nik": deceased.nik, "deceased_name": deceased.full_name,
        "deceased_birth_date": deceased.birth_date.isoformat(), "death_date": "2026-12-01",
        "death_place": "RSUD Klaten", **event,
    })
    return application


def issued(user: Any, code: str = "kk-perubahan") -> Application:
    """A digital-document file taken through the desk and central to its signed document: e.g. the family's current
    KK before a life event re-issues it. Verified (the stage sends it to central after the commit), the outbox
    drained (central's answer applied), and the signing the answer queued done at once (idempotent)."""
    from apps.central import outbox
    from apps.digitaldocs.routing import issue_registered
    from tests.factories import after_commit

    application = submitted(user, code)
    with after_commit():
        services.transition(application, Status.IN_VERIFICATION)
        services.transition(application, Status.VERIFIED)
    with after_commit():
        outbox.drain()
    issue_registered(application.pk)
    application.refresh_from_db()
    return application
