"""What issuing a life event's documents does to the family (called from :func:`services.issue` and
:func:`services.content_for`).

- A birth: the child is added to the family (source desk, or central when central allocated the NIK), and the
  resident is offered the KIA for the child (the file page's button and a notification).
- A death: the member is marked deceased.
- Every KK the office issues lists the family's active members, so the re-issued KK of a case has the child and
  leaves the deceased out, whichever of the case's files is issued first (both apply the event; it is idempotent).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.applications.models import Application, LifeEventCase
from apps.applications.services.life_events import child_relationship
from apps.families import services as families
from apps.families.models import Family, MemberSource
from apps.notifications.services import in_language, notify

MAX_MEMBER_ROWS = 10  # what fits on the A4 page above the signature block


def _deed(application: Application) -> Application | None:
    if (application.form_data or {}).get("life_event"):
        return application
    if application.case_id is None:
        return None
    return Application.objects.filter(case_id=application.case_id, form_data__has_key="life_event").first()


def allocated_nik(deed: Application) -> tuple[str, str]:
    """The child's NIK and where it came from: central's answer (a newborn's NIK allocated by central), else the
    form's, else none yet."""
    record = getattr(deed, "central", None) if hasattr(deed, "central") else None
    answer = getattr(record, "answer", None) or {}
    if isinstance(answer, dict) and answer.get("nik"):
        return str(answer["nik"]), MemberSource.CENTRAL
    return str((deed.form_data or {}).get("child_nik", "")), MemberSource.DESK


def apply(application: Application, *, actor: Any = None) -> None:
    """Apply the life event of the application's case to the family (idempotent), before its document is drawn."""
    deed = _deed(application)
    if deed is None:
        return
    data = deed.form_data or {}
    _known_family(deed)
    if data.get("life_event") == LifeEventCase.Kind.BIRTH and data.get("child_birth_date"):
        nik, source = allocated_nik(deed)
        families.record_birth(
            deed.kk_number, full_name=str(data.get("child_name", "")), nik=nik, source=source, actor=actor,
            birth_date=dt.date.fromisoformat(str(data["child_birth_date"])), sex=str(data.get("child_sex", "")),
            birth_place=str(data.get("child_birth_place", "")), relationship=_relationship(deed),
        )
        if application.pk == deed.pk and deed.applicant_id:
            transaction.on_commit(lambda: offer_kia(deed.pk))
    elif data.get("life_event") == LifeEventCase.Kind.DEATH and data.get("deceased_nik"):
        families.record_death(deed.kk_number, nik=str(data["deceased_nik"]), actor=actor)


def _known_family(deed: Application) -> None:
    """A family Sipon has not recorded yet starts from the applicant's own profile (as the family pages do), so the
    re-issued KK lists at least the applicant beside the newborn."""
    profile = getattr(deed.applicant, "resident", None) if deed.applicant_id else None
    if profile is not None and profile.kk_number == deed.kk_number and not Family.objects.filter(
            kk_number=deed.kk_number).exists():
        families.family_of(deed.applicant)


def _relationship(deed: Application) -> str:
    return child_relationship(deed.kk_number, deed.form_data or {})


def offer_kia(deed_id: int) -> None:
    """Tell the parent the KIA can now be applied for, with the link to start it for the child."""
    deed = Application.objects.select_related("applicant").get(pk=deed_id)
    applicant = deed.applicant
    if applicant is None:
        return
    name = str((deed.form_data or {}).get("child_name", ""))
    link = settings.SITE_URL.rstrip("/") + reverse("applications:status", args=[deed.number]) + "#kia-offer"
    with in_language(applicant):
        notify(
            event="digitaldocs.kia_offered", recipient=applicant, channels=("in_app", "email"),
            subject=_("Ajukan KIA untuk %(name)s") % {"name": name},
            body=_("Akta kelahiran %(name)s sudah terbit dan anak sudah tercatat di KK. Kartu Identitas Anak (KIA) "
                   "dapat diajukan sekarang: %(link)s") % {"name": name, "link": link},
            url=link,
        )


def member_rows(application: Application) -> list[tuple[str, str]]:
    """The KK's rows for its members: every active member of the family, oldest first."""
    family = Family.objects.filter(kk_number=application.kk_number).first() if application.kk_number else None
    if family is None:
        return []
    members = families.active_members(family)
    rows = [(_("Anggota %(n)d") % {"n": index},
             f"{m.full_name} · {m.nik or _('NIK menunggu')} · {m.get_relationship_display()}")
            for index, m in enumerate(members[:MAX_MEMBER_ROWS], start=1)]
    if len(members) > MAX_MEMBER_ROWS:
        rows.append(("", _("dan %(n)d anggota lain") % {"n": len(members) - MAX_MEMBER_ROWS}))
    return rows
