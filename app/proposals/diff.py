"""Word-level comparison of two revisions, rendered as escaped HTML with <del> and <ins>."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

_TOKEN = re.compile(r"\s+|[\w-]+|[^\w\s]")


@dataclass(frozen=True)
class Change:
    op: str  # "equal", "delete" or "insert"
    text: str


def word_changes(old: str, new: str) -> list[Change]:
    """Split both texts into words and whitespace and say which words went and came."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.append(Change("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            changes.append(Change("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            changes.append(Change("insert", "".join(b[j1:j2])))
    return changes


def changed_words(old: str, new: str) -> tuple[list[str], list[str]]:
    """The removed and the added words, for tests and summaries."""
    removed = [w for c in word_changes(old, new) if c.op == "delete" for w in c.text.split()]
    added = [w for c in word_changes(old, new) if c.op == "insert" for w in c.text.split()]
    return removed, added


def render_side(changes: list[Change], side: str) -> Markup:
    """One side of a side-by-side view: 'old' marks deletions, 'new' marks insertions."""
    parts = []
    own = "delete" if side == "old" else "insert"
    for change in changes:
        if change.op == "equal" or (change.op == own and not change.text.strip()):
            parts.append(escape(change.text))  # a change of whitespace alone is not a changed word
        elif change.op == "delete" and side == "old":
            parts.append(Markup("<del>{}</del>").format(change.text))
        elif change.op == "insert" and side == "new":
            parts.append(Markup("<ins>{}</ins>").format(change.text))
    return Markup("").join(parts)
