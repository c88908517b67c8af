"""NIK and KK validation: every rule gives its own Indonesian message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.nik import parse_nik, validate_kk

pytestmark = pytest.mark.django_db


def codes(exc: ValidationError) -> set[str]:
    return {e.code for e in exc.error_list if e.code}


def test_it_accepts_a_valid_male_nik_and_derives_birth_date_and_sex():
    info = parse_nik("3310251708900001", today=dt.date(2026, 11, 28))
    assert info.birth_date == dt.date(1990, 8, 17)
    assert info.sex == "L"
    assert info.district_code == "33.10.25"


def test_it_accepts_a_valid_female_nik_with_forty_added_to_the_day():
    info = parse_nik("3310255708900002", today=dt.date(2026, 11, 28))
    assert info.birth_date == dt.date(1990, 8, 17)
    assert info.sex == "P"


@pytest.mark.parametrize("day", [41, 55, 71])
def test_it_accepts_female_days_from_41_to_71(day):
    info = parse_nik(f"331025{day:02d}0190" + "0003", today=dt.date(2026, 11, 28))
    assert info.birth_date == dt.date(1990, 1, day - 40)
    assert info.sex == "P"


def test_it_reads_a_two_digit_year_as_this_century_when_not_in_the_future():
    assert parse_nik("3310250101080004", today=dt.date(2026, 11, 28)).birth_date == dt.date(2008, 1, 1)
    assert parse_nik("3310250101300005", today=dt.date(2026, 11, 28)).birth_date == dt.date(1930, 1, 1)


def test_it_rejects_the_31st_of_february():
    with pytest.raises(ValidationError) as exc:
        parse_nik("3310253102900001")
    assert codes(exc.value) == {"birth_date"}
    assert "tidak ada di kalender" in exc.value.messages[0]


@pytest.mark.parametrize("day", ["32", "40", "72", "00"])
def test_it_rejects_days_outside_1_31_and_41_71(day):
    with pytest.raises(ValidationError) as exc:
        parse_nik(f"331025{day}0190" + "0001")
    assert codes(exc.value) == {"birth_date"}
    assert "41-71" in exc.value.messages[0]


def test_it_rejects_an_unknown_region_prefix():
    with pytest.raises(ValidationError) as exc:
        parse_nik("9999011708900001")
    assert codes(exc.value) == {"region"}
    assert "999901" in exc.value.messages[0]


def test_it_rejects_letters():
    with pytest.raises(ValidationError) as exc:
        parse_nik("33102517O8900001")
    assert codes(exc.value) == {"format"}
    assert "hanya boleh berisi angka" in exc.value.messages[0]


@pytest.mark.parametrize(("value", "count"), [("331025170890001", 15), ("33102517089000012", 17)])
def test_it_rejects_15_or_17_digits_and_says_how_many_were_typed(value, count):
    with pytest.raises(ValidationError) as exc:
        parse_nik(value)
    assert codes(exc.value) == {"format"}
    assert f"Anda mengetik {count}" in exc.value.messages[0]


def test_it_ignores_spaces_and_dots_people_type_between_groups():
    assert parse_nik("3310 2517 0890 0001").nik == "3310251708900001"


def test_it_rejects_serial_0000():
    with pytest.raises(ValidationError) as exc:
        parse_nik("3310251708900000")
    assert codes(exc.value) == {"serial"}


def test_it_accepts_a_nik_first_issued_outside_klaten():
    assert parse_nik("3201011508950001").district_code == "32.01.01"


def test_it_rejects_a_kk_number_with_an_unknown_region():
    with pytest.raises(ValidationError):
        validate_kk("9999010101100001")
    validate_kk("3310250101100001")
