from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tandem.backlog import services as backlog_services
from tandem.insights import services
from tandem.insights.models import (
    Customer,
    CustomerPerson,
    Feedback,
    FeedbackState,
    Idea,
    IdeaStatus,
    Stakeholder,
    Survey,
)
from tandem.workspace.models import Role

from ..conftest import Team
from .conftest import Evidence, create, survey_for


@pytest.fixture
def busy(team: Team, evidence: Evidence) -> Evidence:
    """Enough records on every page that an N+1 query would show in the counts."""
    po = team.access(Role.PRODUCT_OWNER)
    for n in range(12):
        feedback = create(
            kind="feedback",
            access=po,
            fields={
                "text": f"Please add offline maps {n}",
                "customer": "Acme" if n % 2 else "Globex",
            },
        )
        if n % 3:
            services.feedback_link(access=po, feedback_id=feedback.pk, item_key=evidence.first.key)
        create(
            kind="stakeholder",
            access=po,
            fields={"name": f"Person {n}", "influence": n % 5 + 1, "interest": 3},
        )
        create(kind="idea", access=team.access(Role.TEAM_MEMBER), fields={"title": f"Idea {n}"})
    for customer in (evidence.acme, evidence.globex):
        create(kind="customer_person", access=po, fields={"customer": customer.pk, "name": "Kim"})
    return evidence


PAGES = [
    ("insights:index", 12),
    ("insights:stakeholders", 10),
    ("insights:customers", 10),
    ("insights:feedback", 14),
    ("insights:ideas", 10),
    ("insights:surveys", 10),
    ("insights:evidence", 12),
]


@pytest.mark.parametrize(("name", "ceiling"), PAGES)
def test_each_insights_page_renders_in_a_fixed_number_of_queries(
    team: Team, busy: Evidence, signed_in, django_assert_max_num_queries, name: str, ceiling: int
) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(team.po)
    with django_assert_max_num_queries(ceiling):
        response = client.get(reverse(name, args=[team.product.key]))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "ceiling"), PAGES)
def test_a_viewer_reads_every_insights_page(
    team: Team, busy: Evidence, signed_in, name: str, ceiling: int
) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(team.viewer).get(reverse(name, args=[team.product.key]))
    assert response.status_code == 200
    assert b"Archive</button>" not in response.content


@pytest.mark.parametrize(("name", "ceiling"), PAGES)
def test_an_outsider_gets_404_on_every_insights_page(
    team: Team, signed_in, name: str, ceiling: int
) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(team.outsider).get(reverse(name, args=[team.product.key]))
    assert response.status_code == 404


def test_detail_pages_render(team: Team, busy: Evidence, signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(team.pm)
    stakeholder = Stakeholder.objects.filter(product=team.product).first()
    assert stakeholder is not None
    survey = survey_for(team)
    key = team.product.key
    for url in (
        reverse("insights:stakeholder", args=[key, stakeholder.pk]),
        reverse("insights:stakeholder-digest", args=[key, stakeholder.pk]),
        reverse("insights:customer", args=[key, busy.acme.pk]),
        reverse("insights:survey", args=[key, survey.pk]),
        reverse("insights:feedback-import", args=[key]),
        reverse("insights:feedback", args=[key]) + "?tab=archived",
    ):
        assert client.get(url).status_code == 200, url


def test_the_item_page_shows_demand_and_offers_reach(team: Team, busy: Evidence, signed_in) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(team.po).get(reverse("backlog:item", args=[busy.first.key]))
    assert b"Customer demand" in response.content
    assert b"Use demand as RICE reach (2)" in response.content


def test_using_demand_as_reach_from_the_item_page_sets_it(
    team: Team, busy: Evidence, signed_in
) -> None:  # type: ignore[no-untyped-def]
    signed_in(team.po).post(
        reverse("insights:reach-from-demand", args=[busy.first.key]),
        {"version": busy.first.version},
    )
    busy.first.refresh_from_db()
    assert busy.first.reach == 2


def test_the_po_home_shows_unplanned_items_with_the_most_demand(
    team: Team, busy: Evidence, signed_in
) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(team.po).get(reverse("web:product-home", args=[team.product.key]))
    assert b"Most customer demand, not yet planned" in response.content
    assert busy.first.key.encode() in response.content


def test_triage_from_the_inbox_links_feedback_without_a_reload(
    team: Team, busy: Evidence, signed_in
) -> None:  # type: ignore[no-untyped-def]
    feedback = Feedback.objects.filter(state=FeedbackState.NEW).first()
    assert feedback is not None
    response = signed_in(team.po).post(
        reverse("insights:feedback-triage", args=[team.product.key, feedback.pk]),
        {"action": "link", "item": busy.second.key, "importance": "3"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert busy.second.key.encode() in response.content
    assert Feedback.objects.get(pk=feedback.pk).state == FeedbackState.TRIAGED


def test_a_stakeholder_cannot_triage_from_the_inbox(team: Team, busy: Evidence, signed_in) -> None:  # type: ignore[no-untyped-def]
    feedback = Feedback.objects.filter(state=FeedbackState.NEW).first()
    assert feedback is not None
    response = signed_in(team.stakeholder).post(
        reverse("insights:feedback-triage", args=[team.product.key, feedback.pk]),
        {"action": "archive"},
    )
    assert response.status_code == 403
    assert Feedback.objects.get(pk=feedback.pk).archived_at is None


def test_the_pm_declines_an_idea_and_the_proposer_sees_the_reason(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    idea = create(kind="idea", access=team.access(Role.TEAM_MEMBER), fields={"title": "VR"})
    signed_in(team.pm).post(
        reverse("insights:idea-decide", args=[team.product.key, idea.pk]),
        {"decision": "decline", "reason": "Not our market", "version": idea.version},
    )
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.DECLINED
    page = signed_in(team.dev).get(reverse("insights:ideas", args=[team.product.key]))
    assert "Declined: “Not our market”".encode() in page.content


def test_the_digest_downloads_as_an_email_with_inline_styles(
    team: Team, evidence: Evidence, signed_in
) -> None:  # type: ignore[no-untyped-def]
    po = team.access(Role.PRODUCT_OWNER)
    stakeholder = create(kind="stakeholder", access=po, fields={"name": "Dana"})
    services.stakeholder_follow(
        access=po, stakeholder_id=stakeholder.pk, item_keys=[evidence.first.key]
    )
    backlog_services.item_update(
        access=po, item=evidence.first, changes={"title": "Offline maps v2"}, expected_version=1
    )

    response = signed_in(team.stakeholder).get(
        reverse("insights:stakeholder-digest-email", args=[team.product.key, stakeholder.pk])
    )

    assert response["Content-Disposition"].startswith("attachment;")
    html = response.content.decode()
    assert "Offline maps v2" in html
    assert 'style="' in html
    assert "<link" not in html


def test_a_page_with_feedback_of_another_product_is_404(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    from tandem.workspace.selectors import product_access

    theirs = create(
        kind="feedback",
        access=product_access(user=team.outsider, product_key=team.outsider_product.key),
        fields={"text": "secret"},
    )
    response = signed_in(team.po).post(
        reverse("insights:feedback-triage", args=[team.product.key, theirs.pk]),
        {"action": "archive"},
    )
    assert response.status_code == 404


def test_the_survey_page_is_not_client_for_anonymous_people(client: Client, team: Team) -> None:
    response = client.get(reverse("insights:surveys", args=[team.product.key]))
    assert response.status_code == 302


def test_feedback_is_edited_and_linked_to_an_initiative_from_its_row(
    team: Team, evidence: Evidence, signed_in
) -> None:  # type: ignore[no-untyped-def]
    from tandem.strategy.services import create_initiative

    initiative = create_initiative(
        access=team.access(Role.PRODUCT_MANAGER), fields={"title": "Alpine"}
    )
    feedback = create(kind="feedback", access=team.access(Role.PRODUCT_OWNER), fields={"text": "x"})
    client = signed_in(team.po)
    url = reverse("insights:feedback-triage", args=[team.product.key, feedback.pk])

    client.post(
        url,
        {
            "action": "edit",
            "version": 1,
            "text": "Maps fail offline",
            "source": "support",
            "customer": str(evidence.acme.pk),
            "received_on": "2025-02-03",
        },
        HTTP_HX_REQUEST="true",
    )
    linked = client.post(
        url, {"action": "link", "initiative": str(initiative.pk)}, HTTP_HX_REQUEST="true"
    )

    feedback.refresh_from_db()
    assert (feedback.text, feedback.customer, str(feedback.received_on)) == (
        "Maps fail offline",
        evidence.acme,
        "2025-02-03",
    )
    assert b"Initiative: Alpine" in linked.content


def test_an_idea_is_archived_and_restored_from_the_ideas_page(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    idea = create(kind="idea", access=team.access(Role.TEAM_MEMBER), fields={"title": "Lasers"})
    client = signed_in(team.dev)
    url = reverse("insights:idea-decide", args=[team.product.key, idea.pk])

    client.post(url, {"decision": "archive"})
    assert Idea.objects.get(pk=idea.pk).archived_at is not None
    archived = client.get(reverse("insights:ideas", args=[team.product.key]) + "?status=archived")
    assert b"Lasers" in archived.content

    client.post(url, {"decision": "restore"})
    assert Idea.objects.get(pk=idea.pk).archived_at is None


def test_a_person_of_a_customer_is_edited_from_the_customer_page(
    team: Team, evidence: Evidence, signed_in
) -> None:  # type: ignore[no-untyped-def]
    person = create(
        kind="customer_person",
        access=team.access(Role.PRODUCT_OWNER),
        fields={"customer": evidence.acme.pk, "name": "Kim"},
    )
    signed_in(team.po).post(
        reverse("insights:person-update", args=[team.product.key, person.pk]),
        {"name": "Kim Lee", "title": "CTO", "email": "kim@acme.test", "version": 1},
    )
    person.refresh_from_db()
    assert (person.name, person.title, person.version) == ("Kim Lee", "CTO", 2)


def test_the_proposer_edits_their_idea_from_the_ideas_page(team: Team, signed_in) -> None:  # type: ignore[no-untyped-def]
    idea = create(kind="idea", access=team.access(Role.STAKEHOLDER), fields={"title": "Lidar"})
    signed_in(team.stakeholder).post(
        reverse("insights:idea-decide", args=[team.product.key, idea.pk]),
        {"decision": "edit", "title": "Lidar for night flights", "description": "", "version": 1},
    )
    assert Idea.objects.get(pk=idea.pk).title == "Lidar for night flights"


def test_the_evidence_page_puts_the_item_customers_ask_for_first(
    team: Team, evidence: Evidence, signed_in
) -> None:  # type: ignore[no-untyped-def]
    po = team.access(Role.PRODUCT_OWNER)
    feedback = create(kind="feedback", access=po, fields={"text": "export!", "customer": "Acme"})
    services.feedback_link(access=po, feedback_id=feedback.pk, item_key=evidence.third.key)

    page = signed_in(team.viewer).get(reverse("insights:evidence", args=[team.product.key]))

    html = page.content.decode()
    first_row = html.split('data-key="')[1]
    assert first_row.startswith(f'{evidence.third.key}"')
    assert '2<span class="visually-hidden"> places up</span>' in first_row


@pytest.mark.parametrize(
    ("slug", "model"),
    [
        ("stakeholder", Stakeholder),
        ("customer", Customer),
        ("customer-person", CustomerPerson),
        ("feedback", Feedback),
        ("idea", Idea),
        ("survey", Survey),
    ],
)
def test_each_insights_kind_has_its_record_page_and_a_new_one(
    team: Team, busy: Evidence, signed_in, slug: str, model: type[Any]
) -> None:  # type: ignore[no-untyped-def]
    survey_for(team)
    record = model.objects.order_by("pk").first()
    client = signed_in(team.po)
    key = team.product.key

    page = client.get(reverse("records:record", args=[key, slug, record.pk]))
    new = client.get(reverse("records:new", args=[key, slug]))

    assert (page.status_code, new.status_code) == (200, 200)
    assert b'id="history"' in page.content


def test_a_stakeholder_is_added_from_the_grid_page_and_lands_back_on_it(
    team: Team, signed_in
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("insights:stakeholders", args=[team.product.key])
    response = signed_in(team.pm).post(
        reverse("records:new", args=[team.product.key, "stakeholder"]),
        {"name": "CFO", "kind": "internal", "influence": "5", "interest": "2", "next": url},
    )
    assert response["Location"] == url
    assert Stakeholder.objects.get(name="CFO").quadrant == "keep_satisfied"


def test_a_stakeholders_page_shows_what_they_follow_in_its_history(
    team: Team, evidence: Evidence, signed_in
) -> None:  # type: ignore[no-untyped-def]
    """The follows event records an "items" field, which once shadowed dict.items."""
    po = team.access(Role.PRODUCT_OWNER)
    stakeholder = create(kind="stakeholder", access=po, fields={"name": "Dana"})
    services.stakeholder_follow(
        access=po, stakeholder_id=stakeholder.pk, item_keys=[evidence.first.key]
    )

    page = signed_in(team.pm).get(
        reverse("records:record", args=[team.product.key, "stakeholder", stakeholder.pk])
    )

    assert page.status_code == 200
    history = page.content.decode().split('id="history"', 1)[1]
    assert evidence.first.key in history
