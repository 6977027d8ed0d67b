"""Shipped static files survive the manifest storage's post-processing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "tandem"
SHIPPED = sorted(p for p in SRC.glob("*/static/**/*") if p.suffix in {".js", ".css"})
SOURCE_MAP = re.compile(r"[#@] sourceMappingURL=([^\s*]+)")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(SRC)))
def test_a_shipped_file_names_only_source_maps_that_ship_beside_it(path: Path) -> None:
    named = SOURCE_MAP.findall(path.read_text(encoding="utf-8"))
    assert [m for m in named if not (path.parent / m).exists()] == []
