"""CSRF protection on every form and every state-changing API operation: a POST without a
token is refused by the CSRF check, whoever sends it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from tests.security import objects
from tests.security.access_table import API, PAGES
from tests.security.enumerate import all_operations, all_routes
from tests.security.principals import ANON, PRINCIPALS, make_cast

pytestmark = pytest.mark.django_db

# ninja's schema and docs views take no POST at all (405), and have no form.
NOT_FORMS = {"api:openapi-json", "api:openapi-view"}


@pytest.fixture(autouse=True)
def _mark_csrf_failures(settings: Any) -> None:
    settings.CSRF_FAILURE_VIEW = "tests.security.csrf_view.csrf_failure"


def test_every_url_refuses_a_post_without_a_csrf_token() -> None:
    cast = make_cast()
    routes = {route.name: route for route in all_routes()}
    failures = []
    for name, rule in sorted(PAGES.items()):
        route = routes.get(name)
        if route is None or name in NOT_FORMS:
            continue
        ctx = objects.Context(cast)
        kwargs = rule.args(ctx) if rule.args else (objects.dummy(route.converters) if route.converters else {})
        url = reverse(name, kwargs=kwargs)
        principal = next((p for p in PRINCIPALS if p in rule.allow), ANON)
        client = cast.client(principal, enforce_csrf_checks=True)
        client.get(reverse("core:home"))  # a CSRF cookie, as a browser would have; only the token is missing
        data = rule.data(ctx) if callable(rule.data) else (rule.data or {})
        response = client.post(url, data)
        if response.status_code != 419:
            failures.append(f"{name} ({url}) as {principal}: {response.status_code}")
    assert failures == [], "POSTs without a CSRF token that were not refused:\n" + "\n".join(failures)


def test_every_state_changing_api_operation_with_a_session_needs_the_csrf_token() -> None:
    cast = make_cast()
    operations = {op.operation_id: op for op in all_operations()}
    failures = []
    checked = 0
    for operation_id, rule in sorted(API.items()):
        op = operations.get(operation_id)
        if op is None or op.method == "GET" or ANON in rule.allow:
            continue
        principal = next((p for p in PRINCIPALS if p in rule.allow), None)
        if principal is None:
            continue
        ctx = objects.Context(cast)
        kwargs = rule.args(ctx) if rule.args else dict.fromkeys(op.params, "999999")
        client = cast.client(principal, enforce_csrf_checks=True)
        client.get(reverse("core:home"))
        data = rule.data(ctx) if callable(rule.data) else (rule.data or {})
        response = client.generic(op.method, op.path.format(**kwargs), json.dumps(data),
                                  content_type="application/json")
        checked += 1
        if response.status_code not in (403, 419):
            failures.append(f"{operation_id} as {principal}: {response.status_code}")
    assert failures == [], "API writes accepted without a CSRF token:\n" + "\n".join(failures)
    assert checked >= 1
