"""Sign in with a username, an e-mail address or a phone number."""

from __future__ import annotations

from typing import Any

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


class IdentifierBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or password is None:
            return None
        identifier = username.strip()
        query = Q(username__iexact=identifier) | Q(email__iexact=identifier)
        phone = normalize_phone(identifier)
        if len(phone) >= 9:
            query |= Q(phone=phone)
        user = User.objects.filter(query).order_by("id").first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
