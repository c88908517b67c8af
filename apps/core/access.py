"""View decorators that check who may open a page. Object-level checks live in each app's
``access.py`` (return the object or raise 404/403)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from apps.core.roles import has_role

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def staff_required(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    """Signed in, second factor verified (by the middleware) and holding one of ``roles``."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def resident_required(view: ViewFunc) -> ViewFunc:
    """Signed in as a resident (any signed-in account; objects are checked by owner)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
