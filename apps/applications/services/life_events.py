"""Bad input on life-event services (akta kelahiran, akta kematian), checked when the event's form is saved and
again at submission.

The form data names the person the event is about: for a birth ``child_name``, ``child_birth_date`` (ISO),
``child_birth_place``, ``child_sex``, ``child_nik`` (usually empty: central allocates it), and the parents
(``mother_member_id``/``mother_name``/``mother_nik``, the same for ``father_``); for a death
``deceased_member_id``, ``deceased_nik``, ``deceased_name``, ``deceased_birth_date``, ``death_date``,
``death_place``. The checks read the core's own tables and the families below it, so a refused file stays a draft
with everything the resident entered (nothing lost).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Sex
from apps.accounts.nik import parse_nik
from apps.applications.models import Application, Channel, ServiceType
from apps.applications.workflow import Status
from apps.families import services as families
from apps.families.models import Family, FamilyMember, MemberState, Relationship

GONE = (Status.CANCELLED, Status.REJECTED, Status.DRAFT)
BIRTH_SERVICE, DEATH_SERVICE = "akta-kelahiran", "akta-kematian"
PARENTS = ("mother", "father")


def event_kind(service_type: ServiceType) -> str:
    """``"birth"``, ``"death"`` or ``""``: which life event a service registers."""
    return {BIRTH_SERVICE: "birth", DEATH_SERVICE: "death"}.get(service_type.code, "")


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _nik_birth(nik: str) -> dt.date | None:
    try:
        return parse_nik(nik).birth_date if nik else None
    except ValidationError:
        return None


def family_for(kk_number: str) -> Family | None:
    return Family.objects.filter(kk_number=kk_number).first() if kk_number else None


def member_of(kk_number: str, member_id: Any) -> FamilyMember | None:
    """An active member of this KK by id, else None (a member of another KK is never found)."""
    try:
        pk = int(member_id)
    except (TypeError, ValueError):
        return None
    return FamilyMember.objects.filter(pk=pk, family__kk_number=kk_number, state=MemberState.ACTIVE).first()


def child_relationship(kk_number: str, data: dict[str, Any]) -> str:
    """The newborn's place on the KK: a child of the head or spouse is ``child``, of another member a grandchild."""
    chosen = [member_of(kk_number, data.get(f"{p}_member_id")) for p in PARENTS]
    members = [m for m in chosen if m is not None]
    if not members or any(m.relationship in families.PARENTS for m in members):
        return Relationship.CHILD
    if any(m.relationship == Relationship.CHILD for m in members):
        return Relationship.GRANDCHILD
    return Relationship.OTHER


def newborn_member(application: Application) -> FamilyMember | None:
    """The family member a birth file added (after its deed was issued), by NIK or by name and birth date."""
    data = application.form_data or {}
    members = FamilyMember.objects.filter(family__kk_number=application.kk_number, state=MemberState.ACTIVE)
    nik, born = str(data.get("child_nik", "")), _date(data.get("child_birth_date"))
    if nik and (member := members.filter(nik=nik).first()) is not None:
        return member
    if born is None:
        return None
    return members.filter(full_name__iexact=str(data.get("child_name", "")).strip(), birth_date=born).first()


def summary(application: Application) -> list[tuple[str, str]]:
    """The event's fields as the desk reads them (label, value)."""
    data = application.form_data or {}
    kind = event_kind(application.service_type)

    def day(key: str) -> str:
        value = _date(data.get(key))
        return f"{value:%d-%m-%Y}" if value else "-"

    if kind == "birth":
        sex = dict(Sex.choices).get(str(data.get("child_sex", "")), "-")
        return [(_("Nama anak"), str(data.get("child_name", "-"))), (_("Tanggal lahir anak"), day("child_birth_date")),
                (_("Tempat lahir anak"), str(data.get("child_birth_place", "-"))), (_("Jenis kelamin anak"), str(sex)),
                (_("Ibu"), str(data.get("mother_name") or "-")), (_("Ayah"), str(data.get("father_name") or "-"))]
    if kind == "death":
        return [(_("Almarhum/almarhumah"), str(data.get("deceased_name", "-"))),
                (_("NIK almarhum/almarhumah"), str(data.get("deceased_nik", "-"))),
                (_("Tanggal kematian"), day("death_date")), (_("Tempat kematian"), str(data.get("death_place", "-")))]
    return []


def missing(application: Application) -> list[str]:
    """What an online life-event file still lacks before it can be submitted. (The counter's walk-in form does not
    ask the event's fields yet: the desk reads them from the certificates it checks.)"""
    data = application.form_data or {}
    kind = event_kind(application.service_type) if application.channel == Channel.ONLINE else ""
    if kind == "birth" and not (data.get("child_name") and data.get("child_birth_date")):
        return [_("Isi data kelahiran anak.")]
    if kind == "death" and not (data.get("deceased_nik") and data.get("death_date")):
        return [_("Isi data kematian.")]
    return []


def birth_problems(kk_number: str, data: dict[str, Any]) -> dict[str, str]:
    """Field -> why a birth cannot be registered as entered: born in the future, before a parent, a NIK that
    belongs to someone in another KK."""
    problems: dict[str, str] = {}
    born = _date(data.get("child_birth_date"))
    if born is None:
        return problems
    if born > timezone.localdate():
        problems["child_birth_date"] = _("Tanggal lahir anak tidak boleh sesudah hari ini.")
        return problems
    for parent in PARENTS:
        member = member_of(kk_number, data.get(f"{parent}_member_id"))
        if data.get(f"{parent}_member_id") and member is None:
            problems[f"{parent}_member_id"] = _("Anggota keluarga yang dipilih tidak ada di KK Anda. Pilih lagi.")
            continue
        name = member.full_name if member else str(data.get(f"{parent}_name", ""))
        parent_born = member.birth_date if member else _nik_birth(str(data.get(f"{parent}_nik", "")))
        if parent_born is not None and born <= parent_born:
            problems["child_birth_date"] = _(
                "Tanggal lahir anak (%(child)s) tidak mungkin sebelum tanggal lahir orang tuanya, %(name)s "
                "(%(parent)s). Periksa tanggal lahir."
            ) % {"child": f"{born:%d-%m-%Y}", "name": name, "parent": f"{parent_born:%d-%m-%Y}"}
    family = family_for(kk_number)
    if family is not None and "child_birth_date" not in problems:
        try:
            families.check_member(family, nik=str(data.get("child_nik", "")), birth_date=born,
                                  sex=str(data.get("child_sex", "")),
                                  relationship=child_relationship(kk_number, data))
        except families.FamilyError as refused:
            field = {"nik": "child_nik", "birth_date": "child_birth_date"}.get(refused.field, "child_name")
            problems[field] = refused.message
    return problems


def death_problems(kk_number: str, data: dict[str, Any], *, applicant_nik: str = "") -> dict[str, str]:
    """Field -> why a death cannot be registered as entered: someone not in this KK (or in another), the
    applicant themself, a death date in the future or before the birth."""
    problems: dict[str, str] = {}
    nik = str(data.get("deceased_nik", "")).strip()
    if data.get("deceased_member_id") and member_of(kk_number, data.get("deceased_member_id")) is None:
        problems["deceased_member_id"] = _("Anggota keluarga yang dipilih tidak ada (lagi) di KK Anda. Pilih lagi.")
    elif nik:
        elsewhere = (FamilyMember.objects.filter(nik=nik, state=MemberState.ACTIVE)
                     .exclude(family__kk_number=kk_number).first())
        if elsewhere is not None:
            problems["deceased_nik"] = _(
                "NIK %(nik)s tercatat sebagai anggota KK lain. Kematian dilaporkan oleh keluarga dalam KK "
                "almarhum/almarhumah; periksa NIK."
            ) % {"nik": families.mask(nik)}
        elif applicant_nik and nik == applicant_nik:
            problems["deceased_nik"] = _("NIK ini adalah NIK Anda sendiri. Pilih anggota keluarga yang meninggal.")
    died = _date(data.get("death_date"))
    born = _date(data.get("deceased_birth_date")) or _nik_birth(nik)
    if died is not None and died > timezone.localdate():
        problems["death_date"] = _("Tanggal kematian tidak boleh sesudah hari ini.")
    elif died is not None and born is not None and died < born:
        problems["death_date"] = _(
            "Tanggal kematian (%(died)s) tidak mungkin sebelum tanggal lahir (%(born)s). Periksa tanggalnya."
        ) % {"died": f"{died:%d-%m-%Y}", "born": f"{born:%d-%m-%Y}"}
    return problems


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


def death_already_registered(application: Application) -> Application | None:
    """Another live death registration for the same person (same NIK)."""
    nik = str((application.form_data or {}).get("deceased_nik", "")).strip()
    if not nik:
        return None
    return (
        Application.objects.filter(service_type=application.service_type, form_data__deceased_nik=nik)
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
    kind = event_kind(application.service_type)
    if kind == "birth":
        problems += birth_problems(application.kk_number, data).values()
    elif kind == "death":
        problems += death_problems(application.kk_number, data, applicant_nik=application.nik).values()
    if data.get("child_name") or data.get("child_nik"):
        other = birth_already_registered(application)
        if other is not None:
            problems.append(
                _("Kelahiran anak ini sudah didaftarkan (permohonan %(number)s). Satu kelahiran hanya "
                  "didaftarkan sekali; lihat permohonan tersebut.") % {"number": other.number}
            )
    deceased = str(data.get("deceased_nik", "")).strip()
    if deceased and (twice := death_already_registered(application)) is not None:
        problems.append(_("Kematian ini sudah dilaporkan (permohonan %(number)s). Satu kematian hanya dilaporkan "
                          "sekali; lihat permohonan tersebut.") % {"number": twice.number})
    if deceased:
        other = open_card_application(deceased)
        if other is not None:
            problems.append(
                _("Masih ada permohonan kartu yang berjalan untuk NIK %(nik)s (permohonan %(number)s). Petugas "
                  "menutupnya dulu sebelum akta kematian diterbitkan; hubungi loket layanan.")
                % {"nik": deceased[:6] + "******" + deceased[-4:], "number": other.number}
            )
    return problems
