"""The one boundary where data becomes page.

Every string from data/ reaches a page through this module, as escaped text: never as Markdown,
MyST syntax, a template or raw HTML. Chapters and the book's page pieces build their markup with
``text``, ``attr`` and ``link`` and hand it to Jupyter as ``Html`` (an HTML output, which MyST-NB
embeds as it is and never parses). A link from data is written only for a validated http(s) URL.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

# A URL the book will link to: http(s), a host, and nothing that could leave an attribute or a URL
# (whitespace, double quotes, angle brackets, backslashes, control characters).
_URL_UNSAFE = re.compile(r"[\s\"<>\\`\x00-\x1f\x7f-\x9f]")


class Html(str):
    """Markup this module built (or a page piece built from its parts): safe to embed as it is."""

    def _repr_html_(self) -> str:
        return str(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        # HTML only: a text/markdown or text/plain rendering of the same output is never offered.
        return {"text/html": str(self)}


def text(value) -> Html:
    """Any value as text a page shows: every character that means something in HTML is escaped."""
    return Html(html.escape("" if value is None else str(value), quote=True))


def attr(value) -> str:
    """A value for a double-quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_url(value) -> str | None:
    """``value`` if it is an http(s) URL with a host and no character that could break out of it, else None."""
    url = "" if value is None else str(value)
    if not url or _URL_UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        return None
    return url


def link(url, label, **attributes) -> Html:
    """``<a href="url">label</a>`` for a validated http(s) URL; the label alone (as text) for any other."""
    href = safe_url(url)
    if href is None:
        return text(label)
    extra = "".join(f' {name.rstrip("_").replace("_", "-")}="{attr(v)}"' for name, v in attributes.items())
    return Html(f'<a href="{attr(href)}"{extra}>{text(label)}</a>')


def join(parts, separator: str = "") -> Html:
    """Markup pieces joined; a plain string among them is escaped first."""
    return Html(text(separator).join(p if isinstance(p, Html) else text(p) for p in parts))


def _inert_json(data) -> str:
    """JSON whose text can never end a script element, open a comment or break a JavaScript line, whatever
    the data hold (<, >, &, U+2028 and U+2029 are written as \\u escapes)."""
    body = json.dumps(data, sort_keys=True, ensure_ascii=False)
    for char in "<>&\u2028\u2029":
        body = body.replace(char, f"\\u{ord(char):04x}")
    return body


def json_script(data, css_class: str, **attributes) -> Html:
    """Data for a script on the page (a chart's spec, JSON-LD): a JSON block, inert whatever the data hold."""
    body = _inert_json(data)
    kind = attributes.pop("type_", "application/json")
    extra = "".join(f' {name.replace("_", "-")}="{attr(v)}"' for name, v in attributes.items())
    cls = f' class="{attr(css_class)}"' if css_class else ""
    return Html(f'<script type="{attr(kind)}"{cls}{extra}>{body}</script>')


def script_data(registry: str, key: str, data) -> str:
    """A script file's whole text that files ``data`` as ``window[registry][key]``: a JSON literal, which a
    script only reads (a chart's spec, loaded by a <script> tag so that it also works from file://)."""
    if not re.fullmatch(r"[A-Za-z_$][\w$]*", registry):
        raise ValueError(f"not a script name: {registry!r}")
    shelf = f"window.{registry}"
    return f"{shelf} = {shelf} || {{}};\n{shelf}[{_inert_json(str(key))}] = {_inert_json(data)};\n"
