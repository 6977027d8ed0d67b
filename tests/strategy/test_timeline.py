"""The roadmap's time: the timeline's zoom, re-planning by dates, horizons that follow dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tandem.strategy import selectors, services
from tandem.strategy.models import Initiative, RoadmapSetting
from tandem.workspace import writes
from tandem.workspace.errors import Conflict, PermissionDenied, ValidationFailed
from tandem.workspace.models import Event, Proposal
from tests.conftest import Team

pytestmark = pytest.mark.django_db

PM, PO, TEAM, HOLDER, VIEWER = (
    "product_manager",
    "product_owner",
    "team_member",
    "stakeholder",
    "viewer",
)
API = "/api/v1/products/DRN/strategy"


def _initiative(team: Team, **fields: object) -> Initiative:
    record = writes.record_create(
        access=team.access(PM), kind="initiative", fields={"title": "Longer flights", **fields}
    ).record
    assert isinstance(record, Initiative)
    return record


def _api(team: Team, role: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {team.token(role)}"})


def _in_months(months: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=round(30.44 * months))).isoformat()


# --- the zoom -------------------------------------------------------------------------------


def test_an_initiative_to_2030_is_drawn_in_years_by_default(team: Team) -> None:
    _initiative(team, starts_on="2026-01-01", ends_on="2030-12-31")
    timeline = selectors.timeline(access=team.access(VIEWER))
    assert timeline is not None
    assert (timeline.zoom, timeline.auto_zoom) == ("years", True)
    assert [label for _, label in timeline.months] == ["2026", "2027", "2028", "2029", "2030"]


def test_the_timeline_page_follows_the_zoom_in_its_address(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    _initiative(team, starts_on="2026-01-01", ends_on="2030-12-31")
    client = signed_in(team.po)
    html = client.get("/p/DRN/strategy/roadmap/?zoom=quarters").content.decode()
    assert 'aria-current="true">Quarters</a>' in html
    assert ">Q1 2026<" in html
    assert ">Q2<" in html
    html = client.get("/p/DRN/strategy/roadmap/").content.decode()
    assert 'aria-current="true" title="The zoom that fits the span">Fit</a>' in html
    assert ">2028<" in html


def test_an_unknown_zoom_is_refused_naming_the_field(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(team.po).get("/p/DRN/strategy/roadmap/?zoom=decades")
    assert response.status_code in (400, 422)
    assert "zoom" in response.content.decode()


# --- re-planning by dates -------------------------------------------------------------------


def test_the_pm_moves_an_initiatives_dates_over_the_api_with_if_match(team: Team) -> None:
    initiative = _initiative(team, starts_on="2027-01-01", ends_on="2027-03-31")
    response = _api(team, PM).patch(
        f"{API}/initiatives/{initiative.pk}",
        {"starts_on": "2027-02-01", "ends_on": "2027-04-30"},
        content_type="application/json",
        headers={"If-Match": f'"{initiative.version}"'},
    )
    assert response.status_code == 200, response.content
    initiative.refresh_from_db()
    assert (initiative.starts_on, initiative.ends_on) == (dt.date(2027, 2, 1), dt.date(2027, 4, 30))


def test_the_pos_new_dates_become_a_proposal_and_the_timeline_is_unchanged(team: Team) -> None:
    initiative = _initiative(team, starts_on="2027-01-01", ends_on="2027-03-31")
    response = _api(team, PO).patch(
        f"{API}/initiatives/{initiative.pk}",
        {"starts_on": "2027-02-01", "ends_on": "2027-04-30"},
        content_type="application/json",
        headers={"If-Match": f'"{initiative.version}"'},
    )
    assert response.status_code == 202
    proposal = Proposal.objects.get(record_type="initiative", record_id=initiative.pk)
    assert proposal.payload == {"starts_on": "2027-02-01", "ends_on": "2027-04-30"}
    initiative.refresh_from_db()
    assert initiative.starts_on == dt.date(2027, 1, 1)


@pytest.mark.parametrize("role", [TEAM, HOLDER, VIEWER])
def test_readers_cannot_drag_a_bar(team: Team, role: str) -> None:
    initiative = _initiative(team, starts_on="2027-01-01", ends_on="2027-03-31")
    response = _api(team, role).patch(
        f"{API}/initiatives/{initiative.pk}",
        {"starts_on": "2027-02-01"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 403


def test_a_drag_from_a_stale_page_is_refused_with_409(team: Team) -> None:
    initiative = _initiative(team, starts_on="2027-01-01", ends_on="2027-03-31")
    writes.record_update(
        access=team.access(PM),
        kind="initiative",
        record_id=initiative.pk,
        changes={"title": "Meanwhile"},
        expected_version=initiative.version,
    )
    response = _api(team, PM).patch(
        f"{API}/initiatives/{initiative.pk}",
        {"starts_on": "2027-02-01", "ends_on": "2027-04-30"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 409


def test_an_end_before_the_start_is_refused_naming_the_field(team: Team) -> None:
    initiative = _initiative(team, starts_on="2027-01-01", ends_on="2027-03-31")
    response = _api(team, PM).patch(
        f"{API}/initiatives/{initiative.pk}",
        {"ends_on": "2026-12-01"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 422
    assert "ends_on" in response.content.decode()


def test_the_bars_are_draggable_for_the_pm_and_the_po_but_not_a_viewer(
    team: Team,
    signed_in,  # type: ignore[no-untyped-def]
) -> None:
    _initiative(team, starts_on="2027-01-01", ends_on="2027-03-31")
    assert (
        'id="timeline-editor"'
        in signed_in(team.pm).get("/p/DRN/strategy/roadmap/").content.decode()
    )
    assert (
        'id="timeline-editor"'
        in signed_in(team.po).get("/p/DRN/strategy/roadmap/").content.decode()
    )
    html = signed_in(team.person(VIEWER)).get("/p/DRN/strategy/roadmap/").content.decode()
    assert 'id="timeline-editor"' not in html


# --- the horizon follows dates --------------------------------------------------------------


def test_the_pm_turns_on_horizons_that_follow_dates(team: Team) -> None:
    running = _initiative(
        team, title="Running", horizon="later", starts_on=_in_months(-1), ends_on=_in_months(2)
    )
    soon = _initiative(
        team, title="Soon", horizon="now", starts_on=_in_months(2), ends_on=_in_months(5)
    )
    far = _initiative(
        team, title="Far", horizon="now", starts_on=_in_months(9), ends_on=_in_months(12)
    )
    undated = _initiative(team, title="Undated", horizon="next")
    setting = services.roadmap_setting_update(
        access=team.access(PM), horizon_follows_dates=True, next_within_months=3, expected_version=1
    )
    assert setting.version == 2
    columns = selectors.roadmap_columns(access=team.access(VIEWER))
    titles = {h: [c.initiative.title for c in cards] for h, cards in columns.items()}
    assert titles == {"now": ["Running"], "next": ["Soon", "Undated"], "later": ["Far"]}
    assert Event.objects.filter(verb="roadmap.setting_changed").count() == 1
    for initiative in (running, soon, far, undated):  # the stored horizon is left as it was
        before = initiative.horizon
        initiative.refresh_from_db()
        assert initiative.horizon == before


@pytest.mark.parametrize("role", [PO, TEAM, HOLDER, VIEWER])
def test_only_the_pm_sets_whether_the_horizon_follows_dates(team: Team, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.roadmap_setting_update(
            access=team.access(role),
            horizon_follows_dates=True,
            next_within_months=3,
            expected_version=1,
        )
    assert not RoadmapSetting.objects.exists()


def test_a_stale_setting_is_refused_and_a_bad_window_named(team: Team) -> None:
    pm = team.access(PM)
    services.roadmap_setting_update(
        access=pm, horizon_follows_dates=True, next_within_months=3, expected_version=1
    )
    with pytest.raises(Conflict):
        services.roadmap_setting_update(
            access=pm, horizon_follows_dates=False, next_within_months=3, expected_version=1
        )
    with pytest.raises(ValidationFailed) as refused:
        services.roadmap_setting_update(
            access=pm, horizon_follows_dates=True, next_within_months=0, expected_version=2
        )
    assert "next_within_months" in refused.value.errors


def test_a_board_drag_against_the_dates_is_refused_while_horizons_follow_them(
    team: Team,
) -> None:
    running = _initiative(team, starts_on=_in_months(-1), ends_on=_in_months(2))
    services.roadmap_setting_update(
        access=team.access(PM), horizon_follows_dates=True, next_within_months=3, expected_version=1
    )
    with pytest.raises(ValidationFailed) as refused:
        services.initiative_move(access=team.access(PM), initiative_id=running.pk, horizon="later")
    assert "horizon" in refused.value.errors


def test_the_setting_over_the_api_pm_sets_po_is_refused(team: Team) -> None:
    read = _api(team, PO).get(f"{API}/roadmap/setting")
    assert read.json() == {"horizon_follows_dates": False, "next_within_months": 3, "version": 1}
    body = {"horizon_follows_dates": True, "next_within_months": 6}
    refused = _api(team, PO).put(
        f"{API}/roadmap/setting", body, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert refused.status_code == 403
    saved = _api(team, PM).put(
        f"{API}/roadmap/setting", body, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert saved.status_code == 200
    assert saved.json() == {"horizon_follows_dates": True, "next_within_months": 6, "version": 2}
    stale = _api(team, PM).put(
        f"{API}/roadmap/setting", body, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 409
    bad = _api(team, PM).put(
        f"{API}/roadmap/setting",
        {"horizon_follows_dates": True, "next_within_months": 99},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "next_within_months" in bad.content.decode()


def test_the_setting_form_is_the_pms_and_the_po_reads_it(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    po_html = signed_in(team.po).get("/p/DRN/strategy/roadmap/").content.decode()
    assert "Horizon follows dates" not in po_html
    assert "The Product Manager decides this." in po_html
    refused = signed_in(team.po).post(
        "/p/DRN/strategy/roadmap/setting/",
        {"horizon_follows_dates": "on", "next_within_months": "3", "version": "1"},
    )
    assert refused.status_code == 403
    pm = signed_in(team.pm)
    response = pm.post(
        "/p/DRN/strategy/roadmap/setting/",
        {"horizon_follows_dates": "on", "next_within_months": "4", "version": "1"},
    )
    assert response.status_code == 302
    html = pm.get("/p/DRN/strategy/roadmap/").content.decode()
    assert "next starts within 4 months" in html
    bad = pm.post("/p/DRN/strategy/roadmap/setting/", {"next_within_months": "x"})
    assert bad.status_code in (400, 422)
    assert "next_within_months" in bad.content.decode()
