"""The release pages: what each role sees and does, within a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tandem.backlog import services as backlog_services
from tandem.backlog.models import Kind
from tandem.delivery import services
from tandem.delivery.models import Launch, LaunchState, Release
from tests.conftest import Team

from .factories import SprintFactory, done_story

pytestmark = pytest.mark.django_db


def _release_with_history(team: Team) -> Release:
    po = team.access("product_owner")
    today = dt.date.today()
    for back, points in enumerate((8, 11, 9, 12)):
        starts = today - dt.timedelta(days=14 * (4 - back))
        SprintFactory(product=team.product, completed_points=points, starts_on=starts)
    epic = backlog_services.item_create(access=po, fields={"kind": Kind.EPIC, "title": "Safety"})
    for number in range(12):
        backlog_services.item_create(
            access=po, fields={"title": f"Story {number}", "parent": epic.key, "estimate": 5}
        )
    release = services.release_create(
        access=po,
        fields={"name": "2.4", "epics": [epic.key], "items": [done_story(team).key]},
    )
    services.launch_create(access=team.access("product_manager"), release_id=release.pk)
    return release


def test_the_release_page_shows_the_forecast_dates_and_charts_within_a_query_ceiling(
    team: Team, signed_in, django_assert_max_num_queries
) -> None:
    release = _release_with_history(team)
    client = signed_in(team.stakeholder)
    url = reverse("delivery:release", args=[team.product.key, release.pk])
    with django_assert_max_num_queries(30):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="fan-chart"' in html
    assert 'id="release-charts"' in html
    assert "85% sure" in html
    assert "Launch checklist" in html
    assert "Mark shipped" not in html  # the stakeholder reads


def test_the_release_list_shows_progress_and_the_po_plans_from_it(
    team: Team, signed_in, django_assert_max_num_queries
) -> None:
    _release_with_history(team)
    client = signed_in(team.po)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("delivery:releases", args=[team.product.key]))
    assert "Plan a release" in response.content.decode()
    created = client.post(
        reverse("delivery:release-create", args=[team.product.key]),
        {"name": "3.0", "target_date": "2026-03-01", "epics": "", "items": ""},
    )
    assert created.status_code == 302
    assert Release.objects.filter(name="3.0").exists()


def test_the_release_list_has_an_empty_state(team: Team, signed_in) -> None:
    response = signed_in(team.dev).get(reverse("delivery:releases", args=[team.product.key]))
    assert "No releases yet. The Product Owner plans them." in response.content.decode()


def test_how_much_by_a_date_answers_as_a_partial_for_htmx(team: Team, signed_in) -> None:
    release = _release_with_history(team)
    url = reverse("delivery:forecast-how-much", args=[team.product.key, release.pk])
    response = signed_in(team.viewer).get(
        url, {"by": (dt.date.today() + dt.timedelta(days=60)).isoformat()}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="how-much-answer"' in html
    assert "<html" not in html
    assert "85%" in html


def test_a_launch_task_is_ticked_off_with_htmx_and_the_progress_moves(
    team: Team, signed_in
) -> None:
    release = _release_with_history(team)
    launch = Launch.objects.get(release=release)
    task = launch.tasks.first()
    assert task is not None
    response = signed_in(team.pm).post(
        reverse("delivery:launch-task-check", args=[team.product.key, task.pk]),
        {"done": "1", "version": task.version},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert f'id="launch-task-{task.pk}"' in html
    assert 'id="launch-progress" class="mb-2" hx-swap-oob="true"' in html
    assert "1 of 6 tasks done" in html


def test_the_po_proposes_a_launch_from_the_release_page_and_the_pm_approves(
    team: Team, signed_in
) -> None:
    release = services.release_create(access=team.access("product_owner"), fields={"name": "9"})
    signed_in(team.po).post(reverse("delivery:launch-create", args=[team.product.key, release.pk]))
    launch = Launch.objects.get(release=release)
    assert launch.state == LaunchState.PROPOSED
    signed_in(team.pm).post(
        reverse("delivery:launch-decide", args=[team.product.key, launch.pk]),
        {"approve": "1", "version": launch.version},
    )
    launch.refresh_from_db()
    assert launch.state == LaunchState.APPROVED


def test_a_stakeholder_cannot_tick_a_task_and_gets_a_toast(team: Team, signed_in) -> None:
    release = _release_with_history(team)
    task = Launch.objects.get(release=release).tasks.first()
    assert task is not None
    response = signed_in(team.stakeholder).post(
        reverse("delivery:launch-task-check", args=[team.product.key, task.pk]),
        {"done": "1", "version": task.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#toasts"


def test_the_pm_edits_the_launch_template_page(team: Team, signed_in) -> None:
    url = reverse("delivery:launch-template", args=[team.product.key])
    client = signed_in(team.pm)
    assert "Save template" in client.get(url).content.decode()
    client.post(url, {"tasks": "30 | Pricing set\n0 | Launch party", "version": "0"})
    assert "Launch party" in client.get(url).content.decode()


def test_an_outsider_gets_not_found_on_the_release_page(team: Team, signed_in) -> None:
    release = services.release_create(access=team.access("product_owner"), fields={"name": "1"})
    response = signed_in(team.outsider).get(
        reverse("delivery:release", args=[team.product.key, release.pk])
    )
    assert response.status_code == 404


def test_the_item_page_shows_the_items_releases_and_tests(team: Team, signed_in) -> None:
    item = done_story(team)
    services.release_create(
        access=team.access("product_owner"), fields={"name": "2.4", "items": [item.key]}
    )
    services.cases_generate(access=team.access("team_member"), item=item)
    response = signed_in(team.viewer).get(reverse("backlog:item", args=[item.key]))
    html = response.content.decode()
    assert "Release and acceptance" in html
    assert "0 of 2 passed" in html
    assert ">2.4</a>" in html


def test_home_pages_show_the_po_what_waits_and_the_pm_what_is_due(team: Team, signed_in) -> None:
    done_story(team, "Waiting story")
    soon = services.release_create(
        access=team.access("product_owner"),
        fields={"name": "Soon", "target_date": dt.date.today() + dt.timedelta(days=3)},
    )
    services.launch_create(access=team.access("product_manager"), release_id=soon.pk)
    home = reverse("web:product-home", args=[team.product.key])
    po_home = signed_in(team.po).get(home).content.decode()
    assert "Waiting for your acceptance" in po_home
    assert "Waiting story" in po_home
    pm_home = signed_in(team.pm).get(home).content.decode()
    assert "Launch tasks due in two weeks" in pm_home
    assert "Pricing set" in pm_home


def test_the_pm_removes_a_task_and_restores_it_and_the_launch_from_the_page(
    team: Team, signed_in
) -> None:
    release = _release_with_history(team)
    launch = Launch.objects.get(release=release)
    task = launch.tasks.first()
    assert task is not None
    client = signed_in(team.pm)
    page = reverse("delivery:release", args=[team.product.key, release.pk])
    assert "Remove task" in client.get(page).content.decode()
    client.post(reverse("delivery:launch-task-archive", args=[team.product.key, task.pk]))
    assert "Removed tasks (1)" in client.get(page).content.decode()
    client.post(reverse("delivery:launch-task-restore", args=[team.product.key, task.pk]))
    task.refresh_from_db()
    assert task.archived_at is None
    client.post(reverse("delivery:launch-archive", args=[team.product.key, launch.pk]))
    assert "Restore the archived launch" in client.get(page).content.decode()
    client.post(reverse("delivery:launch-restore", args=[team.product.key, launch.pk]))
    launch.refresh_from_db()
    assert launch.archived_at is None


def test_the_po_may_not_edit_an_approved_launchs_tasks(team: Team, signed_in) -> None:
    release = _release_with_history(team)
    page = reverse("delivery:release", args=[team.product.key, release.pk])
    assert "Remove task" not in signed_in(team.po).get(page).content.decode()


def test_when_will_n_points_be_done_answers_on_the_release_list(team: Team, signed_in) -> None:
    _release_with_history(team)
    response = signed_in(team.stakeholder).get(
        reverse("delivery:forecast-points", args=[team.product.key]),
        {"points": "60"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'id="points-answer"' in html
    assert html.count("done by") == 3
