from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.insights import services
from tandem.insights.models import Feedback
from tandem.workspace.errors import PermissionDenied, ValidationFailed
from tandem.workspace.models import Event, Role

from ..conftest import Team
from .conftest import Evidence

GOOD = """Comment,Where,Account,When,Type
"Offline maps, please",interview,Acme,2025-03-01,feature
The app crashes on landing,support,Globex,2025-03-02,bug
Love the new camera,app_review,,2025-03-03,
"""

BAD = """Comment,Where,Account,When,Type
Fine row,interview,Acme,2025-03-01,feature
,support,Globex,2025-03-02,bug
Another,carrier pigeon,Nobody Inc,03/04/2025,wish
"""

MAPPING = {
    "text": "Comment",
    "source": "Where",
    "customer": "Account",
    "received_on": "When",
    "kind": "Type",
}


def test_an_import_writes_every_row_with_its_customer(team: Team, evidence: Evidence) -> None:
    records = services.feedback_import(
        access=team.access(Role.STAKEHOLDER), data=GOOD, mapping=MAPPING, filename="f.csv"
    )

    assert len(records) == 3
    crash = Feedback.objects.get(text="The app crashes on landing")
    assert (crash.customer, crash.kind, str(crash.received_on)) == (
        evidence.globex,
        "bug",
        "2025-03-02",
    )
    assert Event.objects.filter(verb="feedback.imported").count() == 1


def test_a_file_with_bad_rows_writes_nothing_and_names_each_line_and_field(
    team: Team, evidence: Evidence
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.feedback_import(
            access=team.access(Role.PRODUCT_OWNER), data=BAD, mapping=MAPPING, filename="bad.csv"
        )

    assert set(refused.value.errors) == {
        "line 3: text",
        "line 4: source",
        "line 4: customer",
        "line 4: received_on",
        "line 4: kind",
    }
    assert "nothing was imported" in refused.value.detail
    assert not Feedback.objects.exists()


def test_a_mapping_to_a_missing_column_is_refused(team: Team) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.feedback_import(
            access=team.access(Role.PRODUCT_OWNER),
            data=GOOD,
            mapping={"text": "Body"},
            filename="f.csv",
        )
    assert "mapping.text" in refused.value.errors


def test_columns_named_like_fields_map_themselves(team: Team) -> None:
    records = services.feedback_import(
        access=team.access(Role.PRODUCT_OWNER),
        data="text,source\nSlow sync,support\n",
        mapping={},
        filename="f.csv",
    )
    assert [r.source for r in records] == ["support"]


def test_a_viewer_cannot_import(team: Team) -> None:
    with pytest.raises(PermissionDenied):
        services.feedback_import(
            access=team.access(Role.VIEWER), data=GOOD, mapping=MAPPING, filename="f.csv"
        )


def test_the_import_page_previews_then_imports(team: Team, evidence: Evidence, signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(team.po)
    url = reverse("insights:feedback-import", args=[team.product.key])
    upload = SimpleUploadedFile("feedback.csv", GOOD.encode(), content_type="text/csv")
    form = {f"map_{field}": column for field, column in MAPPING.items()}

    preview = client.post(url, {"file": upload, **form})

    assert preview.status_code == 200
    assert b"3 rows ready" in preview.content
    assert not Feedback.objects.exists()

    done = client.post(url, {"csv": GOOD, "filename": "feedback.csv", "confirm": "1", **form})

    assert done.status_code == 302
    assert Feedback.objects.count() == 3


def test_the_import_page_lists_the_bad_lines_and_writes_nothing(
    team: Team, evidence: Evidence, signed_in
) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(team.po)
    form = {f"map_{field}": column for field, column in MAPPING.items()}
    response = client.post(
        reverse("insights:feedback-import", args=[team.product.key]),
        {"csv": BAD, "filename": "bad.csv", "confirm": "1", **form},
    )
    assert response.status_code == 422
    assert b"line 4: source" in response.content
    assert not Feedback.objects.exists()
