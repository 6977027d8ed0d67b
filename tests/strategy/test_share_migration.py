"""Share links made before their secrets were hashed keep working, and only a digest stays."""

from __future__ import annotations

import hashlib

import pytest

from tandem.strategy import selectors
from tandem.strategy.models import RoadmapShare
from tests.conftest import Migrate, Team

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("strategy", "0002_one_proposal_table")]
AFTER = [("strategy", "0003_roadmap_share_digest")]


def test_an_existing_link_is_hashed_and_still_opens_the_roadmap(
    team: Team, migrate: Migrate
) -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    secret = "an-old-secret-handed-out-before-hashing-0123"
    old.get_model("strategy", "RoadmapShare").objects.create(
        product_id=team.product.pk, token=secret, label="Board", created_by_id=team.pm.pk
    )
    migrate(AFTER)
    share = RoadmapShare.objects.get()
    assert share.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in share.digest
    assert selectors.shared_access(token=secret).product == team.product
