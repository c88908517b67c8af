"""A ready-to-post story image (1080x1920 PNG) and caption for each notice: the office used
Instagram stories to tell residents about power cuts, outages and its move."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from apps.announcements.models import Notice, Severity

WIDTH, HEIGHT = 1080, 1920
MARGIN = 80
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/truetype/liberation")
REGULAR = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf")
BOLD = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")
BANDS: dict[str, str] = {Severity.CRITICAL: "#b10e1e", Severity.WARNING: "#f47738", Severity.INFO: "#1d70b8"}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=8)
def _font_path(names: tuple[str, ...]) -> str | None:
    for folder in FONT_DIRS:
        for name in names:
            candidate = Path(folder) / name
            if candidate.exists():
                return str(candidate)
    return None


def font(size: int, *, bold: bool = False) -> Font:
    """A TrueType font from the machine (DejaVu or Liberation); Pillow's built-in scalable
    font when neither is installed."""
    path = _font_path(BOLD if bold else REGULAR)
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def wrap(draw: ImageDraw.ImageDraw, text: str, typeface: Font, width: int) -> list[str]:
    """Greedy word wrap by measured pixel width (long words are cut)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=typeface) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while draw.textlength(word, font=typeface) > width:
                cut = len(word)
                while cut > 1 and draw.textlength(word[:cut], font=typeface) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _dates(notice: Notice) -> str:
    start = formats.date_format(timezone.localtime(notice.starts_at), "j F Y H:i")
    if notice.ends_at:
        end = formats.date_format(timezone.localtime(notice.ends_at), "j F Y H:i")
        return _("%(start)s s.d. %(end)s") % {"start": start, "end": end}
    return _("Mulai %(start)s") % {"start": start}


def _place_line(notice: Notice) -> str:
    locations = list(notice.locations.all())
    if locations:
        first = locations[0]
        return f"{first.name}, {first.address}"
    return ""


def caption_for(notice: Notice) -> str:
    """Text to paste under the story."""
    parts = [f"[{notice.get_kind_display()}] {notice.title}", notice.summary]
    if notice.body:
        parts.append(notice.body)
    parts.append(_dates(notice))
    place = _place_line(notice)
    if place:
        parts.append(_("Lokasi: %(place)s") % {"place": place})
    if notice.map_url:
        parts.append(_("Peta: %(url)s") % {"url": notice.map_url})
    parts.append(_("Info lengkap: %(url)s") % {"url": settings.SITE_URL + notice.get_absolute_url()})
    parts.append(settings.SIPON_OFFICE_NAME)
    return "\n\n".join(str(p) for p in parts)


def render_story(notice: Notice, *, include_text: bool = True) -> bytes:
    """The story image as PNG bytes. ``include_text=False`` draws only the frame (used to show
    that the text is really drawn)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(image)
    band = BANDS.get(notice.severity, BANDS[Severity.INFO])
    draw.rectangle((0, 0, WIDTH, 360), fill="#0b0c0c")
    draw.rectangle((0, 360, WIDTH, 420), fill=band)
    draw.rectangle((0, HEIGHT - 260, WIDTH, HEIGHT), fill="#0b0c0c")
    if not include_text:
        return _png(image)
    y = 90
    for line in wrap(draw, settings.SIPON_OFFICE_NAME, font(40, bold=True), WIDTH - 2 * MARGIN)[:3]:
        draw.text((MARGIN, y), line, font=font(40, bold=True), fill="#ffffff")
        y += 54
    draw.text((MARGIN, 370), str(notice.get_kind_display()).upper(), font=font(38, bold=True), fill="#ffffff")
    y = 500
    title_font = font(84, bold=True)
    for line in wrap(draw, notice.title, title_font, WIDTH - 2 * MARGIN)[:5]:
        draw.text((MARGIN, y), line, font=title_font, fill="#0b0c0c")
        y += 100
    y += 40
    body_font = font(48)
    for line in wrap(draw, notice.summary, body_font, WIDTH - 2 * MARGIN)[:8]:
        draw.text((MARGIN, y), line, font=body_font, fill="#0b0c0c")
        y += 64
    y += 40
    for line in wrap(draw, _dates(notice), font(42, bold=True), WIDTH - 2 * MARGIN)[:2]:
        draw.text((MARGIN, y), line, font=font(42, bold=True), fill=band)
        y += 58
    place = _place_line(notice)
    small = font(38)
    lines = wrap(draw, place, small, WIDTH - 2 * MARGIN)[:3] if place else []
    if notice.map_url:
        lines += wrap(draw, _("Peta: %(url)s") % {"url": notice.map_url}, font(30), WIDTH - 2 * MARGIN)[:3]
    y = max(y + 40, HEIGHT - 300 - 50 * len(lines))
    for line in lines:
        draw.text((MARGIN, y), line, font=small if not line.startswith("Peta") else font(30), fill="#505a5f")
        y += 50
    footer = _("Info lengkap di Sipon: %(site)s") % {"site": settings.SITE_URL.split("://")[-1]}
    for i, line in enumerate(wrap(draw, footer, font(36), WIDTH - 2 * MARGIN)[:3]):
        draw.text((MARGIN, HEIGHT - 200 + i * 48), line, font=font(36), fill="#ffffff")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
