"""The static build (scripts/build_static.py, run by `make setup`): the purged design system
keeps every class our templates use, its fonts load fast and exist, and the preloads match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.ops.static import fingerprint

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STYLESHEET = "css/dkfds-borgerdk.min.css"
FULL_CSS = ROOT / "node_modules" / "dkfds" / "dist" / STYLESHEET
PURGED_CSS = ROOT / "static" / "vendor" / "dkfds" / STYLESHEET
REBUILD = ("run `make setup` or `.venv/bin/python scripts/build_static.py` (it purges the dkfds "
           "CSS against the templates)")

# class="..." with Jinja inside it, whose expressions may hold quotes of their own.
CLASS_ATTRIBUTE = re.compile(r'''\bclass="((?:\{\{.*?\}\}|\{%.*?%\}|[^"])*)"''', re.S)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
STATEMENT = re.compile(r"\{%.*?%\}", re.S)
QUOTED = re.compile(r"""'([^']*)'|"([^"]*)\"""")
NAME = re.compile(r"^-?[A-Za-z_][\w-]*$")


def template_classes() -> tuple[set[str], set[str]]:
    """Every class name the templates write (also those inside Jinja: the quoted strings in
    `{{ 'a' if x else 'b' }}`), and the prefixes completed by a variable (`alert-{{ kind }}`)."""
    names, prefixes = set(), set()
    for template in TEMPLATES.rglob("*.html"):
        for value in CLASS_ATTRIBUTE.findall(template.read_text(encoding="utf-8")):
            for block in JINJA.findall(value):
                for single, double in QUOTED.findall(block):
                    names.update((single or double).split())
            plain = EXPRESSION.sub("\x00", STATEMENT.sub(" ", value))
            for token in plain.split():
                if token.endswith("\x00") and not token.startswith("\x00"):
                    prefixes.add(token.split("\x00")[0])
                for part in token.split("\x00"):
                    if NAME.match(part) and not part.endswith("-"):
                        names.add(part)
    return names, prefixes


def styled(css: str, name: str) -> bool:
    return re.search(r"\." + re.escape(name) + r"(?![\w-])", css) is not None


def css_classes(css: str, prefix: str) -> set[str]:
    return set(re.findall(r"\.(" + re.escape(prefix) + r"[\w-]+)", css))


@pytest.fixture(scope="module")
def full_css() -> str:
    assert FULL_CSS.exists(), "dkfds is not installed: run `make setup`"
    return FULL_CSS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def purged_css() -> str:
    assert PURGED_CSS.exists(), REBUILD
    return PURGED_CSS.read_text(encoding="utf-8")


def test_the_template_scan_finds_literal_conditional_and_variable_classes():
    names, prefixes = template_classes()
    assert {"button", "button-primary", "form-group", "form-error", "alert--paragraph"} <= names
    assert {"alert-", "badge-"} <= prefixes
    assert not any("{" in name or "%" in name for name in names)


def test_every_dkfds_class_a_template_uses_survives_the_purge(full_css, purged_css):
    names, _prefixes = template_classes()
    used = {name for name in names if styled(full_css, name)}
    assert len(used) > 30  # the scan sees the design system's classes at all
    lost = sorted(name for name in used if not styled(purged_css, name))
    assert not lost, f"purged away though a template uses them: {lost}; {REBUILD}"


def test_classes_completed_by_a_variable_keep_every_variant(full_css, purged_css):
    _names, prefixes = template_classes()
    for prefix in prefixes:
        lost = sorted(css_classes(full_css, prefix) - css_classes(purged_css, prefix))
        assert not lost, (f"class=\"{prefix}{{{{ ... }}}}\" can name {lost}, which the purge "
                          f"dropped: add the prefix to the safelist in purgecss.config.cjs")


def test_the_purge_drops_what_no_page_uses(full_css, purged_css):
    assert len(purged_css) < len(full_css) / 4
    for unused in ("modal-backdrop", "tooltip-wrapper"):
        assert styled(full_css, unused) and not styled(purged_css, unused)


def font_faces(css: str) -> list[str]:
    return re.findall(r"@font-face\s*\{([^}]*)\}", css)


def test_fonts_swap_load_woff2_first_and_exist_under_their_fingerprint(purged_css):
    faces = [face for face in font_faces(purged_css) if "url(" in face]
    assert faces
    for face in faces:
        assert "font-display:swap" in face.replace(" ", "")
        urls = re.findall(r"url\(([^)]+)\)", face)
        assert urls[0].split("?")[0].endswith(".woff2"), face
        assert not any(re.search(r"\.(eot|ttf|otf)\b", url) for url in urls), face
    for url in re.findall(r"url\(\.\./([^)]+)\)", purged_css):
        path, _, version = url.partition("?v=")
        assert version == fingerprint(str(PURGED_CSS.parent.parent), path), url


def _covers(unicode_range: str, character: str) -> bool:
    for span in unicode_range.replace("U+", "").split(","):
        first, _, last = span.strip().partition("-")
        if int(first, 16) <= ord(character) <= int(last or first, 16):
            return True
    return False


def test_each_font_also_comes_as_a_small_latin_part_that_has_every_danish_letter(purged_css):
    faces = [face for face in font_faces(purged_css) if "url(" in face]
    parts = [face for face in faces if "unicode-range" in face]
    assert parts and len(parts) * 2 == len(faces)  # each complete face, then its Latin1 part
    for face in parts:
        assert "-Latin1.woff2" in face
        unicode_range = re.search(r"unicode-range:([^;}]+)", face).group(1)
        for character in "ABCabc ÆØÅæøåéü–—…·“”‘’€§":
            assert _covers(unicode_range, character), (character, face)
        assert not _covers(unicode_range, "ł") and not _covers(unicode_range, "Ж")
    for part in parts:  # declared after its complete face: it wins for what it has
        complete = part.split("src:")[0]
        assert any(purged_css.index(face) < purged_css.index(part) and face.split("src:")[0]
                   == complete for face in faces if face not in parts)


def test_preloaded_fonts_are_those_the_stylesheet_loads(client, purged_css):
    page = client.get("/").get_data(as_text=True)
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" '
                          r"crossorigin>", page)
    assert preloads
    referenced = {"/static/vendor/dkfds/" + url for url in
                  re.findall(r"url\(\.\./([^)]+)\)", purged_css)}
    for href in preloads:
        assert href in referenced, f"{href} is preloaded but the stylesheet loads another URL"
        response = client.get(href)
        assert response.status_code == 200 and response.mimetype == "font/woff2"
        response.close()


def test_the_build_precompressed_the_stylesheets():
    for css in (PURGED_CSS, ROOT / "static" / "css" / "borgernet.css"):
        for suffix in (".br", ".gz"):
            sibling = css.with_name(css.name + suffix)
            assert sibling.exists(), f"{sibling} is missing; {REBUILD}"
