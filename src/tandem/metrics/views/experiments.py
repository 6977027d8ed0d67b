"""The experiment pages: the list, and one experiment with its result in words."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tandem.metrics import selectors
from tandem.metrics.models import Experiment, variants_of
from tandem.metrics.records import MAX_VARIANTS
from tandem.workspace import forms, writes
from tandem.workspace.http import access_of, done
from tandem.workspace.registry import record_type
from tandem.workspace.selectors import events_for

from .rights import edit_posted, page_context

HISTORY_LENGTH = 15


def _count(raw: str) -> int | str:
    """A count as people type it (``1,200``); anything else is left for the schema to name."""
    digits = raw.strip().replace(",", "").replace(" ", "")
    return 0 if digits == "" else int(digits) if digits.isdigit() else raw


def _variants(post: QueryDict) -> list[dict[str, Any]]:
    """The variant rows of the form, in order; a row with no name and no counts is blank."""
    rows = zip(
        post.getlist("variant_name"),
        post.getlist("variant_exposures"),
        post.getlist("variant_conversions"),
        strict=False,
    )
    return [
        {"name": name, "exposures": _count(seen), "conversions": _count(won)}
        for name, seen, won in rows
        if name.strip() or seen.strip() or won.strip()
    ]


def _posted(request: HttpRequest, experiment: Experiment | None) -> dict[str, Any]:
    values = forms.posted_values(request.POST, record_type("experiment"), experiment)
    if "variant_name" in request.POST:
        values["variants"] = _variants(request.POST)
    return values


def _url(product_key: str, experiment_id: int) -> str:
    return reverse("metrics:experiment", args=[product_key, experiment_id])


@login_required
@require_GET
def experiments(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    archived = request.GET.get("archived") == "1"
    today = timezone.localdate()
    rows = [
        {
            "experiment": e,
            "stage": selectors.experiment_stage(e, today=today),
            "comparisons": selectors.experiment_comparisons(e),
        }
        for e in selectors.experiments_of(access=access, archived=archived)
    ]
    context = page_context(
        access,
        rows=rows,
        archived=archived,
        metrics=list(selectors.metric_choices(access=access)),
    )
    return render(request, "metrics/experiments.html", context)


@login_required
@require_POST
def experiment_create(request: HttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    outcome = writes.record_create(access=access, kind="experiment", fields=_posted(request, None))
    experiment = outcome.record
    assert experiment is not None  # an experiment is never proposed: it is asked for
    return done(request, _url(product_key, experiment.pk), f"Experiment {experiment.name} created.")


@login_required
@require_GET
def experiment_detail(request: HttpRequest, product_key: str, experiment_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    experiment = selectors.experiment_of(access=access, experiment_id=experiment_id)
    variants = variants_of(experiment)
    context = page_context(
        access,
        experiment=experiment,
        variants=variants,
        blank_rows=range(max(0, min(2, MAX_VARIANTS - len(variants)))),
        stage=selectors.experiment_stage(experiment, today=timezone.localdate()),
        comparisons=selectors.experiment_comparisons(experiment),
        metrics=list(selectors.metric_choices(access=access)),
        history=list(
            events_for(access=access, object_type="experiment", object_id=experiment.pk)[
                :HISTORY_LENGTH
            ]
        ),
    )
    return render(request, "metrics/experiment.html", context)


@login_required
@require_POST
def experiment_update(request: HttpRequest, product_key: str, experiment_id: int) -> HttpResponse:
    access = access_of(request, product_key)
    experiment = selectors.experiment_of(access=access, experiment_id=experiment_id)
    changes = _posted(request, experiment)
    saved = edit_posted(request, access, "experiment", experiment.pk, changes).record
    assert saved is not None
    return done(request, _url(product_key, saved.pk), f"{saved.name} saved.")
