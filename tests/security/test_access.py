"""Every URL and API operation tried as anonymous, as a resident who does not own the
object, as the owner, and as each staff role: only those in ``access_table`` get through.
Another test fails when a URL or operation exists that the table does not list."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from tests.security import objects
from tests.security.access_table import API, PAGES
from tests.security.enumerate import all_operations, all_routes, unnamed_routes
from tests.security.principals import PRINCIPALS, make_cast
from tests.security.probe import ALLOWED, ERROR, outcome

pytestmark = pytest.mark.django_db


def test_the_access_table_lists_every_url_of_the_project() -> None:
    names = {route.name for route in all_routes()}
    missing = sorted(names - set(PAGES))
    stale = sorted(set(PAGES) - names)
    assert missing == [], f"URLs not in tests/security/access_table.py PAGES: {missing}"
    assert stale == [], f"entries in PAGES for URLs that no longer exist: {stale}"
    assert unnamed_routes() == [], "every URL pattern needs a name so the access table can list it"


def test_the_access_table_lists_every_api_operation() -> None:
    operations = {op.operation_id for op in all_operations()}
    missing = sorted(operations - set(API))
    stale = sorted(set(API) - operations)
    assert missing == [], f"API operations not in tests/security/access_table.py API: {missing}"
    assert stale == [], f"entries in API for operations that no longer exist: {stale}"


def _request(client: Any, method: str, url: str, data: dict[str, Any] | None, *, json_body: bool = False,
             upload: bool = False) -> Any:
    if method == "GET":
        return client.get(url, data or {})
    if upload:
        from django.core.files.uploadedfile import SimpleUploadedFile

        payload = {**(data or {}), "file": SimpleUploadedFile("ktp.png", objects.tiny_png(), "image/png")}
        return client.post(url, payload)
    if json_body:
        return client.generic(method, url, json.dumps(data or {}), content_type="application/json")
    return client.generic(method, url, _form(data or {}), content_type="application/x-www-form-urlencoded")


def _form(data: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


def _check(results: dict[str, str], expected: frozenset[str]) -> list[str]:
    problems = []
    for principal, got in results.items():
        want = ALLOWED if principal in expected else "refused"
        if got == ERROR or got != want:
            problems.append(f"{principal}: {got} (expected {want})")
    return problems


def test_every_url_lets_in_only_the_principals_in_the_table() -> None:
    cast = make_cast()
    routes = {route.name: route for route in all_routes()}
    failures: list[str] = []
    for name, rule in sorted(PAGES.items()):
        route = routes.get(name)
        if route is None:
            continue  # reported by the completeness test
        results: dict[str, str] = {}
        shared = objects.Context(cast)
        for principal in PRINCIPALS:
            # POSTs change things: each principal gets objects of its own; GETs share them.
            ctx = shared if rule.method == "GET" else objects.Context(cast)
            kwargs = rule.args(ctx) if rule.args else (objects.dummy(route.converters) if route.converters else {})
            url = reverse(name, kwargs=kwargs)
            data = rule.data(ctx) if callable(rule.data) else rule.data
            response = _request(cast.client(principal), rule.method, url, data)
            results[principal] = outcome(response) + (f" {response.status_code}" if outcome(response) == ERROR else "")
        problems = _check({p: r.split()[0] for p, r in results.items()}, rule.allow)
        if problems:
            failures.append(f"{name} ({rule.method} {route.pattern}): " + "; ".join(problems))
    assert failures == [], "\n".join(failures)


def test_every_api_operation_lets_in_only_the_principals_in_the_table() -> None:
    cast = make_cast()
    operations = {op.operation_id: op for op in all_operations()}
    failures: list[str] = []
    for operation_id, rule in sorted(API.items()):
        op = operations.get(operation_id)
        if op is None:
            continue
        results: dict[str, str] = {}
        for principal in PRINCIPALS:
            ctx = objects.Context(cast)
            kwargs = rule.args(ctx) if rule.args else dict.fromkeys(op.params, "999999")
            url = op.path.format(**kwargs)
            data = rule.data(ctx) if callable(rule.data) else rule.data
            response = _request(cast.client(principal), op.method, url, data, json_body=True, upload=rule.upload)
            got = outcome(response)
            results[principal] = got + (f" {response.status_code}" if got == ERROR else "")
        problems = _check({p: r.split()[0] for p, r in results.items()}, rule.allow)
        if problems:
            failures.append(f"{operation_id} ({op.method} {op.path}): " + "; ".join(problems))
    assert failures == [], "\n".join(failures)
