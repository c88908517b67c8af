"""A logging filter that removes personal data from every log line.

Sipon logs ids, not people; but some lines are written by code we do not control
(Django's "Not Found: /path", gunicorn's access log with the query string), and a
resident may type a NIK into a URL. This filter masks, in the message and in every
string attribute of the record:

* NIK and KK numbers (16 digits), and any longer run of digits;
* e-mail addresses;
* Indonesian phone numbers (08..., +628..., 628...).

Wire it on every handler (``LOGGING["filters"]`` and the handler's ``"filters"``), and
on gunicorn's handlers through ``deploy/gunicorn.conf.py``.
"""

from __future__ import annotations

import logging
import re

NIK_MASK = "[NIK]"
EMAIL_MASK = "[EMAIL]"
PHONE_MASK = "[TELP]"

_NIK = re.compile(r"(?<!\d)\d{16,}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d])(?:\+62|%2B62|62|0)8\d{7,12}(?!\d)")
# Standard attributes of a LogRecord that are not free text.
_SKIP = {"name", "levelname", "levelno", "pathname", "filename", "module", "funcName", "lineno",
         "created", "msecs", "relativeCreated", "thread", "threadName", "process", "processName",
         "taskName", "stack_info", "exc_info", "exc_text", "msg", "args"}


def scrub(text: str) -> str:
    """``text`` with NIKs, e-mail addresses and phone numbers masked."""
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _NIK.sub(NIK_MASK, text)
    return _PHONE.sub(PHONE_MASK, text)


class PersonalDataFilter(logging.Filter):
    """Rewrites the record in place (never drops it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a badly formatted record: keep the raw message, still scrubbed
            message = str(record.msg)
        # A traceback may quote a URL or a value: it is folded into the (scrubbed) message.
        if record.exc_info:
            message = f"{message}\n{logging.Formatter().formatException(record.exc_info)}"
            record.exc_info = None
            record.exc_text = None
        record.msg = scrub(message)
        record.args = None
        for key, value in list(vars(record).items()):
            if key in _SKIP or key.startswith("_") or isinstance(value, (bool, int, float, type(None))):
                continue
            # Extra objects (Django's ``request``) are logged through str(): scrub that text.
            setattr(record, key, scrub(value if isinstance(value, str) else str(value)))
        return True
