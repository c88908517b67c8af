from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def absolute(value: int) -> int:
    return abs(int(value))
