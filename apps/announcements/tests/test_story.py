from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image, ImageChops

from apps.announcements.story import caption_for, render_story
from apps.announcements.tests.factories import make_location, make_notice

pytestmark = pytest.mark.django_db


def test_it_draws_a_1080_by_1920_png_with_the_text() -> None:
    notice = make_notice("Kantor pindah ke Gedung Eks Bappeda", severity="critical", kind="office_moved")
    notice.locations.set([make_location()])
    with_text = Image.open(io.BytesIO(render_story(notice)))
    frame_only = Image.open(io.BytesIO(render_story(notice, include_text=False)))
    assert with_text.format == "PNG"
    assert with_text.size == (1080, 1920)
    # The title area (y 500-700) is blank in the frame and carries dark ink once the text is drawn.
    title_box = (80, 500, 1000, 700)
    diff = ImageChops.difference(with_text.convert("RGB").crop(title_box), frame_only.convert("RGB").crop(title_box))
    assert diff.getbbox() is not None
    histogram = with_text.convert("L").crop(title_box).histogram()
    dark = sum(histogram[:100])
    assert dark > 2000


def test_it_changes_the_image_when_the_title_changes() -> None:
    one = render_story(make_notice("Listrik padam"))
    two = render_story(make_notice("Jaringan pusat terganggu"))
    assert one != two


def test_it_writes_a_caption_with_the_notice_text_and_map() -> None:
    notice = make_notice("Kantor pindah", map_url="https://www.openstreetmap.org/way/1")
    caption = caption_for(notice)
    assert "Kantor pindah" in caption
    assert notice.summary in caption
    assert "https://www.openstreetmap.org/way/1" in caption


def test_it_serves_the_story_image_publicly(client) -> None:
    notice = make_notice()
    response = client.get(reverse("announcements:story", args=[notice.pk]))
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (1080, 1920)
