"""Demo IKM survey responses: two semesters from the kiosk and notification links (idempotent,
deterministic: a seeded generator)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from apps.locations.models import Location
from apps.surveys import services
from apps.surveys.models import SurveyResponse
from apps.surveys.periods import previous_semesters, semester_of

# Probability weights for answers 1..4 per element: waiting time (U3) and facilities (U9) are weakest,
# the fee (U4, the service is free) strongest.
PROFILES: dict[int, tuple[int, int, int, int]] = {
    1: (2, 8, 55, 35),
    2: (3, 12, 55, 30),
    3: (8, 27, 45, 20),
    4: (0, 1, 9, 90),
    5: (2, 10, 58, 30),
    6: (1, 8, 56, 35),
    7: (1, 6, 50, 43),
    8: (4, 18, 52, 26),
    9: (7, 25, 48, 20),
}
AGES = ["u20", "20", "30", "40", "50", "60"]
EDUCATION = ["sd", "smp", "sma", "sma", "diploma", "s1", "s2"]
OCCUPATION = ["pns", "swasta", "swasta", "wirausaha", "wirausaha", "pelajar", "lainnya", "tni", "polri"]
SUGGESTIONS = [
    "Ruang tunggu panas, mohon tambah kipas.",
    "Antrean online sangat membantu.",
    "Mohon informasi stok blangko diumumkan setiap pagi.",
    "",
]


def load(stdout: Any) -> None:
    if SurveyResponse.objects.exists():
        stdout.write("Demo survey responses already loaded.")
        return

    location = Location.objects.filter(slug="kantor-utama").first()
    rng = random.Random(2026)  # noqa: S311  (deterministic demo data, not security)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    count = 0
    for index, period in enumerate(previous_semesters(semester_of(today), 2)):
        last = min(period.end, today)
        span = (last - period.start).days + 1
        for n in range(170 + 20 * index):
            day = period.start + dt.timedelta(days=rng.randrange(span))
            moment = dt.datetime.combine(day, dt.time(10, 0), tzinfo=tz)
            invitation = services.invitation_for(ticket_code=f"C-{index}{n:03d}", location=location, now=moment)
            answers: dict[str, Any] = {f"u{e}": rng.choices((1, 2, 3, 4), weights=PROFILES[e])[0] for e in range(1, 10)}
            # the later semester is a little better on waiting time, after online booking started
            if index == 1 and answers["u3"] < 4 and rng.random() < 0.15:
                answers["u3"] += 1
            answers.update(
                age_band=rng.choice(AGES),
                sex=rng.choice("LP"),
                education=rng.choice(EDUCATION),
                occupation=rng.choice(OCCUPATION),
                suggestion=rng.choice(SUGGESTIONS),
            )
            services.submit_response(invitation, answers, now=moment)
            count += 1
    stdout.write(f"Demo survey responses ready ({count} over two semesters).")
