from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_returns_only_the_villages_of_the_chosen_kecamatan(client):
    response = client.get("/wilayah/desa/", {"district": "33.10.25"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<select name="village"')
    assert 'id="id_village"' in html
    assert ">Bareng</option>" in html
    assert "33.10.01." not in html
    assert "<optgroup" not in html


def test_it_lists_no_village_for_a_kecamatan_outside_the_regency(client):
    html = client.get("/wilayah/desa/", {"district": "31.71.01"}).content.decode()
    assert html.count("<option") == 1


def test_it_keeps_the_chosen_village_selected(client):
    html = client.get("/wilayah/desa/", {"district": "33.10.25", "village": "33.10.25.1003"}).content.decode()
    assert '<option value="33.10.25.1003" selected>' in html
