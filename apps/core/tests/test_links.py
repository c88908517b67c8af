"""Links typed by staff without a scheme are read as https://, in the staff forms and in the admin."""

from __future__ import annotations

import warnings

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from apps.announcements.forms import NoticeForm, WebhookForm
from apps.announcements.models import Notice, NoticeKind, Severity, WebhookEndpoint
from apps.locations.models import Location

pytestmark = pytest.mark.django_db


def test_a_notice_link_typed_without_a_scheme_is_read_as_https():
    form = NoticeForm(
        data={
            "kind": NoticeKind.GENERAL,
            "severity": Severity.INFO,
            "title": "Kantor pindah",
            "summary": "Layanan pindah sementara",
            "map_url": "www.openstreetmap.org/#map=17/-7.70/110.60",
            "starts_at": "2026-12-01T08:00",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["map_url"] == "https://www.openstreetmap.org/#map=17/-7.70/110.60"


def test_a_webhook_address_typed_without_a_scheme_is_read_as_https():
    form = WebhookForm(data={"name": "Radio Klaten", "url": "radio.example.id/hook", "secret": "x" * 16})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["url"] == "https://radio.example.id/hook"


@pytest.mark.parametrize("model", [Notice, WebhookEndpoint, Location])
def test_the_admin_builds_link_fields_without_relying_on_the_old_default(model):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # RemovedInDjango60Warning among them
        form_class = admin.site._registry[model].get_form(request)
    schemes = [getattr(f, "assume_scheme", None) for f in form_class.base_fields.values()]
    assert "https" in schemes and "http" not in schemes
