"""The embedding runtime: offline, unit-length vectors whose cosine follows meaning."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.knowledge import embeddings

pytestmark = pytest.mark.embeddings


def test_related_sentences_sit_closer_than_unrelated_ones() -> None:
    battery, endurance, invoice = embeddings.embed(
        [
            "The battery runs out after ten minutes of flight",
            "Flight time is too short, the drone lands almost at once",
            "Send the invoice to the accounting department",
        ]
    )
    assert float(battery @ endurance) > float(battery @ invoice) + 0.2


def test_vectors_are_unit_length_and_an_empty_text_is_a_zero_row() -> None:
    rows = embeddings.embed(["gimbal", "   "])
    assert rows.shape == (2, embeddings.DIMENSIONS)
    assert float(np.linalg.norm(rows[0])) == pytest.approx(1.0, abs=1e-3)
    assert not rows[1].any()


def test_stored_bytes_keep_the_vector() -> None:
    vector = embeddings.embed_one("obstacle avoidance")
    restored = embeddings.from_bytes(embeddings.to_bytes(vector))
    assert float(restored @ vector) == pytest.approx(1.0, abs=1e-3)
