"""LIX, the Scandinavian readability index: words per sentence plus the share of long words.

LIX = words / sentences + 100 * long_words / words, where a long word has more than six
letters. Below 25 is very easy, 35-44 is average, 45-54 is hard, 55 and up very hard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HARD_LIMIT = 45
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)|\n\s*\n")


@dataclass(frozen=True)
class Lix:
    score: int
    words: int
    sentences: int
    long_words: int

    @property
    def is_hard(self) -> bool:
        return self.score > HARD_LIMIT


def lix(text: str) -> Lix:
    words = _WORD.findall(text)
    if not words:
        return Lix(0, 0, 0, 0)
    sentences = max(1, len([m for m in _SENTENCE_END.finditer(text.strip() + " ")]))
    long_words = sum(1 for word in words if len(word.replace("-", "").replace("'", "")) > 6)
    score = round(len(words) / sentences + 100 * long_words / len(words))
    return Lix(score, len(words), sentences, long_words)
