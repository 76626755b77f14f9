"""core.sanitize: member Markdown becomes safe HTML, plain excerpts and reply quotes.

The functions are pure; no app or request is needed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from app.core.sanitize import (
    QUOTE_LIMIT,
    quote_markdown,
    render_plain_excerpt,
    render_user_markdown,
    split_quote,
)

REL = "nofollow ugc noopener noreferrer"
# Written out here rather than imported, so widening the module's allow-list makes a test fail.
SAFE_TAGS = {"p", "br", "strong", "em", "del", "s", "blockquote", "ul", "ol", "li", "code", "pre", "a",
             "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td"}
SAFE_ATTRIBUTES = {"a": {"href", "title", "rel"}, "th": {"align"}, "td": {"align"}}
FORBIDDEN_TAG_STARTS = ("<script", "<img", "<iframe", "<object", "<embed", "<svg", "<math", "<style", "<form",
                        "<input", "<meta", "<base", "<link", "<body", "<details", "<div")
FORBIDDEN_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="

XSS_VECTORS = [
    # Raw HTML and tag-parser confusion
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/x.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<<script>script>alert(1)//<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "<script>alert(1)",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=`javascript:alert(1)`>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    f"<object data=\"data:text/html;base64,{B64_SCRIPT}\"></object>",
    "<embed src=\"https://evil.example/x.swf\">",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<div style=\"width: expression(alert(1))\">x</div>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<form action=\"https://evil.example\"><input type=submit></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=import href=\"https://evil.example/x.html\">",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    # Markdown links with dangerous or disguised schemes
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](jav&#x0A;ascript:alert(1))",
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](\x01javascript:alert(1))",
    "[x](java\x00script:alert(1))",
    "[x](\u200bjavascript:alert(1))",
    f"[x](data:text/html;base64,{B64_SCRIPT})",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "<JavaScript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)> \"t\"",
    # Attribute breaking through titles and URLs
    "[x](https://a.example \"x\\\" onmouseover=\\\"alert(1))",
    "[x](https://a.example \"x\\\" onmouseover=\\\"alert(1)\\\"\")",
    "[x](https://a.example/\"onmouseover=\"alert(1))",
    "<https://a.example/\"onmouseover=\"alert(1)>",
    "[<img src=x onerror=alert(1)>](https://a.example)",
    # Images: never an <img>, never a dangerous href
    "![x](javascript:alert(1))",
    "![x](https://tracker.example/p.gif)",
    "![x](https://tracker.example/p.gif \"t\\\" onload=\\\"alert(1)\")",
    "![](data:image/png;base64,iVBORw0KGgo=)",
    "![x][img]\n\n[img]: https://tracker.example/p.gif",
    "[![x](https://tracker.example/p.gif)](https://a.example)",
    # Code and tables carrying HTML
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "    <iframe src=javascript:alert(1)>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
]


class _TagCollector(HTMLParser):
    """Collects every start tag with its (already entity-decoded) attributes, and any comment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.other: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.other.append(f"comment {data!r}")

    def handle_decl(self, decl: str) -> None:
        self.other.append(f"declaration {decl!r}")

    def handle_pi(self, data: str) -> None:
        self.other.append(f"processing instruction {data!r}")


def collect_tags(markup: str) -> _TagCollector:
    parser = _TagCollector()
    parser.feed(markup)
    parser.close()
    return parser


def url_scheme_view(value: str) -> str:
    """The URL as a lenient browser might read it: decoded, without whitespace or control characters."""
    decoded = unquote(html.unescape(value))
    return re.sub(r"[\x00-\x20\x7f-\xa0\s]+", "", decoded).lower()


def assert_safe(markup: str) -> None:
    lowered = markup.lower()
    for start in FORBIDDEN_TAG_STARTS:
        assert start not in lowered, f"{start} in {markup!r}"
    parsed = collect_tags(markup)
    assert parsed.other == []
    for tag, attrs in parsed.tags:
        assert tag in SAFE_TAGS, f"<{tag}> in {markup!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"{name} on <{tag}> in {markup!r}"
            assert name != "style", markup
            assert name in SAFE_ATTRIBUTES.get(tag, set()), f"{name} on <{tag}> in {markup!r}"
            if name in ("href", "src"):
                assert not url_scheme_view(value or "").startswith(FORBIDDEN_SCHEMES), markup
        if tag == "a":
            assert dict(attrs).get("rel") == REL, markup


def test_there_are_at_least_forty_vectors():
    assert len(XSS_VECTORS) >= 40
    assert len(set(XSS_VECTORS)) == len(XSS_VECTORS)


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_injection_vectors_are_neutralised(vector):
    assert_safe(render_user_markdown(vector))


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_injection_vectors_stay_harmless_when_quoted(vector):
    assert_safe(render_user_markdown(quote_markdown(vector, author=vector)))


def test_html_in_code_stays_escaped_text():
    assert render_user_markdown("`<b>fed</b>`") == "<p><code>&lt;b&gt;fed&lt;/b&gt;</code></p>\n"
    block = render_user_markdown("```python\nif a < b and c & d:\n    print('<b>')\n```")
    assert block.startswith("<pre><code>")
    assert "if a &lt; b and c &amp; d:" in block
    assert "print('&lt;b&gt;')" in block


def test_typed_html_is_shown_as_text():
    assert render_user_markdown("<b>hej</b>") == "<p>&lt;b&gt;hej&lt;/b&gt;</p>\n"


def test_emphasis_strike_and_line_breaks():
    output = render_user_markdown("*kursiv* **fed** ~~streget~~  \nny linje")
    assert output == "<p><em>kursiv</em> <strong>fed</strong> <s>streget</s><br>\nny linje</p>\n"


def test_lists_and_blockquote():
    output = render_user_markdown("- et\n- to\n\n1. første\n2. anden\n\n> citat\n> > indlejret")
    assert "<ul>\n<li>et</li>\n<li>to</li>\n</ul>" in output
    assert "<ol>\n<li>første</li>\n<li>anden</li>\n</ol>" in output
    assert "<blockquote>\n<p>citat</p>\n<blockquote>\n<p>indlejret</p>" in output


def test_links_get_rel_nofollow_ugc():
    assert render_user_markdown("[side](https://borgernet.example/side \"Titel\")") == (
        f'<p><a href="https://borgernet.example/side" title="Titel" rel="{REL}">side</a></p>\n'
    )
    for source in ("<https://a.example>", "<mette@example.dk>", "[lokal](/forum/1#svar)"):
        output = render_user_markdown(source)
        assert output.count(f'rel="{REL}"') == 1 == output.count("<a "), output
        assert 'href="' in output


def test_headings_are_demoted():
    output = render_user_markdown("# Titel\n\n## Under\n\n### Tredje\n\n#### Fjerde\n\n###### Sjette")
    assert "<h1" not in output and "<h2" not in output
    assert "<h3>Titel</h3>" in output and "<h4>Under</h4>" in output
    assert "<h5>Tredje</h5>" in output and "<h6>Fjerde</h6>" in output and "<h6>Sjette</h6>" in output
    assert "<h4>Setext</h4>" in render_user_markdown("Setext\n------")


def test_images_become_links_not_img():
    output = render_user_markdown("![Et *kort*](https://kort.example/k.png \"Kort\")")
    assert output == f'<p><a href="https://kort.example/k.png" title="Kort" rel="{REL}">Et kort</a></p>\n'
    no_alt = render_user_markdown("![](https://kort.example/k.png)")
    assert no_alt == (f'<p><a href="https://kort.example/k.png" rel="{REL}">'
                      "https://kort.example/k.png</a></p>\n")


def test_tables_use_align_not_style():
    output = render_user_markdown("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |")
    assert '<th align="left">a</th>' in output and '<td align="right">3</td>' in output
    assert 'align="center"' in output and "style" not in output
    assert_safe(output)


def test_danish_letters_survive():
    assert render_user_markdown("Blåbærgrød på ærø: **ÆØÅ æøå**") == (
        "<p>Blåbærgrød på ærø: <strong>ÆØÅ æøå</strong></p>\n"
    )


def test_rendering_is_deterministic():
    source = "# Hej\n\n[a](https://a.example) ![b](https://b.example/b.png)\n\n| x |\n|:-:|\n| y |"
    first = render_user_markdown(source)
    assert all(render_user_markdown(source) == first for _ in range(5))
    assert render_user_markdown("") == ""


def test_excerpt_is_plain_text():
    source = ("# Hej\n\n**Fed** og [et link](https://a.example) ![kort](https://k.example/k.png)\n\n"
              "- Tom & Jerry")
    assert render_plain_excerpt(source) == "Hej Fed og et link kort Tom & Jerry"


def test_excerpt_keeps_typed_brackets_as_text():
    assert render_plain_excerpt("a < b og <b>fed</b>") == "a < b og <b>fed</b>"


def test_excerpt_cuts_on_a_word_boundary():
    source = "Jobcentret har ændret reglerne for aktivering igen og ingen har fortalt os hvorfor"
    excerpt = render_plain_excerpt(source, length=30)
    assert excerpt == "Jobcentret har ændret…"
    assert len(excerpt) <= 30
    assert render_plain_excerpt("kort tekst", length=10) == "kort tekst"
    assert render_plain_excerpt("x" * 50, length=10) == "x" * 9 + "…"
    assert len(render_plain_excerpt("ord " * 200)) <= 200


def test_excerpt_rejects_nonsense_length():
    with pytest.raises(ValueError):
        render_plain_excerpt("tekst", length=0)


def test_quote_markdown_shape():
    quoted = quote_markdown("Hej\n\nmed dig\n> tidligere citat", "Mette")
    assert quoted == "> **Mette skrev:**\n> Hej\n>\n> med dig\n> > tidligere citat\n\n"
    output = render_user_markdown(quoted + "Mit svar")
    assert output.startswith("<blockquote>\n<p><strong>Mette skrev:</strong>")
    assert "<blockquote>\n<p>tidligere citat</p>\n</blockquote>\n</blockquote>\n<p>Mit svar</p>" in output


@pytest.mark.parametrize("reply", ["Mit svar", "Mit svar\r\n\r\n> mit eget citat", ""])
def test_a_reply_splits_into_its_quote_and_the_rest_and_back(reply):
    quote = quote_markdown("Hej\n\nmed dig\n> tidligere citat", "Mette")
    assert split_quote(quote + reply) == (quote, reply)
    typed_in_a_browser = (quote + reply).replace("\n", "\r\n")  # the old pre-filled box
    assert split_quote(typed_in_a_browser) == (quote.replace("\n", "\r\n"),
                                              reply.replace("\n", "\r\n"))


@pytest.mark.parametrize("text", ["Bare tekst", "> et citat uden navn\n\nsvar",
                                  "> **Mette skrev:**\n> intet svar", "", "> **Mette skrev:**"])
def test_text_without_a_leading_quote_is_not_split(text):
    assert split_quote(text) == ("", text)


def test_quote_markdown_escapes_the_author():
    quoted = quote_markdown("tekst", "*Mette*_")
    assert quoted.startswith("> **\\*Mette\\*\\_ skrev:**\n")
    assert "<strong>*Mette*_ skrev:</strong>" in render_user_markdown(quoted)
    hostile = render_user_markdown(quote_markdown("tekst", "[klik](https://evil.example)\n# Overskrift <b>"))
    assert "<a " not in hostile and "<h" not in hostile
    assert "[klik](https://evil.example) # Overskrift &lt;b&gt; skrev:" in hostile


def test_quote_markdown_limits_length():
    quoted = quote_markdown("a" * (QUOTE_LIMIT + 500), "Mette")
    body = quoted.splitlines()[1]
    assert body == "> " + "a" * QUOTE_LIMIT + "…"
    assert quote_markdown("a" * QUOTE_LIMIT, "Mette").splitlines()[1] == "> " + "a" * QUOTE_LIMIT
