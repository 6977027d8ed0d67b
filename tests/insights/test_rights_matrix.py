"""Every insights service against every role: the feedback row of the rights table, applied."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tandem.insights import services
from tandem.workspace import writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import PermissionDenied
from tandem.workspace.models import Role

from ..conftest import Team
from .conftest import Evidence, create, survey_for

PM, PO, DEV, HOLDER, VIEWER = (
    Role.PRODUCT_MANAGER,
    Role.PRODUCT_OWNER,
    Role.TEAM_MEMBER,
    Role.STAKEHOLDER,
    Role.VIEWER,
)
EDITORS = {PM, PO}
ADDERS = {PM, PO, DEV, HOLDER}


def _feedback(team: Team) -> Any:
    return create(kind="feedback", access=team.access(PO), fields={"text": "maps"})


def _idea(team: Team) -> Any:
    return create(kind="idea", access=team.access(PO), fields={"title": "VR"})


Call = Callable[[ProductAccess, Team, Evidence], Any]

CASES: list[tuple[str, set[str], Call]] = [
    (
        "add feedback",
        ADDERS,
        lambda a, t, e: create(kind="feedback", access=a, fields={"text": "x"}),
    ),
    (
        "propose an idea",
        ADDERS,
        lambda a, t, e: create(kind="idea", access=a, fields={"title": "x"}),
    ),
    ("vote", ADDERS, lambda a, t, e: services.idea_vote(access=a, idea_id=_idea(t).pk)),
    (
        "edit feedback",
        EDITORS,
        lambda a, t, e: writes.record_update(
            access=a,
            kind="feedback",
            record_id=_feedback(t).pk,
            changes={"kind": "bug"},
            expected_version=1,
        ),
    ),
    (
        "link feedback",
        EDITORS,
        lambda a, t, e: services.feedback_link(
            access=a, feedback_id=_feedback(t).pk, item_key=e.first.key
        ),
    ),
    (
        "archive feedback",
        EDITORS,
        lambda a, t, e: writes.record_archive(access=a, kind="feedback", record_id=_feedback(t).pk),
    ),
    (
        "decline an idea",
        EDITORS,
        lambda a, t, e: services.idea_decline(
            access=a, idea_id=_idea(t).pk, reason="no", expected_version=1
        ),
    ),
    (
        "add a stakeholder",
        EDITORS,
        lambda a, t, e: create(kind="stakeholder", access=a, fields={"name": "x"}),
    ),
    (
        "add a customer",
        EDITORS,
        lambda a, t, e: create(kind="customer", access=a, fields={"name": "x"}),
    ),
    (
        "add a person",
        EDITORS,
        lambda a, t, e: create(
            kind="customer_person", access=a, fields={"customer": e.acme.pk, "name": "x"}
        ),
    ),
    (
        "write a survey",
        EDITORS,
        lambda a, t, e: create(
            kind="survey",
            access=a,
            fields={"title": "x", "questions": [{"kind": "nps", "prompt": "?"}]},
        ),
    ),
    (
        "archive a survey",
        EDITORS,
        lambda a, t, e: writes.record_archive(access=a, kind="survey", record_id=survey_for(t).pk),
    ),
    (
        "set evidence weights",
        {PO},
        lambda a, t, e: services.weights_update(
            access=a, weights={"demand": 5}, expected_version=1
        ),
    ),
]


@pytest.mark.parametrize("role", [PM, PO, DEV, HOLDER, VIEWER])
@pytest.mark.parametrize(("what", "allowed", "call"), CASES, ids=[c[0] for c in CASES])
def test_each_role_may_do_what_the_rights_table_says(
    team: Team, evidence: Evidence, role: str, what: str, allowed: set[str], call: Call
) -> None:
    access = team.access(role)
    if role in allowed:
        call(access, team, evidence)
    else:
        with pytest.raises(PermissionDenied):
            call(access, team, evidence)


def test_a_proposer_edits_their_own_open_idea_but_not_anothers(team: Team) -> None:
    mine = create(kind="idea", access=team.access(DEV), fields={"title": "Mine"})
    writes.record_update(
        access=team.access(DEV),
        kind="idea",
        record_id=mine.pk,
        changes={"title": "Mine, better"},
        expected_version=1,
    )
    theirs = create(kind="idea", access=team.access(HOLDER), fields={"title": "Theirs"})
    with pytest.raises(PermissionDenied):
        writes.record_update(
            access=team.access(DEV),
            kind="idea",
            record_id=theirs.pk,
            changes={"title": "x"},
            expected_version=1,
        )
