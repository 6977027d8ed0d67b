"""``tandem demo`` on an empty instance when a step fails: nothing is left half made.

Apart from ``test_demo``, whose tests share one loaded demo for the whole module.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from tandem.web.demo import content, loader
from tests.web.test_demo import _counts, _run_demo

pytestmark = pytest.mark.django_db


def test_a_failing_load_leaves_nothing_half_made(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = content.DemoLink("Remote ID broadcast", "Broken", "not a web address")
    monkeypatch.setattr(loader, "LINKS", (*content.LINKS, broken))
    with pytest.raises(CommandError, match="nothing was saved"):
        _run_demo()
    after = _counts()
    assert after == dict.fromkeys(after, 0)
