"""An unknown filter value is a 422 problem naming the parameter, never a 500 or an empty list."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.delivery.models import Sprint
from tandem.insights.models import Survey
from tandem.workspace import services as workspace_services
from tandem.workspace.models import User

pytestmark = pytest.mark.django_db

PRODUCT = "/api/v1/products/DRN"


@pytest.fixture
def po_client(demo: str) -> Client:
    token = workspace_services.token_create(user=User.objects.get(email="po@demo.test"))[1]
    return Client(raise_request_exception=False, headers={"Authorization": f"Bearer {token}"})


def _cases() -> list[tuple[str, str]]:
    sprint = Sprint.objects.filter(product__key="DRN").order_by("-starts_on").first()
    survey = Survey.objects.filter(product__key="DRN").first()
    assert sprint is not None
    assert survey is not None
    sprint_path = f"{PRODUCT}/sprints/{sprint.pk}"
    cases = [
        (f"{sprint_path}/board", "status"),
        (f"{sprint_path}/proposal", "score"),
        (f"{PRODUCT}/surveys/{survey.pk}/results", "period"),
        (f"{PRODUCT}/metric-proposals", "status"),
        (f"{PRODUCT}/feedback", "state"),
        (f"{PRODUCT}/feedback", "kind"),
        (f"{PRODUCT}/ideas", "status"),
        (f"{PRODUCT}/queue", "record_type"),
    ]
    cases += [
        (f"{PRODUCT}/items", name) for name in ("kind", "status", "moscow", "quadrant", "sort")
    ]
    return cases


def test_every_unknown_filter_value_is_a_422_naming_the_parameter(po_client: Client) -> None:
    wrong = {}
    for path, name in _cases():
        response = po_client.get(path, {name: "bogus"})
        problem = response.json() if response.status_code == 422 else {}
        if response.status_code != 422 or name not in problem.get("errors", {}):
            wrong[f"{path}?{name}=bogus"] = (response.status_code, response.content[:200])
        elif not response["Content-Type"].startswith("application/problem+json"):
            wrong[f"{path}?{name}=bogus"] = (response.status_code, response["Content-Type"])
    assert not wrong


def test_a_known_filter_value_still_filters(po_client: Client) -> None:
    sprint = Sprint.objects.filter(product__key="DRN").order_by("-starts_on").first()
    assert sprint is not None
    board = po_client.get(f"{PRODUCT}/sprints/{sprint.pk}/board", {"status": "in_progress"})
    assert board.status_code == 200
    assert [column["status"] for column in board.json()] == ["in_progress"]
    items = po_client.get(f"{PRODUCT}/items", {"status": "ready"}).json()["items"]
    assert items
    assert {item["status"] for item in items} == {"ready"}
