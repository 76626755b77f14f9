"""Build the static files (`make setup` runs it whenever a template, the app or static/ changed).

1. The Det Fælles Designsystem stylesheet is purged with PurgeCSS (purgecss.config.cjs): only
   the rules whose classes and elements appear in templates/, in the app's Python or in our
   scripts are kept (216 KB -> about a tenth). tests/ops/test_static_build.py checks that every
   class a template uses and dkfds styles survived.
2. Its @font-face rules load woff2 (woff only for browsers without it; the eot and ttf copies
   are dropped) with `font-display: swap`, so text shows at once in a fallback font. Each
   IBM Plex face is declared a second time as its Latin1 part (17 KB instead of 57 KB) with
   the `unicode-range` of the characters that file has (read with fontTools): browsers load
   the complete font only for a page with characters outside it.
3. Exactly the fonts and images the purged stylesheet still refers to are copied into
   static/vendor/dkfds, so nothing is loaded from anywhere else and nothing unused is served;
   the stylesheet names them with ?v=<content hash> like url_for('static') does.
4. Every text file under static/ gets precompressed .br and .gz siblings (WhiteNoise's
   compressor); the app serves them to browsers that accept them (app/ops/static.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools.ttLib import TTFont
from whitenoise.compress import Compressor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.ops.static import fingerprint  # noqa: E402

SOURCE = ROOT / "node_modules" / "dkfds" / "dist"
STATIC = ROOT / "static"
TARGET = STATIC / "vendor" / "dkfds"
STYLESHEET = "css/dkfds-borgerdk.min.css"
PURGECSS = ROOT / "node_modules" / ".bin" / "purgecss"
FONT_DISPLAY = "swap"
# Font formats kept in @font-face, in the order the browser should try them.
FONT_FORMATS = ("woff2", "woff")
# IBM Plex's own split of each font: Latin1 holds every letter Danish (and English) needs.
LATIN_SUBSET = "Latin1"
COMPRESSED_SUFFIXES = (".br", ".gz")

FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
SOURCE_ENTRY = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)"
                          r"(?:\s*format\(\s*['\"]?([^'\")]+)['\"]?\s*\))?")


def purge(css: Path) -> str:
    """The stylesheet with only the rules our pages use (PurgeCSS with purgecss.config.cjs)."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([str(PURGECSS), "--config", "purgecss.config.cjs", "--css", str(css),
                        "--output", out], cwd=ROOT, check=True)
        return (Path(out) / css.name).read_text(encoding="utf-8")


def _declarations(body: str) -> dict[str, str]:
    rules: dict[str, str] = {}
    for declaration in body.split(";"):
        name, _, value = declaration.partition(":")
        if name.strip():
            rules[name.strip().lower()] = value.strip()
    return rules


def _face(rules: dict[str, str]) -> str:
    return "@font-face{" + ";".join(f"{name}:{value}" for name, value in rules.items()) + "}"


def _sources(urls: dict[str, str]) -> str:
    return ",".join(f'url({urls[kind]}) format("{kind}")' for kind in FONT_FORMATS if kind in urls)


def unicode_range(font: Path) -> str:
    """The characters a font file has, as a CSS unicode-range (read with fontTools)."""
    points = sorted(TTFont(font).getBestCmap())
    spans: list[list[int]] = []
    for point in points:
        if spans and point == spans[-1][1] + 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return ",".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in spans)


def _latin_subset(urls: dict[str, str]) -> dict[str, str] | None:
    """The split Latin1 files of IBM Plex next to the complete ones, if dkfds ships them."""
    subset = {}
    for kind, url in urls.items():
        match = re.fullmatch(r"(\.\./fonts/[^/]+/)complete/(\w+)/([\w-]+)\.(\w+)", url)
        if not match:
            return None
        folder, directory, name, suffix = match.groups()
        split = f"{folder}split/{directory}/{name}-{LATIN_SUBSET}.{suffix}"
        if not (SOURCE / "css" / split).resolve().exists():
            return None
        subset[kind] = split
    return subset or None


def _font_face(match: re.Match[str]) -> str:
    rules = _declarations(match.group(1))
    src = rules.get("src", "")
    urls: dict[str, str] = {}
    for url, kind in SOURCE_ENTRY.findall(src):
        kind = (kind or Path(url.split("?")[0]).suffix.lstrip(".")).lower()
        urls.setdefault(kind, url)
    urls = {kind: urls[kind] for kind in FONT_FORMATS if kind in urls}
    if urls:
        rules["src"] = _sources(urls)
    rules["font-display"] = FONT_DISPLAY
    faces = [_face(rules)]
    subset = _latin_subset(urls) if urls else None
    if subset:
        # Declared after the complete font, so it wins for the characters it has: a Danish page
        # loads the small file; a character outside it (a Polish name) loads the complete one.
        woff2 = (SOURCE / "css" / subset["woff2"]).resolve()
        faces.append(_face({**rules, "src": _sources(subset),
                            "unicode-range": unicode_range(woff2)}))
    return "".join(faces)


def fix_fonts(css: str) -> str:
    """woff2 first (then woff), no eot/ttf, `font-display: swap` in every @font-face, and each
    IBM Plex face also as its small Latin1 part, for the characters that part has."""
    return FONT_FACE.sub(_font_face, css)


def version_urls(css: str) -> str:
    """url(../x) -> url(../x?v=<content hash>), the same fingerprint url_for('static') adds: a
    font can then be cached for a year in production and preloaded under the very same URL."""
    def versioned(match: re.Match[str]) -> str:
        ref = match.group(1).strip("'\" ")
        if not ref.startswith("../") or "?" in ref:
            return match.group(0)
        version = fingerprint(str(SOURCE), ref.removeprefix("../"))
        return f"url({ref}?v={version})" if version else match.group(0)

    return re.sub(r"url\(([^)]+)\)", versioned, css)


def referenced_files(css: str) -> set[str]:
    """The files (relative to dist/) a stylesheet in dist/css refers to with url(../...)."""
    files = set()
    for ref in re.findall(r"url\(([^)]+)\)", css):
        ref = ref.strip("'\" ").split("#")[0].split("?")[0]
        if ref.startswith("../"):
            files.add(ref.removeprefix("../"))
    return files


def compress(root: Path) -> int:
    """Fresh .br and .gz siblings for every compressible file under root; old ones removed."""
    compressor = Compressor(quiet=True)
    for old in [p for p in root.rglob("*") if p.suffix in COMPRESSED_SUFFIXES]:
        if old.with_suffix("").exists():
            old.unlink()
    written = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if compressor.should_compress(path.name):
            written += len(compressor.compress(str(path)))
    return written


def main() -> int:
    css_source = SOURCE / STYLESHEET
    if not css_source.exists() or not PURGECSS.exists():
        print("dkfds or purgecss is not installed; run `npm ci` first", file=sys.stderr)
        return 1
    css = version_urls(fix_fonts(purge(css_source)))
    if TARGET.exists():
        shutil.rmtree(TARGET)
    (TARGET / STYLESHEET).parent.mkdir(parents=True)
    (TARGET / STYLESHEET).write_text(css, encoding="utf-8")
    files = referenced_files(css) | {"LICENSE.md"}
    for relative in sorted(files):
        source = SOURCE / relative
        if source.exists():
            destination = TARGET / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    written = compress(STATIC)
    size = (TARGET / STYLESHEET).stat().st_size
    print(f"dkfds: {css_source.stat().st_size // 1024} KB of CSS purged to {size // 1024} KB, "
          f"{len(files)} files in {TARGET.relative_to(ROOT)}; {written} compressed files in static/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
