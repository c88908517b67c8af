"""Names, places, addresses and RT/RW refuse markup, formulas and bidi or control characters, with a
clear Indonesian message, in every form and API that takes them; what was typed stays in the form."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.inputs import hidden_characters

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # right-to-left override: "BUDI\u202eexe.PTK" reads "BUDIKTP.exe"
HOSTILE_NAMES = {
    "markup": ("<b>BUDI</b>", "tanda < atau >"),
    "bidi override": (f"BUDI{RLO}IDUB", "karakter tersembunyi"),
    "bidi isolate": ("BUDI\u2066X\u2069", "karakter tersembunyi"),
    "zero-width": ("BU\u200bDI", "karakter tersembunyi"),
    "control": ("BUDI\x07", "karakter tersembunyi"),
    "formula =": ("=HYPERLINK(\"http://x\")", "diawali tanda"),
    "formula +": ("+BUDI", "diawali tanda"),
    "formula -": ("-BUDI", "diawali tanda"),
    "formula @": ("@SUM(A1)", "diawali tanda"),
    "full-width formula": ("\uff1dBUDI", "diawali tanda"),
}
HOSTILE_PLACES = {
    "markup": ("<script>x</script>", "tanda < atau >"),
    "bidi override": (f"KLATEN{RLO}", "karakter tersembunyi"),
    "line separator": ("KLATEN\u2028X", "karakter tersembunyi"),
}
BAD_RT = ["1a", "<1>", "\u0661\u0662", "12.", "-1", "+1"]


def _identity(**overrides: str) -> dict[str, str]:
    return {"full_name": "BUDI SANTOSO", "kk_number": "3310250101900001", "birth_place": "Klaten",
            "birth_date": "1990-01-01", "sex": "L", "address": "Jl. Pemuda 1", "rt": "003", "rw": "011",
            **overrides}


def _errors(form: Any) -> dict[str, str]:
    assert not form.is_valid()
    return {field: " ".join(str(m) for m in messages) for field, messages in form.errors.items()}


@pytest.mark.parametrize("case", sorted(HOSTILE_NAMES))
def test_the_application_form_refuses_a_hostile_name(case: str) -> None:
    from apps.applications.forms import IdentityForm

    value, message = HOSTILE_NAMES[case]
    assert message in _errors(IdentityForm(_identity(full_name=value)))["full_name"]


@pytest.mark.parametrize("case", sorted(HOSTILE_PLACES))
def test_the_application_form_refuses_a_hostile_place_or_address(case: str) -> None:
    from apps.applications.forms import IdentityForm

    value, message = HOSTILE_PLACES[case]
    errors = _errors(IdentityForm(_identity(birth_place=value, address=value)))
    assert message in errors["birth_place"] and message in errors["address"]


@pytest.mark.parametrize("value", BAD_RT)
def test_rt_and_rw_take_digits_only(value: str) -> None:
    from apps.accounts.forms import ProfileForm
    from apps.applications.forms import IdentityForm

    errors = _errors(IdentityForm(_identity(rt=value, rw=value)))
    assert "hanya berisi angka" in errors["rt"] and "hanya berisi angka" in errors["rw"]
    profile = ProfileForm({"address": "Jl. Pemuda 1", "rt": value, "rw": "001"})
    assert "hanya berisi angka" in _errors(profile)["rt"]


def test_nik_and_kk_take_ascii_digits_only() -> None:
    from django.core.exceptions import ValidationError

    from apps.accounts.nik import parse_nik
    from apps.applications.forms import IdentityForm

    arabic_indic = "".join(chr(0x0660 + int(d)) for d in "3310250101900001")
    assert "16 angka" in _errors(IdentityForm(_identity(kk_number=arabic_indic)))["kk_number"]
    with pytest.raises(ValidationError, match="angka 0-9"):
        parse_nik(arabic_indic)


def test_ordinary_names_places_and_rt_rw_pass() -> None:
    from apps.applications.forms import IdentityForm

    form = IdentityForm(_identity(full_name="  siti   nur'aini  ", birth_place="Kota Yogyakarta",
                                  address="Dk. Krajan RT 3/RW 1, No. 12-A", rt="3", rw="011"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == "SITI NUR'AINI"
    assert form.cleaned_data["rt"] == "3" and form.cleaned_data["rw"] == "011"


def test_the_registration_and_other_name_fields_use_the_same_checks() -> None:
    from apps.accounts.forms import RegisterForm
    from apps.applications.forms_counter import CounterFileForm
    from apps.complaints.forms import ComplaintForm
    from apps.issuance.forms import HandoverForm

    value, message = HOSTILE_NAMES["bidi override"]
    register = RegisterForm({"full_name": value, "birth_place": "<i>", "address": f"Jl{RLO}", "rt": "x"})
    errors = _errors(register)
    assert message in errors["full_name"] and "tanda <" in errors["birth_place"]
    assert message in errors["address"] and "hanya berisi angka" in errors["rt"]
    complaint = ComplaintForm({"kind": "complaint", "category": "other", "subject": "Antrean",
                               "description": "Antrean lama sekali.", "email": "a@contoh.id", "name": "=1+1"})
    assert "diawali tanda" in _errors(complaint)["name"]
    for form_class, field in ((HandoverForm, "recipient_name"), (CounterFileForm, "full_name")):
        assert isinstance(form_class.base_fields[field].validators, list)
        assert any(v.__name__ == "validate_name" for v in form_class.base_fields[field].validators), form_class


def test_the_page_keeps_what_was_typed_and_says_what_is_wrong(client: Client) -> None:
    from apps.applications.tests.factories import draft, resident

    user = resident()
    client.force_login(user)
    application = draft(user)
    typed = f"BUDI{RLO}IDUB"
    response = client.post(reverse("applications:identity", args=[application.number]),
                           _identity(full_name=typed, rt="1a"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "karakter tersembunyi" in page and "hanya berisi angka" in page
    assert f'value="{typed}"' in page and 'value="1a"' in page
    application.refresh_from_db()
    assert not hidden_characters(application.full_name)


@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", f"BUDI{RLO}X"), ("full_name", "=1+1"), ("full_name", "<b>B</b>"), ("birth_place", "<x>"),
     ("address", "Jl. Pemuda\u202e1"), ("rt", "1a"), ("rw", "0011")],
)
def test_the_api_refuses_the_same_text(field: str, value: str) -> None:
    from apps.applications.tests.factories import draft, resident

    user = resident()
    client = Client()
    client.force_login(user)
    application = draft(user)
    response = client.put(f"/api/v1/permohonan/{application.number}/data", _identity(**{field: value}),
                          content_type="application/json")
    assert response.status_code in (400, 422), response.content
    body = response.json()
    where = body["fields"] if response.status_code == 400 else {e["loc"][-1]: e["msg"] for e in body["detail"]}
    assert field in where
    application.refresh_from_db()
    assert getattr(application, field) != value


def test_the_complaint_api_refuses_a_formula_name() -> None:
    response = Client().post("/api/v1/pengaduan/", {"subject": "Antrean", "description": "Antrean lama sekali.",
                                                    "email": "a@contoh.id", "name": "@SUM(1)"},
                             content_type="application/json")
    assert response.status_code == 422
    assert "diawali tanda" in response.json()["detail"][0]["msg"]
