"""``{% htmx_if_used %}...{% end_htmx_if_used %}``: renders its content and, only when that content uses
htmx (an ``hx-`` attribute), adds htmx. Pages without htmx (most resident pages) no longer download its
17 KB; a page that uses it gets it without having to declare it, so a partial that starts using htmx
cannot silently break.

A page whose htmx only answers the user (a form posted in place) gets it on demand: a marker that
static/js/sipon.js turns into the script at the first touch, key press or focus, so the 17 KB are not in
the way of the first load on a slow phone (every such form also works without htmx, by a normal post).
A page that polls or loads by itself (``hx-trigger`` with ``every``, ``load``, ``revealed``,
``intersect``) gets the deferred script at once."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

USES_HTMX = re.compile(r"\shx-[a-z]")
ACTS_BY_ITSELF = re.compile(r"""hx-trigger=["'][^"']*\b(?:every|load|revealed|intersect)\b""")


class HtmxIfUsedNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        body = self.nodelist.render(context)
        if not USES_HTMX.search(body):
            return mark_safe(body)  # the rendered template output, escaped by the template engine
        src = static("vendor/htmx.min.js")
        if ACTS_BY_ITSELF.search(body):
            script = format_html('<script src="{}" defer></script>', src)
        else:
            script = format_html('<div hidden data-htmx-src="{}"></div>', src)
        return mark_safe(body + script)


@register.tag
def htmx_if_used(parser: Any, token: Any) -> HtmxIfUsedNode:
    nodelist = parser.parse(("end_htmx_if_used",))
    parser.delete_first_token()
    return HtmxIfUsedNode(nodelist)
