"""Networks over HTTP: the municipality list, network pages, joining and leaving, member lists.

Data is made in short app contexts of its own (see tests.accounts.test_routes.Users): a request made
inside a pushed app context would share `g` (logged-in user, membership memo) with the test.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask_babel import format_datetime
from sqlalchemy import func, select

from app.core.dates import format_day
from app.core.models import utcnow
from app.extensions import db
from app.networks.models import Membership, MembershipStatus, Network
from app.networks.services import appoint_moderator
from tests.accounts.test_routes import assert_login_redirect, text
from tests.conftest import csrf_token, login
from tests.factories import (
    PASSWORD,
    join,
    make_member,
    make_municipality,
    make_post,
    make_thread,
    make_user,
    network_by_slug,
    suspend,
)

SECRET_TITLE = "Hemmelig overskrift om sagsbehandleren"
SECRET_BODY = "Fortroligt indhold om mit ressourceforløb"
SECRET_REPLY = "Fortroligt svar fra moderatoren"
SECRETS = (SECRET_TITLE, SECRET_BODY, SECRET_REPLY)
MEMBERS_ONLY = "Kun medlemmer kan læse med"
FORBIDDEN = "Du har ikke adgang til denne side eller handling."


def client_for(app, pseudonym: str | None = None):
    """A fresh browser, signed in as `pseudonym` unless None (a visitor)."""
    client = app.test_client()
    if pseudonym:
        assert login(client, pseudonym, PASSWORD).status_code == 302
    return client


def get_page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return text(response)


def post(client, url: str, data: dict | None = None, token: bool = True, **kwargs):
    """POST with the session's CSRF token (taken from the home page), like a browser form."""
    payload = dict(data or {})
    if token:
        payload["csrf_token"] = csrf_token(client, "/")
    return client.post(url, data=payload, **kwargs)


def build_scene(app) -> SimpleNamespace:
    """Solby: an open public network (dagpenge) and a members-only approval one (ressourceforloeb)."""
    with app.app_context():
        municipality = make_municipality("Solby")
        pub = network_by_slug(municipality, "dagpenge")
        sec = network_by_slug(municipality, "ressourceforloeb")
        moderator = make_user(pseudonym="Moderator Mia", email="mia@example.org")
        appoint_moderator(moderator, sec)
        appoint_moderator(moderator, pub)
        member = make_member(sec, pseudonym="Medlem Mads", email="mads@example.org")
        join(member, pub)
        make_member(pub, pseudonym="Nabo Nina", email="nina@example.org")
        make_user(pseudonym="Udenfor Ulla", email="ulla@example.org")
        join(make_user(pseudonym="Venter Villy", email="villy@example.org"), sec)
        suspended = make_member(sec, pseudonym="Udelukket Uffe", email="uffe@example.org")
        join(suspended, pub)
        until = utcnow() + timedelta(days=7)
        suspend(suspended, sec, until)
        suspend(suspended, pub, until)
        make_user(pseudonym="Admin Anna", email="anna@example.org", admin=True)
        pub_thread = make_thread(pub, member, "Møde på jobcentret", "Det gik fint i dag.")
        sec_thread = make_thread(sec, member, SECRET_TITLE, SECRET_BODY)
        sec_reply = make_post(sec_thread, moderator, SECRET_REPLY)
        base = f"/kommuner/{municipality.slug}"
        return SimpleNamespace(
            municipality=municipality.slug, list_url=f"{base}/", until=until,
            pub_id=pub.id, sec_id=sec.id, pub_url=f"{base}/dagpenge/", sec_url=f"{base}/ressourceforloeb/",
            pub_thread=pub_thread.id, sec_thread=sec_thread.id, sec_reply=sec_reply.id)


@pytest.fixture
def scene(app) -> SimpleNamespace:
    return build_scene(app)


def network_card(page: str, slug: str) -> str:
    cards = [card for card in page.split('<li class="bn-card">')[1:] if f"/{slug}/" in card]
    assert len(cards) == 1
    return cards[0].split("</li>")[0]


def member_count(app, network_id: int) -> tuple[int, int]:
    """(the stored counter, the real number of active memberships)."""
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(Membership).where(
            Membership.network_id == network_id, Membership.status == MembershipStatus.ACTIVE))
        return db.session.get(Network, network_id).member_count, rows


def status_of(app, pseudonym: str, network_id: int) -> MembershipStatus | None:
    from app.accounts.models import User

    with app.app_context():
        return db.session.scalar(select(Membership.status).join(User, User.id == Membership.user_id)
                                 .where(User.pseudonym == pseudonym, Membership.network_id == network_id))


# --- visibility -------------------------------------------------------------------------------

@pytest.mark.parametrize("who", [None, "Udenfor Ulla", "Venter Villy", "Nabo Nina"])
def test_members_only_content_leaks_nowhere(app, scene, who):
    client = client_for(app, who)
    listing = get_page(client, scene.list_url)
    card = network_card(listing, "ressourceforloeb")
    assert MEMBERS_ONLY in card
    assert "tråd" not in card and "Sidst aktiv" not in card
    assert "1 tråd" in network_card(listing, "dagpenge")
    network_page = get_page(client, scene.sec_url)
    assert "kan kun læses af medlemmer" in network_page
    reachable = [listing, network_page, get_page(client, "/"), get_page(client, scene.pub_url),
                 get_page(client, f"/traade/{scene.pub_thread}"),
                 get_page(client, f"{scene.pub_url}?efter={scene.sec_thread}"),
                 get_page(client, f"/traade/{scene.pub_thread}?fra={scene.sec_reply}")]
    for page in reachable:
        for secret in SECRETS:
            assert secret not in page
    hidden = [f"/traade/{scene.sec_thread}", f"/indlaeg/{scene.sec_reply}",
              f"/traade/{scene.sec_thread}/svar", f"/indlaeg/{scene.sec_reply}/rediger",
              f"/traade/{scene.sec_thread}?fra={scene.sec_reply}"]
    for url in hidden:
        assert client.get(url).status_code == 404, url
    assert post(client, f"/indlaeg/{scene.sec_reply}/genkender").status_code == 404


def test_a_pub_member_cannot_quote_a_members_only_post_into_a_public_thread(app, scene):
    client = client_for(app, "Nabo Nina")
    page = get_page(client, f"/traade/{scene.pub_thread}/svar?citer={scene.sec_reply}")
    assert SECRET_REPLY not in page and "Moderator Mia skrev" not in page


@pytest.mark.parametrize("who", ["Medlem Mads", "Moderator Mia", "Udelukket Uffe", "Admin Anna"])
def test_members_and_the_admin_read_the_members_only_network(app, scene, who):
    client = client_for(app, who)
    card = network_card(get_page(client, scene.list_url), "ressourceforloeb")
    assert MEMBERS_ONLY not in card and "1 tråd" in card and "Sidst aktiv" in card
    assert SECRET_TITLE in get_page(client, scene.sec_url)
    thread_page = get_page(client, f"/traade/{scene.sec_thread}")
    assert SECRET_BODY in thread_page and SECRET_REPLY in thread_page
    assert client.get(f"/indlaeg/{scene.sec_reply}").status_code == 302


def test_a_visitor_reads_a_public_network_but_is_asked_to_log_in_to_write(app, scene):
    client = client_for(app)
    page = get_page(client, scene.pub_url)
    assert "Møde på jobcentret" in page and "Bliv medlem" not in page and "opret en profil" in page
    assert "Det gik fint i dag." in get_page(client, f"/traade/{scene.pub_thread}")
    assert_login_redirect(post(client, scene.pub_url + "bliv-medlem"), scene.pub_url + "bliv-medlem")


def test_unknown_municipality_and_network_are_404(client, scene):
    assert client.get("/kommuner/findes-ikke/").status_code == 404
    assert client.get(f"/kommuner/{scene.municipality}/findes-ikke/").status_code == 404
    assert client.get("/kommuner/findes-ikke/dagpenge/").status_code == 404


# --- joining and leaving -----------------------------------------------------------------------

def test_joining_an_open_network_is_immediate(app, scene):
    client = client_for(app, "Udenfor Ulla")
    assert "Bliv medlem" in get_page(client, scene.pub_url)
    before = member_count(app, scene.pub_id)
    response = post(client, scene.pub_url + "bliv-medlem", follow_redirects=True)
    assert response.status_code == 200
    page = text(response)
    assert "Velkommen i netværket Dagpenge" in page and "Start en ny tråd" in page
    assert member_count(app, scene.pub_id) == (before[0] + 1, before[1] + 1)
    assert status_of(app, "Udenfor Ulla", scene.pub_id) is MembershipStatus.ACTIVE


def test_joining_an_approval_network_makes_a_pending_request(app, scene):
    client = client_for(app, "Udenfor Ulla")
    assert "Bed om at blive medlem" in get_page(client, scene.sec_url)
    before = member_count(app, scene.sec_id)
    page = text(post(client, scene.sec_url + "bliv-medlem", follow_redirects=True))
    assert "En moderator ser på din anmodning" in page
    assert "Du har bedt om at blive medlem" in page and SECRET_TITLE not in page
    assert member_count(app, scene.sec_id) == before
    assert status_of(app, "Udenfor Ulla", scene.sec_id) is MembershipStatus.PENDING


@pytest.mark.parametrize("who, network", [("Medlem Mads", "pub"), ("Venter Villy", "sec")])
def test_joining_twice_gives_a_clear_message(app, scene, who, network):
    client = client_for(app, who)
    url, network_id = getattr(scene, f"{network}_url"), getattr(scene, f"{network}_id")
    before = member_count(app, network_id)
    response = post(client, url + "bliv-medlem", follow_redirects=True)
    assert response.status_code == 200
    assert "Du er allerede medlem af netværket, eller du venter på svar." in text(response)
    assert member_count(app, network_id) == before


def test_leaving_decrements_the_count(app, scene):
    client = client_for(app, "Nabo Nina")
    before = member_count(app, scene.pub_id)
    page = text(post(client, scene.pub_url + "forlad", follow_redirects=True))
    assert "Du er ikke længere medlem af netværket." in page and "Bliv medlem" in page
    assert member_count(app, scene.pub_id) == (before[0] - 1, before[1] - 1)
    assert status_of(app, "Nabo Nina", scene.pub_id) is None


def test_withdrawing_a_request_leaves_the_count(app, scene):
    before = member_count(app, scene.sec_id)
    post(client_for(app, "Venter Villy"), scene.sec_url + "forlad")
    assert member_count(app, scene.sec_id) == before
    assert status_of(app, "Venter Villy", scene.sec_id) is None


def test_a_suspended_member_cannot_leave_and_is_told_until_when(app, scene):
    client = client_for(app, "Udelukket Uffe")
    with app.test_request_context():
        shown = format_datetime(scene.until, "short")
        last_day = format_day(scene.until, "long")  # "10. december 2026"
    page = get_page(client, scene.pub_url)
    assert f"Du er udelukket fra at skrive i netværket til og med {shown}." in page
    assert "Start en ny tråd" not in page
    before = member_count(app, scene.pub_id)
    response = post(client, scene.pub_url + "forlad", follow_redirects=True)
    assert response.status_code == 200
    assert "Du kan ikke forlade netværket, mens du er udelukket" in text(response)
    assert f"Udelukkelsen slutter {last_day}." in text(response)
    assert member_count(app, scene.pub_id) == before
    assert status_of(app, "Udelukket Uffe", scene.pub_id) is MembershipStatus.ACTIVE


def test_leaving_without_membership_is_refused(app, scene):
    assert post(client_for(app, "Udenfor Ulla"), scene.pub_url + "forlad").status_code == 403
    assert_login_redirect(post(client_for(app), scene.pub_url + "forlad"), scene.pub_url + "forlad")


# --- members -----------------------------------------------------------------------------------

def test_the_member_list_shows_pseudonyms_only(app, scene):
    page = get_page(client_for(app, "Medlem Mads"), scene.sec_url + "medlemmer")
    for name in ("Moderator Mia", "Medlem Mads", "Udelukket Uffe"):
        assert name in page
    assert "Venter Villy" not in page and "Venter på godkendelse" not in page
    assert "@" not in page.split("<main", 1)[-1]
    assert "@example.org" not in page


@pytest.mark.parametrize("who", ["Udenfor Ulla", "Venter Villy", "Nabo Nina"])
def test_non_members_cannot_see_the_member_list(app, scene, who):
    page = get_page(client_for(app, who), scene.sec_url + "medlemmer", 403)
    assert FORBIDDEN in page and "Medlem Mads" not in page


def test_a_visitor_is_sent_to_log_in_for_the_member_list(client, scene):
    assert_login_redirect(client.get(scene.sec_url + "medlemmer"), scene.sec_url.rstrip("/") + "/medlemmer")


def test_the_member_list_paginates(app, scene):
    with app.app_context():
        network = db.session.get(Network, scene.pub_id)
        for n in range(52):
            make_member(network, pseudonym=f"Deltager {n:02d}", email=f"deltager{n}@example.org")
    client = client_for(app, "Nabo Nina")
    first = get_page(client, scene.pub_url + "medlemmer")
    assert "56 medlemmer" in first and "Flere medlemmer" in first
    assert "Deltager 45" in first and "Deltager 46" not in first
    link = [part.split('"')[0] for part in first.split('href="') if "medlemmer?efter=" in part.split('"')[0]]
    assert len(link) == 1
    second = get_page(client, link[0])
    assert all(f"Deltager {n:02d}" in second for n in range(46, 52))
    assert "Deltager 45" not in second and "Flere medlemmer" not in second
    assert "@example.org" not in first + second


def test_a_moderator_approves_and_declines_requests(app, scene):
    with app.app_context():
        join(make_user(pseudonym="Ansøger Anders"), db.session.get(Network, scene.sec_id))
    client = client_for(app, "Moderator Mia")
    page = get_page(client, scene.sec_url + "medlemmer")
    assert "Venter på godkendelse" in page and "Godkend Venter Villy" in page
    assert "villy@example.org" not in page
    with app.app_context():
        ids = dict(db.session.execute(select(Membership.user_id, Membership.id).where(
            Membership.network_id == scene.sec_id, Membership.status == MembershipStatus.PENDING)).all())
    villy, anders = sorted(ids.values())
    before = member_count(app, scene.sec_id)
    response = post(client, f"{scene.sec_url}medlemmer/{villy}/godkend", follow_redirects=True)
    assert "Venter Villy er godkendt som medlem." in text(response)
    assert member_count(app, scene.sec_id) == (before[0] + 1, before[1] + 1)
    response = post(client, f"{scene.sec_url}medlemmer/{anders}/afvis", follow_redirects=True)
    assert "Anmodningen fra Ansøger Anders er afvist." in text(response)
    assert member_count(app, scene.sec_id) == (before[0] + 1, before[1] + 1)
    assert status_of(app, "Ansøger Anders", scene.sec_id) is None
    page = text(post(client, f"{scene.sec_url}medlemmer/{villy}/afvis", follow_redirects=True))
    assert "Anmodningen er allerede afgjort." in page
    assert "Ingen venter lige nu." in page
    assert post(client, f"{scene.sec_url}medlemmer/{villy}/noget-andet").status_code == 404
    assert post(client, f"{scene.pub_url}medlemmer/{villy}/godkend").status_code == 404  # other network


@pytest.mark.parametrize("who", ["Medlem Mads", "Udenfor Ulla", "Venter Villy"])
def test_citizens_cannot_decide_requests(app, scene, who):
    with app.app_context():
        pending = db.session.scalar(select(Membership.id).where(
            Membership.network_id == scene.sec_id, Membership.status == MembershipStatus.PENDING))
    client = client_for(app, who)
    assert "Venter på godkendelse" not in client.get(scene.sec_url + "medlemmer").get_data(as_text=True)
    assert post(client, f"{scene.sec_url}medlemmer/{pending}/godkend").status_code == 403
    assert status_of(app, "Venter Villy", scene.sec_id) is MembershipStatus.PENDING


def test_approved_members_can_then_read(app, scene):
    client = client_for(app, "Venter Villy")
    assert SECRET_TITLE not in get_page(client, scene.sec_url)
    moderator = client_for(app, "Moderator Mia")
    with app.app_context():
        pending = db.session.scalar(select(Membership.id).where(
            Membership.network_id == scene.sec_id, Membership.status == MembershipStatus.PENDING))
    post(moderator, f"{scene.sec_url}medlemmer/{pending}/godkend")
    assert SECRET_TITLE in get_page(client, scene.sec_url)


# --- CSRF --------------------------------------------------------------------------------------

def test_network_posts_without_a_csrf_token_are_400(app, scene):
    client = client_for(app, "Moderator Mia")
    with app.app_context():
        pending = db.session.scalar(select(Membership.id).where(
            Membership.status == MembershipStatus.PENDING))
    for url in (scene.pub_url + "forlad", f"{scene.sec_url}medlemmer/{pending}/godkend"):
        response = post(client, url, token=False)
        assert response.status_code == 400 and "sikkerhedskoden" in text(response)
    outsider = client_for(app, "Udenfor Ulla")
    assert post(outsider, scene.pub_url + "bliv-medlem", token=False).status_code == 400
    assert status_of(app, "Udenfor Ulla", scene.pub_id) is None
    assert status_of(app, "Moderator Mia", scene.pub_id) is MembershipStatus.ACTIVE
    assert status_of(app, "Venter Villy", scene.sec_id) is MembershipStatus.PENDING


def test_a_groups_own_description_is_shown_in_the_readers_language(app, client, scene):
    danish = "For dig, der er sygemeldt og får sygedagpenge."
    english = "For you who are on sick leave and get sickness benefit (sygedagpenge)."
    assert danish in get_page(client, scene.list_url)
    page = get_page(client, f"{scene.list_url}?sprog=en")
    assert english in page and danish not in page
    assert english in get_page(client, f"{scene.pub_url}?sprog=en".replace(
        "dagpenge", "sygedagpenge"))
    with app.app_context():  # a description written for this network is shown as written
        network = db.session.get(Network, scene.pub_id)
        network.description = "Netværket for ledige i Solby."
        db.session.commit()
    assert "Netværket for ledige i Solby." in get_page(client, f"{scene.pub_url}?sprog=en")
