"""The personal front page costs the same number of SQL statements with 2 and with 20 of
everything it lists: networks, threads with news, drafts, invitations, open votes and answers
(app/home/queries.py: one helper, no N+1)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.networks.models import Network
from tests.committee.builders import answer, build_committee_scene, forward, receive, sign_in
from tests.factories import approve, join, make_member, make_municipality, make_post, make_thread
from tests.proposals.builders import decided, done, invite, make_proposal, open_vote


def grow(scene, me, networks: list[Network], count: int) -> None:
    """`count` more of each thing the front page lists, spread over `networks`."""
    for network in networks:
        join(me, network)
        if network.needs_approval:
            approve(me, network)
    for i in range(count):
        network = networks[i % len(networks)]
        writer = make_member(network)
        thread = make_thread(network, writer, title=f"Nyhed {count}-{i}")
        make_post(thread, writer)
        make_proposal(scene.network, me, title=f"Kladde {count}-{i}")
        invite(make_proposal(scene.network, scene.creator, title=f"Invitation {count}-{i}"),
               scene.creator, me)
        open_vote(make_proposal(scene.network, scene.creator, title=f"Afstemning {count}-{i}"),
                  scene.creator)
        passed = decided(scene.network, scene.creator, scene.voters, for_=3,
                         title=f"Svar fra udvalget på {count}-{i}")
        answer(scene, receive(scene, forward(scene, passed)))


def statements(count_queries, browser) -> int:
    browser.page("/")  # warm up: connection, first-request caches
    with count_queries() as counter:
        page = browser.page("/")
    assert "Dine netværk" in page
    return counter.count


def test_the_front_page_costs_the_same_with_2_and_20_of_everything(app, app_ctx, count_queries):
    scene = build_committee_scene()
    me = scene.voters[0]  # voted on scene.passed; the answers to come are to votes of theirs
    networks = list(db.session.scalars(select(Network).where(
        Network.municipality_id == scene.municipality.id, Network.id != scene.network.id)))
    for name in ("Tredjeby", "Fjerdeby"):
        networks += list(db.session.scalars(select(Network).where(
            Network.municipality_id == make_municipality(name).id)))
    browser = sign_in(app, me)

    grow(scene, me, networks[:1], 2)  # 2 networks (scene.network and one more)
    done()
    few = statements(count_queries, browser)
    page = browser.page("/")
    assert page.count("Nyhed 2-") == 2 and page.count("Kladde 2-") == 2
    assert page.count("Invitation 2-") == 2 and page.count("Afstemning 2-") == 2
    assert page.count("Svar fra udvalget på 2-") == 2

    grow(scene, me, networks[1:19], 18)  # 20 networks, 20 of each
    done()
    many = statements(count_queries, browser)
    page = browser.page("/")
    assert page.count("bn-unread") == 10  # the ten newest threads, each with news
    assert page.count("Kladde ") == 20 and page.count("Invitation ") == 20
    assert page.count("Afstemning ") == 20
    assert page.count("Svar fra udvalget på ") == 10  # the newest ten answers
    assert page.count("siden dit sidste besøg") == 20
    print(f"\nthe personal front page: {few} statements with 2, {many} with 20")
    assert many == few
