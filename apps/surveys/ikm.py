"""IKM arithmetic (PermenPAN-RB 14/2017). The one place the weight convention lives.

Convention (docs/decisions/0002-ikm-weight.md): the exact weight 1/9, Decimal arithmetic
throughout, the IKM value rounded half-up to 2 decimals, and the grade boundaries applied to
that rounded value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ELEMENT_COUNT = 9
WEIGHT = Decimal(1) / Decimal(ELEMENT_COUNT)  # exact 1/9 (to Decimal's 28 digits), never 0.111
CONVERSION = Decimal(25)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Grade:
    letter: str
    label: Promise
    lower: Decimal  # inclusive lower bound of the converted (0-100) value


GRADES: tuple[Grade, ...] = (
    Grade("A", _("Sangat baik"), Decimal("88.31")),
    Grade("B", _("Baik"), Decimal("76.61")),
    Grade("C", _("Kurang baik"), Decimal("65.00")),
    Grade("D", _("Tidak baik"), Decimal("25.00")),
)


def round2(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def nrr(total: int, respondents: int) -> Decimal:
    """Element score: sum of answers / respondents (unrounded)."""
    if respondents <= 0:
        raise ValueError("no respondents")
    return Decimal(total) / Decimal(respondents)


def ikm_value(element_nrrs: Sequence[Decimal]) -> Decimal:
    """IKM = sum(NRR x 1/9) x 25, rounded half-up to 2 decimals."""
    if len(element_nrrs) != ELEMENT_COUNT:
        raise ValueError("IKM needs the nine element scores")
    weighted = sum((n * WEIGHT for n in element_nrrs), Decimal(0))
    return round2(weighted * CONVERSION)


def converted(element_nrr: Decimal) -> Decimal:
    """One element's score on the 25-100 scale (NRR x 25), rounded like the IKM."""
    return round2(element_nrr * CONVERSION)


def grade(value: Decimal) -> Grade:
    """Grade of a converted value; boundaries apply to the value rounded to 2 decimals."""
    rounded = round2(Decimal(value))
    for candidate in GRADES:
        if rounded >= candidate.lower:
            return candidate
    return GRADES[-1]


def krejcie_morgan(
    population: int,
    chi_square: Decimal = Decimal("3.841"),
    p: Decimal = Decimal("0.5"),
    margin: Decimal = Decimal("0.05"),
) -> int:
    """Sample size S = X2*N*P*(1-P) / (d2*(N-1) + X2*P*(1-P)), rounded to the nearest whole
    respondent (N=300 -> 169, N=2,000 -> 322, N >= 1,000,000 -> 384)."""
    if population <= 0:
        return 0
    n = Decimal(population)
    numerator = chi_square * n * p * (1 - p)
    denominator = margin * margin * (n - 1) + chi_square * p * (1 - p)
    return int((numerator / denominator).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def sample_is_enough(respondents: int, population: int) -> bool:
    return respondents >= krejcie_morgan(population)


__all__ = ["GRADES", "WEIGHT", "Grade", "converted", "grade", "ikm_value", "krejcie_morgan", "nrr"]
