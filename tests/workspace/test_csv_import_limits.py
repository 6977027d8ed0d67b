"""The CSV limits hold on every path into the imports: web upload, form text, API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tandem.insights.models import Feedback
from tandem.metrics.models import Measurement
from tandem.workspace.csv_import import MAX_BYTES, MAX_CELL_CHARS
from tests.metrics.helpers import metric

pytestmark = pytest.mark.django_db

TRUNCATED = 'Comment,Where\nFine,interview\n"Offline maps, please,support\nLater,support\n'
HUGE_CELL = "Comment,Where\nFine,interview\n" + "x" * (MAX_CELL_CHARS + 1) + ",support\n"


def _api(team, role: str = "product_owner") -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_AUTHORIZATION=f"Bearer {team.token(role)}")


def test_an_oversized_feedback_upload_is_refused_without_echoing_it(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    big = b"Comment,Where\n" + b"Offline maps please,interview\n" * (MAX_BYTES // 29 + 10)
    response = signed_in(team.po).post(
        "/p/DRN/insights/feedback/import",
        {"file": SimpleUploadedFile("big.csv", big, content_type="text/csv")},
    )
    assert response.status_code == 422
    assert "big.csv is larger than 5,120 KiB" in response.content.decode()
    assert len(response.content) < 100_000
    assert not Feedback.objects.exists()


def test_an_oversized_measurement_upload_is_refused(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    big = b"Day,Rate\n" + b"2025-05-01,3.0\n" * (MAX_BYTES // 15 + 10)
    response = signed_in(team.po).post(
        f"/p/DRN/metrics/{m.pk}/import/",
        {"file": SimpleUploadedFile("rates.csv", big), "column_value": "Rate"},
    )
    assert response.status_code == 422
    assert "rates.csv is larger than 5,120 KiB" in response.content.decode()
    assert len(response.content) < 100_000


def test_a_truncated_feedback_file_is_refused_over_the_api_naming_the_line(team) -> None:  # type: ignore[no-untyped-def]
    response = _api(team).post(
        "/api/v1/products/DRN/feedback/import",
        {"csv": TRUNCATED, "filename": "cut.csv", "mapping": {"text": "Comment"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["line 3"]
    assert not Feedback.objects.exists()


def test_a_truncated_feedback_file_is_refused_on_the_page(team, signed_in) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(team.po).post(
        "/p/DRN/insights/feedback/import",
        {"file": SimpleUploadedFile("cut.csv", TRUNCATED.encode()), "map_text": "Comment"},
    )
    assert response.status_code == 422
    assert "never ends" in response.content.decode()


def test_a_huge_cell_is_a_422_naming_line_and_column_not_a_500(team) -> None:  # type: ignore[no-untyped-def]
    response = _api(team).post(
        "/api/v1/products/DRN/feedback/import",
        {"csv": HUGE_CELL, "mapping": {"text": "Comment"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"line 3: Comment": "is longer than 131,072 characters"}


def test_a_truncated_measurement_file_is_refused_over_the_api(team) -> None:  # type: ignore[no-untyped-def]
    m = metric(team)
    response = _api(team).post(
        f"/api/v1/products/DRN/metrics/{m.pk}/measurements/import",
        {"file": SimpleUploadedFile("r.csv", b'Day,Rate\n2025-05-01,"3.0\n2025-05-02,3\n')},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["line 2"]
    assert not Measurement.objects.exists()
