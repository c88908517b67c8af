"""Administrator's writes on staff accounts: create, deactivate/reactivate, change role and location.

Each is one transaction, audited, and refused (``PermissionError``) unless the actor is an administrator. Accounts
are never deleted (the audit log and the applications they handled point at them): a deactivated account cannot
sign in, and its open sessions stop working on their next request (authentication re-reads ``is_active``).
The last active administrator can be neither deactivated nor given another role, so the office is never left
without someone who can open these pages. Second-factor resets are
:func:`apps.accounts.services.reset_totp_devices`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import User
from apps.accounts.roles import STAFF_ROLES, Role, roles_of
from apps.accounts.staff_session import raise_stamp

if TYPE_CHECKING:
    from django.http import HttpRequest

    from apps.locations.models import Location

# One line per role, shown next to the choice: what the role may do, in the office's words.
ROLE_DESCRIPTIONS: dict[str, Any] = {
    Role.INFORMATION_DESK: gettext_lazy("Menyambut warga, memberi nomor antrean dan informasi, memasang pengumuman."),
    Role.FILE_RECEIVER: gettext_lazy("Memeriksa berkas permohonan dan menyetujui atau meminta perbaikan."),
    Role.OPERATOR: gettext_lazy("Merekam biometrik, mencetak KTP-el dan mencatat stok blangko."),
    Role.PICKUP_OFFICER: gettext_lazy("Menyerahkan KTP-el yang sudah jadi kepada pemiliknya."),
    Role.CUSTOMER_SERVICE: gettext_lazy("Menerima dan menindaklanjuti pengaduan, koreksi data dan survei."),
    Role.SECTION_HEAD: gettext_lazy("Melihat dasbor, laporan, log audit, dan mengawasi semua layanan."),
    Role.ADMINISTRATOR: gettext_lazy("Mengelola akun petugas, lokasi layanan, jam buka, penutupan dan webhook."),
}


class LastAdministrator(ValidationError):
    """Refused: the change would leave no active administrator."""


@dataclass(frozen=True)
class StaffFilter:
    query: str = ""
    role: str = ""
    location: int | None = None
    status: str = "active"  # "active", "inactive" or "all"


def _require_admin(actor: Any) -> None:
    if Role.ADMINISTRATOR not in roles_of(actor):
        raise PermissionError("only administrators manage staff accounts")


def staff_accounts() -> QuerySet[User]:
    """Every account that holds (or held, before a deactivation) a staff role."""
    return User.objects.filter(groups__name__in=STAFF_ROLES).distinct()


def search_staff(flt: StaffFilter) -> QuerySet[User]:
    """Staff accounts matching the list page's filters, by name."""
    query = staff_accounts().select_related("location").prefetch_related("groups")
    if flt.status == "active":
        query = query.filter(is_active=True)
    elif flt.status == "inactive":
        query = query.filter(is_active=False)
    if flt.role in STAFF_ROLES:
        query = query.filter(groups__name=flt.role)
    if flt.location is not None:
        query = query.filter(location_id=flt.location)
    words = flt.query.strip()
    if words:
        query = query.filter(
            Q(username__icontains=words) | Q(first_name__icontains=words) | Q(last_name__icontains=words)
            | Q(email__icontains=words) | Q(phone__icontains=words)
        )
    return query.order_by("first_name", "username")


def role_of(user: User) -> str:
    """The one role a staff member holds (the highest, if an older account holds several)."""
    held = {g.name for g in user.groups.all()}
    for role in reversed(STAFF_ROLES):  # administrator, section head, ... first
        if role in held:
            return role
    return ""


def _active_admins_locked() -> list[int]:
    """Ids of the active administrators, their rows locked until the transaction ends: two administrators
    demoting each other at the same moment cannot both pass the last-administrator check."""
    return list(
        User.objects.select_for_update()
        .filter(is_active=True, groups__name=Role.ADMINISTRATOR)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _refuse_last_admin(staff: User) -> None:
    admins = _active_admins_locked()
    if staff.pk in admins and len(admins) == 1:
        raise LastAdministrator(
            _("%(name)s adalah satu-satunya administrator aktif. Jadikan petugas lain administrator dulu.")
            % {"name": staff.get_full_name() or staff.username},
            code="last_administrator",
        )


def create_staff(
    *,
    full_name: str,
    username: str,
    email: str,
    phone: str,
    role: str,
    location: Location | None,
    password: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> User:
    """A new staff account with one role and a service location. The person signs in with ``username`` and the
    initial password, then enrols an authenticator (QR code) before any staff page opens."""
    _require_admin(actor)
    if role not in STAFF_ROLES:
        raise ValidationError(_("Pilih peran."), code="role")
    try:
        return _create_staff(full_name=full_name, username=username, email=email, phone=phone, role=role,
                             location=location, password=password, actor=actor, request=request)
    except IntegrityError as exc:  # the same username or contact saved by someone else a moment ago
        raise ValidationError(_("Nama pengguna atau kontak ini baru saja dipakai akun lain. Periksa lagi."),
                              code="duplicate") from exc


def _create_staff(
    *, full_name: str, username: str, email: str, phone: str, role: str, location: Location | None, password: str,
    actor: Any, request: HttpRequest | None, superuser: bool = False, source: str = "",
) -> User:
    from apps.core import audit

    with transaction.atomic():
        user = User(
            username=username,
            first_name=full_name[:150],
            email=email or None,
            phone=phone or None,
            location=location,
            is_staff=superuser,  # the Django admin is for superusers only
            is_superuser=superuser,
        )
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        data: dict[str, Any] = {"username": username, "role": role, "location": location.pk if location else None}
        if superuser:
            data["superuser"] = True
        if source:
            data["source"] = source
        audit.record("staff.created", actor=actor, obj=user, request=request, data=data)
    return user


COMMAND_SOURCE = "manage.py create_administrator"


def create_administrator(*, username: str, password: str, full_name: str = "", email: str = "") -> tuple[User, bool]:
    """The way into a fresh install, for whoever runs the server (``manage.py create_administrator``; there is no
    acting administrator yet): a new account that is a superuser holding the administrator role, or the existing
    account ``username`` promoted to that (its password kept, its other staff roles replaced, reactivated).
    Returns the account and whether it was created. Audited with no actor. The person enrols an authenticator at
    their first sign-in, like every staff member, before any staff page or the Django admin opens."""
    username = username.strip()
    if not username:
        raise ValidationError(_("Isi nama pengguna."), code="username")
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(username__iexact=username).first()
        if existing is not None:
            return _promote_administrator(existing), False
        if not password:
            raise ValidationError(_("Isi kata sandi."), code="password")
        validate_password(password, User(username=username, first_name=full_name, email=email or None))
        try:
            user = _create_staff(full_name=full_name, username=username, email=email, phone="",
                                 role=Role.ADMINISTRATOR, location=None, password=password, actor=None,
                                 request=None, superuser=True, source=COMMAND_SOURCE)
        except IntegrityError as exc:
            raise ValidationError(_("Nama pengguna atau kontak ini baru saja dipakai akun lain. Periksa lagi."),
                                  code="duplicate") from exc
    return user, True


def _promote_administrator(user: User) -> User:
    from apps.core import audit

    if hasattr(user, "resident"):
        raise ValidationError(
            _("%(name)s adalah akun warga; akun petugas dibuat terpisah. Pilih nama pengguna lain.")
            % {"name": user.username},
            code="resident",
        )
    before = {"roles": sorted(roles_of_db(user)), "superuser": user.is_superuser, "active": user.is_active}
    user.groups.remove(*Group.objects.filter(name__in=STAFF_ROLES).exclude(name=Role.ADMINISTRATOR))
    user.groups.add(Group.objects.get_or_create(name=Role.ADMINISTRATOR)[0])
    user.is_superuser = user.is_staff = user.is_active = True
    user.save(update_fields=["is_superuser", "is_staff", "is_active"])
    raise_stamp([user.pk])
    audit.record("staff.promoted_administrator", actor=None, obj=user,
                 data={"username": user.username, "before": before, "source": COMMAND_SOURCE})
    return user


def change_role_and_location(
    staff: User, *, role: str, location: Location | None, actor: Any, request: HttpRequest | None = None
) -> bool:
    """Give a staff member ``role`` (their only staff role from now on) and a service location. False when
    nothing changed. Their open sessions read their roles again on the next request."""
    from apps.core import audit

    _require_admin(actor)
    if role not in STAFF_ROLES:
        raise ValidationError(_("Pilih peran."), code="role")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=staff.pk)
        before_role, before_location = role_of(locked), locked.location_id
        new_location = location.pk if location else None
        if before_role == role and before_location == new_location and len(roles_of_db(locked)) == 1:
            return False
        if before_role == Role.ADMINISTRATOR and role != Role.ADMINISTRATOR:
            _refuse_last_admin(locked)
        others = Group.objects.filter(name__in=STAFF_ROLES).exclude(name=role)
        locked.groups.remove(*others)
        locked.groups.add(Group.objects.get_or_create(name=role)[0])
        if before_location != new_location:
            locked.location = location
            locked.save(update_fields=["location"])
        audit.record(
            "staff.role_changed",
            actor=actor,
            obj=locked,
            request=request,
            data={"role": [before_role, role], "location": [before_location, new_location]},
        )
    staff.refresh_from_db()
    return True


def roles_of_db(user: User) -> set[str]:
    return set(user.groups.filter(name__in=STAFF_ROLES).values_list("name", flat=True))


def set_active(staff: User, active: bool, *, actor: Any, request: HttpRequest | None = None) -> bool:
    """Deactivate (``active=False``) or reactivate a staff account. A deactivated person cannot sign in and is
    signed out everywhere. Refused for the last active administrator and for oneself. False when it already was."""
    from apps.core import audit

    _require_admin(actor)
    if not active and staff.pk == getattr(actor, "pk", None):
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), code="self")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=staff.pk)
        if locked.is_active == active:
            return False
        if not active:
            _refuse_last_admin(locked)
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        raise_stamp([locked.pk])
        audit.record("staff.activated" if active else "staff.deactivated", actor=actor, obj=locked, request=request)
    staff.refresh_from_db()
    return True

