"""The "Add feedback" form: a refusal shows what was wrong and keeps what was typed."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from tandem.insights.models import Feedback
from tandem.workspace.models import Role
from tests.conftest import Team

from .conftest import Evidence, create


def test_a_refused_person_keeps_the_typed_feedback_in_the_form(
    team: Team, evidence: Evidence, client: Client
) -> None:
    po = team.access(Role.PRODUCT_OWNER)
    create(kind="customer_person", access=po, fields={"customer": evidence.acme.pk, "name": "Kim"})
    client.force_login(team.po)
    feedback_page = reverse("insights:feedback", args=[team.product.key])
    response = client.post(
        reverse("records:new", args=[team.product.key, "feedback"]),
        {
            "text": "The maps vanish when I lose signal over the lake",
            "customer": evidence.globex.pk,
            "person": "Kim",
            "source": "email",
            "next": feedback_page,
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "The maps vanish when I lose signal over the lake" in html
    assert "no person &#x27;Kim&#x27; at that customer" in html or "no person 'Kim'" in html
    assert f'<option value="{evidence.globex.pk}" selected' in html
    assert not Feedback.objects.exists()


def test_feedback_dated_in_the_future_is_refused_naming_the_date(team: Team) -> None:
    client = Client(headers={"Authorization": f"Bearer {team.token('product_owner')}"})
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = client.post(
        f"/api/v1/products/{team.product.key}/feedback",
        {"text": "Love it", "received_on": tomorrow.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "received_on" in response.json()["errors"]
    assert not Feedback.objects.exists()
