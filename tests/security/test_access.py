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
from tests.security.principals import HALF_SIGNED_IN, PRINCIPALS, RESIDENT, make_cast
from tests.security.probe import ALLOWED, ERROR, outcome

pytestmark = pytest.mark.django_db


def test_the_access_table_lists_every_url_of_the_project() -> None:
    names = {route.name for route in all_routes()}
    listed = {_route_name(key) for key in PAGES}
    missing = sorted(names - listed)
    stale = sorted(listed - names)
    assert missing == [], f"URLs not in tests/security/access_table.py PAGES: {missing}"
    assert stale == [], f"entries in PAGES for URLs that no longer exist: {stale}"
    assert unnamed_routes() == [], "every URL pattern needs a name so the access table can list it"


def test_the_access_table_lists_every_api_operation() -> None:
    operations = {op.operation_id for op in all_operations()}
    missing = sorted(operations - set(API))
    stale = sorted(set(API) - operations)
    assert missing == [], f"API operations not in tests/security/access_table.py API: {missing}"
    assert stale == [], f"entries in API for operations that no longer exist: {stale}"


def test_no_row_is_checked_with_dummy_arguments_only() -> None:
    """A row tried with made-up arguments only proves that nobody gets in, not that the intended roles
    do: every row with URL arguments has a builder of real objects."""
    routes = {route.name: route for route in all_routes()}
    operations = {op.operation_id: op for op in all_operations()}
    weak = [name for name, rule in PAGES.items()
            if rule.dummy or (routes.get(_route_name(name)) and routes[_route_name(name)].converters
                              and rule.args is None)]
    weak += [op_id for op_id, rule in API.items() if rule.dummy or (operations.get(op_id) and operations[op_id].params
                                                                    and rule.args is None)]
    assert sorted(weak) == [], f"rows without real objects: {sorted(weak)}"


def test_every_row_lets_someone_in_unless_it_says_why_not() -> None:
    """An empty allowed set proves nothing about the intended users: each needs a note saying why."""
    empty = [name for name, rule in {**PAGES, **API}.items() if not rule.allow and not rule.note]
    assert empty == [], f"rows nobody may use, without a reason: {empty}"


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


def _route_name(key: str) -> str:
    """``name#variant`` is a second row for URL ``name``, tried with other objects."""
    return key.split("#")[0]


def _client(cast: Any, rule: Any, principal: str) -> Any:
    return rule.client(cast, principal) if rule.client else cast.client(principal)


def _expected(rule: Any) -> frozenset[str]:
    """Who the rule lets in, with the password-only staff members: exactly when a resident who does not own the
    object is let in (they act with no role)."""
    allow: frozenset[str] = rule.allow
    return allow | (frozenset(HALF_SIGNED_IN) if RESIDENT in allow else frozenset())


def _is_file(response: Any) -> bool:
    """A document or file rather than a page: an attachment, a streamed file, or anything not HTML/JSON."""
    if response.status_code != 200:
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return (bool(response.get("Content-Disposition")) or getattr(response, "streaming", False)
            or content_type not in ("text/html", "application/json", "text/plain", ""))


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
    unmarked_files: list[str] = []
    for name, rule in sorted(PAGES.items()):
        route = routes.get(_route_name(name))
        if route is None:
            continue  # reported by the completeness test
        results: dict[str, str] = {}
        effects: list[str] = []
        shared = objects.Context(cast)
        # Files are also tried by each staff member who signed in with the password only.
        for principal in PRINCIPALS + (HALF_SIGNED_IN if rule.file else ()):
            # POSTs change things: each principal gets objects of its own; GETs share them.
            ctx = shared if rule.method == "GET" else objects.Context(cast)
            kwargs = rule.args(ctx) if rule.args else (objects.dummy(route.converters) if route.converters else {})
            url = reverse(_route_name(name), kwargs=kwargs)
            data = rule.data(ctx) if callable(rule.data) else rule.data
            response = _request(_client(cast, rule, principal), rule.method, url, data)
            results[principal] = outcome(response) + (f" {response.status_code}" if outcome(response) == ERROR else "")
            if _is_file(response) and not rule.file and name not in unmarked_files:
                unmarked_files.append(name)
            allowed = principal in _expected(rule)
            if rule.done is not None and rule.done(ctx) != allowed:
                effects.append(f"{principal}: the action {'did not take' if allowed else 'took'} effect")
        problems = _check({p: r.split()[0] for p, r in results.items()}, _expected(rule)) + effects
        if problems:
            failures.append(f"{name} ({rule.method} {route.pattern}): " + "; ".join(problems))
    assert failures == [], "\n".join(failures)
    assert unmarked_files == [], f"URLs that answer a file, not marked file=True in the access table: {unmarked_files}"


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
            response = _request(_client(cast, rule, principal), op.method, url, data, json_body=True,
                                upload=rule.upload)
            got = outcome(response)
            results[principal] = got + (f" {response.status_code}" if got == ERROR else "")
        problems = _check({p: r.split()[0] for p, r in results.items()}, rule.allow)
        if problems:
            failures.append(f"{operation_id} ({op.method} {op.path}): " + "; ".join(problems))
    assert failures == [], "\n".join(failures)
