"""Issue 14, item 1: the pseudonymity guarantee. Every GET page of the app, crawled as a visitor,
a citizen, a moderator, a committee member and an admin over data in every state (the same
world as test_get_writes_nothing), shows no one's e-mail address but the reader's own (a
download is read inside its ZIP). Every mail these people receive while the world goes on
(at once, in digests, focus-group seats and reminders, the committee's forwarded proposals
and deadline reminders) names no one else: no other address, no other pseudonym. An admin
sees another person's address only on the account page, after asking, and the asking is
logged."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from email.message import EmailMessage

from sqlalchemy import func, select

from app.accounts.models import User
from app.admin.events import EMAIL_SHOWN
from app.committee import services as committee_services
from app.committee.models import Forwarding
from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.extensions import db
from app.focusgroups import emails as focusgroup_emails
from app.focusgroups import services as focusgroup_services
from app.focusgroups.models import FocusGroupState, Stratum
from app.forum import services as forum
from app.moderation import services as moderation
from app.moderation.models import ReportReason
from app.networks.services import join_network
from app.notifications import mailing
from app.notifications import services as notifications
from app.notifications.models import Delivery
from app.notifications.setup import deliver_events
from app.notifications.topics import TOPICS
from tests.committee.builders import sign_in
from tests.conftest import CSRF_RE
from tests.core.test_get_writes_nothing import ROLES, urls, world  # noqa: F401 (the fixture)
from tests.factories import PASSWORD
from tests.focusgroups.builders import close_volunteering, make_focus_group
from tests.moderation.builders import target
from tests.proposals.builders import _settle, decided, done

STAFF_AND_CITIZEN = ("citizen", "moderator", "committee", "admin")


def readable(response) -> str:
    """What a person can read in a response: the page, or each file inside a ZIP."""
    if response.mimetype == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.data))
        return "\n".join(archive.read(name).decode() for name in archive.namelist()).lower()
    return response.get_data(as_text=True).lower()


def test_no_page_shows_anyone_elses_email_address(app, world):  # noqa: F811
    arguments, people, _scene = world
    pages = urls(app, arguments)
    with app.app_context():
        addresses = dict(db.session.execute(select(User.id, User.email)).all())
    assert len(addresses) >= 10
    for role in ROLES:
        me = people[role]
        others = [email for user_id, email in addresses.items()
                  if me is None or user_id != me.id]
        browser = sign_in(app, me)
        shown = 0
        for page in pages:
            response = browser.client.get(page)
            _settle()
            body = readable(response)
            leaked = [email for email in others if email.lower() in body]
            assert leaked == [], (role, page, leaked)
            shown += response.status_code == 200
        assert shown >= 30, role


def test_the_admin_sees_an_address_only_after_asking_and_it_is_logged(app, world):  # noqa: F811
    _arguments, people, _scene = world
    citizen, admin = people["citizen"], people["admin"]
    email, page = citizen.email, f"/admin/konti/{citizen.id}"
    browser = sign_in(app, admin)
    form = browser.client.get(page)
    assert form.status_code == 200 and email not in readable(form)

    def logged() -> int:
        db.session.rollback()
        return db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == EMAIL_SHOWN.name, AuditEntry.subject_user_id == citizen.id,
            AuditEntry.actor_id == admin.id))

    assert logged() == 0
    token = CSRF_RE.search(form.get_data(as_text=True)).group(1)
    shown = browser.client.post(f"{page}/e-mail",
                                data={"csrf_token": token, "reason": "Support: kan ikke logge ind"})
    assert shown.status_code == 200 and email.lower() in readable(shown)
    assert logged() == 1
    # The citizen's own export tells them: an administrator, when; not which one.
    owner = sign_in(app, citizen)
    export = owner.client.post("/konto/profil/data", data={
        "csrf_token": CSRF_RE.search(owner.client.get("/konto/profil/data").get_data(
            as_text=True)).group(1), "password": PASSWORD})
    assert export.mimetype == "application/zip"
    content = readable(export)
    assert "e-mailadresse vist" in content and "en administrator" in content
    assert admin.pseudonym.lower() not in content and admin.email.lower() not in content


# --- mails --------------------------------------------------------------------------------------

def _everything_in(message: EmailMessage) -> str:
    """Subject, headers and every part (text, HTML, calendar file) of a mail."""
    parts = [str(message["Subject"]), str(message.get("List-Unsubscribe", ""))]
    for part in message.walk():
        if part.is_multipart():
            continue
        content = part.get_payload(decode=True) or b""
        parts.append(content.decode("utf-8", "replace"))
    return "\n".join(parts)


def _choose_for_everyone(delivery: Delivery) -> None:
    """Every person asks for every topic this way, with titles: the most a mail can say."""
    for user in db.session.scalars(select(User)).all():
        notifications.set_choices(user, {topic.key: delivery.value for topic in TOPICS},
                                  show_titles=True)
    done()


def _news() -> None:
    """What the job after each commit does: notifications, then the at-once mails."""
    done()
    deliver_events()


def test_no_mail_names_anyone_else(app, smtp_server, world):  # noqa: F811
    _arguments, people, scene = world
    member, moderator, committee, admin = (people[role] for role in STAFF_AND_CITIZEN)
    network, voters = scene.network, scene.voters

    # The world so far, as daily digests (at midday, outside the quiet hours).
    deliver_events()
    _choose_for_everyone(Delivery.DAILY)
    noon = utcnow().replace(hour=11, minute=0) + timedelta(days=1)
    assert mailing.send_digests(now=noon) > 0
    digests = len(smtp_server.messages)
    assert digests > 0

    # From now on everything at once, as it happens.
    _choose_for_everyone(Delivery.NOW)
    join_network(admin, network)  # an admin is a citizen too
    for author, replier in ((member, voters[0]), (admin, voters[1])):
        thread = forum.start_thread(author, network, "Hvordan gik jeres samtale?",
                                    "Min gik fint, men jeg var nervøs.")
        _news()
        reply = forum.reply(replier, thread, "Det kender jeg godt.")
        _news()
    moderation.report(scene.coauthor, target("post", reply), ReportReason("spam"), "")
    _news()
    fresh = decided(network, scene.creator, voters, for_=3, title="Kortere ventetid")
    forwarding = committee_services.forward_proposal(moderator, fresh, "Til udvalget.", ())
    _news()
    committee_services.send_due_reminders(today=db.session.scalar(
        select(Forwarding.due_on).where(Forwarding.id == forwarding.id)))
    _news()
    group = make_focus_group(scene, FocusGroupState.OPEN,
                             volunteers=[(member, Stratum.LONG), (admin, Stratum.SHORT)])
    close_volunteering(group)
    selected = focusgroup_services.run_draw(moderator, group)
    _news()
    focusgroup_emails.send_all(selected, "selected")
    group.starts_at = utcnow() + timedelta(hours=24)
    done()
    result = app.test_cli_runner().invoke(args=["focusgroups", "remind"])
    assert result.exit_code == 0, result.output
    _news()
    assert len(smtp_server.messages) > digests

    people_by_address = {user.email.lower(): user for user in db.session.scalars(select(User))}
    received: dict[int, int] = {}
    for message in smtp_server.messages:
        recipient = people_by_address[str(message["To"]).lower()]
        received[recipient.id] = received.get(recipient.id, 0) + 1
        content = _everything_in(message)
        for other in people_by_address.values():
            if other.id == recipient.id:
                continue
            assert other.email.lower() not in content.lower(), (recipient.pseudonym, other.email)
            named = re.compile(rf"(?<!\w){re.escape(other.pseudonym)}(?!\w)", re.IGNORECASE)
            assert not named.search(content), (recipient.pseudonym, other.pseudonym, content)
    for role, person in zip(STAFF_AND_CITIZEN, (member, moderator, committee, admin),
                            strict=True):
        assert received.get(person.id, 0) >= 1, f"the {role} got no mail to check"
    # Each kind of mail was among them: the digest, a seat, a reminder with its calendar file.
    subjects = {str(message["Subject"]) for message in smtp_server.messages}
    assert {"Du er udtrukket til en fokusgruppe", "Påmindelse: fokusgruppe"} <= subjects, subjects
