"""Security headers on every page, and pages that keep to the CSP: no inline script, no
on* attributes, a CSRF token in every POST form."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.security import objects
from tests.security.access_table import PAGES
from tests.security.enumerate import all_routes
from tests.security.html_checks import page_problems
from tests.security.principals import PRINCIPALS, make_cast
from tests.security.probe import ALLOWED, outcome

pytestmark = pytest.mark.django_db


def _script_src(csp: str) -> str:
    for directive in csp.split(";"):
        parts = directive.strip().split()
        if parts and parts[0] == "script-src":
            return " ".join(parts[1:])
    for directive in csp.split(";"):
        parts = directive.strip().split()
        if parts and parts[0] == "default-src":
            return " ".join(parts[1:])
    return ""


def header_problems(response: Any, *, secure: bool) -> list[str]:
    problems = []
    content_type = response.get("Content-Type", "")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    if not response.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    if secure and "max-age=" not in response.get("Strict-Transport-Security", ""):
        problems.append("no HSTS over HTTPS")
    if content_type.startswith("text/html"):
        csp = response.get("Content-Security-Policy", "")
        if not csp:
            problems.append("no Content-Security-Policy")
        script_src = _script_src(csp)
        if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src or "*" in script_src.split():
            problems.append(f"CSP allows inline/eval scripts: {script_src}")
        if "frame-ancestors 'none'" not in csp and response.get("X-Frame-Options") != "DENY":
            problems.append("framing is not denied")
        if response.get("X-Frame-Options") != "DENY":
            problems.append("X-Frame-Options is not DENY")
    return problems


@pytest.fixture
def https(settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = False


def test_every_page_sends_the_security_headers_and_keeps_to_the_csp(https: None) -> None:
    cast = make_cast()
    routes = {route.name: route for route in all_routes()}
    failures: list[str] = []
    checked = 0
    for name, rule in sorted(PAGES.items()):
        route = routes.get(name)
        if route is None or rule.method != "GET":
            continue
        ctx = objects.Context(cast)
        kwargs = rule.args(ctx) if rule.args else (objects.dummy(route.converters) if route.converters else {})
        url = reverse(name, kwargs=kwargs)
        # The page as someone allowed to see it (or as anonymous: the refusal page needs headers too).
        principal = next((p for p in PRINCIPALS if p in rule.allow), PRINCIPALS[0])
        data = rule.data(ctx) if callable(rule.data) else rule.data
        response = cast.client(principal).get(url, data or {}, secure=True)
        problems = header_problems(response, secure=True)
        if outcome(response) == ALLOWED and response.get("Content-Type", "").startswith("text/html"):
            body = (b"".join(response.streaming_content)  # type: ignore[attr-defined]  # FileResponse
                    if response.streaming else response.content)
            problems += page_problems(body.decode("utf-8", "replace"))
        checked += 1
        if problems:
            failures.append(f"{name} ({url}) as {principal}: " + "; ".join(sorted(set(problems))))
    assert checked > 20
    assert failures == [], "\n".join(failures)


def test_an_error_page_also_sends_the_headers(client: Any, https: None) -> None:
    response = client.get("/tidak-ada-halaman-ini/", secure=True)
    assert response.status_code == 404
    assert header_problems(response, secure=True) == []


def test_the_api_docs_page_runs_under_the_csp_without_inline_script(client: Any, https: None) -> None:
    response = client.get(reverse("api:openapi-view"), secure=True)
    assert response.status_code == 200
    assert header_problems(response, secure=True) == []
    html = response.content.decode()
    assert page_problems(html) == []
    assert "cdn.jsdelivr.net" not in html  # served from our static files, no CDN


def test_the_page_checker_catches_what_the_csp_forbids() -> None:
    html = (
        '<script>alert(1)</script><script type="application/json">{}</script><script src="/s.js"></script>'
        '<a href="javascript:x()">x</a><button onclick="x()">b</button>'
        '<form method="post" action="/a/"><input name="q"></form>'
        '<form method="post" action="/b/"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>'
        '<form method="get"></form>'
    )
    problems = page_problems(html)
    assert len(problems) == 4
    assert any("inline <script>" in p for p in problems)
    assert any("onclick" in p for p in problems)
    assert any("javascript:" in p for p in problems)
    assert any("/a/" in p for p in problems)
