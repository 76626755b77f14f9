"""Every column that refers to a person, read from the schema, and what export and deletion
do with each. A new column with a foreign key to ``users.id`` must be named here: the tests
fail until it is either exported or listed, with a reason, as not exported."""

from __future__ import annotations

from sqlalchemy import Column, Table

from app.extensions import db


def person_columns() -> list[tuple[Table, Column]]:
    """(table, column) for every column with a foreign key to users.id, in schema order."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                found.append((table, column))
    return found


# Exported: the rows where the column is the person. Title shown in the readable page.
EXPORTED: dict[str, str] = {
    "recovery_codes.user_id": "Reservekoder (kun om de er brugt)",
    "memberships.user_id": "Medlemskaber af netværk",
    "committee_members.user_id": "Pladser i udvalg",
    "threads.author_id": "Tråde, du har startet",
    "posts.author_id": "Indlæg, du har skrevet",
    "reactions.user_id": "\"Genkender det\", du har givet",
    "proposals.creator_id": "Forslag, du har startet",
    "proposal_authors.user_id": "Forslag, du er medforfatter på",
    "proposal_revisions.author_id": "Versioner af forslag, du har skrevet",
    "votes.user_id": "Dine stemmer (kun du kan se dem)",
    "proposal_comments.author_id": "Kommentarer til forslag",
    "reports.reporter_id": "Anmeldelser, du har lavet",
    "appeals.author_id": "Klager, du har sendt",
    "notifications.user_id": "Notifikationer",
    "notification_choices.user_id": "Dine valg for notifikationer",
    "notification_profiles.user_id": "Dine indstillinger for notifikationer",
    "follows.user_id": "Det, du følger eller har slået fra",
    "thread_reads.user_id": "Hvor langt du har læst i tråde",
    "network_visits.user_id": "Hvornår du sidst så dine netværk",
    "focus_group_volunteers.user_id": "Fokusgrupper, du har meldt dig til",
    "events.recipient_id": "Beskeder til dig fra moderatorerne",
    "audit_entries.subject_user_id": "Log: hvornår en moderator, udvalget eller en "
                                     "administrator har handlet i din sag eller set din "
                                     "e-mailadresse",
}

# Not exported, each with its reason. These columns say which staff member (or which person)
# did something to someone else's content or case: exporting them would tell one person
# about others (who moderated whom, who was invited by whom), not about themselves.
_STAFF: dict[str, str] = {
    "threads.hidden_by_id": "which moderator hid someone's thread (moderation of others)",
    "posts.hidden_by_id": "which moderator hid someone's post (moderation of others)",
    "proposals.hidden_by_id": "which moderator hid someone's proposal (moderation of others)",
    "proposal_comments.hidden_by_id": "which moderator hid someone's comment",
    "proposal_comments.decided_by_id": "which co-author decided on someone else's suggestion",
    "reports.resolved_by_id": "which moderator handled someone else's report",
    "appeals.decided_by_id": "which moderator decided someone else's appeal",
    "audit_entries.actor_id": "staff actions on other people's content and cases; the log "
                              "entries about the person are exported (subject_user_id)",
    "events.actor_id": "the internal stream of what happened, which tells others; what the "
                       "person did is exported from the tables themselves (posts, votes...)",
    "proposal_authors.invited_by_id": "whom the person invited: rows about the invitee",
    "forwardings.forwarded_by_id": "which moderator forwarded a network's proposal",
    "forwardings.answered_by_id": "which committee member answered a network's proposal",
    "handled_crisis_alerts.handled_by_id": "which moderator handled someone else's alert",
    "survey_follow_ups.published_by_id": "who published the committee's public answer",
    "focus_groups.organiser_id": "who organises a focus group (staff work, not about them)",
}
# Not exported, and deleted with the profile.
_GONE_WITH_PROFILE: dict[str, str] = {
    "stored_exports.user_id": "an earlier export of this same data, waiting to be downloaded "
                              "(a copy, not more data; deleted with the profile and after 24 h)",
}
NOT_EXPORTED: dict[str, str] = {**_STAFF, **_GONE_WITH_PROFILE}

# Left out of every exported row: secrets that would let someone log in as the person, and
# the other columns that name a person (staff ids), for the reasons above.
SECRET_COLUMNS = {"password_hash", "session_token", "totp_secret", "totp_last_counter",
                  "code_hash", "pseudonym_key"}

# Deletion: rows where these columns are the person are kept with the column emptied (the
# content or the record belongs to the network too). Every other row where a column is the
# person is deleted.
KEPT_WITHOUT_PERSON = {
    "threads.author_id", "posts.author_id", "proposals.creator_id",
    "proposal_revisions.author_id", "proposal_comments.author_id", "votes.user_id",
    "reports.reporter_id", "appeals.author_id", "audit_entries.subject_user_id",
    *_STAFF,
}


def name(table: Table, column: Column) -> str:
    return f"{table.name}.{column.name}"
