"""Indonesian words for numbers, as the call display speaks them. ``static/js/queueing.js`` has the
same function (``window.SiponQueue.spokenCall``); a browser test checks both give the same text."""

from __future__ import annotations

ONES = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"]


def number_words(n: int) -> str:
    if n < 0:
        return "minus " + number_words(-n)
    if n < 12:
        return ONES[n]
    if n < 20:
        return ONES[n - 10] + " belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return ONES[tens] + " puluh" + (" " + ONES[rest] if rest else "")
    if n < 200:
        return "seratus" + (" " + number_words(n - 100) if n > 100 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return ONES[hundreds] + " ratus" + (" " + number_words(rest) if rest else "")
    if n < 2000:
        return "seribu" + (" " + number_words(n - 1000) if n > 1000 else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return number_words(thousands) + " ribu" + (" " + number_words(rest) if rest else "")
    millions, rest = divmod(n, 1_000_000)
    return number_words(millions) + " juta" + (" " + number_words(rest) if rest else "")


def digits_words(text: str) -> str:
    """A ticket number as called: leading zeros one by one ("nol"), then the rest as a number
    ("012" -> "nol dua belas", "001" -> "nol nol satu")."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        return ""
    stripped = digits.lstrip("0")
    zeros = len(digits) - len(stripped)
    if not stripped:
        return " ".join(["nol"] * len(digits))
    return " ".join(["nol"] * zeros + [number_words(int(stripped))])


def spoken_call(label: str, counter_number: int) -> str:
    """ "C-012", 3 -> "Nomor antrean C nol dua belas, silakan ke loket tiga"."""
    code, _sep, number = label.partition("-")
    letters = " ".join(code)
    return f"Nomor antrean {letters} {digits_words(number)}, silakan ke loket {number_words(counter_number)}"
