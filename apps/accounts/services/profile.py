"""The resident's profile and identity numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import ResidentProfile, User
from apps.accounts.nik import clean_number, parse_nik, validate_kk
from apps.accounts.services.contact import send_confirmation_code
from apps.core import audit

if TYPE_CHECKING:
    from django.http import HttpRequest

# --------------------------------------------------------------------------- profile


def update_profile(user: User, data: dict[str, Any], *, request: HttpRequest | None = None) -> list[str]:
    """Save the fields a resident may change themselves (address, kecamatan/desa, contact, language).
    A changed e-mail/phone needs confirming again: a new code goes to the new address.
    Returns the names of the fields that changed."""
    changed: list[str] = []
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        profile = ResidentProfile.objects.select_for_update().get(user=locked)
        for field in ("address", "rt", "rw"):
            if field in data and getattr(profile, field) != data[field]:
                setattr(profile, field, data[field])
                changed.append(field)
        for field in ("district", "village"):
            if field in data and getattr(profile, f"{field}_id") != data[field]:
                setattr(profile, f"{field}_id", data[field])
                changed.append(field)
        if changed:
            profile.save()
        contact_changed = False
        if "email" in data and (locked.email or None) != (data["email"] or None):
            locked.email = data["email"] or None
            contact_changed = True
            changed.append("email")
        if "phone" in data and (locked.phone or None) != (data["phone"] or None):
            locked.phone = data["phone"] or None
            contact_changed = True
            changed.append("phone")
        if "preferred_language" in data and locked.preferred_language != data["preferred_language"]:
            locked.preferred_language = data["preferred_language"]
            changed.append("preferred_language")
        if contact_changed:
            locked.contact_confirmed_at = None
            # the sign-in identifier follows the contact, so the person signs in with what they see
            locked.username = locked.email or locked.phone or locked.username
        locked.save()
        if changed:
            audit.record("profile.updated", actor=locked, obj=profile, request=request, subject=locked,
                         subject_nik=profile.nik, data={"fields": changed})
        if contact_changed:
            send_confirmation_code(locked, request=request, enforce_limit=False)
    user.refresh_from_db()
    return changed


def change_identity_numbers(
    profile: ResidentProfile,
    *,
    nik: str | None = None,
    kk_number: str | None = None,
    reason: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> list[str]:
    """Change a resident's NIK and/or KK number. Rare and audited: the new NIK is validated again (format,
    region, date), must agree with the recorded birth date and sex, and must not belong to another account.
    Birth date and sex are derived from the NIK, so they stay consistent."""
    if not reason.strip():
        raise ValidationError({"reason": _("Tulis alasan perubahan (misalnya nomor di KK baru).")}, code="reason")
    changed: list[str] = []
    with transaction.atomic():
        locked = ResidentProfile.objects.select_for_update().get(pk=profile.pk)
        old_nik, old_kk = locked.nik, locked.kk_number
        if nik is not None and clean_number(nik) != locked.nik:
            try:
                info = parse_nik(nik)
            except ValidationError as exc:
                raise ValidationError({"nik": exc.error_list}) from exc
            if ResidentProfile.objects.filter(nik=info.nik).exclude(pk=locked.pk).exists():
                raise ValidationError({"nik": _("NIK ini sudah dipakai akun lain. Satu NIK hanya untuk satu akun.")},
                                      code="duplicate")
            if info.birth_date != locked.birth_date:
                raise ValidationError(
                    {"nik": _("Tanggal lahir di NIK baru (%(new)s) tidak sama dengan tanggal lahir di profil "
                              "(%(old)s).")
                     % {"new": info.birth_date.strftime("%d-%m-%Y"), "old": locked.birth_date.strftime("%d-%m-%Y")}},
                    code="birth_date",
                )
            locked.nik = info.nik
            locked.sex = info.sex
            changed.append("nik")
        if kk_number is not None and clean_number(kk_number) != locked.kk_number:
            value = clean_number(kk_number)
            try:
                validate_kk(value)
            except ValidationError as exc:
                raise ValidationError({"kk_number": exc.error_list}) from exc
            locked.kk_number = value
            changed.append("kk_number")
        if not changed:
            return changed
        locked.save()
        audit.record(
            "profile.identity_changed", actor=actor, obj=locked, request=request, subject=locked.user,
            subject_nik=locked.nik,
            data={"fields": changed, "reason": reason.strip()[:500], "old_nik": old_nik, "old_kk": old_kk},
        )
        if "nik" in changed:
            # so that "who looked at this person's data" by the old NIK still finds this change
            audit.record("profile.identity_changed", actor=actor, obj=locked, request=request,
                         subject=locked.user, subject_nik=old_nik, data={"fields": changed, "new_nik": locked.nik})
    profile.refresh_from_db()
    return changed
