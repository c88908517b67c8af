"""Events of the central link, published after commit through :mod:`apps.core.events`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutageDeclared:
    """Calls to central have failed for ``CENTRAL_OUTAGE_AFTER_SECONDS``: the link is declared down."""


@dataclass(frozen=True)
class OutageEnded:
    """The link answered again after a declared outage."""


@dataclass(frozen=True)
class CivilUpdateRegistered:
    """Central registered a civil-registry update (KK, akta kelahiran/kematian, SKPWNI) of an application.

    Published once, after the commit that applied central's answer (:func:`apps.central.civil.apply_civil_answer`),
    by whichever worker applied it; published again, with ``replay``, by ``central.republish_registered`` for a
    file still waiting in SENT_TO_CENTRAL. The whole answer is on ``CentralRecord.answer``
    (:func:`apps.central.civil.civil_answer`)."""

    application_id: int
    registration_number: str
    # The subject's NIK: the one sent, or the one central allocated to a newborn without one (``nik_allocated``).
    nik: str = ""
    nik_allocated: bool = False
    replay: bool = False


@dataclass(frozen=True)
class CivilUpdateRefused:
    """Central refused a civil-registry update for good (its answer was not a registration: data it cannot
    register). Published once, after the commit that marked the message failed; the stage that sent the file
    returns it to the desk with ``reason``."""

    application_id: int
    reason: str
