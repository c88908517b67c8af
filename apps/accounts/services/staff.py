"""Where each person starts, and the staff pages their roles open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from apps.accounts.roles import Role, held_roles, roles_of
from apps.accounts.services.contact import contact_confirmed

# Where each role starts its day. The first role a person holds, in this order, wins.
ROLE_START_PAGES: list[tuple[str, str]] = [
    (Role.SECTION_HEAD, "dashboards_staff:home"),
    (Role.FILE_RECEIVER, "applications_staff:queue"),
    (Role.OPERATOR, "issuance_staff:print_queue"),
    (Role.PICKUP_OFFICER, "issuance_staff:pickup"),
    (Role.INFORMATION_DESK, "queueing_staff:information_desk"),
    (Role.CUSTOMER_SERVICE, "complaints_staff:inbox"),
    (Role.ADMINISTRATOR, "accounts_staff:staff_list"),
]

# Every staff page worth a link on the desk, with the roles that may open it. Pages whose URL does not
# exist (yet) are left out, so the desk never shows a broken link.
STAFF_LINKS: list[tuple[str, Any, tuple[str, ...]]] = [
    ("dashboards_staff:home", gettext_lazy("Dasbor kepala seksi"), (Role.SECTION_HEAD,)),
    ("dashboards_staff:monthly_report", gettext_lazy("Laporan bulanan"), (Role.SECTION_HEAD,)),
    ("applications_staff:queue", gettext_lazy("Antrean verifikasi berkas"), (Role.FILE_RECEIVER,)),
    ("queueing_staff:counters", gettext_lazy("Loket: panggil antrean"),
     (Role.INFORMATION_DESK, Role.FILE_RECEIVER, Role.OPERATOR, Role.PICKUP_OFFICER)),
    ("queueing_staff:information_desk", gettext_lazy("Meja informasi dan antrean"),
     (Role.INFORMATION_DESK, Role.FILE_RECEIVER, Role.SECTION_HEAD)),
    ("issuance_staff:biometrics", gettext_lazy("Perekaman biometrik"), (Role.OPERATOR,)),
    ("issuance_staff:print_queue", gettext_lazy("Antrean cetak KTP-el"), (Role.OPERATOR,)),
    ("issuance_staff:stock", gettext_lazy("Stok blangko"), (Role.OPERATOR, Role.SECTION_HEAD)),
    ("issuance_staff:pickup", gettext_lazy("Pengambilan KTP-el"), (Role.PICKUP_OFFICER,)),
    ("issuance_staff:uncollected", gettext_lazy("KTP-el belum diambil"), (Role.PICKUP_OFFICER, Role.SECTION_HEAD)),
    ("central_staff:status", gettext_lazy("Jaringan pusat dan antrean kirim"),
     (Role.OPERATOR, Role.SECTION_HEAD, Role.FILE_RECEIVER)),
    ("complaints_staff:inbox", gettext_lazy("Kotak pengaduan"), (Role.CUSTOMER_SERVICE, Role.SECTION_HEAD)),
    ("complaints_staff:my_actions", gettext_lazy("Tindak lanjut saya"),
     (Role.CUSTOMER_SERVICE, Role.SECTION_HEAD, Role.OPERATOR, Role.FILE_RECEIVER, Role.PICKUP_OFFICER,
      Role.INFORMATION_DESK)),
    ("complaints_staff:evaluation", gettext_lazy("Evaluasi bulanan"), (Role.SECTION_HEAD,)),
    ("surveys_staff:report", gettext_lazy("Laporan IKM"), (Role.SECTION_HEAD, Role.CUSTOMER_SERVICE)),
    ("publicinfo_staff:standards", gettext_lazy("Standar pelayanan"), (Role.SECTION_HEAD,)),
    ("applications_staff:catalogue", gettext_lazy("Katalog layanan: persyaratan, umur, standar waktu"),
     (Role.SECTION_HEAD, Role.ADMINISTRATOR)),
    ("announcements_staff:list", gettext_lazy("Pengumuman"),
     (Role.SECTION_HEAD, Role.CUSTOMER_SERVICE, Role.INFORMATION_DESK)),
    ("outreach_staff:overview", gettext_lazy("Sosialisasi"), (Role.SECTION_HEAD, Role.INFORMATION_DESK)),
    ("privacy_staff:corrections", gettext_lazy("Permintaan koreksi data"), (Role.CUSTOMER_SERVICE, Role.SECTION_HEAD)),
    ("privacy_staff:breaches", gettext_lazy("Register insiden data pribadi"), (Role.SECTION_HEAD,)),
    ("privacy_staff:access_log", gettext_lazy("Siapa melihat data seseorang"), (Role.SECTION_HEAD,)),
    ("core_staff:audit", gettext_lazy("Log audit"), (Role.SECTION_HEAD,)),
    ("accounts_staff:staff_list", gettext_lazy("Akun petugas: peran, lokasi, verifikasi dua langkah"),
     (Role.ADMINISTRATOR,)),
    ("locations_staff:list", gettext_lazy("Lokasi layanan: jam buka dan penutupan"), (Role.ADMINISTRATOR,)),
    ("announcements_staff:webhooks", gettext_lazy("Webhook pengumuman"), (Role.ADMINISTRATOR,)),
]
# The Django admin is for superusers only (technical repairs); administrators work in the pages above.
SUPERUSER_LINKS: list[tuple[str, Any]] = [("admin:index", gettext_lazy("Administrasi Django (superuser)"))]


@dataclass(frozen=True)
class StaffLink:
    url: str
    label: str


def _reverse_or_none(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def staff_links_for(user: Any) -> list[StaffLink]:
    """The staff pages this person's roles open (administrators: every page), that exist."""
    held = roles_of(user)
    links = []
    for url_name, label, roles in STAFF_LINKS:
        if url_name.startswith("admin:") and not getattr(user, "is_superuser", False):
            continue  # the Django admin is for superusers only (apps.accounts.admin)
        if Role.ADMINISTRATOR in held or held & set(roles):
            url = _reverse_or_none(url_name)
            if url:
                links.append(StaffLink(url=url, label=str(label)))
    if getattr(user, "is_superuser", False):
        links += [StaffLink(url=url, label=str(label)) for name, label in SUPERUSER_LINKS
                  if (url := _reverse_or_none(name))]
    return links


def start_url_for(user: Any) -> str:
    """Residents: their own page. Staff: their role's start page, or the staff desk when that page
    does not exist. Chosen by the roles held (a staff member who has not passed the second factor yet lands on
    the page that asks for it, never back here)."""
    held = held_roles(user)
    if not held:
        return reverse("accounts:start")
    for role, url_name in ROLE_START_PAGES:
        if url_name.startswith("admin:") and not getattr(user, "is_superuser", False):
            continue  # the Django admin is for superusers only
        if role in held:
            url = _reverse_or_none(url_name)
            if url:
                return url
    return reverse("accounts_staff:desk")


def _first_url(*names: str) -> str | None:
    for name in names:
        url = _reverse_or_none(name)
        if url:
            return url
    return None


def resident_start_context(user: Any) -> dict[str, Any]:
    profile = getattr(user, "resident", None)
    applications = list(user.applications.select_related("service_type").order_by("-created_at")[:20])
    for application in applications:
        # the status page belongs to the applications app; no link until it exists
        try:
            application.status_url = reverse("applications:status", args=[application.number])
        except NoReverseMatch:
            application.status_url = ""
    return {
        "profile": profile,
        "applications": applications,
        "contact_confirmed": contact_confirmed(user),
        # the "apply" page belongs to the applications app; link to it once it exists
        "apply_url": _first_url("applications:new", "applications:create", "applications:catalogue",
                                "applications:start", "applications:list"),
        "booking_url": _first_url("appointments:book", "appointments:new", "appointments:list"),
    }
