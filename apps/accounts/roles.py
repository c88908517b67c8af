"""Staff roles. They live in :mod:`apps.core.roles` (the bottom layer, so the view decorators in
``apps.core.access`` can check them); this module keeps the names every app imports from here."""

from __future__ import annotations

from apps.core.roles import STAFF_ROLES, Role, has_role, is_staff_member, roles_of

__all__ = ["STAFF_ROLES", "Role", "has_role", "is_staff_member", "roles_of"]
