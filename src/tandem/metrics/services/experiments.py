"""Running experiments: the hypothesis, the metric it should move, and each variant's counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.workspace.access import ProductAccess
from tandem.workspace.audit import record_event
from tandem.workspace.errors import NotFound, ValidationFailed
from tandem.workspace.records import set_archived

from ..models import Experiment, Metric, Variant
from ._common import check_version, clean_text, require_decider, require_live, snapshot

EXPERIMENT_FIELDS = frozenset(
    {"name", "hypothesis", "metric", "started_on", "ended_on", "variants"}
)
MAX_VARIANTS = 10
_WHAT = "Experiments"


def _clean_day(errors: dict[str, str], field: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[field] = f"{value!s} is not a date like 2025-03-31"
        return None


def _clean_count(errors: dict[str, str], field: str, value: Any) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        errors[field] = "must be a whole number, 0 or more"
        return 0
    if value > 2_000_000_000:
        errors[field] = "must be at most 2,000,000,000"
        return 0
    return value


def _clean_variants(errors: dict[str, str], value: Any) -> list[tuple[str, int, int]]:
    if not isinstance(value, list | tuple):
        errors["variants"] = "must be a list of variants, the control first"
        return []
    if not 2 <= len(value) <= MAX_VARIANTS:
        errors["variants"] = f"needs a control and 1 to {MAX_VARIANTS - 1} variants"
        return []
    variants: list[tuple[str, int, int]] = []
    names: set[str] = set()
    for index, raw in enumerate(value):
        where = f"variants[{index}]"
        if not isinstance(raw, Mapping):
            errors[where] = "must have a name, exposures and conversions"
            continue
        name = clean_text(errors, f"{where}.name", raw.get("name"), limit=80, required=True)
        if name and name.lower() in names:
            errors[f"{where}.name"] = f"{name!r} is used by another variant"
        names.add(name.lower())
        exposures = _clean_count(errors, f"{where}.exposures", raw.get("exposures"))
        conversions = _clean_count(errors, f"{where}.conversions", raw.get("conversions"))
        if conversions > exposures:
            errors[f"{where}.conversions"] = (
                f"cannot exceed exposures ({exposures:,}): only people who saw it convert"
            )
        variants.append((name, exposures, conversions))
    return variants


def _clean(
    access: ProductAccess, experiment: Experiment | None, fields: Mapping[str, Any]
) -> dict[str, Any]:
    errors: dict[str, str] = dict.fromkeys(
        sorted(set(fields) - EXPERIMENT_FIELDS), "is not a field of an experiment"
    )
    clean: dict[str, Any] = {}
    for field, value in fields.items():
        if field == "name":
            clean[field] = clean_text(errors, field, value, limit=160, required=True)
        elif field == "hypothesis":
            clean[field] = clean_text(errors, field, value, limit=5000)
        elif field in ("started_on", "ended_on"):
            clean[field] = _clean_day(errors, field, value)
        elif field == "metric":
            clean[field] = _clean_metric(errors, access, experiment, value)
        elif field == "variants":
            clean[field] = _clean_variants(errors, value)
    started = clean.get("started_on", experiment.started_on if experiment else None)
    ended = clean.get("ended_on", experiment.ended_on if experiment else None)
    if ended is not None and "ended_on" not in errors and "started_on" not in errors:
        if started is None:
            errors["ended_on"] = "set the start day before the end day"
        elif ended < started:
            errors["ended_on"] = f"must be on or after the start ({started.isoformat()})"
    if errors:
        raise ValidationFailed(errors)
    return clean


def _clean_metric(
    errors: dict[str, str], access: ProductAccess, experiment: Experiment | None, value: Any
) -> Metric | None:
    if value in (None, ""):
        errors["metric"] = "is required: the metric this experiment should move"
        return None
    metric_id = value.pk if isinstance(value, Metric) else value
    if isinstance(metric_id, str) and metric_id.isdigit():
        metric_id = int(metric_id)
    metric = (
        Metric.objects.filter(pk=metric_id, product=access.product).first()
        if isinstance(metric_id, int) and not isinstance(metric_id, bool)
        else None
    )
    if metric is None:
        errors["metric"] = f"{value!s} is not a metric of {access.product.key}"
        return None
    keeps_own = experiment is not None and experiment.metric_id == metric.pk
    if metric.archived_at is not None and not keeps_own:
        errors["metric"] = f"{metric.name} is archived; restore it or choose another"
    return metric


def _store_variants(experiment: Experiment, variants: list[tuple[str, int, int]]) -> None:
    experiment.variants.all().delete()
    Variant.objects.bulk_create(
        Variant(
            experiment=experiment,
            position=position,
            name=name,
            exposures=exposures,
            conversions=conversions,
        )
        for position, (name, exposures, conversions) in enumerate(variants)
    )


def _locked(access: ProductAccess, experiment_id: int) -> Experiment:
    experiment = (
        Experiment.objects.select_for_update(of=("self",))
        .filter(pk=experiment_id, product=access.product)
        .first()
    )
    if experiment is None:
        raise NotFound("No such experiment.")
    return experiment


@transaction.atomic
def experiment_create(*, access: ProductAccess, fields: Mapping[str, Any]) -> Experiment:
    """Create an experiment; without variants it starts as control vs. variant at zero."""
    require_decider(access, _WHAT)
    defaults: dict[str, Any] = {
        "name": "",
        "metric": None,
        "variants": [{"name": "Control"}, {"name": "Variant"}],
    }
    clean = _clean(access, None, {**defaults, **fields})
    now = timezone.now()
    experiment = Experiment(
        product=access.product, created_by=access.user, created_at=now, updated_at=now
    )
    variants = clean.pop("variants")
    for field, value in clean.items():
        setattr(experiment, field, value)
    experiment.save()
    _store_variants(experiment, variants)
    record_event(
        actor=access.user,
        product=access.product,
        verb="experiment.created",
        object_type="experiment",
        object_id=experiment.pk,
        object_label=experiment.name,
        after=snapshot(experiment),
    )
    return experiment


@transaction.atomic
def experiment_update(
    *,
    access: ProductAccess,
    experiment: Experiment,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Experiment:
    """Change an experiment; ``variants``, when given, replaces the whole list."""
    require_decider(access, _WHAT)
    experiment = _locked(access, experiment.pk)
    check_version(experiment, expected_version)
    require_live(experiment, "experiment")
    clean = _clean(access, experiment, changes)
    before = snapshot(experiment)
    variants = clean.pop("variants", None)
    for field, value in clean.items():
        setattr(experiment, field, value)
    if variants is not None:
        _store_variants(experiment, variants)
    after = snapshot(experiment)
    if after == before:
        return experiment
    experiment.version += 1
    experiment.updated_at = timezone.now()
    experiment.save()
    record_event(
        actor=access.user,
        product=access.product,
        verb="experiment.updated",
        object_type="experiment",
        object_id=experiment.pk,
        object_label=experiment.name,
        before=before,
        after=after,
    )
    return experiment


def _set_archived(access: ProductAccess, experiment: Experiment, archived: bool) -> Experiment:
    require_decider(access, _WHAT)
    experiment = _locked(access, experiment.pk)
    if (experiment.archived_at is not None) == archived:
        return experiment
    set_archived(access=access, record=experiment, archived=archived, object_type="experiment")
    return experiment


@transaction.atomic
def experiment_archive(*, access: ProductAccess, experiment: Experiment) -> Experiment:
    """Soft delete: the experiment leaves the list, keeps its counts, and can be restored."""
    return _set_archived(access, experiment, archived=True)


@transaction.atomic
def experiment_restore(*, access: ProductAccess, experiment: Experiment) -> Experiment:
    return _set_archived(access, experiment, archived=False)
