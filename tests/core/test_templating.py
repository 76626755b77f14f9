"""core.templating: the `datetime` filter gives what Flask-Babel gives in Danish (on both sides
of the summer-time switches) and an international style in English; `html_datetime` gives valid
`<time datetime>` values; the templates' gettext gives exactly what Flask-Babel gives;
url_for_each gives exactly what url_for gives; OnDemand makes things only when asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from flask import render_template_string, url_for
from flask_babel import force_locale, format_datetime, get_translations, gettext, ngettext, refresh
from jinja2 import Environment

from app.core.templating import OnDemand, UrlForEach

MOMENTS = [
    datetime(2026, 1, 15, 8, 5, tzinfo=UTC),            # winter
    datetime(2026, 7, 1, 21, 59, 59, tzinfo=UTC),       # summer, the next day in Copenhagen
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),       # just before the spring switch
    datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),         # just after it
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),          # the hour that happens twice, first time
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),          # and the second time
    datetime(2026, 12, 31, 23, 0, tzinfo=UTC),          # new year in Copenhagen, not in UTC
    datetime(2026, 6, 10, 12, 0),                       # naive: taken as UTC
    datetime(2026, 6, 10, 12, 0, tzinfo=timezone(timedelta(hours=-5))),  # another zone
    datetime(2026, 11, 3, 12, 0, 0, 123456, tzinfo=UTC),
]
FORMATS = ["short", "medium", "long", "full", "yyyy-MM-dd HH:mm zzzz", "EEEE d. MMMM y 'kl'. HH.mm"]


def test_the_datetime_filter_matches_flask_babel_in_danish(app):
    date_filter = app.jinja_env.filters["datetime"]
    with app.test_request_context("/", headers={"Accept-Language": "da"}):
        for moment in MOMENTS:
            for fmt in FORMATS:
                assert date_filter(moment, fmt) == format_datetime(moment, fmt), (moment, fmt)
            assert date_filter(moment) == format_datetime(moment, "medium")


def test_english_dates_are_international_and_own_patterns_pass_through(app):
    """English pages say "2 Dec 2026, 21:02" (day month year, 24-hour clock), not Babel's
    American "12/2/26, 9:02 PM"; Danish keeps its own style. Times are Copenhagen's."""
    when, day = app.jinja_env.filters["datetime"], app.jinja_env.filters["dateformat"]
    moment = datetime(2026, 12, 2, 20, 2, 30, 123456, tzinfo=UTC)  # 21:02 in Copenhagen
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert when(moment, "short") == when(moment) == "2 Dec 2026, 21:02"
        assert when(moment, "long") == "2 December 2026, 21:02"
        assert day(moment.date(), "long") == "2 December 2026"
        assert day(moment.date(), "medium") == "2 Dec 2026"
        assert day(moment.date(), "MMMM y") == "December 2026"
        for fmt in FORMATS[4:]:
            assert when(moment, fmt) == format_datetime(moment, fmt)
        assert when(None, "short") == day(None, "long") == ""
    with app.test_request_context("/", headers={"Accept-Language": "da"}):
        assert when(moment, "short") == "02.12.2026 21.02"
        assert day(moment.date(), "long") == "2. december 2026"


def test_html_datetime_is_whole_seconds_in_utc():
    """A <time datetime> with microseconds is invalid HTML (the Nu Html Checker says so)."""
    from app.core.dates import html_datetime

    assert html_datetime(datetime(2026, 12, 2, 21, 2, 0, 525026, tzinfo=UTC)) == "2026-12-02T21:02:00Z"
    assert html_datetime(datetime(2026, 12, 2, 21, 2, 0, 525026)) == "2026-12-02T21:02:00Z"
    assert html_datetime(datetime(2026, 12, 2, 22, 2, tzinfo=timezone(timedelta(hours=1)))) \
        == "2026-12-02T21:02:00Z"
    assert html_datetime(None) == ""


def test_the_datetime_filter_follows_a_forced_locale_and_shows_nothing_for_none(app):
    moment = MOMENTS[1]
    with app.test_request_context("/", headers={"Accept-Language": "da"}):
        page = "{{ when|datetime('short') }}|{{ none|datetime('short') }}"
        danish = render_template_string(page, when=moment)
        with force_locale("en"):
            english = render_template_string(page, when=moment)
            assert english == "1 Jul 2026, 23:59|"
        assert danish == render_template_string(page, when=moment) == format_datetime(moment, "short") + "|"
        assert danish != english


def test_template_gettext_matches_flask_babel_and_follows_the_locale(app):
    page = ("{{ _('Ret') }}|{{ ngettext('%(num)d genkender det', '%(num)d genkender det', 2) }}|"
            "{{ _('Rettet %(when)s', when='<i>') }}")

    def expected() -> str:
        return "|".join([gettext("Ret"), ngettext("%(num)d genkender det", "%(num)d genkender det", 2),
                         gettext("Rettet %(when)s", when="&lt;i&gt;")])

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        english = render_template_string(page)
        assert english == expected() and english.startswith("Edit|2 people")
        with force_locale("da"):
            assert render_template_string(page) == expected()
            assert render_template_string(page).startswith("Ret|2 genkender det")
        assert render_template_string(page) == english
        refresh()
        assert render_template_string(page) == english


SNIPPETS = [
    "{{ _('Ret') }}|{{ gettext('Ret') }}|{{ _('Rettet %(when)s', when='<i>') }}|"
    "{{ _('<em>%(x)s</em>', x='&') }}",
    "{{ ngettext('%(num)d genkender det', '%(num)d genkender det', 1) }}|"
    "{{ ngettext('%(num)d genkender det', '%(num)d genkender det', 7) }}",
    "{% autoescape false %}{{ _('Rettet %(when)s', when='<i>') }}|{{ _('100%%') }}{% endautoescape %}",
    "{% trans name='<b>' %}Hej {{ name }}{% endtrans %}|{% trans %}100%{% endtrans %}",
    "{% trans num=3 %}{{ num }} genkender det{% pluralize %}{{ num }} genkender det{% endtrans %}",
]


@pytest.mark.parametrize("language", ["da", "en"])
def test_template_gettext_renders_as_flask_babels_callables(app, language):
    """The same snippets through a Jinja environment set up the way Flask-Babel sets it up."""
    reference = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    reference.install_gettext_callables(
        gettext=lambda s: get_translations().ugettext(s),
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n), newstyle=True)
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for snippet in SNIPPETS:
            assert render_template_string(snippet) == reference.from_string(snippet).render(), snippet


def test_url_for_each_builds_what_url_for_builds(app):
    cases = [(("forum.show_post", "post_id"), {}),
             (("forum.reply", "citer"), {"thread_id": 7}),
             (("moderation.act_on_target", "target_id"), {"kind": "post", "action": "skjul"}),
             (("forum.show_thread", "thread_id"), {})]
    with app.test_request_context("/", base_url="https://example.org/under/"):
        for (endpoint, key), values in cases:
            links = UrlForEach(endpoint, key, **values)
            for id_ in (1, 42, 918273645, 2_147_483_647):
                assert links(id_) == url_for(endpoint, **values, **{key: id_})
        assert url_for("forum.show_post", post_id=5).startswith("/under/")
        # anything but an int id is left to url_for
        quote = UrlForEach("forum.reply", "citer", thread_id=7)
        assert quote("12") == url_for("forum.reply", thread_id=7, citer="12")
        # a marker that is not alone in the URL cannot stand for the id: url_for it is
        quote.MARKER = 7
        assert quote(12) == url_for("forum.reply", thread_id=7, citer=12) and quote._parts == ("", "")


def test_on_demand_makes_each_value_once_and_only_when_asked(app):
    made = []
    shown = OnDemand(form=lambda: made.append("form") or "the form", other=lambda: made.append("other"))
    assert made == []
    assert shown.form == "the form" and shown.form == "the form"
    assert made == ["form"]
    with pytest.raises(AttributeError):
        _ = shown.missing
    with app.test_request_context("/"):
        page = render_template_string("{{ shown.form }}|{{ shown.missing is defined }}", shown=shown)
        assert page == "the form|False"
    assert made == ["form"]
