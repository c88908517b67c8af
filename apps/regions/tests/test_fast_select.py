from __future__ import annotations

from django import forms

from apps.regions.widgets import FastSelect


def test_it_renders_like_djangos_select_for_flat_and_grouped_choices():
    choices = [("", "—"), ("Klaten Tengah", [("33.10.25.1001", "Bareng"), ("33.10.25.1003", "Klaten")])]
    fast = FastSelect(choices=choices, attrs={"id": "id_village"}).render("village", "33.10.25.1003")
    slow = forms.Select(choices=choices, attrs={"id": "id_village"}).render("village", "33.10.25.1003")
    normalise = lambda html: "".join(html.split())  # noqa: E731  (a one-off helper)
    assert normalise(fast) == normalise(slow)


def test_it_escapes_labels_values_and_group_names():
    html = FastSelect(choices=[('<g"', [('"><script>', "<b>x</b>")])]).render("v", None)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert 'label="&lt;g&quot;"' in html
