"""Who tries each URL: anonymous, a resident who does not own the object, the owner, and
one staff member per role (second factor passed). Document and file URLs are also tried by each
staff member signed in with the password only (second factor not entered yet): ``HALF_SIGNED_IN``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from apps.accounts.roles import STAFF_ROLES

ANON = "anonymous"
RESIDENT = "resident"  # signed in, does not own the object
OWNER = "owner"
ROLES: tuple[str, ...] = STAFF_ROLES
PRINCIPALS: tuple[str, ...] = (ANON, RESIDENT, OWNER, *ROLES)
# The same staff members, signed in with their password but not (yet) their second factor: they act with no role,
# so they get exactly what a signed-in resident who does not own the object gets.
PASSWORD_ONLY = ":password-only"
HALF_SIGNED_IN: tuple[str, ...] = tuple(f"{role}{PASSWORD_ONLY}" for role in ROLES)

EVERYONE = frozenset(PRINCIPALS)
SIGNED_IN = frozenset(PRINCIPALS) - {ANON}
NOBODY: frozenset[str] = frozenset()


def staff(*roles: str) -> frozenset[str]:
    """The given roles plus the administrator, who holds every role."""
    return frozenset(roles) | {"administrator"}


ALL_STAFF = frozenset(ROLES)
RESIDENTS = frozenset({RESIDENT, OWNER})


@dataclass
class Cast:
    users: dict[str, Any] = field(default_factory=dict)

    def client(self, principal: str, **kwargs: Any) -> Client:
        from tests.factories import sign_in_staff

        client = Client(**kwargs)
        if principal in HALF_SIGNED_IN:
            # password checked, second factor not entered: no device in the session
            client.force_login(self.users[principal.removesuffix(PASSWORD_ONLY)],
                               backend="apps.accounts.backends.IdentifierBackend")
            return client
        user = self.users.get(principal)
        if user is None:
            return client
        if principal in ROLES:
            sign_in_staff(client, user)
        else:
            client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
        return client


def make_cast() -> Cast:
    from tests.factories import make_resident, make_staff

    cast = Cast()
    cast.users[OWNER] = make_resident(name="PEMILIK DATA", birth=dt.date(1991, 2, 3))
    cast.users[RESIDENT] = make_resident(name="WARGA LAIN", birth=dt.date(1992, 3, 4))
    for role in ROLES:
        cast.users[role] = make_staff(role, first_name=role)
    return cast
