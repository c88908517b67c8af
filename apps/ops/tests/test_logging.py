"""No personal data in the logs: a NIK (or e-mail, phone) in a URL or query never reaches a log line."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from apps.ops.logging import PersonalDataFilter, scrub

NIK = "3310254101900007"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """The project's LOGGING as configured in settings, writing to a buffer."""
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    logging.config.dictConfig(settings.LOGGING)
    handler = next(h for h in root.handlers if isinstance(h, logging.StreamHandler))
    handler.setStream(stream)
    yield stream
    root.handlers[:] = saved[0]  # give pytest's own capture handlers back
    root.setLevel(saved[1])


def test_scrub_masks_nik_email_and_phone() -> None:
    text = scrub(f"/cek/?nik={NIK}&email=budi%40contoh.id&hp=081234567890 KK 3310250101000001")
    assert NIK not in text and "budi" not in text and "081234567890" not in text
    assert "[NIK]" in text and "[EMAIL]" in text and "[TELP]" in text


@pytest.mark.django_db
def test_a_request_with_a_nik_in_the_url_and_query_does_not_log_the_nik(client: Any, log_output: io.StringIO) -> None:
    client.get(f"/tidak-ada/{NIK}/", {"nik": NIK, "email": "siti@contoh.id"})
    client.get("/permohonan/cek/", {"nik": NIK})
    logging.getLogger("django.request").warning("Not Found: %s", f"/x/{NIK}", extra={"request": f"GET /x/{NIK}"})
    output = log_output.getvalue()
    assert "Not Found" in output  # the requests were logged...
    assert NIK not in output  # ...without the NIK
    assert "siti@contoh.id" not in output
    for line in output.strip().splitlines():
        json.loads(line)  # still one JSON object per line


def test_a_traceback_that_quotes_a_nik_is_scrubbed(log_output: io.StringIO) -> None:
    try:
        raise ValueError(f"bad NIK {NIK}")
    except ValueError:
        logging.getLogger("sipon.test").exception("failed for %s", NIK)
    output = log_output.getvalue()
    assert "ValueError" in output and NIK not in output


def test_the_filter_is_wired_on_every_handler() -> None:
    handlers = settings.LOGGING["handlers"]
    assert isinstance(handlers, dict)
    for handler in handlers.values():
        assert "personal_data" in handler.get("filters", []), handler
    record = logging.makeLogRecord({"msg": "nik %s", "args": (NIK,)})
    PersonalDataFilter().filter(record)
    assert record.getMessage() == "nik [NIK]"
