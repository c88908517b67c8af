from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from apps.core.roles import roles_of


def sipon(request: HttpRequest) -> dict[str, Any]:
    return {
        "office_name": settings.SIPON_OFFICE_NAME,
        "staff_roles": roles_of(getattr(request, "user", None)),
    }
