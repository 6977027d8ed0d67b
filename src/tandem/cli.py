"""The ``tandem`` command: Django's management commands under one name.

``tandem serve`` (with a job worker beside it on the embedded queue), ``tandem worker``
(the background job queue: the database one, or Celery with ``TANDEM_QUEUE=celery``),
``tandem demo``, ``tandem createuser EMAIL``,
``tandem token create EMAIL``, ``tandem seed --product KEY --items N``, and
every standard command (``tandem migrate``, ``tandem check --deploy`` …).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tandem", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
