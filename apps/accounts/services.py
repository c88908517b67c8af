"""Account writes and lookups."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from apps.accounts.roles import Role, roles_of

# Where each role starts its day. The first role a person holds, in this order, wins.
ROLE_START_PAGES: list[tuple[str, str]] = [
    (Role.SECTION_HEAD, "dashboards_staff:home"),
    (Role.FILE_RECEIVER, "applications_staff:queue"),
    (Role.OPERATOR, "issuance_staff:print_queue"),
    (Role.PICKUP_OFFICER, "issuance_staff:pickup"),
    (Role.INFORMATION_DESK, "queueing_staff:information_desk"),
    (Role.CUSTOMER_SERVICE, "complaints_staff:inbox"),
    (Role.ADMINISTRATOR, "admin:index"),
]


def start_url_for(user: Any) -> str:
    held = roles_of(user)
    for role, url_name in ROLE_START_PAGES:
        if role in held:
            try:
                return reverse(url_name)
            except NoReverseMatch:
                continue
    return reverse("accounts:start")


def resident_start_context(user: Any) -> dict[str, Any]:
    profile = getattr(user, "resident", None)
    applications = list(user.applications.select_related("service_type").order_by("-created_at")[:20])
    return {"profile": profile, "applications": applications}


def build_register_form(data: Any = None) -> Any:
    """The registration form with Klaten's kecamatan and the chosen kecamatan's villages."""
    from django.conf import settings

    from apps.accounts.forms import RegisterForm
    from apps.regions.models import Region

    form = RegisterForm(data)
    districts = list(Region.objects.filter(parent_id=settings.SIPON_REGENCY_CODE).values_list("code", "name"))
    form.fields["district"].choices = [("", "—"), *districts]
    chosen = (data or {}).get("district", "")
    villages = Region.objects.filter(parent_id=chosen, level=Region.Level.VILLAGE) if chosen else Region.objects.none()
    form.fields["village"].choices = [("", "—"), *villages.values_list("code", "name")]
    return form


def register_resident(data: dict[str, Any], *, request: Any = None) -> Any:
    """Create a resident's account and profile from a validated registration form."""
    from django.db import transaction

    from apps.accounts.models import ResidentProfile, User
    from apps.accounts.nik import parse_nik
    from apps.core import audit

    info = parse_nik(data["nik"])
    contact = data["contact"]
    with transaction.atomic():
        user = User.objects.create_user(
            username=contact,
            email=contact if "@" in contact else None,
            phone=None if "@" in contact else contact,
            password=data["password1"],
            first_name=data["full_name"][:150],
        )
        ResidentProfile.objects.create(
            user=user,
            nik=info.nik,
            kk_number=data["kk_number"],
            full_name=data["full_name"],
            birth_place=data["birth_place"],
            birth_date=info.birth_date,
            sex=info.sex,
            address=data["address"],
            rt=data.get("rt", ""),
            rw=data.get("rw", ""),
            district_id=data["district"],
            village_id=data["village"],
        )
        audit.record("account.registered", actor=user, obj=user, request=request, subject=user, subject_nik=info.nik)
    return user
