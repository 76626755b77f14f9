"""The personal-data and crisis guard (app/core/guard.py), table by table. No database, no HTTP.

Decisions these tables pin:
- CPR: a real day and month (29 February always allowed) then four digits, with "-", "–", a
  space or nothing between. No modulus-11 check (numbers issued since 2007 may fail it).
- Phone: eight digits starting with 2-9, in the usual groupings, optionally after +45/0045.
  Amounts, years, year ranges, eight-digit dates, CVR numbers, digits in web addresses and
  Livslinien's number are not phone numbers.
- Crisis: whole words and phrases, any case, common inflections. Any word containing
  "selvmord" counts, also "selvmordsforebyggelse": the cost of a moderator glancing at a post
  about prevention is small next to missing someone in need. Idioms such as "hænge mig i
  detaljer" and "jeg kan ikke mere" (very common about the job centre) do not count. "Cutte"
  always counts, also where it means editing a video.
"""

from __future__ import annotations

import pytest

from app.core.guard import (
    REDACTED,
    GuardResult,
    check_text,
    decide,
    fingerprint,
    redact,
    review,
)

# --- CPR ---------------------------------------------------------------------------------------

CPR_FOUND = [
    ("010190-1234", "010190-1234"),
    ("0101901234", "0101901234"),
    ("010190 1234", "010190 1234"),
    ("010190–1234", "010190–1234"),                      # en dash, as phones and Word type it
    ("Mit CPR er 241285-3917, hjælp", "241285-3917"),
    ("cpr:3112991234.", "3112991234"),
    ("CPR-nr. 290200-1111", "290200-1111"),              # 29 February
    ("290201-1111", "290201-1111"),                      # 29 February, any year: century unknown
    ("(150572-0001)", "150572-0001"),
    ("nr 0107230000 tak", "0107230000"),                 # new numbers fail modulus 11: still CPR
    ("x\n300480-4321\ny", "300480-4321"),
]

CPR_NOT_FOUND = [
    "1234567890",            # month 34
    "0000000000",            # day 00
    "3202901234",            # day 32
    "0113901234",            # month 13
    "3102901234",            # 31 February
    "310490-1234",           # 31 April
    "01019012345",           # eleven digits
    "901010190-1234",        # the tail of a longer number
    "010190-12345",          # five digits after the dash
    "010190-1234-56",        # part of a longer code
    "0101901234,50 kr.",     # a decimal amount
    "010190",                # a date on its own
    "01-01-1990",            # a date with dashes
    "Kontonr. 1234-5678901234",
    "2024",
]


@pytest.mark.parametrize(("text", "match"), CPR_FOUND)
def test_cpr_numbers_are_found(text, match):
    result = check_text(text)
    assert result.cpr == [match]
    assert result.blocks and decide(result, confirmed=True) == "block"


@pytest.mark.parametrize("text", CPR_NOT_FOUND)
def test_things_that_are_not_cpr_numbers(text):
    assert check_text(text).cpr == []


# --- phone numbers ------------------------------------------------------------------------------

PHONE_FOUND = [
    ("Ring på 22 34 56 78", "22 34 56 78"),
    ("22345678", "22345678"),
    ("+45 2234 5678", "+45 2234 5678"),
    ("+4522345678", "+4522345678"),
    ("0045 22 34 56 78", "0045 22 34 56 78"),
    ("tlf. 22-34-56-78.", "22-34-56-78"),
    ("tlf: 2234-5678", "2234-5678"),
    ("22.34.56.78", "22.34.56.78"),
    ("ring 40 123 456 i morgen", "40 123 456"),
    ("+45 40 12 34 56", "+45 40 12 34 56"),
    ("(99 88 77 66)", "99 88 77 66"),
    ("28 11 19 85", "28 11 19 85"),                       # grouped like a phone number: a phone number
]

PHONE_NOT_FOUND = [
    "kr. 12.345",
    "Det kostede 12.345.678 kr.",
    "2024",
    "i 2023-2024 og 2024 2025",
    "31122024",                               # an eight-digit date
    "28111985",                               # also read as a date (28-11-1985), on purpose
    "24.12.2024",
    "01-02-2024",
    "12345678",                               # Danish numbers do not start with 1
    "01234567",                               # nor with 0
    "223456789",                              # nine digits
    "kr. 45 000 000",
    "45 000 000 kr",
    "12 34 56",
    "CVR 29 18 87 21",
    "Læs https://example.org/sag?id=22345678",
    "Ring til Livslinien på 70 201 201",      # a public helpline, not personal data
    "1.234,56",
    "kl. 10.30-12.00",
]


@pytest.mark.parametrize(("text", "match"), PHONE_FOUND)
def test_phone_numbers_are_found(text, match):
    result = check_text(text)
    assert result.phones == [match] and result.cpr == []
    assert result.needs_confirmation and not result.blocks


@pytest.mark.parametrize("text", PHONE_NOT_FOUND)
def test_things_that_are_not_phone_numbers(text):
    assert check_text(text).phones == []


def test_a_cpr_number_is_not_also_a_phone_number():
    result = check_text("241285-3917 og 2412853917")
    assert result.phones == [] and len(result.cpr) == 2


# --- e-mail ---------------------------------------------------------------------------------------

EMAIL_FOUND = [
    ("skriv til mette@example.dk", "mette@example.dk"),
    ("Mette.Hansen+jobcenter@kommune.example.org.", "Mette.Hansen+jobcenter@kommune.example.org"),
    ("<søren@æblegård.dk>", "søren@æblegård.dk"),
    ("[mig](mailto:a_b@c-d.io)", "a_b@c-d.io"),
]
EMAIL_NOT_FOUND = ["@Mette skrev", "mette@", "mette @ example . dk", "a@b", "a@b.c", "kl. 12@home"]


@pytest.mark.parametrize(("text", "match"), EMAIL_FOUND)
def test_email_addresses_are_found(text, match):
    result = check_text(text)
    assert result.emails == [match] and result.needs_confirmation


@pytest.mark.parametrize("text", EMAIL_NOT_FOUND)
def test_things_that_are_not_email_addresses(text):
    assert check_text(text).emails == []


# --- crisis signals -----------------------------------------------------------------------------

CRISIS = [
    "Jeg tænker på selvmord",
    "SELVMORDSTANKER hver nat",
    "efter mit selvmordsforsøg",
    "Jeg har lyst til at tage mit eget liv",
    "han tog sit eget liv sidste år",
    "jeg tager livet af mig",
    "Jeg vil ikke leve mere",
    "jeg orker ikke at leve længere",
    "har ikke lyst til at leve",
    "jeg har lyst til at dø",
    "jeg vil bare dø",
    "Jeg har skadet mig selv igen",
    "jeg skader mig selv",
    "jeg er begyndt at cutte igen",
    "Hun cutter",
    "jeg er så livstræt",
    "selvskade er svært at tale om",
    "jeg vil slå mig selv ihjel",
    "Jeg vil gøre en ende på det hele",
    "I want to kill myself",
    "thinking about suicide",
    "I feel suicidal",
    "self-harm",
    "I have been self harming",
    "I don't want to live anymore",
    "Selvmordsforebyggelse bør være en del af jobcentrets arbejde",  # flagged on purpose
]

NOT_CRISIS = [
    "Skade på bilen",
    "Jeg kan ikke leve af 12.000 kr. om måneden",
    "Jeg vil ikke hænge mig i detaljer",
    "Jeg kan ikke mere med det jobcenter",
    "selvstændig erhvervsdrivende",
    "Det var en dødssyg samtale",
    "Jeg tager mig af mit eget liv og min familie",
    "Min sag er død og begravet",
    "Jeg fik en skade i ryggen",
    "self-employed",
    "I killed it at the interview",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_signals_are_found(text):
    assert check_text(text).crisis


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_everyday_words_are_not_crisis_signals(text):
    assert not check_text(text).crisis


def test_crisis_text_never_blocks_or_asks():
    result = check_text("Jeg vil ikke leve mere")
    assert decide(result, confirmed=False) == "ok"


# --- deciding, redacting, reviewing a form -------------------------------------------------------

@pytest.mark.parametrize(("result", "confirmed", "expected"), [
    (GuardResult(), False, "ok"),
    (GuardResult(phones=["22345678"]), False, "confirm"),
    (GuardResult(phones=["22345678"]), True, "ok"),
    (GuardResult(emails=["a@b.dk"]), False, "confirm"),
    (GuardResult(cpr=["0101901234"]), True, "block"),
    (GuardResult(cpr=["0101901234"], phones=["22345678"]), False, "block"),
    (GuardResult(crisis=True), False, "ok"),
])
def test_decide(result, confirmed, expected):
    assert decide(result, confirmed) == expected


def test_redact_replaces_only_the_kinds_asked_for():
    text = "Ring 22 34 56 78 eller skriv til a@b.dk. CPR 010190-1234."
    assert redact(text, ["phone", "email"]) == f"Ring {REDACTED} eller skriv til {REDACTED}. CPR 010190-1234."
    assert redact(text, ["cpr"]) == f"Ring 22 34 56 78 eller skriv til a@b.dk. CPR {REDACTED}."
    assert redact("Intet her", ["phones", "emails"]) == "Intet her"
    assert check_text(redact(text, ["cpr", "phones", "emails"])) == GuardResult()


def test_review_blocks_cpr_whatever_the_buttons_say():
    texts = {"title": "Hjælp", "body": "Mit cpr er 010190-1234, ring 22 34 56 78"}
    for kwargs in ({}, {"send_anyway": True}, {"remove": True}):
        outcome = review(texts, **kwargs)
        assert outcome.decision == "block" and not outcome.ok
        assert list(outcome.messages()) == ["body"]
        assert "CPR-nummer" in outcome.messages()["body"]


def test_review_asks_then_send_anyway_confirms_what_was_shown():
    texts = {"body": "Ring 22 34 56 78"}
    asked = review(texts)
    assert asked.decision == "confirm" and asked.asks and asked.fingerprint
    assert "22 34 56 78" in asked.messages()["body"]
    assert review(texts, send_anyway=True, ack=asked.fingerprint).ok
    # A number added after the warning was shown is shown too, before anything is sent.
    more = {"body": "Ring 22 34 56 78 eller 33 44 55 66"}
    assert review(more, send_anyway=True, ack=asked.fingerprint).decision == "confirm"
    assert review(texts, send_anyway=True, ack="").decision == "confirm"


def test_review_removes_on_request_and_saves_nothing_yet():
    outcome = review({"title": "mail: a@b.dk", "body": "Ring 22 34 56 78"}, remove=True)
    assert outcome.decision == "redacted" and not outcome.ok
    assert outcome.texts == {"title": f"mail: {REDACTED}", "body": f"Ring {REDACTED}"}
    assert outcome.messages() == {}


def test_review_notes_crisis_and_lets_the_text_through():
    outcome = review({"body": "Jeg vil ikke leve mere"})
    assert outcome.ok and outcome.crisis


def test_fingerprint_ignores_how_the_number_is_written():
    assert fingerprint(check_text("22 34 56 78")) == fingerprint(check_text("+45 22345678"))
    assert fingerprint(GuardResult()) == ""
