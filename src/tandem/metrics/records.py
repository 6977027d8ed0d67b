"""The metrics records, declared once: their input, who decides them, what is special.

Metrics and experiments fall under the roadmap row of the rights table (the
Product Manager decides; the Product Owner proposes a metric's definition or
target, and asks for an experiment). Measurements are recorded evidence: whoever
edits feedback records them. The write path, proposals, the generic API routes,
history and search read these declarations; recording a day's value and
importing a file are the app's own verbs (:mod:`.services`).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import F, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from pydantic import Field

from tandem.workspace import fields as f
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.registry import Hooks, RecordApi, RecordType, SearchText, Values, register
from tandem.workspace.rights import Action
from tandem.workspace.writes import PLAIN_OPERATIONS

from .models import Direction, Experiment, Measurement, Metric, MetricKind

KINDS = ("metric", "measurement", "experiment")  # what the metrics pages list proposals of
MAX_VARIANTS = 10
DEFAULT_VARIANTS = (
    {"name": "Control", "exposures": 0, "conversions": 0},
    {"name": "Variant", "exposures": 0, "conversions": 0},
)
Description = Annotated[str, f.chars(5000)]


class MetricIn(f.Input):
    name: Annotated[str, f.chars(120), f.REQUIRED]
    kind: Annotated[str, f.one_of(MetricKind)] = MetricKind.CUSTOM
    unit: Annotated[str, f.chars(20)] = Field("", description='Such as "%", "EUR" or "users".')
    direction: Annotated[str, f.one_of(Direction)] = Direction.UP
    target: f.MetricValue | None = None
    description: Description = Field(
        "", description="What it measures, where the numbers come from."
    )


class MeasurementIn(f.Input):
    metric: f.Ref
    measured_on: f.Date = Field(title="Day")
    value: f.MetricValue
    note: Annotated[str, f.chars(200)] = ""


class ExperimentVariantIn(f.Input):
    name: Annotated[str, f.chars(80), f.REQUIRED]
    exposures: f.Count = 0
    conversions: f.Count = 0


class ExperimentIn(f.Input):
    name: Annotated[str, f.chars(160), f.REQUIRED]
    hypothesis: Description = ""
    metric: f.Ref = Field(title="Metric it should move")
    started_on: f.Date | None = None
    ended_on: f.Date | None = None
    variants: list[ExperimentVariantIn] = Field(
        default_factory=list,
        min_length=2,
        max_length=MAX_VARIANTS,
        description="The control first; left out, a new experiment has Control and Variant "
        "at zero. A change replaces the whole list.",
    )


# --- what is special ----------------------------------------------------------------------


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _name_taken(access: ProductAccess, name: str, metric_id: int | None) -> bool:
    """Another live metric of the product has this name, in any case."""
    live = Metric.objects.filter(
        product=access.product, name__iexact=name, archived_at__isnull=True
    )
    return live.exclude(pk=metric_id or 0).exists()


def require_free_name(access: ProductAccess, name: str, metric_id: int | None) -> None:
    if _name_taken(access, name, metric_id):
        raise ValidationFailed(
            {"name": f"{access.product.key} already has a metric named {name!r}"}
        )


def _unique_name(access: ProductAccess, metric: Any, values: Values, creating: bool) -> None:
    if "name" in values:
        require_free_name(access, metric.name, metric.pk)


def _restorable_name(access: ProductAccess, metric: Any, archived: bool) -> None:
    if not archived and _name_taken(access, metric.name, metric.pk):
        raise ValidationFailed(
            {"name": f"another live metric is named {metric.name!r}; rename it first"}
        )


def day_taken(measurement: Measurement) -> bool:
    """Another live value of the same metric already holds the measurement's day."""
    return (
        Measurement.objects.filter(
            metric_id=measurement.metric_id,
            measured_on=measurement.measured_on,
            archived_at__isnull=True,
        )
        .exclude(pk=measurement.pk or 0)
        .exists()
    )


def _moved(model: type[Any], record: Any, name: str, values: Values) -> bool:
    """An edit points the record's reference ``name`` at another row than it had."""
    if name not in values or record.pk is None:
        return False
    column = f"{name}_id"
    stored = model.objects.filter(pk=record.pk).values_list(column, flat=True).first()
    return bool(stored != getattr(record, column))


def _check_measurement(
    access: ProductAccess, measurement: Any, values: Values, creating: bool
) -> None:
    """A day's value of a live metric, not in the future, and the only live one of its day."""
    errors: dict[str, str] = {}
    metric = measurement.metric
    if _moved(Measurement, measurement, "metric", values):
        errors["metric"] = "a value stays with its metric; record it on the other one instead"
    elif metric.archived_at is not None:
        errors["metric"] = f"{metric.name} is archived; restore it first"
    if measurement.measured_on > timezone.localdate():
        errors["measured_on"] = f"{measurement.measured_on.isoformat()} is in the future"
    elif day_taken(measurement):
        errors["measured_on"] = (
            f"{metric.name} already has a value for "
            f"{measurement.measured_on.isoformat()}; change that one instead"
        )
    _refuse(errors)


def _restorable_day(access: ProductAccess, measurement: Any, archived: bool) -> None:
    if not archived and day_taken(measurement):
        raise ValidationFailed(
            {
                "measured_on": f"{measurement.measured_on.isoformat()} has another value "
                "now; archive that one first"
            }
        )


def variant_errors(variants: list[dict[str, Any]]) -> dict[str, str]:
    """What the schema cannot see one variant at a time: names repeated, more wins than views."""
    errors: dict[str, str] = {}
    names: set[str] = set()
    for index, arm in enumerate(variants):
        name = str(arm.get("name", ""))
        if name.lower() in names:
            errors[f"variants.{index}.name"] = f"{name!r} is used by another variant"
        names.add(name.lower())
        exposures, conversions = arm.get("exposures", 0), arm.get("conversions", 0)
        if conversions > exposures:
            errors[f"variants.{index}.conversions"] = (
                f"cannot exceed exposures ({exposures:,}): only people who saw it convert"
            )
    return errors


def _check_experiment(
    access: ProductAccess, experiment: Any, values: Values, creating: bool
) -> None:
    """Control and Variant when none are given; dates in order; a live metric to move."""
    if creating and not experiment.variants:
        experiment.variants = [dict(arm) for arm in DEFAULT_VARIANTS]
    errors = variant_errors(list(experiment.variants or []))
    if (creating or _moved(Experiment, experiment, "metric", values)) and (
        experiment.metric.archived_at is not None
    ):
        errors["metric"] = f"{experiment.metric.name} is archived; restore it or choose another"
    started, ended = experiment.started_on, experiment.ended_on
    if ended is not None and started is None:
        errors["ended_on"] = "set the start day before the end day"
    elif ended is not None and ended < started:
        errors["ended_on"] = f"must be on or after the start ({started.isoformat()})"
    _refuse(errors)


def with_last_two(rows: QuerySet[Any]) -> QuerySet[Any]:
    """Each metric with its two newest live values, in one more query for the whole list."""
    newest = Measurement.objects.filter(archived_at__isnull=True).order_by("-measured_on", "-id")
    return rows.prefetch_related(Prefetch("measurements", queryset=newest[:2], to_attr="last_two"))


def _metric_url(metric: Any) -> str:
    return reverse("metrics:detail", args=[metric.product.key, metric.pk])


def _measurement_url(value: Any) -> str:
    return _metric_url(value.metric)


def _experiment_url(experiment: Any) -> str:
    return reverse("metrics:experiment", args=[experiment.product.key, experiment.pk])


def _declare(
    name: str,
    model: type[Any],
    action: Action,
    schema: type[f.Input],
    api: RecordApi,
    **extra: Any,
) -> RecordType:
    return register(
        RecordType(
            name=name,
            model=model,
            label=name.capitalize(),
            plural=f"{name}s",
            action=action,
            schema=schema,
            fields=tuple(schema.model_fields),
            api=api,
            app="metrics",
            **extra,
        )
    )


def _api(plural: str, out_schema: type[Any], out: Any, *ordering: Any, **extra: Any) -> RecordApi:
    return RecordApi(
        f"/products/{{product_key}}/{plural}",
        out_schema=out_schema,
        out=out,
        ordering=ordering,
        **extra,
    )


def register_all() -> None:
    from . import schemas

    _declare(
        "metric",
        Metric,
        Action.ROADMAP,
        MetricIn,
        _api(
            "metrics",
            schemas.MetricOut,
            schemas.metric_out,
            "name",
            "id",
            rows=lambda access, rows: with_last_two(rows),
        ),
        title_field="name",
        operations=PLAIN_OPERATIONS,
        hooks=Hooks(prepare=_unique_name, before_archive=_restorable_name),
        search=lambda m: SearchText(title=m.name, body=m.description, status=m.kind),
        url=_metric_url,
    )
    _declare(
        "measurement",
        Measurement,
        Action.FEEDBACK,
        MeasurementIn,
        _api(
            "measurements",
            schemas.MeasurementOut,
            schemas.measurement_out,
            "-measured_on",
            "-id",
            rows=lambda access, rows: rows.select_related("metric"),
        ),
        title_field="label",
        product_path="metric__product",
        hooks=Hooks(prepare=_check_measurement, before_archive=_restorable_day),
        url=_measurement_url,
        verbs=("recorded", "created", "updated", "archived", "restored"),
    )
    _declare(
        "experiment",
        Experiment,
        Action.ROADMAP,
        ExperimentIn,
        _api(
            "experiments",
            schemas.ExperimentOut,
            schemas.experiment_out,
            F("started_on").desc(nulls_first=True),
            "-id",
            rows=lambda access, rows: rows.select_related("metric"),
        ),
        title_field="name",
        # No operations: a Product Owner asks the Product Manager for an experiment.
        hooks=Hooks(prepare=_check_experiment),
        search=lambda e: SearchText(title=e.name, body=e.hypothesis),
        url=_experiment_url,
    )
