from __future__ import annotations

from tandem.insights import selectors
from tandem.insights.triage_model import shipped_model
from tandem.workspace.models import Role

from ..conftest import Team
from .conftest import create


def test_the_shipped_model_reads_an_obvious_bug_report_as_a_bug() -> None:
    model = shipped_model()
    assert model is not None
    from tandem.core.triage import suggest

    assert suggest(model, "The app crashes every time I open it, please fix").kind == "bug"
    assert suggest(model, "Great app, I love it!").kind == "praise"


def test_a_new_product_gets_suggestions_from_the_shipped_model(team: Team) -> None:
    suggest, source = selectors.kind_suggester(access=team.access(Role.PRODUCT_OWNER))
    assert "shipped" in source
    found = suggest("It crashes on start")
    assert found is not None
    assert found.kind == "bug"


def test_a_product_with_enough_triage_learns_its_own_words(team: Team) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    for n in range(25):
        create(kind="feedback", access=po, fields={"text": f"gimbal wobble {n}", "kind": "bug"})
        create(
            kind="feedback", access=po, fields={"text": f"geofence wish {n}", "kind": "question"}
        )

    suggest, source = selectors.kind_suggester(access=po)

    assert source == "this product's triaged feedback"
    found = suggest("geofence")
    assert found is not None
    assert found.kind == "question"
