"""The Nu Html Checker (vnu.jar from the `vnu-jar` npm package, run with Java) finds no error on
the main pages: the front page, a network, a thread (with a quote and links), proposals in each
state (one with votes, one with the committee's answer), the top proposals, the survey results
and the guidelines, focus groups and the survey's start page, as a visitor and as a signed-in
member, in Danish and in English; and the member's, moderator's, committee's and
administrator's own pages. The pages are rendered from the demo data,
saved, and checked in one run of the checker (Java starts slowly)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import select

from app.accounts.models import User
from app.committee.models import Forwarding
from app.demo import DEMO_ACCOUNTS, seed_demo
from app.extensions import db
from app.focusgroups.models import FocusGroup, FocusGroupState
from app.forum.models import Thread
from app.networks.models import Network
from app.proposals.models import Proposal
from tests.conftest import post_form
from tests.factories import make_post, totp_now

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
QUOTE_AND_LINKS = ("> Skriv 3 ting ned, du skal have sagt\n\nDet virker. Læs mere på "
                   "[borger.dk](https://www.borger.dk/arbejde-dagpenge-ferie) eller "
                   "https://www.retsinformation.dk/eli/lta/2024/1234?sprog=da&x=1 om reglerne.")


def _demo_pages(app) -> tuple[dict[str, list[str]], Thread]:
    with app.test_request_context():
        assert seed_demo()
        db.session.commit()
        network = db.session.scalar(select(Network).where(Network.slug == "sygedagpenge"))
        thread = db.session.scalars(select(Thread).where(Thread.network_id == network.id)
                                    .order_by(Thread.id)).first()
        bente = db.session.scalar(select(User).where(User.pseudonym == "Bente"))
        make_post(thread, bente, QUOTE_AND_LINKS)
        municipality = network.municipality.slug
        base = f"/kommuner/{municipality}/{network.slug}"
        proposals = [f"/forslag/{p}" for p in db.session.scalars(
            select(Proposal.id).where(Proposal.network_id == network.id))]
        forwarded = db.session.scalars(select(Forwarding.proposal_id)).all()
        focus_groups = [f"/fokusgrupper/{g}" for g in db.session.scalars(select(FocusGroup.id).where(
            FocusGroup.state != FocusGroupState.DRAFT))]
        public = ["/", f"{base}/", f"/traade/{thread.id}", f"{base}/forslag/top",
                  f"/kommuner/{municipality}/forslag/top", f"/kommuner/{municipality}/",
                  f"/kommuner/{municipality}/tilfredshed", "/om/retningslinjer",
                  "/fokusgrupper", f"{base}/forslag", "/om/kontakt", *proposals,
                  *focus_groups, f"/undersoegelse/{municipality}"]
        pages = {
            "visitor": public,
            "member": [*public, "/beskeder", "/konto/profil", f"/traade/{thread.id}/svar",
                       f"{base}/ny-traad", f"{base}/forslag/nyt"],
            "moderator": ["/moderation", f"{base}/moderation", f"{base}/moderation/log"],
            "admin": ["/admin/", "/admin/undersoegelser"],
            "udvalg": [f"/udvalg/{municipality}", *(
                f"/udvalg/{municipality}/forslag/{p}" for p in forwarded),
                f"/udvalg/{municipality}/tilfredshed"],
        }
        return pages, thread


def _sign_in(app, client, role: str) -> None:
    account = next(a for a in DEMO_ACCOUNTS if a.role == role)
    response = post_form(client, "/konto/log-ind",
                         {"login": account.pseudonym, "password": account.password})
    assert response.status_code == 302
    if account.totp_secret:
        with app.app_context():
            user = db.session.scalar(select(User).where(User.pseudonym == account.pseudonym))
            code = totp_now(user)
        response = post_form(client, "/konto/log-ind/kode", {"code": code})
        assert response.status_code == 302


def test_the_main_pages_are_valid_html(app, client, tmp_path):
    assert shutil.which("java"), "the Nu Html Checker needs Java (apt-get install default-jre)"
    assert VNU.exists(), "the Nu Html Checker is missing: run `npm ci`"
    pages, thread = _demo_pages(app)
    saved: list[Path] = []
    for who, urls in pages.items():
        client = app.test_client()
        if who != "visitor":
            _sign_in(app, client, {"member": "borger"}.get(who, who))
        for language in ("da", "en"):
            if who != "visitor":
                post_form(client, "/sprog", {"locale": language, "next": "/"})
            for url in urls:
                asked = f"{url}{'&' if '?' in url else '?'}sprog={language}" if who == "visitor" else url
                response = client.get(asked)
                assert response.status_code == 200, (who, language, asked, response.status_code)
                page = response.get_data(as_text=True)
                assert f'<html lang="{language}">' in page, (who, language, url)
                name = re.sub(r"[^a-z0-9]+", "-", url).strip("-") or "forside"
                path = tmp_path / f"{len(saved):03d}-{who}-{language}-{name}.html"
                path.write_text(page, encoding="utf-8")
                saved.append(path)
    thread_page = next(p for p in saved if f"visitor-en-traade-{thread.id}.html" in p.name)
    shown = thread_page.read_text()
    assert "<blockquote" in shown and 'href="https://www.borger.dk' in shown

    run = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only",
                          *map(str, saved)], capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
              f" [{m.get('extract', '').strip()[:120]}]"
              for m in messages if m.get("type") in ("error", "non-document-error")]
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors[:60])
    assert run.returncode == 0, run.stderr[-2000:]
