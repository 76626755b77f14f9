"""Demo data for the personal front page (for `flask seed-demo`, last of all): when Bente, the
demo citizen, signs in, every section of her front page has something in it.

- news in her networks since she joined: a new thread in Sygedagpenge with a reply, and a new
  reply in the newest thread of Dagpenge (both marked "Nyt");
- a draft of her own (from the demo proposals) and an invitation to write along on a draft in
  Dagpenge, waiting for her answer;
- an open vote in Dagpenge she has not voted in;
- the committee's answer to her proposal (from the demo committee data).
"""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.demo.forum import _ensure_member
from app.extensions import db
from app.forum.models import Thread
from app.forum.services import reply, start_thread
from app.networks.models import BenefitGroup, Network
from app.proposals import services as proposals

INVITATION = proposals.ProposalText(
    "Hjælp til jobsøgning på nettet",
    "Jobcentret skal tilbyde hjælp til at bruge Jobnet og skrive ansøgninger på computer.",
    "Mange af os har ikke en computer eller er usikre på nettet. Vi får at vide, at vi selv skal "
    "klare det, men ingen viser os hvordan.",
    "Jobcentret holder åbent værksted to gange om ugen, hvor man kan få hjælp af en medarbejder.",
    "Flere kan selv søge job og registrere deres jobsøgning rigtigt.")
VOTE = proposals.ProposalText(
    "Mødetider, der passer til børnefamilier",
    "Samtaler og kurser skal ligge mellem 9 og 14, så forældre kan hente og bringe.",
    "Mange indkaldelser ligger klokken 8 eller sent om eftermiddagen. Det er svært, når man er "
    "alene med børn.",
    "Jobcentret lægger samtaler og kurser mellem 9 og 14, med mindre borgeren selv ønsker andet.",
    "Færre udeblivelser og mindre stress for forældre.")


def seed_front_page(networks: dict[BenefitGroup, Network], citizens: list[User], bente: User
                    ) -> None:
    sick, unemployed = networks[BenefitGroup.SYGEDAGPENGE], networks[BenefitGroup.DAGPENGE]
    writers = citizens[:3]
    for citizen in writers:
        _ensure_member(citizen, sick)
        _ensure_member(citizen, unemployed)

    thread = start_thread(writers[0], sick, "Hvordan forbereder I jer til en rundbordssamtale?",
                          "Jeg skal til rundbordssamtale i næste uge og er nervøs. Hvad skal "
                          "jeg have med, og må jeg tage en bisidder med?")
    reply(writers[1], thread, "Ja, du må altid have en bisidder med. Skriv dine spørgsmål ned "
                              "på forhånd, så du ikke glemmer dem.")
    newest = db.session.scalar(select(Thread).where(Thread.network_id == unemployed.id)
                               .order_by(Thread.last_activity_at.desc(), Thread.id.desc()))
    if newest is not None:
        reply(writers[2], newest, "Tak for jeres svar. Det hjalp mig meget at læse.")

    invited = proposals.create_proposal(writers[0], unemployed, INVITATION)
    proposals.invite_coauthor(writers[0], invited, bente)
    voting = proposals.create_proposal(writers[1], unemployed, VOTE)
    proposals.open_voting(writers[1], voting, 14)
    db.session.flush()
