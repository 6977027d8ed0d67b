"""Who may do what with metrics, role by role, written by hand from DESIGN.md §2.

| what                                  | §2 row          | PM | PO      | team | holder | viewer |
| ------------------------------------- | --------------- | -- | ------- | ---- | ------ | ------ |
| metric definitions, experiments       | metrics targets | ✓  | refused | read | read   | read   |
| propose a definition or target change | metrics targets | ✓  | ✓       | read | read   | read   |
| accept or decline such a proposal     | metrics targets | ✓  | refused | read | read   | read   |
| measurements (recorded evidence)      | feedback: edit  | ✓  | ✓       | read | read   | read   |

The Product Owner's level on the roadmap row is *propose*: changing a target
directly is refused with a message that says it is the Product Manager's call,
and the same change sent as a proposal waits for the Product Manager. The outsider
belongs to another organization and never learns the product exists.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import pytest

from tandem.metrics import selectors, services
from tandem.metrics.models import Experiment, Measurement, Metric, MetricProposal
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import NotFound, PermissionDenied
from tandem.workspace.models import Event
from tandem.workspace.selectors import product_access
from tests.conftest import Team

from .helpers import TODAY, experiment, metric, series

pytestmark = pytest.mark.django_db


class Outcome(StrEnum):
    APPLIES = "applies"
    REFUSED = "refused"
    HIDDEN = "not found"


A, R, H = Outcome.APPLIES, Outcome.REFUSED, Outcome.HIDDEN
WHO = ("product_manager", "product_owner", "team_member", "stakeholder", "viewer", "outsider")

# fmt: off
EXPECTED: dict[str, tuple[Outcome, ...]] = {
    # action                     PM PO team hold view out
    "create a metric":          (A, R, R, R, R, H),
    "change a target":          (A, R, R, R, R, H),
    "archive a metric":         (A, R, R, R, R, H),
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


def _proposal(team: Team) -> MetricProposal:
    return services.metric_propose(
        access=team.access("product_owner"),
        metric=_metric_of(team),
        changes={"target": 5.0},
        reason="Ambitious",
    )


ACTIONS: dict[str, Callable[[Team, Callable[[], ProductAccess]], object]] = {
    "create a metric": lambda t, a: services.metric_create(access=a(), fields={"name": "Churn"}),
    "change a target": lambda t, a: services.metric_update(
        access=a(), metric=_metric_of(t), changes={"target": 5.0}, expected_version=1
    ),
    "archive a metric": lambda t, a: services.metric_archive(access=a(), metric=_metric_of(t)),
    "propose a new target": lambda t, a: services.metric_propose(
        access=a(), metric=_metric_of(t), changes={"target": 5.0}, reason="Ambitious"
    ),
    "accept a proposal": lambda t, a: services.metric_proposal_accept(
        access=a(), proposal_id=_proposal(t).pk
    ),
    "decline a proposal": lambda t, a: services.metric_proposal_decline(
        access=a(), proposal_id=_proposal(t).pk, answer="Not this quarter"
    ),
    "record a measurement": lambda t, a: services.measurement_record(
        access=a(), metric=_metric_of(t), measured_on="2025-06-02", value=3.3, today=TODAY
    ),
    "import measurements": lambda t, a: services.measurements_import(
        access=a(),
        metric=_metric_of(t),
        data="date,value\n2025-06-03,3\n",
        mapping={},
        today=TODAY,
    ),
    "correct a measurement": lambda t, a: services.measurement_update(
        access=a(),
        measurement=Measurement.objects.get(metric=_metric_of(t)),
        changes={"value": 3.9},
        expected_version=1,
        today=TODAY,
    ),
    "archive a measurement": lambda t, a: services.measurement_archive(
        access=a(), measurement=Measurement.objects.get(metric=_metric_of(t))
    ),
    "create an experiment": lambda t, a: services.experiment_create(
        access=a(), fields={"name": "Trial", "metric": _metric_of(t).pk}
    ),
    "update an experiment": lambda t, a: services.experiment_update(
        access=a(),
        experiment=experiment(t, _metric_of(t)),
        changes={"hypothesis": "Changed"},
        expected_version=1,
    ),
    "archive an experiment": lambda t, a: services.experiment_archive(
        access=a(), experiment=experiment(t, _metric_of(t))
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


@pytest.mark.parametrize(("action", "who", "expected"), CASES)
def test_each_role_gets_what_the_rights_table_says(
    team: Team, action: str, who: str, expected: Outcome
) -> None:
    events_before = Event.objects.count()
    try:
        ACTIONS[action](team, lambda: _access(team, who))
    except PermissionDenied:
        outcome = Outcome.REFUSED
    except NotFound:
        outcome = Outcome.HIDDEN
    else:
        outcome = Outcome.APPLIES
    assert outcome == expected
    writes = not action.startswith("read")
    if outcome is Outcome.APPLIES and writes:
        assert Event.objects.count() > events_before


def test_a_product_owner_changing_a_target_is_told_whose_call_it_is(team: Team) -> None:
    m = metric(team)
    with pytest.raises(PermissionDenied) as refused:
        services.metric_update(
            access=team.access("product_owner"),
            metric=m,
            changes={"target": 9},
            expected_version=1,
        )
    assert "decided by the Product Manager" in refused.value.detail
    assert Metric.objects.get().target == 4.0


def test_records_of_another_product_are_not_found(team: Team) -> None:
    m = metric(team)
    e = experiment(team, m)
    stranger = product_access(user=team.outsider, product_key="OUT")
    with pytest.raises(NotFound):
        selectors.metric_of(access=stranger, metric_id=m.pk)
    with pytest.raises(NotFound):
        selectors.experiment_of(access=stranger, experiment_id=e.pk)
    with pytest.raises(NotFound):
        services.experiment_update(
            access=stranger, experiment=e, changes={"name": "Mine"}, expected_version=1
        )
    assert Experiment.objects.get().name == "Bigger sign-up button"


def test_a_product_owner_is_told_to_ask_for_an_experiment_not_to_propose_one(team: Team) -> None:
    m = metric(team)
    with pytest.raises(PermissionDenied) as refused:
        services.experiment_create(
            access=team.access("product_owner"), fields={"name": "Mine", "metric": m.pk}
        )
    assert refused.value.detail == (
        "Experiments on DRN are decided by the Product Manager; ask them for it."
    )
