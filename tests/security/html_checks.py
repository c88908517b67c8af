"""Checks on one HTML page: no inline script, no event-handler attributes, a CSRF token in
every POST form."""

from __future__ import annotations

from html.parser import HTMLParser


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script_inline = False
        self._script_text = ""
        self._form_post = False
        self._form_has_token = False
        self._form_action = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, _value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"event-handler attribute {name}= on <{tag}>")
        if tag == "script":
            kind = (values.get("type") or "").lower()
            if not values.get("src") and kind not in ("application/json", "application/ld+json"):
                self._in_script_inline = True
                self._script_text = ""
        href = values.get("href") or values.get("src") or values.get("action") or ""
        if href.strip().lower().startswith("javascript:"):
            self.problems.append(f"javascript: URL on <{tag}>")
        if tag == "form":
            self._form_post = (values.get("method") or "get").lower() == "post"
            self._form_has_token = False
            self._form_action = values.get("action") or "(this page)"
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken" and values.get("value"):
            self._form_has_token = True

    def handle_data(self, data: str) -> None:
        if self._in_script_inline:
            self._script_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script_inline:
            self._in_script_inline = False
            self.problems.append(f"inline <script>: {self._script_text.strip()[:60]!r}")
        if tag == "form":
            if self._form_post and not self._form_has_token:
                self.problems.append(f"POST form to {self._form_action} without a CSRF token")
            self._form_post = False


def page_problems(html: str) -> list[str]:
    parser = _Page()
    parser.feed(html)
    parser.close()
    return parser.problems
