"""Web links typed by staff: a link without a scheme ("www.openstreetmap.org/...") is read as https://.

Django 6.0 makes https the default of ``forms.URLField``; until then every form field built from a model's
``URLField`` says so explicitly (model forms through :func:`https_links`, the admin through
:data:`ADMIN_OVERRIDES`) instead of relying on the transitional setting.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

ADMIN_OVERRIDES: dict[type[models.Field[Any, Any]], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


def https_links(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """A model form's ``formfield_callback``: fields as Django builds them, links assuming https://."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)
