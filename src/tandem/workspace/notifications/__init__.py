"""Watching records, @mentions, notifications in the app and by e-mail.

Start here: ``listener`` hears every audited write (``audit.subscribe``) and queues
``services.notify_events``; ``rules`` decides who hears of an event and why;
``wording`` turns events into sentences for people (the bell, the notifications page,
the e-mails and the home pages' recent activity share it); ``targets`` names and links
the record an event is about; ``mail`` sends them at once or as a daily digest.
"""


def connect() -> None:
    """Hear of every audited write, and offer the e-mail settings in the person's menu."""
    from ..audit import subscribe
    from ..navigation import register_account
    from .listener import on_events

    subscribe(on_events)
    register_account("Notifications", "notifications:preferences", 15)
