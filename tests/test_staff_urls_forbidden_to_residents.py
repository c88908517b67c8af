"""A resident can open no staff page. The URLs are found from the URL configuration (every namespace that ends in
``_staff``, plus ``core_staff`` and the admin), so pages other engineers add later are covered too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, staff: bool) -> Iterator[str]:
    for entry in patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or "(" in route:
            continue  # needs arguments: only argument-free URLs are checked
        route = route.lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            namespace = entry.namespace or ""
            inner_staff = staff or namespace.endswith("_staff") or namespace == "admin"
            yield from _walk(entry.url_patterns, prefix + route, inner_staff)
        elif staff:
            yield "/" + prefix + route


def staff_urls() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns, "", False)))


def test_it_finds_the_staff_pages_it_checks():
    urls = staff_urls()
    assert "/staf/audit/" in urls
    assert "/staf/akun/meja/" in urls
    assert "/admin/" in urls
    assert all(url.startswith(("/staf/", "/admin/")) for url in urls), urls


def _status(client, url: str, *, follow: bool) -> int:
    response = client.get(url, follow=follow)
    if response.status_code == 405:
        response = client.post(url, follow=follow)
    return int(response.status_code)


def test_it_refuses_a_signed_in_resident_on_every_staff_url(client):
    client.force_login(make_resident())
    # the second-factor gate sends them on; where it ends is "forbidden", never the page
    wrong = {url: status for url in staff_urls() if (status := _status(client, url, follow=True)) != 403}
    assert wrong == {}


def test_it_refuses_a_resident_on_every_staff_url_even_without_the_second_factor_gate(client, settings):
    """With the middleware gate off, each view's own role check must still say 403 (the admin may first
    redirect to its sign-in, which then says 403)."""
    settings.SIPON_REQUIRE_STAFF_OTP = False
    client.force_login(make_resident())
    wrong = {}
    for url in staff_urls():
        status = _status(client, url, follow=url.startswith("/admin/"))
        if status != 403:
            wrong[url] = status
        if url == "/admin/logout/":
            client.force_login(make_resident())  # the admin's logout signed them out
    assert wrong == {}
