"""The shape in which answers leave the database for publication.

The surveys' storage (models, services) produces these records; the publication module
(results page, CSV, later the API) reads only these. A record carries nothing that could
name a person: no id, no time finer than the period, no code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Series(StrEnum):
    """How an answer came in: with a one-time code from a letter, through the open link or a
    poster (anyone, so "unverified"), or entered by a moderator for someone on the phone."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    ASSISTED = "assisted"


@dataclass(frozen=True)
class ResponseRecord:
    period: str  # "YYYY-MM": the survey period the answer belongs to, nothing finer
    benefit_group: str | None  # a networks benefit-group key, or None for "ønsker ikke at svare"
    channel: str | None  # the channel of the last contact, or None
    series: Series
    scores: Mapping[str, int | None]  # question key -> 1..5, or None for "ved ikke"/unanswered
