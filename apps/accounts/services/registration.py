"""Registering a resident: the form, its region choices, the account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.forms import RegisterForm
from apps.accounts.models import ResidentProfile, User
from apps.accounts.nik import parse_nik
from apps.accounts.services.contact import send_confirmation_code
from apps.core import audit
from apps.regions.models import Region

if TYPE_CHECKING:
    from django.http import HttpRequest

# --------------------------------------------------------------------------- registration


def district_choices() -> list[tuple[str, str]]:
    return list(_regency_tree(settings.SIPON_REGENCY_CODE)[0])


def village_choices(district: str | None) -> list[Any]:
    """Villages of one kecamatan (flat), or of every kecamatan of the regency grouped with ``<optgroup>``."""
    districts, grouped = _regency_tree(settings.SIPON_REGENCY_CODE)
    if district:
        names = dict(districts)
        return list(dict(grouped).get(names.get(district, ""), ()))
    return [(group, list(villages)) for group, villages in grouped]


_TREE_CACHE: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, tuple[tuple[str, str], ...]], ...]]] = {}


def _regency_tree(
    regency: str,
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, tuple[tuple[str, str], ...]], ...]]:
    """The regency's kecamatan and their villages, sorted by name. Regions change only when ``load_regions``
    runs (a deploy), so each process keeps them after the first read; an empty result is never kept."""
    cached = _TREE_CACHE.get(regency)
    if cached is not None:
        return cached
    districts = tuple(
        Region.objects.filter(parent_id=regency, level=Region.Level.DISTRICT)
        .order_by("name")
        .values_list("code", "name")
    )
    by_district: dict[str, list[tuple[str, str]]] = {code: [] for code, _name in districts}
    for code, name, parent in (
        Region.objects.filter(level=Region.Level.VILLAGE, parent__parent_id=regency)
        .order_by("name")
        .values_list("code", "name", "parent_id")
    ):
        by_district.setdefault(parent, []).append((code, name))
    grouped = tuple((name, tuple(by_district[code])) for code, name in districts)
    tree = (districts, grouped)
    if districts:
        _TREE_CACHE[regency] = tree
    return tree


def set_region_choices(form: Any, data: Any) -> None:
    district = (data or {}).get("district", "") if data is not None else (form.initial.get("district") or "")
    known = dict(district_choices())
    form.fields["district"].choices = [("", _("— pilih kecamatan —")), *known.items()]
    chosen = district if district in known else None
    form.fields["village"].choices = [("", _("— pilih desa/kelurahan —")), *village_choices(chosen)]


def build_register_form(data: Any = None) -> RegisterForm:
    """The registration form: Klaten's kecamatan, and the chosen kecamatan's villages (every Klaten village,
    grouped by kecamatan, when none is chosen yet, so the form works without JavaScript)."""
    form = RegisterForm(data)
    set_region_choices(form, data)
    return form


def register_resident(data: dict[str, Any], *, request: HttpRequest | None = None) -> User:
    """Create a resident's account and profile from a validated registration form and send the
    contact-confirmation code. One account per NIK: the unique constraint decides a race."""
    from django.db import IntegrityError

    info = parse_nik(data["nik"])
    contact = data["contact"]
    try:
        with transaction.atomic():
            # not create_user(): it turns a missing e-mail into "", which would clash on the unique column
            user = User(
                username=contact,
                email=contact if "@" in contact else None,
                phone=None if "@" in contact else contact,
                first_name=data["full_name"][:150],
                preferred_language=(getattr(request, "LANGUAGE_CODE", "id") or "id")[:2],
            )
            user.set_password(data["password1"])
            user.save()
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
            audit.record("account.registered", actor=user, obj=user, request=request, subject=user,
                         subject_nik=info.nik)
            send_confirmation_code(user, request=request, enforce_limit=False)
    except IntegrityError as exc:
        raise ValidationError(
            _("NIK atau kontak ini baru saja didaftarkan. Satu NIK hanya untuk satu akun; silakan masuk."),
            code="duplicate",
        ) from exc
    return user
