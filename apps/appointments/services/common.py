"""Booking codes and the shared constants."""

from __future__ import annotations

import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# A full slot stays full until a place is released, which deletes the marker (mark_not_full); the TTL only
# bounds how stale it can be if a place is freed some other way (an administrator raising the quota).
FULL_CACHE_SECONDS = 300
NEXT_FREE_CACHE_SECONDS = 10
LOOKAHEAD_DAYS = 30


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def normalise_code(value: str) -> str:
    """A booking code as typed or as read from the QR code (which may hold a URL with ``kode=``)."""
    text = (value or "").strip()
    if "kode=" in text:
        text = text.split("kode=", 1)[1].split("&", 1)[0]
    text = text.rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch for ch in text.upper() if ch.isalnum())[:12]
