"""/panduan/: the guides, and a FAQ searched on the server (works without JavaScript)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from apps.publicinfo import guides

pytestmark = pytest.mark.django_db


def test_the_index_lists_every_guide_and_question(client) -> None:
    response = client.get(reverse("publicinfo:guides"))
    html = response.content.decode()
    assert response.status_code == 200
    for guide in guides.GUIDES:
        assert reverse("publicinfo:guide", args=[guide.slug]) in html
    assert html.count("<details") == len(guides.FAQ)


def test_the_search_keeps_only_matching_questions(client) -> None:
    html = client.get(reverse("publicinfo:guides"), {"q": "blangko habis"}).content.decode()
    assert html.count("<details") == 1
    assert 'id="blangko"' in html
    assert 'value="blangko habis"' in html


def test_a_search_without_answers_says_where_to_ask(client) -> None:
    html = client.get(reverse("publicinfo:guides"), {"q": "zzzz"}).content.decode()
    assert "<details" not in html
    assert "loket informasi" in html


def test_a_guide_shows_its_illustrated_steps(client) -> None:
    guide = guides.guide("foto-kk")
    assert guide is not None
    html = client.get(reverse("publicinfo:guide", args=["foto-kk"])).content.decode()
    assert html.count('<use href="#i-') == len(guide.steps)
    assert client.get(reverse("publicinfo:guide", args=["tidak-ada"])).status_code == 404


def test_the_guides_are_available_in_english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("publicinfo:guides"), {"q": "free"}).content.decode()
    assert "Guides and questions" in html
    assert 'id="biaya"' in html


def test_the_pages_where_people_get_stuck_link_to_their_guide(client) -> None:
    from tests.security import objects
    from tests.security.principals import OWNER, make_cast

    cast = make_cast()
    ctx = objects.Context(cast)
    owner = cast.client(OWNER)
    documents = owner.get(reverse("applications:documents", kwargs=objects.draft_application(ctx))).content.decode()
    assert reverse("publicinfo:guide", args=["foto-kk"]) in documents
    booking = owner.get(reverse("appointments:new")).content.decode()
    assert reverse("publicinfo:guide", args=["reservasi"]) in booking


def test_every_page_links_to_the_standards_performance_and_guides(client) -> None:
    html = client.get(reverse("core:home")).content.decode()
    for name in ("publicinfo:standards", "publicinfo:performance", "publicinfo:guides"):
        assert f'href="{reverse(name)}"' in html
