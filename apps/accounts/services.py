"""Account writes and lookups. Other apps call only the public functions documented here:

* :func:`contact_confirmed` — has the person proved their e-mail/phone? Policy: an unconfirmed resident may sign in,
  look around and fill in forms, but must confirm the contact before *submitting* anything (an application,
  a booking, a complaint), because that contact is where every status message goes. Apps that submit call
  ``contact_confirmed(user)`` and send the person to ``accounts:confirm_contact`` when it is False.
* :func:`start_url_for` — where a person lands after signing in.
* :func:`staff_links_for` — the staff pages a person's roles give access to (the staff desk).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.roles import Role, roles_of

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.accounts.forms import RegisterForm
    from apps.accounts.models import ContactConfirmation, ResidentProfile, User

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
    ("complaints_staff:inbox", gettext_lazy("Kotak pengaduan"),
     (Role.CUSTOMER_SERVICE, Role.SECTION_HEAD, Role.OPERATOR)),
    ("complaints_staff:my_actions", gettext_lazy("Tindak lanjut saya"),
     (Role.CUSTOMER_SERVICE, Role.SECTION_HEAD, Role.OPERATOR, Role.FILE_RECEIVER, Role.PICKUP_OFFICER,
      Role.INFORMATION_DESK)),
    ("complaints_staff:evaluation", gettext_lazy("Evaluasi bulanan"), (Role.SECTION_HEAD,)),
    ("surveys_staff:report", gettext_lazy("Laporan IKM"), (Role.SECTION_HEAD, Role.CUSTOMER_SERVICE)),
    ("publicinfo_staff:standards", gettext_lazy("Standar pelayanan"), (Role.SECTION_HEAD,)),
    ("announcements_staff:list", gettext_lazy("Pengumuman"),
     (Role.SECTION_HEAD, Role.CUSTOMER_SERVICE, Role.INFORMATION_DESK)),
    ("outreach_staff:overview", gettext_lazy("Sosialisasi"), (Role.SECTION_HEAD, Role.INFORMATION_DESK)),
    ("privacy_staff:corrections", gettext_lazy("Permintaan koreksi data"), (Role.CUSTOMER_SERVICE, Role.SECTION_HEAD)),
    ("privacy_staff:breaches", gettext_lazy("Register insiden data pribadi"), (Role.SECTION_HEAD,)),
    ("privacy_staff:access_log", gettext_lazy("Siapa melihat data seseorang"), (Role.SECTION_HEAD,)),
    ("core_staff:audit", gettext_lazy("Log audit"), (Role.SECTION_HEAD,)),
    ("accounts_staff:staff_list", gettext_lazy("Petugas dan verifikasi dua langkah"), (Role.ADMINISTRATOR,)),
    ("admin:index", gettext_lazy("Administrasi Django"), (Role.ADMINISTRATOR,)),
]


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
        if Role.ADMINISTRATOR in held or held & set(roles):
            url = _reverse_or_none(url_name)
            if url:
                links.append(StaffLink(url=url, label=str(label)))
    return links


def start_url_for(user: Any) -> str:
    """Residents: their own page. Staff: their role's start page, or the staff desk when that page
    does not exist."""
    held = roles_of(user)
    if not held:
        return reverse("accounts:start")
    for role, url_name in ROLE_START_PAGES:
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
    from apps.regions.models import Region

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
    from apps.accounts.forms import RegisterForm

    form = RegisterForm(data)
    set_region_choices(form, data)
    return form


def register_resident(data: dict[str, Any], *, request: HttpRequest | None = None) -> User:
    """Create a resident's account and profile from a validated registration form and send the
    contact-confirmation code. One account per NIK: the unique constraint decides a race."""
    from django.db import IntegrityError

    from apps.accounts.models import ResidentProfile, User
    from apps.accounts.nik import parse_nik
    from apps.core import audit

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


# --------------------------------------------------------------------------- contact confirmation

CODE_LIFETIME = dt.timedelta(minutes=30)
RESEND_INTERVAL = dt.timedelta(seconds=60)
MAX_SENDS_PER_HOUR = 5
MAX_ATTEMPTS = 5


class RateLimited(Exception):
    def __init__(self, wait_seconds: int, message: str) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds
        self.message = message


def contact_confirmed(user: Any) -> bool:
    """True once the person proved their e-mail or phone with the code we sent.

    Residents may sign in before that but must confirm before submitting anything (see the module docstring).
    """
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "contact_confirmed_at", None))


def contact_of(user: User) -> tuple[str, str]:
    """(channel, address) the confirmation goes to: the e-mail if there is one, else the phone."""
    from apps.accounts.models import ContactConfirmation

    if user.email:
        return ContactConfirmation.Channel.EMAIL, user.email
    return ContactConfirmation.Channel.SMS, user.phone or ""


def _code_hash(confirmation_user_id: int, address: str, code: str) -> str:
    return salted_hmac("sipon.contact-confirmation", f"{confirmation_user_id}:{address}:{code}",
                       algorithm="sha256").hexdigest()


def mask_address(address: str) -> str:
    """``bu***@contoh.id`` / ``0812****7890``: enough for a person to recognise their own contact."""
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:2]}***@{domain}"
    return f"{address[:4]}{'*' * max(len(address) - 8, 2)}{address[-4:]}"


def seconds_until_resend(user: User, *, now: dt.datetime | None = None) -> int:
    """0 when a new code may be sent now, otherwise how many seconds to wait."""
    from apps.accounts.models import ContactConfirmation

    now = now or timezone.now()
    recent = list(
        ContactConfirmation.objects.filter(user=user, created_at__gte=now - dt.timedelta(hours=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    if not recent:
        return 0
    wait = recent[0] + RESEND_INTERVAL - now
    if len(recent) >= MAX_SENDS_PER_HOUR:
        wait = max(wait, recent[MAX_SENDS_PER_HOUR - 1] + dt.timedelta(hours=1) - now)
    return max(0, int(wait.total_seconds() + 0.999))


def send_confirmation_code(
    user: User, *, request: HttpRequest | None = None, enforce_limit: bool = True
) -> ContactConfirmation:
    """Create a new 6-digit code and send it by e-mail or SMS through ``notify``. Raises :class:`RateLimited`
    when asked again within a minute or more than five times an hour. Older codes stop working."""
    from apps.accounts.models import ContactConfirmation, User
    from apps.core import audit
    from apps.notifications.models import Channel
    from apps.notifications.services import in_language, notify

    with transaction.atomic():
        # one sender at a time per person: the row lock makes the rate limit hold across processes
        locked = User.objects.select_for_update().get(pk=user.pk)
        if enforce_limit:
            wait = seconds_until_resend(locked)
            if wait:
                raise RateLimited(
                    wait,
                    _("Kode baru bisa dikirim lagi dalam %(seconds)d detik.") % {"seconds": wait},
                )
        channel, address = contact_of(locked)
        code = f"{secrets.randbelow(1_000_000):06d}"
        now = timezone.now()
        ContactConfirmation.objects.filter(user=locked, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        confirmation = ContactConfirmation.objects.create(
            user=locked, address=address, channel=channel, code_hash=_code_hash(locked.pk, address, code),
            expires_at=now + CODE_LIFETIME,
        )
        with in_language(locked):
            notify(
                event="account.contact_confirmation",
                recipient=None,  # the code goes to the address only, never into the in-app inbox
                email=address if channel == ContactConfirmation.Channel.EMAIL else "",
                phone=address if channel == ContactConfirmation.Channel.SMS else "",
                channels=(Channel.EMAIL,) if channel == ContactConfirmation.Channel.EMAIL else (Channel.SMS,),
                subject=_("Kode konfirmasi Sipon: %(code)s") % {"code": code},
                body=_(
                    "Kode konfirmasi akun Sipon Anda: %(code)s. Berlaku %(minutes)d menit. "
                    "Jangan berikan kode ini kepada siapa pun, termasuk petugas."
                ) % {"code": code, "minutes": int(CODE_LIFETIME.total_seconds() // 60)},
                language=locked.preferred_language,
            )
        audit.record("account.confirmation_sent", actor=locked, obj=locked, request=request, subject=locked,
                     data={"channel": channel})
    return confirmation


def confirm_contact(user: User, code: str, *, request: HttpRequest | None = None) -> None:
    """Check a code; on success mark the contact confirmed. Raises ValidationError with a clear message."""
    from django.db.models import F

    from apps.accounts.models import ContactConfirmation, User
    from apps.core import audit

    code = "".join(ch for ch in (code or "") if not ch.isspace())
    if len(code) != 6 or not code.isdigit():
        raise ValidationError(_("Kode konfirmasi berisi 6 angka."), code="format")
    now = timezone.now()
    # a wrong try must be counted even though we then refuse: decide inside the transaction, raise after it
    failure: ValidationError | None = None
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.contact_confirmed_at:
            return
        current = (
            ContactConfirmation.objects.filter(user=locked, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if current is None:
            failure = ValidationError(_("Kode sudah kedaluwarsa. Minta kode baru."), code="expired")
        elif current.attempts >= MAX_ATTEMPTS:
            failure = ValidationError(_("Terlalu banyak kode salah. Minta kode baru."), code="locked")
        elif not hmac.compare_digest(_code_hash(locked.pk, current.address, code), current.code_hash):
            ContactConfirmation.objects.filter(pk=current.pk).update(attempts=F("attempts") + 1)
            left = MAX_ATTEMPTS - current.attempts - 1
            failure = (
                ValidationError(_("Terlalu banyak kode salah. Minta kode baru."), code="locked")
                if left <= 0
                else ValidationError(
                    _("Kode salah. Periksa pesan terbaru dari Sipon (sisa %(left)d kali coba).") % {"left": left},
                    code="wrong",
                )
            )
        else:
            ContactConfirmation.objects.filter(pk=current.pk).update(used_at=now)
            locked.contact_confirmed_at = now
            locked.save(update_fields=["contact_confirmed_at"])
            audit.record("account.contact_confirmed", actor=locked, obj=locked, request=request, subject=locked,
                         data={"channel": current.channel})
    if failure is not None:
        raise failure
    user.contact_confirmed_at = now


# --------------------------------------------------------------------------- profile


def update_profile(user: User, data: dict[str, Any], *, request: HttpRequest | None = None) -> list[str]:
    """Save the fields a resident may change themselves (address, kecamatan/desa, contact, language).
    A changed e-mail/phone needs confirming again: a new code goes to the new address.
    Returns the names of the fields that changed."""
    from apps.accounts.models import ResidentProfile, User
    from apps.core import audit

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
    from apps.accounts.models import ResidentProfile
    from apps.accounts.nik import clean_number, parse_nik, validate_kk
    from apps.core import audit

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


# --------------------------------------------------------------------------- staff second factor


def new_totp_device(user: User) -> TOTPDevice:
    """An unconfirmed TOTP device for enrolment (replaces any earlier unconfirmed one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=_("Aplikasi autentikator"), confirmed=False)


def pending_totp_device(user: User) -> TOTPDevice | None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def confirm_totp_device(user: User, device: TOTPDevice, token: str, *, request: HttpRequest | None = None) -> bool:
    """Confirm an enrolment with a code from the app. False if the code is wrong. Refused when the person
    already has a confirmed device (an administrator must reset it first)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.core import audit

    token = "".join(ch for ch in (token or "") if ch.isdigit())
    with transaction.atomic():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError(_("Perangkat sudah terdaftar. Minta administrator mengatur ulang bila hilang."))
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        if not locked.verify_token(token):
            return False
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        audit.record("staff.totp_enrolled", actor=user, obj=user, request=request)
    device.confirmed = True
    return True


def reset_totp_devices(staff: User, *, actor: User, request: HttpRequest | None = None) -> int:
    """Administrator action: remove every second-factor device of a staff member (lost phone). They enrol a
    new one at their next sign-in. Audited."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.core import audit

    if Role.ADMINISTRATOR not in roles_of(actor):
        raise PermissionError("only administrators reset devices")
    with transaction.atomic():
        removed: int = TOTPDevice.objects.filter(user=staff).delete()[0]
        removed += int(StaticDevice.objects.filter(user=staff).delete()[0])
        audit.record("staff.totp_reset", actor=actor, obj=staff, request=request, data={"devices": removed})
    return removed


def totp_provisioning_svg(device: TOTPDevice) -> str:
    """The enrolment QR code (``otpauth://`` URL) as inline SVG, drawn with segno."""
    import segno

    qr = segno.make(device.config_url, error="m")
    svg: str = qr.svg_inline(scale=5, dark="#0b0c0c", light="#ffffff", title=str(_("Kode QR autentikator")))
    return svg


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32 (what authenticator apps ask for when typed by hand), in groups of four."""
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
