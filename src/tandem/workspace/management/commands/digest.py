"""``tandem digest``: send each person who chose it their daily notification digest.

Run it from cron or a systemd timer, e.g. every morning at 07:00
(``0 7 * * * tandem digest``); running it twice in a day sends nobody a second one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.workspace.notifications import mail


class Command(BaseCommand):
    help = "Send the daily notification digests that are due (schedule it once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = mail.send_digests()
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''}.")
