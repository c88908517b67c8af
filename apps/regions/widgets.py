"""A ``<select>`` for long region lists, rendered in Python.

Django renders each ``<option>`` through a template (and ``format_html`` costs several lazy-string wrappers per
call), about 0.1 ms per option; the registration form lists every desa/kelurahan of the regency (400+), so that
alone took most of the page's time. Values and labels are escaped with the standard library's ``html.escape``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe


def _options(options: list[dict[str, Any]]) -> str:
    return "".join(
        f'<option value="{escape(str(o["value"]))}"{" selected" if o["selected"] else ""}>'
        f'{escape(str(o["label"]), quote=False)}</option>'
        for o in options
    )


class FastSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{escape(str(group_name))}">{_options(options)}</optgroup>')
            else:
                parts.append(_options(options))
        # every part is escaped above; flatatt escapes the attribute values itself
        html = f'<select name="{escape(widget["name"])}"{flatatt(widget["attrs"])}>{"".join(parts)}</select>'
        return mark_safe(html)
