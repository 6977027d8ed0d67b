"""The experiment pages: the list, and one experiment with its result in words."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tandem.metrics import selectors, services
from tandem.metrics.services.experiments import MAX_VARIANTS
from tandem.workspace.selectors import events_for

from ._common import HtmxHttpRequest, Rights, access_of, count, done, raise_if, required_version

HISTORY_LENGTH = 15


def _fields(request: HtmxHttpRequest) -> dict[str, Any]:
    """Form fields as service values; variant rows with no name and no counts are blank."""
    post = request.POST
    errors: dict[str, str] = {}
    fields: dict[str, Any] = {
        f: post.get(f, "").strip()
        for f in ("name", "hypothesis", "metric", "started_on", "ended_on")
        if f in post
    }
    if "variant_name" in post:
        names = post.getlist("variant_name")
        exposures = post.getlist("variant_exposures")
        conversions = post.getlist("variant_conversions")
        variants: list[dict[str, Any]] = []
        for index, name in enumerate(names):
            seen = exposures[index] if index < len(exposures) else ""
            won = conversions[index] if index < len(conversions) else ""
            if not (name.strip() or seen.strip() or won.strip()):
                continue
            where = f"variants[{len(variants)}]"
            variants.append(
                {
                    "name": name,
                    "exposures": count(seen, f"{where}.exposures", errors),
                    "conversions": count(won, f"{where}.conversions", errors),
                }
            )
        fields["variants"] = variants
    raise_if(errors)
    return fields


@login_required
@require_GET
def experiments(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
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
    context = {
        "access": access,
        "product": access.product,
        "rights": Rights.of(access),
        "rows": rows,
        "archived": archived,
        "metrics": list(selectors.metric_choices(access=access)),
    }
    return render(request, "metrics/experiments.html", context)


@login_required
@require_POST
def experiment_create(request: HtmxHttpRequest, product_key: str) -> HttpResponse:
    access = access_of(request, product_key)
    experiment = services.experiment_create(access=access, fields=_fields(request))
    url = reverse("metrics:experiment", args=[access.product.key, experiment.pk])
    return done(request, url, f"Experiment {experiment.name} created.")


@login_required
@require_GET
def experiment_detail(
    request: HtmxHttpRequest, product_key: str, experiment_id: int
) -> HttpResponse:
    access = access_of(request, product_key)
    experiment = selectors.experiment_of(access=access, experiment_id=experiment_id)
    variants = list(experiment.variants.all())
    blank_rows = max(0, min(2, MAX_VARIANTS - len(variants)))
    context = {
        "access": access,
        "product": access.product,
        "rights": Rights.of(access),
        "experiment": experiment,
        "variants": variants,
        "blank_rows": range(blank_rows),
        "stage": selectors.experiment_stage(experiment, today=timezone.localdate()),
        "comparisons": selectors.experiment_comparisons(experiment),
        "metrics": list(selectors.metric_choices(access=access)),
        "history": list(
            events_for(access=access, object_type="experiment", object_id=experiment.pk)[
                :HISTORY_LENGTH
            ]
        ),
    }
    return render(request, "metrics/experiment.html", context)


@login_required
@require_POST
def experiment_update(
    request: HtmxHttpRequest, product_key: str, experiment_id: int
) -> HttpResponse:
    access = access_of(request, product_key)
    experiment = selectors.experiment_of(access=access, experiment_id=experiment_id)
    experiment = services.experiment_update(
        access=access,
        experiment=experiment,
        changes=_fields(request),
        expected_version=required_version(request.POST),
    )
    url = reverse("metrics:experiment", args=[access.product.key, experiment.pk])
    return done(request, url, f"{experiment.name} saved.")


@login_required
@require_POST
def experiment_archive(
    request: HtmxHttpRequest, product_key: str, experiment_id: int
) -> HttpResponse:
    access = access_of(request, product_key)
    experiment = selectors.experiment_of(access=access, experiment_id=experiment_id)
    services.experiment_archive(access=access, experiment=experiment)
    url = reverse("metrics:experiment", args=[access.product.key, experiment.pk])
    return done(request, url, f"{experiment.name} archived. Restore it from this page.")


@login_required
@require_POST
def experiment_restore(
    request: HtmxHttpRequest, product_key: str, experiment_id: int
) -> HttpResponse:
    access = access_of(request, product_key)
    experiment = selectors.experiment_of(access=access, experiment_id=experiment_id)
    services.experiment_restore(access=access, experiment=experiment)
    url = reverse("metrics:experiment", args=[access.product.key, experiment.pk])
    return done(request, url, f"{experiment.name} restored.")
