"""IKM arithmetic against cases worked by hand (PermenPAN-RB 14/2017)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.surveys import ikm

D = Decimal


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        ("25.00", "D"),
        ("64.99", "D"),
        ("65.00", "C"),
        ("76.60", "C"),
        ("76.61", "B"),
        ("88.30", "B"),
        ("88.31", "A"),
        ("100.00", "A"),
    ],
)
def test_it_grades_on_the_regulation_boundaries(value, letter):
    assert ikm.grade(D(value)).letter == letter


def test_it_applies_the_boundaries_to_the_value_rounded_to_two_decimals():
    assert ikm.grade(D("88.305")).letter == "A"  # rounds half-up to 88.31
    assert ikm.grade(D("88.3049")).letter == "B"  # rounds to 88.30
    assert ikm.grade(D("64.995")).letter == "C"
    assert str(ikm.grade(D("90")).label) == "Sangat baik"
    assert str(ikm.grade(D("70")).label) == "Kurang baik"


def test_it_computes_a_hand_worked_case():
    # 4 respondents; totals per element 13,12,11,16,14,13,14,12,11
    # NRR: 3.25, 3.00, 2.75, 4.00, 3.50, 3.25, 3.50, 3.00, 2.75 (sum 29.00)
    # IKM = 29 x 1/9 x 25 = 80.5555... -> 80.56 (B). With the rounded weight 0.111 it would be 80.475 -> 80.48.
    totals = [13, 12, 11, 16, 14, 13, 14, 12, 11]
    nrrs = [ikm.nrr(t, 4) for t in totals]
    assert nrrs[0] == D("3.25") and nrrs[3] == D(4)
    value = ikm.ikm_value(nrrs)
    assert value == D("80.56")
    assert ikm.grade(value).letter == "B"


def test_it_uses_the_exact_weight_so_a_true_65_stays_grade_c():
    # 5 respondents answering 2,3,3,3,2 on every element: NRR 2.6 each, sum 23.4.
    # Exact: 23.4 / 9 x 25 = 65.00 (C). The rounded weight 0.111 would give 64.935 -> 64.94 (D).
    nrrs = [ikm.nrr(13, 5)] * 9
    assert ikm.ikm_value(nrrs) == D("65.00")
    assert ikm.grade(ikm.ikm_value(nrrs)).letter == "C"
    assert D("0.111") != ikm.WEIGHT


def test_it_refuses_an_ikm_without_nine_elements_or_respondents():
    with pytest.raises(ValueError):
        ikm.ikm_value([D(3)] * 8)
    with pytest.raises(ValueError):
        ikm.nrr(10, 0)


@pytest.mark.parametrize(
    ("population", "sample"), [(300, 169), (2000, 322), (1_000_000, 384), (5_000_000, 384), (10, 10), (0, 0)]
)
def test_it_gives_the_krejcie_morgan_sample_size(population, sample):
    assert ikm.krejcie_morgan(population) == sample


def test_element_conversion_matches_the_regulation_intervals():
    # An element NRR of 3.5324 converts to 88.31 (A); 3.532 to 88.30 (B).
    assert ikm.grade(ikm.converted(D("3.5324"))).letter == "A"
    assert ikm.grade(ikm.converted(D("3.532"))).letter == "B"
