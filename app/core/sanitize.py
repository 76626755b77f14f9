"""Turn member-written Markdown into safe HTML; the only module that renders Markdown or calls bleach.

The pipeline, run once on write by the services that store user text:

1. markdown-it-py parses the text with the CommonMark preset plus tables and strikethrough. Raw HTML is
   off, so any tag a member types comes out as escaped text, and markdown-it refuses
   javascript:/vbscript:/file:/data: link targets.
2. The token stream is adjusted before rendering: headings move down two levels (``#`` gives ``<h3>``) so
   a post never breaks the page's heading outline; table alignment becomes ``align`` instead of a
   ``style`` attribute; images become plain links showing their alt text, because an ``<img>`` would
   make every reader's browser fetch another site and leak their IP address.
3. bleach.Cleaner applies the allow-lists below (tags, attributes, URL schemes) as a second, independent
   line of defence. A small html5lib filter then puts ``rel="nofollow ugc noopener noreferrer"`` on every
   link and drops any href whose scheme is only hidden by percent-encoding.

Store the result and show it with ``|safe``; never mark unsanitised text safe.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import bleach
from bleach.html5lib_shim import Filter
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS: frozenset[str] = frozenset({
    "p", "br", "strong", "em", "del", "s", "blockquote", "ul", "ol", "li", "code", "pre", "a",
    "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES: dict[str, list[str]] = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener noreferrer"
QUOTE_LIMIT = 2000
ELLIPSIS = "…"

_HEADING_DEMOTION = {"h1": "h3", "h2": "h4", "h3": "h5", "h4": "h6", "h5": "h6", "h6": "h6"}
_ALIGN_RE = re.compile(r"text-align:(left|center|right)")
_MARKDOWN_SPECIAL_RE = re.compile(f"([{re.escape(string.punctuation)}])")
_WHITESPACE_RE = re.compile(r"\s+")
_URL_JUNK_RE = re.compile(r"[\x00-\x20\x7f-\xa0\s]+")
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)


def _has_forbidden_scheme(href: str) -> bool:
    """True if the href, even once percent-decoded and stripped of control characters, names a scheme
    outside ALLOWED_PROTOCOLS. Browsers would treat "jav%09ascript:" as a relative path; we drop it anyway."""
    match = _SCHEME_RE.match(_URL_JUNK_RE.sub("", unquote(href)).lower())
    return match is not None and match.group(1) not in ALLOWED_PROTOCOLS


class _LinkFilter(Filter):
    """html5lib filter run after bleach: fixed rel on every <a>, and no href with a disguised scheme."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                attrs = token["data"]
                if _has_forbidden_scheme(attrs.get((None, "href"), "")):
                    del attrs[(None, "href")]
                attrs[(None, "rel")] = LINK_REL
            yield token


def _image_as_link(image: Token) -> list[Token]:
    """Replace an image token with a link to its URL whose text is the alt text (or the URL)."""
    src = image.attrGet("src") or ""
    label = _markdown.renderer.renderInlineAsText(image.children or [], _markdown.options, {}) or src
    link_open = Token("link_open", "a", 1, attrs={"href": src})
    if image.attrGet("title"):
        link_open.attrSet("title", str(image.attrGet("title")))
    return [link_open, Token("text", "", 0, content=label), Token("link_close", "a", -1)]


def _adjust_tokens(tokens: list[Token]) -> None:
    """Demote headings, turn table alignment styles into align, and images into links (in place)."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_DEMOTION[token.tag]
        elif token.type in ("th_open", "td_open"):
            match = _ALIGN_RE.fullmatch(str(token.attrs.pop("style", "")))
            if match:
                token.attrSet("align", match.group(1))
        elif token.type == "inline" and token.children:
            children: list[Token] = []
            for child in token.children:
                children.extend(_image_as_link(child) if child.type == "image" else [child])
            token.children = children


def render_user_markdown(text: str) -> str:
    """Render member-written Markdown to sanitised HTML that is safe to store and show with |safe."""
    env: dict[str, Any] = {}
    tokens = _markdown.parse(text, env)
    _adjust_tokens(tokens)
    rendered = _markdown.renderer.render(tokens, _markdown.options, env)
    # A new Cleaner per call: bleach's parser keeps internal state and is not thread-safe.
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[_LinkFilter],
    )
    return cleaner.clean(rendered)


def _truncate(text: str, length: int) -> str:
    """Cut text to at most `length` characters on a word boundary, ending with an ellipsis if cut."""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if not text[length - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + ELLIPSIS


def render_plain_excerpt(text: str, length: int = 200) -> str:
    """Plain-text excerpt of member Markdown for e-mails and list previews: no tags, entities decoded.

    The result is plain text, not HTML: let the template autoescape it and never mark it |safe.
    """
    if length < 1:
        raise ValueError("length must be at least 1")
    stripped = bleach.clean(render_user_markdown(text), tags=[], strip=True)
    plain = _WHITESPACE_RE.sub(" ", html.unescape(stripped)).strip()
    return _truncate(plain, length)


def _escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation character so the text renders literally."""
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", text)


def quote_markdown(text: str, author: str) -> str:
    """Markdown blockquote of another member's post, for pre-filling a reply.

    Keeps at most QUOTE_LIMIT characters of the quoted text; ends with a blank line so whatever the
    replier writes below starts outside the quote.
    """
    body = text.strip()
    if len(body) > QUOTE_LIMIT:
        body = body[:QUOTE_LIMIT].rstrip() + ELLIPSIS
    name = _escape_markdown(_WHITESPACE_RE.sub(" ", author).strip())
    lines = [f"> **{name} skrev:**"]
    lines += [f"> {line}" if line.strip() else ">" for line in body.splitlines()]
    return "\n".join(lines) + "\n\n"


_QUOTE_HEAD_RE = re.compile(r"> \*\*.+ skrev:\*\*")


def split_quote(text: str) -> tuple[str, str]:
    """A reply's leading quote, as `quote_markdown` wrote it, and the rest: ``quote + rest ==
    text``. Editing shows the quote above the box and only the rest in it. No quote: ("", text)."""
    lines = text.splitlines(keepends=True)
    if not lines or not _QUOTE_HEAD_RE.fullmatch(lines[0].rstrip("\r\n")):
        return "", text
    end = 1
    while end < len(lines) and lines[end].startswith(">"):
        end += 1
    if end == len(lines) or lines[end].strip():
        return "", text
    return "".join(lines[:end + 1]), "".join(lines[end + 1:])
