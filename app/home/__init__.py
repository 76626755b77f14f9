"""The personal front page of a signed-in person (issue 12, item 3): what is new in their
networks, their drafts and invitations, the votes waiting for them and the committee's
answers. It reads from the forum, proposals and committee, so it sits above them; the page
itself is served by app/pages (``pages.home``)."""
