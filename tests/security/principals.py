"""Who tries each URL: anonymous, a resident who does not own the object, the owner, and
one staff member per role (second factor passed)."""

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
