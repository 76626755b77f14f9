"""The committee's pages cost the same number of SQL statements with little or much data."""

from __future__ import annotations

import pytest

from tests.committee.builders import build_committee_scene, forward, receive, sign_in
from tests.proposals.builders import comment, decided


@pytest.fixture
def scene(app_ctx):
    return build_committee_scene()


def _statements(count_queries, browser, url: str) -> int:
    browser.client.get(url)  # warm up
    with count_queries() as counter:
        response = browser.client.get(url)
    assert response.status_code == 200, url
    return counter.count


def test_the_committee_list_costs_the_same_with_1_and_6_forwarded(app, scene, count_queries):
    browser = sign_in(app, scene.committee)
    forward(scene)
    one = _statements(count_queries, browser, scene.committee_url)
    for i in range(5):
        proposal = decided(scene.network, scene.creator, scene.voters, for_=3, title=f"Sag {i}")
        receive(scene, forward(scene, proposal))
    assert _statements(count_queries, browser, scene.committee_url) == one


def test_the_dossier_costs_the_same_with_0_and_5_comments(app, scene, count_queries):
    browser = sign_in(app, scene.committee)
    forward(scene)
    none = _statements(count_queries, browser, scene.dossier_url)
    many = decided(scene.network, scene.creator, scene.voters, for_=3, title="Fem kommentarer")
    ids = [comment(many, scene.voters[i % 3], f"Kommentar {i}").id for i in range(5)]
    forward(scene, many, comment_ids=ids)
    assert _statements(count_queries, browser,
                       f"{scene.committee_url}/forslag/{many.id}") == none


def test_the_moderators_page_costs_the_same_with_1_and_6_proposals(app, scene, count_queries):
    browser = sign_in(app, scene.moderator)
    one = _statements(count_queries, browser, scene.dashboard_url)
    for i in range(5):
        proposal = decided(scene.network, scene.creator, scene.voters, for_=3, title=f"Sag {i}")
        if i % 2:
            forward(scene, proposal)
    assert _statements(count_queries, browser, scene.dashboard_url) == one
