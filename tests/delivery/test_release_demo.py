"""The demo's release side: a shipped and a planned release with a forecast, a launch
partly done, acceptances including a rejection, and test cases with runs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.backlog.models import Status
from tandem.delivery import selectors
from tandem.delivery.models import Acceptance, LaunchState, ReleaseState, TestRun, Verdict
from tandem.web.demo import content
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import User
from tandem.workspace.selectors import product_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def po_access(db: None, demo: str) -> ProductAccess:
    return product_access(user=User.objects.get(email="po@demo.test"), product_key="DRN")


def test_the_demo_has_a_shipped_release_and_a_planned_one_with_a_forecast(
    po_access: ProductAccess,
) -> None:
    rows = {row.release.name: row for row in selectors.releases_of(access=po_access)}
    assert rows["2.0"].release.state == ReleaseState.RELEASED
    assert rows["2.0"].release.items.exists()
    assert rows["2.1"].release.state == ReleaseState.RELEASED
    planned = rows["2.2"].release
    forecast = selectors.release_forecast(access=po_access, release=planned)
    assert forecast.message == ""
    assert forecast.when_dates[50] <= forecast.when_dates[85] <= forecast.when_dates[95]
    launch = selectors.launch_of(access=po_access, release=planned)
    assert launch is not None
    assert launch.launch.state == LaunchState.APPROVED
    assert 0 < launch.done < len(launch.tasks)
    assert all(task.owner for task in launch.tasks)


def test_the_demo_review_accepted_one_item_and_sent_one_back(po_access: ProductAccess) -> None:
    verdicts = {a.item.title: a for a in Acceptance.objects.select_related("item")}
    assert verdicts["Battery health warnings"].decision == Verdict.ACCEPTED
    rejected = verdicts["Fly home when the controller signal is lost"]
    assert rejected.decision == Verdict.REJECTED
    assert rejected.item.status == Status.READY
    assert TestRun.objects.count() == 2
    page = selectors.sprint_review(access=po_access, sprint_id=rejected.sprint_id)
    assert page.waiting == 2
    assert page.review is not None


def test_every_release_page_of_the_demo_renders(po_access: ProductAccess) -> None:
    client = Client()
    client.force_login(po_access.user)
    for row in selectors.releases_of(access=po_access):
        url = reverse("delivery:release", args=[content.PRODUCT_KEY, row.release.pk])
        assert client.get(url).status_code == 200
    sprint_id = Acceptance.objects.get(decision=Verdict.REJECTED).sprint_id
    assert client.get(reverse("delivery:review", args=["DRN", sprint_id])).status_code == 200


def test_the_demos_walking_skeleton_is_linked_to_the_release_that_ships_it(
    po_access: ProductAccess,
) -> None:
    from tandem.backlog.story_map import selectors as story_map_selectors

    found = story_map_selectors.story_map(access=po_access)
    shipped = {row.name: row.release.name for row in found.rows if row.release}
    assert shipped == {"Walking skeleton": "2.1"}
    rows = selectors.releases_of(access=po_access)
    release = next(row.release for row in rows if row.release.name == "2.1")
    client = Client()
    client.force_login(po_access.user)
    html = client.get(reverse("delivery:release", args=["DRN", release.pk])).content.decode()
    assert "Ships the release slice" in html
    assert "Walking skeleton" in html
