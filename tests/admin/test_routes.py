"""The platform owner's tools: who may reach them, municipalities, and role appointments."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.committee.models import CommitteeMember
from app.committee.services import appoint_committee_member
from app.extensions import db
from app.networks.models import Membership, MembershipRole, Municipality, Network
from app.networks.services import appoint_moderator
from tests.accounts.test_routes import (
    Users,
    assert_form_error,
    assert_login_redirect,
    client_with,
    text,
)
from tests.conftest import csrf_token, login, post_form
from tests.factories import (
    PASSWORD,
    first_network,
    make_committee_member,
    make_moderator,
    make_municipality,
    make_user,
)

FORBIDDEN = "Du har ikke adgang til denne side eller handling."
ADMIN_POSTS = [("/admin/kommuner", "mun", {"name": "Aarhus"}),
               ("/admin/moderatorer", "mod", {"pseudonym": "Mette", "network": "1"}),
               ("/admin/udvalg", "com", {"pseudonym": "Mette", "municipality": "1"}),
               ("/admin/svarfrist", "frist", {"municipality": "1", "days": "30"}),
               ("/admin/kontakt", "kontakt", {"municipality": "1",
                                              "contact_url": "https://aarhus.dk/kontakt"})]


@pytest.fixture
def users(app) -> Users:
    return Users(app)


def code_at(secret: str, steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(datetime.now() + timedelta(seconds=30 * steps))


def sign_in_with_code(client, name: str, secret: str, remember: bool = False) -> None:
    assert login(client, name, PASSWORD, remember=remember).status_code == 302
    response = post_form(client, "/konto/log-ind/kode", {"code": code_at(secret)})
    assert response.status_code == 302


@pytest.fixture
def admin(client, users):
    """A client signed in as an admin who used the second factor in this session."""
    user = users.add(pseudonym="Admin", admin=True, totp=True)
    sign_in_with_code(client, "Admin", user.totp_secret)
    return client


def admin_post(client, url: str, prefix: str, data: dict, token: bool = True):
    """Each admin form has a prefix, and so has its own CSRF field."""
    payload = {f"{prefix}-{name}": value for name, value in data.items()}
    if token:
        value = csrf_token(client, "/")
        payload.update({"csrf_token": value, f"{prefix}-csrf_token": value})
    return client.post(url, data=payload)


def place(app, municipality: str = "Aarhus") -> tuple[int, int]:
    """A municipality with its networks; return its id and the id of its first network."""
    with app.app_context():
        made = make_municipality(municipality)
        return made.id, first_network(made).id


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- who gets in -------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/admin/", "/admin/kommuner", "/admin/moderatorer",
                                 "/admin/udvalg", "/admin/svarfrist", "/admin/kontakt"])
def test_logged_out_goes_to_login(client, url):
    response = client.get(url) if url == "/admin/" else client.post(
        url, data={"csrf_token": csrf_token(client)})
    assert_login_redirect(response, url)


def test_admin_page(admin):
    response = admin.get("/admin/")
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Administration</h1>" in page and "Der er ingen kommuner endnu." in page


def add_with_role(app, role: str, **kwargs):
    with app.app_context():
        if role == "moderator":
            user = make_moderator(first_network(make_municipality()), **kwargs)
        elif role == "committee":
            user = make_committee_member(make_municipality(), **kwargs)
        else:
            user = make_user(**kwargs)
        return Users._copy(user)


@pytest.mark.parametrize("role", ["citizen", "moderator", "committee"])
@pytest.mark.parametrize("two_factor", [False, True])
def test_non_admins_are_forbidden(app, client, role, two_factor):
    user = add_with_role(app, role, pseudonym="Mette", totp=two_factor)
    if two_factor:
        sign_in_with_code(client, "Mette", user.totp_secret)
    else:
        login(client, "Mette", PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 403 and FORBIDDEN in text(response)
    token = csrf_token(client, "/")
    for url, prefix, data in ADMIN_POSTS:
        payload = {f"{prefix}-{name}": value for name, value in data.items()}
        response = client.post(url, data={"csrf_token": token, f"{prefix}-csrf_token": token,
                                          **payload})
        assert response.status_code == 403
    assert count(app, Municipality, Municipality.name == "Aarhus") == 0


def test_admin_without_two_factor_is_sent_to_set_it_up(app, client, users):
    users.add(pseudonym="Admin", admin=True)
    login(client, "Admin", PASSWORD)
    response = client.get("/admin/")
    location = urlsplit(response.headers["Location"])
    assert response.status_code == 302 and location.path == "/konto/totrin"
    assert parse_qs(location.query)["next"] == ["/admin/"]
    response = admin_post(client, "/admin/kommuner", "mun", {"name": "Aarhus"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/konto/totrin")
    assert count(app, Municipality) == 0

    page = client.get("/konto/totrin?next=/admin/")
    assert "Du skal slå totrinsbekræftelse til" in text(page)
    with client.session_transaction() as session:
        secret = session["pending_totp_secret"]
    done = post_form(client, "/konto/totrin?next=/admin/", {"code": code_at(secret),
                                                           "next": "/admin/"})
    assert done.status_code == 200 and 'href="/admin/"' in text(done)
    assert client.get("/admin/").status_code == 200


def test_admin_must_use_the_second_factor_in_this_session(app, client, users):
    user = users.add(pseudonym="Admin", admin=True)
    login(client, "Admin", PASSWORD)  # no second factor yet, so none used in this session
    with app.app_context():
        db.session.get(User, user.id).totp_secret = pyotp.random_base32()
        db.session.commit()
    response = client.get("/admin/")
    assert_login_redirect(response, "/admin/")
    assert "Log ind igen med din kode fra godkenderappen" in text(client.get("/konto/log-ind"))


def test_remember_cookie_alone_does_not_open_the_admin_tools(app, client, users):
    user = users.add(pseudonym="Admin", admin=True, totp=True)
    sign_in_with_code(client, "Admin", user.totp_secret, remember=True)
    assert client.get("/admin/").status_code == 200
    remembered = client_with(app, borgernet_remember=client.get_cookie("borgernet_remember").value)
    assert remembered.get("/konto/profil").status_code == 200
    assert_login_redirect(remembered.get("/admin/"), "/admin/")


@pytest.mark.parametrize(("url", "prefix", "data"), ADMIN_POSTS)
def test_admin_posts_need_a_csrf_token(app, admin, url, prefix, data):
    place(app, "Odense")
    add_with_role(app, "citizen", pseudonym="Mette")
    response = admin_post(admin, url, prefix, data, token=False)
    assert response.status_code == 400
    assert count(app, Municipality) == 1
    assert count(app, Membership) == 0 and count(app, CommitteeMember) == 0


# --- municipalities ----------------------------------------------------------------------------

def test_create_municipality_with_eight_networks(app, admin):
    response = admin_post(admin, "/admin/kommuner", "mun", {"name": "  Aarhus  "})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    page = text(admin.get("/admin/"))
    assert "Kommunen er oprettet med otte netværk." in page
    assert "<h3>Aarhus</h3>" in page and "Dagpenge" in page and "Fleksjob og ledighedsydelse" in page
    with app.app_context():
        municipality = db.session.scalar(select(Municipality).where(Municipality.name == "Aarhus"))
        assert municipality.slug == "aarhus"
        networks = db.session.scalars(select(Network).where(
            Network.municipality_id == municipality.id)).all()
        assert len(networks) == 8 and len({n.benefit_group for n in networks}) == 8


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Skriv kommunens navn."),
    ("A", "Navnet skal være mellem 2 og 100 tegn."),
    ("K" * 101, "Navnet skal være mellem 2 og 100 tegn."),
    ("Aar\x01hus", "Feltet indeholder tegn, der ikke kan bruges."),
    ("Aarhus", "Kommunen findes allerede."),
    ("aarhus", "Kommunen findes allerede."),
    ("  Aarhus ", "Kommunen findes allerede."),
])
def test_create_municipality_bad_input(app, admin, typed, message):
    place(app, "Aarhus")
    response = admin_post(admin, "/admin/kommuner", "mun", {"name": typed})
    assert_form_error(response, message, kept=[typed.strip() if "\x01" not in typed else ""])
    assert count(app, Municipality) == 1 and count(app, Network) == 8


# --- appointments ------------------------------------------------------------------------------

APPOINTMENTS = {
    "moderator": ("/admin/moderatorer", "mod", "network", "Mette er nu moderator.",
                  "Mette er allerede moderator i netværket.", "Vælg et netværk."),
    "committee": ("/admin/udvalg", "com", "municipality", "Mette sidder nu i udvalget.",
                  "Mette sidder allerede i udvalget.", "Vælg en kommune."),
}


def seats(app, kind: str, user_id: int) -> int:
    if kind == "moderator":
        return count(app, Membership, Membership.user_id == user_id,
                     Membership.role == MembershipRole.MODERATOR)
    return count(app, CommitteeMember, CommitteeMember.user_id == user_id)


@pytest.mark.parametrize("kind", APPOINTMENTS)
@pytest.mark.parametrize("typed", ["Mette", "mette", " METTE "])
def test_appoint(app, admin, users, kind, typed):
    url, prefix, target, done, _, _ = APPOINTMENTS[kind]
    municipality_id, network_id = place(app)
    user = users.add(pseudonym="Mette", email="mette@example.org")
    choice = network_id if kind == "moderator" else municipality_id
    response = admin_post(admin, url, prefix, {"pseudonym": typed, target: str(choice)})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    page = text(admin.get("/admin/"))
    assert done in page
    assert f'<td data-title="Pseudonym"><a href="/admin/konti/{user.id}">Mette</a></td>' in page
    assert seats(app, kind, user.id) == 1


@pytest.mark.parametrize("kind", APPOINTMENTS)
@pytest.mark.parametrize(("typed", "choice", "problem"), [
    ("Ukendt", "ok", "Der findes ingen med det pseudonym."),
    # Never found by e-mail: the form must not tell whether an address has a profile.
    ("mette@example.org", "ok", "Der findes ingen med det pseudonym."),
    ("", "ok", "Skriv pseudonymet."),
    ("M" * 41, "ok", "Der findes ingen med det pseudonym."),
    ("Met\x00te", "ok", "Feltet indeholder tegn, der ikke kan bruges."),
    ("Mette", "", "choose"),
    ("Mette", "999999", "choose"),
    ("Mette", "abc", "choose"),
    ("Mette", "ok", "duplicate"),
])
def test_appoint_bad_input(app, admin, users, kind, typed, choice, problem):
    url, prefix, target, _, duplicate, choose = APPOINTMENTS[kind]
    message = {"choose": choose, "duplicate": duplicate}.get(problem, problem)
    municipality_id, network_id = place(app)
    user = users.add(pseudonym="Mette", email="mette@example.org")
    if problem == "duplicate":
        with app.app_context():
            mette = db.session.get(User, user.id)
            if kind == "moderator":
                appoint_moderator(mette, db.session.get(Network, network_id))
            else:
                appoint_committee_member(mette, db.session.get(Municipality, municipality_id))
            db.session.commit()
    if choice == "ok":
        choice = str(network_id if kind == "moderator" else municipality_id)
    response = admin_post(admin, url, prefix, {"pseudonym": typed, target: choice})
    kept = typed.strip() if typed.isprintable() else ""
    assert_form_error(response, message, kept=[kept])
    assert seats(app, kind, user.id) == (1 if problem == "duplicate" else 0)


# --- the committee's answer deadline ----------------------------------------------------------

def deadline_days(app, municipality_id: int) -> int:
    with app.app_context():
        return db.session.get(Municipality, municipality_id).answer_deadline_days


def test_the_admin_sets_a_municipalitys_answer_deadline(app, admin):
    municipality_id, _network_id = place(app)
    page = text(admin.get("/admin/"))
    assert "Frist for udvalgets svar" in page and "Aarhus: 60 dage" in page
    response = admin_post(admin, "/admin/svarfrist", "frist",
                          {"municipality": str(municipality_id), "days": "30"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    page = text(admin.get("/admin/"))
    assert "Udvalget i Aarhus skal nu svare senest 30 dage efter, at et forslag er sendt." in page
    assert "Aarhus: 30 dage" in page
    assert deadline_days(app, municipality_id) == 30


@pytest.mark.parametrize(("days", "message"), [
    ("", "Skriv antallet af dage."),
    ("tredive", "Skriv antallet af dage som et tal, for eksempel 60."),
    ("3", "Vælg mellem 7 og 365 dage."),
    ("1000", "Vælg mellem 7 og 365 dage."),
])
def test_a_bad_answer_deadline_is_explained_and_kept(app, admin, days, message):
    municipality_id, _network_id = place(app)
    response = admin_post(admin, "/admin/svarfrist", "frist",
                          {"municipality": str(municipality_id), "days": days})
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert f'value="{days}"' in page or not days
    assert deadline_days(app, municipality_id) == 60


def test_an_unknown_municipality_is_refused(app, admin):
    municipality_id, _network_id = place(app)
    response = admin_post(admin, "/admin/svarfrist", "frist",
                          {"municipality": str(municipality_id + 999), "days": "30"})
    assert response.status_code == 422 and "Vælg en kommune." in text(response)


# --- the municipality's contact page, linked from the header (issue 13, item 6) ----------------

def _header(page: str) -> str:
    return page.split('<p class="bn-owner">', 1)[1].split("</p>", 1)[0]


def test_the_admin_sets_the_contact_page_the_header_links_to(app, admin, client):
    municipality_id, _network_id = place(app)
    network_page = "/kommuner/aarhus/dagpenge/"
    visitor = app.test_client()
    header = _header(text(visitor.get(network_page)))
    assert "Netværk for borgere i Aarhus" in header  # whose service this is
    assert 'href="/om/kontakt">Kontakt og hjælp</a>' in header  # no contact page set yet
    response = admin_post(admin, "/admin/kontakt", "kontakt", {
        "municipality": str(municipality_id), "contact_url": " https://aarhus.dk/kontakt "})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert "Kontaktsiden for Aarhus er gemt." in text(admin.get("/admin/"))
    header = _header(text(visitor.get(network_page)))
    assert 'href="https://aarhus.dk/kontakt">Kontakt Aarhus</a>' in header
    # A page with no municipality names the service and its contact page.
    header = _header(text(visitor.get("/om/retningslinjer")))
    assert "Borgernet" in header and 'href="/om/kontakt">Kontakt og hjælp</a>' in header
    assert "Spørgsmål om Borgernet" in text(visitor.get("/om/kontakt"))
    # An empty field takes the link away again.
    admin_post(admin, "/admin/kontakt", "kontakt",
               {"municipality": str(municipality_id), "contact_url": ""})
    assert 'href="/om/kontakt">Kontakt og hjælp</a>' in _header(text(visitor.get(network_page)))


@pytest.mark.parametrize("typed", ["aarhus.dk/kontakt", "javascript:alert(1)",
                                   "https://aarhus dk", "https://" + "a" * 300 + ".dk"])
def test_a_bad_contact_page_is_explained_and_kept(app, admin, typed):
    municipality_id, _network_id = place(app)
    response = admin_post(admin, "/admin/kontakt", "kontakt",
                          {"municipality": str(municipality_id), "contact_url": typed})
    assert response.status_code == 422
    page = text(response)
    assert ("Skriv en webadresse, der begynder med https://" in page
            or "Adressen må højst være 300 tegn." in page)
    assert f'value="{typed}"' in page
    with app.app_context():
        assert db.session.get(Municipality, municipality_id).contact_url == ""


# --- network settings (issue 13, item 9) ---------------------------------------------------------

def test_an_admin_changes_a_networks_settings_with_an_audit_entry(app, admin):
    from app.core.audit import AuditEntry
    from app.networks.models import JoinPolicy, Visibility

    _municipality, network_id = place(app)
    url = f"/admin/netvaerk/{network_id}"
    assert f'href="{url}"' in text(admin.get("/admin/"))
    assert 'name="quorum"' in text(admin.get(url))
    response = post_form(admin, url, {"quorum": "7", "join_policy": "approval",
                                      "visibility": "members"})
    assert response.status_code == 302
    assert "Netværkets indstillinger er gemt." in text(admin.get(response.headers["Location"]))
    with app.app_context():
        network = db.session.get(Network, network_id)
        assert (network.quorum, network.join_policy, network.visibility) == (
            7, JoinPolicy.APPROVAL, Visibility.MEMBERS)
        [entry] = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "networks.settings_changed"))
        assert entry.network_id == network_id and "quorum: 10 -> 7" in entry.reason
    post_form(admin, url, {"quorum": "7", "join_policy": "approval", "visibility": "members"})
    assert count(app, AuditEntry, AuditEntry.action == "networks.settings_changed") == 1


@pytest.mark.parametrize(("quorum", "message"), [
    ("0", "Vælg mellem 1 og 1000 stemmer."),
    ("1001", "Vælg mellem 1 og 1000 stemmer."),
    ("ti", "Skriv antallet af stemmer som et tal, for eksempel 10."),
    ("", "Skriv antallet af stemmer."),
])
def test_bad_network_settings_give_a_danish_message_and_keep_what_was_typed(app, admin, quorum,
                                                                            message):
    _municipality, network_id = place(app)
    response = post_form(admin, f"/admin/netvaerk/{network_id}", {
        "quorum": quorum, "join_policy": "approval", "visibility": "public"})
    page = text(response)
    assert response.status_code == 422 and message in page
    assert f'value="{quorum}"' in page or quorum == ""
    assert 'value="approval" selected' in page or "<option selected value=\"approval\"" in page
    response = post_form(admin, f"/admin/netvaerk/{network_id}", {
        "quorum": "5", "join_policy": "alle", "visibility": "public"})
    assert response.status_code == 422 and "Vælg, hvem der kan blive medlem." in text(response)
    with app.app_context():
        assert db.session.get(Network, network_id).quorum == 10


def test_only_admins_change_network_settings(app, client):
    _municipality, network_id = place(app)
    user = add_with_role(app, "moderator", pseudonym="Mette", totp=True)
    sign_in_with_code(client, "Mette", user.totp_secret)
    assert client.get(f"/admin/netvaerk/{network_id}").status_code == 403
    assert client.post(f"/admin/netvaerk/{network_id}", data={
        "csrf_token": csrf_token(client, "/"), "quorum": "1"}).status_code == 403
