"""Issuing signed digital documents (KK, akta, SKPWNI) and looking them up for the public verification page."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.models import Application, ServiceType
from apps.applications.services import lock, transition
from apps.applications.workflow import Status
from apps.core.audit import record
from apps.digitaldocs import family_effects, render, signing
from apps.digitaldocs.models import SignedDocument
from apps.notifications.services import in_language, notify

Kind = SignedDocument.Kind

# Which document a digital service produces: by its category, then by the words of its code (data, not a
# branch per service: a new akta service named "akta-kelahiran-..." produces a birth deed).
_BY_CODE_WORD = (("kelahiran", Kind.BIRTH), ("kematian", Kind.DEATH), ("pindah-keluar", Kind.SKPWNI))
_PREFIX = {Kind.KK: "KK", Kind.BIRTH: "AKL", Kind.DEATH: "AKM", Kind.SKPWNI: "SKP"}


class DocumentError(Exception):
    pass


def kind_for(service_type: ServiceType) -> str:
    for word, kind in _BY_CODE_WORD:
        if word in service_type.code:
            return kind
    return Kind.KK


def mask_nik(nik: str) -> str:
    return nik[:6] + "*" * max(len(nik) - 10, 0) + nik[-4:] if len(nik) >= 10 else "*" * len(nik)


def new_number(kind: str) -> str:
    # A random part: numbers are not guessable, so the public page does not enumerate residents.
    return f"3310-{_PREFIX[Kind(kind)]}-{timezone.localdate():%Y%m%d}-{secrets.token_hex(4).upper()}"


def verify_url(number: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("digitaldocs:verify", args=[number])


def _subject(application: Application, kind: str, answer: Mapping[str, Any] | None = None) -> tuple[str, str]:
    data = application.form_data or {}
    if kind == Kind.BIRTH and data.get("child_name"):
        # A newborn without a NIK: the one central allocated when it registered the birth.
        return str(data.get("child_nik", "") or (answer or {}).get("nik", "")), str(data["child_name"])
    if kind == Kind.DEATH and data.get("deceased_nik"):
        return str(data["deceased_nik"]), str(data.get("deceased_name", ""))
    return application.nik, application.full_name


def content_for(
    application: Application, kind: str, number: str, answer: Mapping[str, Any] | None = None
) -> render.DocumentContent:
    nik, name = _subject(application, kind, answer)
    rows = [("Nama", name or "-"), ("NIK", nik or "-"), ("Nomor KK", application.kk_number or "-"),
            ("Alamat", application.address or "-"), ("Nomor permohonan", application.number)]
    if answer and answer.get("registration_number"):
        rows.append(("Nomor registrasi pusat", str(answer["registration_number"])))

    rows += family_effects.member_rows(application) if kind == Kind.KK else []
    return render.DocumentContent(
        title=str(SignedDocument.Kind(kind).label),
        number=number,
        issued_on=timezone.localdate(),
        rows=tuple(rows),
        verify_url=verify_url(number),
        signer_line="Ditandatangani: Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Klaten",
        local_mark=("SERTIFIKAT LOKAL UJI COBA - BUKAN TANDA TANGAN ELEKTRONIK NASIONAL" if signing.is_local() else ""),
    )


def make_pdf(content: render.DocumentContent) -> bytes:
    return signing.sign(render.render(content), reason=f"{content.title} {content.number}",
                        icc_profile=render.srgb_profile())


@transaction.atomic
def issue(application: Application, *, actor: Any = None, answer: Mapping[str, Any] | None = None) -> SignedDocument:
    """Sign and store the document of a digital-service file, supersede the family's previous KK, and close the
    file as DOCUMENT_ISSUED. ``answer``: central's registration of the update (``apps.central.civil``: the
    registration number printed on the document, the NIK allocated to a newborn). Idempotent per
    (application, kind)."""
    locked = lock(application.pk)
    kind = kind_for(locked.service_type)
    existing = SignedDocument.objects.filter(application=locked, kind=kind).first()
    if existing is not None:
        return existing
    if locked.service_type.product_kind != ServiceType.ProductKind.DIGITAL:
        raise DocumentError("Only a digital-document service issues a signed document.")
    family_effects.apply(locked, actor=actor)  # a birth or death changes the family before its KK is drawn
    number = new_number(kind)
    pdf = make_pdf(content_for(locked, kind, number, answer))
    nik, name = _subject(locked, kind, answer)
    document = SignedDocument(
        number=number, application=locked, kind=kind, subject_nik=nik, subject_name=name,
        kk_number=locked.kk_number, issued_at=timezone.now(), sha256=hashlib.sha256(pdf).hexdigest(),
        registration_number=str((answer or {}).get("registration_number", ""))[:40],
        signer_subject=signing.signer_subject()[:255],
    )
    document.pdf.save(f"{number}.pdf", ContentFile(pdf), save=False)
    document.save()
    if kind == Kind.KK and locked.kk_number:
        SignedDocument.objects.filter(kind=Kind.KK, kk_number=locked.kk_number, state=SignedDocument.State.ACTIVE
                                      ).exclude(pk=document.pk).update(
            state=SignedDocument.State.SUPERSEDED, superseded_by=document
        )
    if locked.status in (Status.VERIFIED, Status.SENT_TO_CENTRAL):
        note = _("Dokumen %(number)s terbit.") % {"number": number}
        transition(locked, Status.DOCUMENT_ISSUED, actor=actor, note=note)
    record("digitaldocs.issue", actor=actor, obj=locked)
    applicant = locked.applicant
    if applicant is not None and applicant.email:
        transaction.on_commit(lambda: _email_copy(document.pk))
    return document


def _email_copy(document_id: int) -> None:
    document = SignedDocument.objects.select_related("application__applicant").get(pk=document_id)
    applicant = document.application.applicant
    link = settings.SITE_URL.rstrip("/") + reverse("digitaldocs:download", args=[document.number])
    with in_language(applicant):
        notify(
            event="digitaldocs.issued", recipient=applicant, channels=("email",),
            subject=_("%(title)s Anda sudah terbit") % {"title": document.get_kind_display()},
            body=_("Dokumen %(title)s nomor %(number)s sudah ditandatangani secara elektronik. Salinannya "
                   "(PDF) terlampir; dapat diunduh juga di %(link)s. Cetak di kertas HVS A4 bila perlu. "
                   "Keasliannya dapat diperiksa di %(verify)s.")
            % {"title": document.get_kind_display(), "number": document.number, "link": link,
               "verify": verify_url(document.number)},
            url=link,
            attachment=document.pdf.name or "",
        )


def lookup(number: str) -> SignedDocument | None:
    return SignedDocument.objects.filter(number=number).select_related("superseded_by").first()
