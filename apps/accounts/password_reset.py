"""Reset a forgotten password with a code sent to the account's e-mail or phone.

One NIK has one account, so a resident who forgets the password has no other way in. The rules:

* the same answer whether or not an account has the e-mail or phone typed (no way to learn who is registered);
* rate limits per address (the requester's IP), per identifier typed and per account;
* a 6-digit code, stored only as a keyed hash, valid :data:`CODE_MINUTES` minutes, single use, locked after
  :data:`MAX_TRIES` wrong tries; a new request replaces the previous code;
* on success the password changes, which ends every session of the account (Django checks each session against
  the password's hash), and the change is written to the audit log with the request and the reset.

Codes live in the shared cache (Redis, or the database cache on one machine) under the account's id: they are
short-lived and need no table. Only staff-free resident accounts can be reset this way; staff ask an administrator.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from apps.accounts.backends import normalize_phone
from apps.accounts.models import User
from apps.core import audit, ratelimit
from apps.core.audit import client_ip

CODE_MINUTES = 15
MAX_TRIES = 5
PER_ACCOUNT = 3  # codes sent to one account per hour
PER_IDENTIFIER = 5  # requests naming one e-mail or phone per hour (whether or not it has an account)
PER_ADDRESS = 20  # requests and code tries from one IP per hour
HOUR = 3600


class TooMany(Exception):
    """Too many requests from this address or for this identifier: wait."""


def _key(user_id: int) -> str:
    return f"accounts:password-reset:{user_id}"


def _hash(user_id: int, code: str) -> str:
    return salted_hmac("sipon.password-reset", f"{user_id}:{code}", algorithm="sha256").hexdigest()


def find_account(identifier: str) -> User | None:
    """The resident account signed in with this e-mail or phone, if any (staff accounts are not reset here)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    query = Q(email__iexact=identifier)
    phone = normalize_phone(identifier)
    if len(phone) >= 9:
        query |= Q(phone=phone)
    user = User.objects.filter(query, is_active=True, resident__isnull=False).order_by("id").first()
    if user is None or user.is_staff or user.is_superuser or user.groups.exists():
        return None
    return user


def _normalised(identifier: str) -> str:
    identifier = identifier.strip().lower()
    return identifier if "@" in identifier else normalize_phone(identifier)


def request_code(identifier: str, *, request: HttpRequest) -> None:
    """Send a reset code if an account has this e-mail or phone. Returns the same way whether or not one does;
    raises :class:`TooMany` only on the address's or the identifier's limit (which say nothing about accounts)."""
    if not ratelimit.hit(f"pwreset:ip:{client_ip(request) or 'unknown'}", PER_ADDRESS, HOUR):
        raise TooMany
    if not ratelimit.hit(f"pwreset:id:{_normalised(identifier)}", PER_IDENTIFIER, HOUR):
        raise TooMany
    user = find_account(identifier)
    if user is None:
        return
    if not ratelimit.hit(f"pwreset:user:{user.pk}", PER_ACCOUNT, HOUR):
        audit.record("account.password_reset_limited", actor=None, obj=user, request=request, subject=user)
        return  # the same answer: the codes already sent still work
    code = f"{secrets.randbelow(1_000_000):06d}"
    cache.set(_key(user.pk), {"hash": _hash(user.pk, code), "tries": 0}, CODE_MINUTES * 60)
    _send(user, code)
    audit.record("account.password_reset_requested", actor=None, obj=user, request=request, subject=user)


def _send(user: User, code: str) -> None:
    from apps.notifications.models import Channel
    from apps.notifications.services import in_language, notify

    with in_language(user):
        subject = _("Kode atur ulang kata sandi Sipon: %(code)s") % {"code": code}
        body = _(
            "Seseorang (semoga Anda) meminta atur ulang kata sandi akun Sipon. Kode: %(code)s, berlaku %(minutes)d "
            "menit. Jangan berikan kode ini kepada siapa pun, termasuk petugas. Jika bukan Anda yang meminta, "
            "abaikan pesan ini: kata sandi Anda tidak berubah."
        ) % {"code": code, "minutes": CODE_MINUTES}
        channels = tuple(c for c, address in ((Channel.EMAIL, user.email), (Channel.SMS, user.phone)) if address)
        transaction.on_commit(
            lambda: notify(
                event="account.password_reset_code",
                recipient=None,  # the code goes to the address only, never into the in-app inbox
                email=user.email or "",
                phone=user.phone or "",
                channels=channels,
                subject=subject,
                body=body,
                language=user.preferred_language,
            )
        )


def reset_password(identifier: str, code: str, password: str, *, request: HttpRequest) -> User:
    """Check the code and set the new password, or raise ValidationError (``code`` field or ``password``).
    A wrong identifier and a wrong code get the same message."""
    if not ratelimit.hit(f"pwreset:ip:{client_ip(request) or 'unknown'}", PER_ADDRESS, HOUR):
        raise TooMany
    wrong = ValidationError(
        _("Kode salah atau sudah kedaluwarsa. Periksa pesan terbaru dari Sipon, atau minta kode baru."), code="code"
    )
    code = "".join(ch for ch in (code or "") if not ch.isspace())
    user = find_account(identifier)
    if user is None or len(code) != 6 or not code.isdigit():
        raise wrong
    entry: dict[str, Any] | None = cache.get(_key(user.pk))
    if not entry:
        raise wrong
    if not ratelimit.hit(f"pwreset:tries:{user.pk}:{entry['hash'][:16]}", MAX_TRIES, CODE_MINUTES * 60):
        cache.delete(_key(user.pk))  # locked: a new code is needed
        raise ValidationError(_("Terlalu banyak kode salah. Minta kode baru."), code="code")
    if not hmac.compare_digest(entry["hash"], _hash(user.pk, code)):
        raise wrong
    validate_password(password, user)  # raises with the validators' messages
    if not cache.delete(_key(user.pk)):  # single use: a second request with the same code finds nothing
        raise wrong
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)  # every session of the account ends: their stored hash no longer matches
        locked.save(update_fields=["password"])
        audit.record("account.password_reset", actor=locked, obj=locked, request=request, subject=locked)
    return locked
