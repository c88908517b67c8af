"""axe-core in Chromium on every resident page: no serious or critical violation.

"Every resident page" is read from the access table (tests/security/access_table.py): each GET URL that
anonymous visitors or a resident (as the owner of the objects in the URL) may open and that answers an
HTML page. So a new resident page is checked as soon as it is listed there, which the access tests
require. axe-core is the packaged copy in ``vendor/`` (npm ``axe-core``, MPL-2.0): nothing is downloaded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.security import objects
from tests.security.access_table import PAGES
from tests.security.principals import ANON, OWNER, make_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")
# The survey kiosk is the office's shared tablet, set up by staff: it returns to the start by itself for the
# next person (a meta refresh axe rightly flags on a personal device). Not a resident's own page.
SHARED_DEVICES = frozenset({"surveys:kiosk"})


def resident_pages(cast: Any) -> list[tuple[str, str, str]]:
    """(name, url, principal) of every resident HTML page in the access table, with its objects built."""
    ctx = objects.Context(cast)
    pages = []
    for name, rule in sorted(PAGES.items()):
        if rule.method != "GET" or name.startswith("api:") or "_staff:" in name or name in SHARED_DEVICES:
            continue
        kwargs = rule.args(ctx) if rule.args else {}
        url = reverse(name, kwargs=kwargs)
        # As the owner where residents may open it, else (or if it sends a signed-in resident on) anonymously.
        for principal in (p for p in (OWNER, ANON) if p in rule.allow):
            response = cast.client(principal).get(url, rule.data if isinstance(rule.data, dict) else None)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            if b"<html" not in response.content:
                break  # an htmx fragment, checked inside the page that shows it
            pages.append((name, url, principal))
            break
    return pages + _pages_that_need_a_family(cast)


def _pages_that_need_a_family(cast: Any) -> list[tuple[str, str, str]]:
    """Pages shown only when the resident's KK has other members: "for whom" at the start of a card service."""
    import datetime as dt

    from apps.families import services as families
    from tests.factories import nik_for

    owner = cast.users[OWNER]
    if not families.members_to_apply_for(owner):
        born = dt.date(2008, 1, 15)
        families.add_member(owner, nik=nik_for(born, "L", 7301), full_name="ANAK UJI", birth_date=born, sex="L",
                            relationship="child")
    url = reverse("applications:begin", args=["ktp-baru"])
    assert "untuk siapa" in cast.client(OWNER).get(url).content.decode().lower()  # the page meant, not another
    return [("applications:begin (for whom)", url, OWNER)]


def _violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    return [v for v in json.loads(result)["violations"] if v["impact"] in BLOCKING]


def test_no_resident_page_has_a_serious_or_critical_axe_violation(browser: Any, live_server: Any) -> None:
    cast = make_cast()
    pages = resident_pages(cast)
    assert len(pages) >= 20, pages  # the table's resident pages were found (not an empty, passing loop)
    owner_cookie = cast.client(OWNER).cookies["sessionid"].value
    failures: list[str] = []
    for signed_in in (False, True):
        context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", bypass_csp=True,
                                      viewport={"width": 412, "height": 915})
        context.set_default_timeout(15000)
        if signed_in:
            context.add_cookies([{"name": "sessionid", "value": owner_cookie, "url": live_server.url}])
        page = context.new_page()
        for name, url, principal in pages:
            if (principal == OWNER) != signed_in:
                continue
            page.goto(live_server.url + url, wait_until="load")
            for violation in _violations(page):
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                failures.append(f"{name} {url}: [{violation['impact']}] {violation['id']}: {violation['help']} "
                                f"({len(violation['nodes'])}x: {targets})")
        context.close()
    checked = sorted(name for name, _url, _principal in pages)
    assert failures == [], "\n".join(failures) + f"\n(pages checked: {', '.join(checked)})"

