"""Confirming a resident's e-mail or phone with a one-time code."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from apps.accounts.models import ContactConfirmation, User
from apps.core import audit
from apps.notifications.models import Channel
from apps.notifications.services import in_language, notify

if TYPE_CHECKING:
    from django.http import HttpRequest


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
