"""Delivery's rows that travel in a product's archive."""

from __future__ import annotations

from django.db import models

from tandem.workspace.registry import register_export

from . import models as m


def declare() -> None:
    model: type[models.Model]
    for model in (m.Sprint, m.BoardColumn, m.Impediment, m.Acceptance, m.Release, m.LaunchTemplate):
        register_export(model)
    for model in (
        m.SprintItem,
        m.SprintMember,
        m.Retrospective,
        m.SprintReview,
    ):
        register_export(model, product_path="sprint__product")
    for model in (m.Dependency, m.TestCase, m.TestRun):
        register_export(model, product_path="item__product")
    register_export(m.RetroNote, product_path="retro__sprint__product")
    register_export(m.RetroAction, product_path="retro__sprint__product")
    register_export(m.RetroVote, product_path="note__retro__sprint__product")
    register_export(m.TestResult, product_path="run__item__product")
    register_export(m.Launch, product_path="release__product")
    register_export(m.LaunchTask, product_path="launch__release__product")
