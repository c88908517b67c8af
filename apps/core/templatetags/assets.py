"""``{% htmx_if_used %}...{% end_htmx_if_used %}``: renders its content and, only when that content uses
htmx (an ``hx-`` attribute), adds htmx. Pages without htmx (most resident pages) no longer download its
17 KB; a page that uses it gets it without having to declare it, so a partial that starts using htmx
cannot silently break.

A page whose htmx only answers the user (a form posted in place) gets it on demand: a marker that
static/js/sipon.js turns into the script at the first touch, key press or focus, so the 17 KB are not in
the way of the first load on a slow phone (every such form also works without htmx, by a normal post).
A page that loads by itself (``hx-trigger`` with ``load``, ``revealed``, ``intersect``) or polls often
(``every`` under 10 s: the call display, the counter console) gets the deferred script at once. A page that
only polls slowly (the resident's queue ticket, every 10 s) gets it a few seconds after the page has loaded
(``data-htmx-after``), or at the first touch: the page was fresh when it was drawn, so nothing is lost by
refreshing a little later, and the 17 KB are parsed after the phone has become usable instead of before."""

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
LOADS_BY_ITSELF = re.compile(r"""hx-trigger=["'][^"']*\b(?:load|revealed|intersect)\b""")
POLL_SECONDS = re.compile(r"""hx-trigger=["'][^"']*\bevery\s+(\d+(?:\.\d+)?)(ms|s|m)\b""")
SLOW_POLL_SECONDS = 10.0
# How long after the page's load event a slowly polling page fetches htmx: past the 5 s of quiet after
# which a phone counts as usable (Lighthouse's time to interactive), well before the second poll is due.
SLOW_POLL_LOAD_AFTER_MS = 6000
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0}


def _polls_only_slowly(body: str) -> bool:
    if LOADS_BY_ITSELF.search(body):
        return False
    intervals = [float(n) * _UNIT_SECONDS[unit] for n, unit in POLL_SECONDS.findall(body)]
    return bool(intervals) and min(intervals) >= SLOW_POLL_SECONDS


class HtmxIfUsedNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        body = self.nodelist.render(context)
        if not USES_HTMX.search(body):
            return mark_safe(body)  # the rendered template output, escaped by the template engine
        src = static("vendor/htmx.min.js")
        if ACTS_BY_ITSELF.search(body) and _polls_only_slowly(body):
            script = format_html('<div hidden data-htmx-src="{}" data-htmx-after="{}"></div>', src,
                                 SLOW_POLL_LOAD_AFTER_MS)
        elif ACTS_BY_ITSELF.search(body):
            script = format_html('<script src="{}" defer></script>', src)
        else:
            script = format_html('<div hidden data-htmx-src="{}"></div>', src)
        return mark_safe(body + script)


@register.tag
def htmx_if_used(parser: Any, token: Any) -> HtmxIfUsedNode:
    nodelist = parser.parse(("end_htmx_if_used",))
    parser.delete_first_token()
    return HtmxIfUsedNode(nodelist)
