"""Every standard question reads easily: LIX 35 or lower (app/core/readability.py)."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from app.core.readability import lix
from app.surveys.questions import ALL_STANDARD_TEXTS


@pytest.mark.parametrize("text", ALL_STANDARD_TEXTS)
def test_standard_question_is_plain_danish(app_ctx, text):
    with force_locale("da"):
        danish = str(text)
    assert lix(danish).score <= 35, (danish, lix(danish))
