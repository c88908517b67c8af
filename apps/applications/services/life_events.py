"""Bad input on life-event services (akta kelahiran, akta kematian), checked from data at submission.

The form data names the person the event is about (``child_name``/``child_birth_date``/``child_nik`` for a
birth, ``deceased_nik`` for a death); the checks read only the core's own tables, so a refused file stays a
draft with everything the resident entered (nothing lost).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from apps.applications.models import Application, ServiceType
from apps.applications.workflow import Status

GONE = (Status.CANCELLED, Status.REJECTED, Status.DRAFT)


def birth_already_registered(application: Application) -> Application | None:
    """Another live birth registration for the same child: same child NIK, or same name and birth date in the
    same KK."""
    data = application.form_data or {}
    name = str(data.get("child_name", "")).strip()
    born = str(data.get("child_birth_date", "")).strip()
    child_nik = str(data.get("child_nik", "")).strip()
    same = Q()
    if child_nik:
        same |= Q(form_data__child_nik=child_nik)
    if name and born and application.kk_number:
        same |= Q(kk_number=application.kk_number, form_data__child_name__iexact=name,
                  form_data__child_birth_date=born)
    if not same:
        return None
    return (
        Application.objects.filter(same, service_type=application.service_type)
        .exclude(pk=application.pk).exclude(status__in=GONE).order_by("pk").first()
    )


def open_card_application(nik: str) -> Application | None:
    """A card application (KTP-el, KIA) still open for this NIK."""
    return (
        Application.objects.filter(nik=nik, service_type__product_kind=ServiceType.ProductKind.CARD)
        .exclude(status__in=(*GONE, Status.COLLECTED)).order_by("pk").first()
    )


def conflicts(application: Application) -> list[str]:
    data = application.form_data or {}
    problems: list[str] = []
    if data.get("child_name") or data.get("child_nik"):
        other = birth_already_registered(application)
        if other is not None:
            problems.append(
                _("Kelahiran anak ini sudah didaftarkan (permohonan %(number)s). Satu kelahiran hanya "
                  "didaftarkan sekali; lihat permohonan tersebut.") % {"number": other.number}
            )
    deceased = str(data.get("deceased_nik", "")).strip()
    if deceased:
        other = open_card_application(deceased)
        if other is not None:
            problems.append(
                _("Masih ada permohonan kartu yang berjalan untuk NIK %(nik)s (permohonan %(number)s). Petugas "
                  "menutupnya dulu sebelum akta kematian diterbitkan; hubungi loket layanan.")
                % {"nik": deceased[:6] + "******" + deceased[-4:], "number": other.number}
            )
    return problems
