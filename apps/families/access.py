"""Object access for families: the signed-in resident's own family, or not found."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from apps.families import services
from apps.families.models import Family


def own_family(user: Any) -> Family:
    """The resident's family (made on first use), or 404 for an account without a resident profile."""
    try:
        return services.family_of(user)
    except services.FamilyError:
        raise Http404 from None


def staff_family(kk_number: str) -> Family:
    family = services.family_by_kk(kk_number)
    if family is None:
        raise Http404
    return family
