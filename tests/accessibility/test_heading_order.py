"""Headings do not skip a level (axe's heading-order is only "moderate", but Lighthouse's score counts it)."""

from __future__ import annotations

import itertools
import re

import pytest
from django.urls import reverse

from apps.announcements.tests.factories import make_notice

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["applications:catalogue", "announcements:list"])
def test_headings_do_not_skip_a_level(client, name: str) -> None:
    make_notice()
    html = client.get(reverse(name)).content.decode()
    main = html.split('id="main"', 1)[1].split("</main>", 1)[0]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
