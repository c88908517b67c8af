"""Sign in with a username, an e-mail address or a phone number."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from apps.accounts.models import User


def normalize_phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if digits.startswith("+62"):
        return "0" + digits[3:]
    if digits.startswith("62"):
        return "0" + digits[2:]
    return digits


def account_for(identifier: str) -> User | None:
    """The account a sign-in name means: a username or e-mail address in any letter case, or a phone number in any
    spelling (+62..., 62..., 08..., with dashes or spaces). The first account by id when several match."""
    identifier = identifier.strip()
    if not identifier:
        return None
    query = Q(username__iexact=identifier) | Q(email__iexact=identifier)
    phone = normalize_phone(identifier)
    if len(phone) >= 9:
        query |= Q(phone=phone)
    return User.objects.filter(query).order_by("id").first()


_PHONE_SPELLING = re.compile(r"^[+\d\s().-]+$")


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """The name django-axes counts failed sign-ins under (``AXES_USERNAME_CALLABLE``): the same identity the backend
    signs in, so every spelling of one account shares one counter. An existing account: its stored username. No
    account: the name in one canonical spelling (phone numbers normalised, letters case-folded), so spellings of an
    unknown name share a counter too and never count against a different account."""
    raw = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    identifier = str(raw or "").strip()
    if not identifier:
        return ""
    memo: dict[str, str] = getattr(request, "_sipon_lockout_names", None) or {}
    if identifier not in memo:  # axes asks several times per attempt: resolve once
        account = account_for(identifier)
        if account is not None:
            memo[identifier] = account.username
        elif _PHONE_SPELLING.match(identifier) and len(normalize_phone(identifier)) >= 9:
            memo[identifier] = normalize_phone(identifier)
        else:
            memo[identifier] = identifier.casefold()
        if request is not None:
            request._sipon_lockout_names = memo  # type: ignore[attr-defined]  # per-request memo
    return memo[identifier]


class IdentifierBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or password is None:
            return None
        user = account_for(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
