"""``{% deadline obj %}``: hours left (or overdue) on a 3 x 24 h deadline, in words."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def deadline(obj: Any) -> SafeString:
    seconds = obj.seconds_left()
    hours = abs(seconds) // 3600
    minutes = (abs(seconds) % 3600) // 60
    if seconds >= 0:
        text = _("sisa %(h)d jam %(m)d menit") % {"h": hours, "m": minutes}
        css = "deadline warn" if seconds < 12 * 3600 else "deadline"
    else:
        text = _("lewat %(h)d jam %(m)d menit") % {"h": hours, "m": minutes}
        css = "deadline overdue"
    return format_html('<span class="{}">{}</span>', css, text)
