"""Staff roles: the names live in :mod:`apps.core.roles` (so core's access helpers can check them); re-exported here."""

from __future__ import annotations

from apps.core.roles import (
    STAFF_ROLES,
    Role,
    has_role,
    held_roles,
    is_staff_member,
    roles_of,
    second_factor_passed,
)

__all__ = ["STAFF_ROLES", "Role", "has_role", "held_roles", "is_staff_member", "roles_of", "second_factor_passed"]
