"""Demo files for the families (issue 13, "beyond the card"), made the real way on the demo families of
``apps/families/demo.py``:

- Budi's current KK: a *KK perubahan* he submits, approved at the desk by the demo file receiver; the digital
  documents stage sends it to central (SENT_TO_CENTRAL) and the workers of ``make run`` (outbox, simulator, task
  worker) sign it. ``load_demo`` runs before the simulator starts, so it does not wait for central itself.
- A KTP-el Budi applies for on behalf of his son of 17 (``start_draft(member=...)``), waiting at the desk.
- Dewi's baby's birth (the deed with its companion KK file, one case) and the death of Wahyu's father (the same),
  both waiting at the desk: the event's fields filled in through the page's own form.

Idempotent: each file is found again by its ``form_data["demo"]`` key (a case's companion KK by its deed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import ResidentProfile, User
from apps.applications import services
from apps.applications.demo import _confirm, _draft, _existing, _upload_all
from apps.applications.forms_life import event_form
from apps.applications.models import Application, ServiceType
from apps.families import demo as families_demo
from apps.families.models import FamilyMember

BUDI, DEWI, WAHYU = "3310250101900001", "3310255203960004", "3310061507850003"


def _event(application: Application, kind: str, data: dict[str, Any]) -> None:
    """Fill in the birth's or death's fields as the page does: its form, then the service."""
    form = event_form(application, kind, data)
    if not form.is_valid():
        raise services.FlowError(f"the {kind} form refused the demo data: {form.errors.as_text()}")
    services.save_event(application, form.event())


def current_kk(budi: User, verifier: User) -> Application:
    """Budi's KK re-issued with a change in the family's data, approved at the desk and sent to central."""
    application = _draft(budi, "kk-perubahan", "budi-kk")
    services.save_changes(application, [{"element": "occupation", "label": "Pekerjaan", "new": "Wiraswasta"}])
    _upload_all(application, budi)
    services.submit(application, user=budi)
    services.claim(application, user=verifier)
    services.decide(application, user=verifier, outcome="approve", checklist={"data": True, "kk": True})
    return application


def card_for_son(budi: User, son: FamilyMember) -> Application:
    """A first KTP-el for Budi's son of 17, filed by Budi on his behalf: the son's NIK and identity, the KK's
    address."""
    application = services.start_draft(ServiceType.objects.get(code="ktp-baru"), budi, member=son)
    profile: ResidentProfile = budi.resident
    identity = {f: getattr(application, f) for f in ("full_name", "kk_number", "birth_place", "birth_date", "sex")}
    identity.update(address=profile.address, rt=profile.rt, rw=profile.rw)
    services.save_form(application, identity, extra={"contact_phone": budi.phone or "", "demo": "budi-anak-ktp"})
    _upload_all(application, budi)
    services.submit(application, user=budi)
    return application


def birth_case(dewi: User, members: dict[str, FamilyMember]) -> Application:
    """Dewi reports her daughter's birth (born nine days ago): the deed and the companion KK, one case."""
    application = _draft(dewi, "akta-kelahiran", "dewi-kelahiran")
    born = timezone.localdate() - dt.timedelta(days=9)
    _event(application, "birth", {
        "child_name": "ANINDYA PUTRI PRASETYO", "child_birth_date": born.isoformat(),
        "child_birth_place": "RSU Islam Klaten", "child_sex": "P",
        "mother_member_id": str(members["self"].pk), "father_member_id": str(members["suami"].pk),
    })
    _upload_all(application, dewi)
    services.submit(application, user=dewi)
    return application


def death_case(wahyu: User, members: dict[str, FamilyMember]) -> Application:
    """Wahyu reports his father's death (six days ago): the deed and the companion KK, one case."""
    application = _draft(wahyu, "akta-kematian", "wahyu-kematian")
    died = timezone.localdate() - dt.timedelta(days=6)
    _event(application, "death", {
        "deceased_member_id": str(members["ayah"].pk), "death_date": died.isoformat(),
        "death_place": "RSUP dr. Soeradji Tirtonegoro Klaten",
    })
    _upload_all(application, wahyu)
    services.submit(application, user=wahyu)
    return application


def _try(make: Callable[[], str], lines: list[str]) -> None:
    """Make one demo file in a savepoint; a step the data no longer allows (the demo data was changed by hand,
    e.g. the son already has an open card file) is reported and skipped, the other files are still made."""
    try:
        with transaction.atomic():
            lines.append(make())
    except services.FlowError as refused:
        lines.append(f"skipped ({refused.message})")


def load(stdout: Any) -> None:
    families = families_demo.ensure()
    verifier = User.objects.filter(username="verifikator").first()
    users = {p.nik: p.user for p in ResidentProfile.objects.select_related("user").filter(nik__in=(BUDI, DEWI,
                                                                                                   WAHYU))}
    budi, dewi, wahyu = users.get(BUDI), users.get(DEWI), users.get(WAHYU)
    budi_family, dewi_family, wahyu_family = (families.get(BUDI, {}), families.get(DEWI, {}),
                                              families.get(WAHYU, {}))
    lines: list[str] = []
    if budi is not None and verifier is not None and _existing("budi-kk") is None:
        _confirm(budi)
        _try(lambda: f"{current_kk(budi, verifier).number} KK perubahan (budi@contoh.id), approved at the desk and "
                     "sent to central: the workers of `make run` sign it within seconds; its file page links the "
                     "verification page (/dokumen/verifikasi/<document number>/)", lines)
    if budi is not None and "anak-17" in budi_family and _existing("budi-anak-ktp") is None:
        _confirm(budi)
        _try(lambda: f"{card_for_son(budi, budi_family['anak-17']).number} KTP-el baru for ARIF SANTOSO (17), "
                     "filed by his father budi@contoh.id, waiting at the desk", lines)
    if dewi is not None and "suami" in dewi_family and _existing("dewi-kelahiran") is None:
        _confirm(dewi)
        _try(lambda: _case_line(birth_case(dewi, dewi_family), "birth", "dewi@contoh.id"), lines)
    if wahyu is not None and "ayah" in wahyu_family and _existing("wahyu-kematian") is None:
        _confirm(wahyu)
        _try(lambda: _case_line(death_case(wahyu, wahyu_family), "death", "wahyu@contoh.id"), lines)
    for line in lines:
        stdout.write(f"  Demo family file: {line}")


def _case_line(deed: Application, kind: str, reporter: str) -> str:
    case = deed.case.number if deed.case else "-"
    return f"case {case}: {kind} deed {deed.number} and its KK, reported by {reporter}, waiting at the desk"
