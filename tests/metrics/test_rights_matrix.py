"""Who may do what with metrics, role by role, written by hand from DESIGN.md §2.

| what                                  | §2 row          | PM | PO       | team | holder | viewer |
| ------------------------------------- | --------------- | -- | -------- | ---- | ------ | ------ |
| metric definitions and targets        | metrics targets | ✓  | proposes | read | read   | read   |
| propose a change with a reason        | metrics targets | ✓  | ✓        | read | read   | read   |
| accept or decline such a proposal     | metrics targets | ✓  | refused  | read | read   | read   |
| experiments                           | metrics targets | ✓  | refused  | read | read   | read   |
| measurements (recorded evidence)      | feedback: edit  | ✓  | ✓        | read | read   | read   |

The Product Owner's level on the roadmap row is *propose*: a change they make to a
metric (a new one, a target, archiving it) becomes a proposal that waits for the
Product Manager, and nothing changes until it is accepted. An experiment is not
proposed: they ask the Product Manager for it. The outsider belongs to another
organization and never learns the product exists.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import pytest

from tandem.metrics import selectors, services
from tandem.metrics.models import Experiment, Measurement, Metric
from tandem.workspace import proposals, writes
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, PermissionDenied
from tandem.workspace.models import Event, Proposal
from tandem.workspace.selectors import product_access
from tests.conftest import Team

from .helpers import TODAY, experiment, metric, series

pytestmark = pytest.mark.django_db


class Outcome(StrEnum):
    APPLIES = "applies"
    PROPOSED = "waits as a proposal"
    REFUSED = "refused"
    HIDDEN = "not found"


A, P, R, H = Outcome.APPLIES, Outcome.PROPOSED, Outcome.REFUSED, Outcome.HIDDEN
WHO = ("product_manager", "product_owner", "team_member", "stakeholder", "viewer", "outsider")

# fmt: off
EXPECTED: dict[str, tuple[Outcome, ...]] = {
    # action                     PM PO team hold view out
    "create a metric":          (A, P, R, R, R, H),
    "change a target":          (A, P, R, R, R, H),
    "archive a metric":         (A, P, R, R, R, H),
    "propose a new target":     (A, A, R, R, R, H),
    "accept a proposal":        (A, R, R, R, R, H),
    "decline a proposal":       (A, R, R, R, R, H),
    "record a measurement":     (A, A, R, R, R, H),
    "import measurements":      (A, A, R, R, R, H),
    "correct a measurement":    (A, A, R, R, R, H),
    "archive a measurement":    (A, A, R, R, R, H),
    "create an experiment":     (A, R, R, R, R, H),
    "update an experiment":     (A, R, R, R, R, H),
    "archive an experiment":    (A, R, R, R, R, H),
    "read metrics":             (A, A, A, A, A, H),
    "read experiments":         (A, A, A, A, A, H),
}
# fmt: on


def _access(team: Team, who: str) -> ProductAccess:
    if who == "outsider":
        # An outsider who guesses the key gets "not found", exactly like a missing product.
        return product_access(user=team.outsider, product_key=team.product.key)
    return team.access(who)


def _metric_of(team: Team) -> Metric:
    m = metric(team)
    series(team, m, {"2025-06-01": 3.0})
    return m


def _proposal(team: Team) -> Proposal:
    return services.metric_propose(
        access=team.access("product_owner"),
        metric_id=_metric_of(team).pk,
        changes={"target": 5.0},
        reason="Ambitious",
    )


def _measurement(team: Team) -> int:
    return Measurement.objects.get(metric=_metric_of(team)).pk


def _experiment(team: Team) -> int:
    return experiment(team, _metric_of(team)).pk


ACTIONS: dict[str, Callable[[Team, Callable[[], ProductAccess]], object]] = {
    "create a metric": lambda t, a: writes.record_create(
        access=a(), kind="metric", fields={"name": "Churn"}
    ),
    "change a target": lambda t, a: writes.record_update(
        access=a(),
        kind="metric",
        record_id=_metric_of(t).pk,
        changes={"target": 5.0},
        expected_version=1,
    ),
    "archive a metric": lambda t, a: writes.record_archive(
        access=a(), kind="metric", record_id=_metric_of(t).pk
    ),
    "propose a new target": lambda t, a: services.metric_propose(
        access=a(), metric_id=_metric_of(t).pk, changes={"target": 5.0}, reason="Ambitious"
    ),
    "accept a proposal": lambda t, a: services.metric_proposal_accept(
        access=a(), proposal_id=_proposal(t).pk
    ),
    "decline a proposal": lambda t, a: services.metric_proposal_decline(
        access=a(), proposal_id=_proposal(t).pk, answer="Not this quarter"
    ),
    "record a measurement": lambda t, a: services.measurement_record(
        access=a(), metric_id=_metric_of(t).pk, measured_on="2025-06-02", value=3.3, today=TODAY
    ),
    "import measurements": lambda t, a: services.measurements_import(
        access=a(),
        metric_id=_metric_of(t).pk,
        upload=services.CsvUpload("date,value\n2025-06-03,3\n"),
        today=TODAY,
    ),
    "correct a measurement": lambda t, a: writes.record_update(
        access=a(),
        kind="measurement",
        record_id=_measurement(t),
        changes={"value": 3.9},
        expected_version=1,
    ),
    "archive a measurement": lambda t, a: writes.record_archive(
        access=a(), kind="measurement", record_id=_measurement(t)
    ),
    "create an experiment": lambda t, a: writes.record_create(
        access=a(), kind="experiment", fields={"name": "Trial", "metric": _metric_of(t).pk}
    ),
    "update an experiment": lambda t, a: writes.record_update(
        access=a(),
        kind="experiment",
        record_id=_experiment(t),
        changes={"hypothesis": "Changed"},
        expected_version=1,
    ),
    "archive an experiment": lambda t, a: writes.record_archive(
        access=a(), kind="experiment", record_id=_experiment(t)
    ),
    "read metrics": lambda t, a: (_metric_of(t), selectors.metric_rows(access=a()))[1],
    "read experiments": lambda t, a: (
        experiment(t, _metric_of(t)),
        selectors.experiments_of(access=a()),
    )[1],
}

CASES = [
    pytest.param(action, who, expected[i], id=f"{action}-{who}")
    for action, expected in EXPECTED.items()
    for i, who in enumerate(WHO)
]


def _untouched(proposal: Proposal) -> bool:
    """Nothing a proposal asks for has happened yet: no new metric, the record as it was."""
    if proposal.record_id is None:
        return not Metric.objects.filter(name=proposal.payload["name"]).exists()
    record = Metric.objects.get(pk=proposal.record_id)
    return (record.version, record.archived_at) == (proposal.base_version, None)


@pytest.mark.parametrize(("action", "who", "expected"), CASES)
def test_each_role_gets_what_the_rights_table_says(
    team: Team, action: str, who: str, expected: Outcome
) -> None:
    events_before = Event.objects.count()
    try:
        result = ACTIONS[action](team, lambda: _access(team, who))
    except PermissionDenied:
        outcome = Outcome.REFUSED
    except NotFound:
        outcome = Outcome.HIDDEN
    else:
        proposed = isinstance(result, writes.Outcome) and result.proposal is not None
        outcome = Outcome.PROPOSED if proposed else Outcome.APPLIES
    assert outcome == expected
    writes_something = not action.startswith("read")
    if outcome is Outcome.APPLIES and writes_something:
        assert Event.objects.count() > events_before
    if outcome is Outcome.PROPOSED:
        assert isinstance(result, writes.Outcome)
        assert result.proposal is not None
        assert _untouched(result.proposal)
        assert Event.objects.filter(verb__endswith="_proposed").exists()


def test_a_product_owners_target_change_waits_for_the_product_manager(team: Team) -> None:
    m = metric(team)
    outcome = writes.record_update(
        access=team.access("product_owner"),
        kind="metric",
        record_id=m.pk,
        changes={"target": 9},
        expected_version=1,
    )
    assert outcome.proposal is not None
    assert Metric.objects.get().target == 4.0
    assert [p.pk for p in proposals.queue(team.access("product_manager"))] == [outcome.proposal.pk]
    assert list(proposals.queue(team.access("product_owner"))) == []


def test_records_of_another_product_are_not_found(team: Team) -> None:
    m = metric(team)
    e = experiment(team, m)
    stranger = product_access(user=team.outsider, product_key="OUT")
    with pytest.raises(NotFound):
        selectors.metric_of(access=stranger, metric_id=m.pk)
    with pytest.raises(NotFound):
        selectors.experiment_of(access=stranger, experiment_id=e.pk)
    with pytest.raises(NotFound):
        writes.record_update(
            access=stranger,
            kind="experiment",
            record_id=e.pk,
            changes={"name": "Mine"},
            expected_version=1,
        )
    assert Experiment.objects.get().name == "Bigger sign-up button"


def test_a_product_owner_is_refused_an_experiment_rather_than_proposing_one(team: Team) -> None:
    m = metric(team)
    with pytest.raises(PermissionDenied) as refused:
        writes.record_create(
            access=team.access("product_owner"),
            kind="experiment",
            fields={"name": "Mine", "metric": m.pk},
        )
    assert refused.value.detail == "Your role on DRN cannot change roadmap."
    assert not Proposal.objects.exists()
    assert not Experiment.objects.exists()
