"""Copy the parts of Det Fælles Designsystem our pages use into static/vendor/dkfds.

The stylesheet is copied together with exactly the fonts and images it refers to, so
nothing is loaded from anywhere else and nothing unused is served.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "dkfds" / "dist"
TARGET = ROOT / "static" / "vendor" / "dkfds"
STYLESHEET = "css/dkfds-borgerdk.min.css"


def main() -> int:
    css = SOURCE / STYLESHEET
    if not css.exists():
        print("dkfds is not installed; run `npm ci` first", file=sys.stderr)
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    files = {STYLESHEET, "LICENSE.md"}
    for ref in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
        ref = ref.strip("'\" ").split("#")[0].split("?")[0]
        if ref.startswith("data:") or not ref.startswith("../"):
            continue
        files.add(str(Path("css", ref).as_posix()).replace("css/../", ""))
    for relative in sorted(files):
        source = SOURCE / relative
        if not source.exists():
            continue
        destination = TARGET / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    print(f"Copied {len(files)} files from dkfds to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
