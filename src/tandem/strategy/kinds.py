"""The strategy records as data: their fields, who decides them, how a value is cleaned.

One description per kind drives the services (validation, snapshots for the audit
log and proposals), the API schemas and the edit forms, so the three never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from tandem.metrics.models import Metric
from tandem.workspace.models import Membership, Product, User
from tandem.workspace.rights import Action

from .models import (
    Capability,
    Competitor,
    CostCategory,
    CostLine,
    Decision,
    DecisionLevel,
    Horizon,
    Initiative,
    InitiativeStatus,
    KeyResult,
    MarketNote,
    MarketNoteKind,
    Objective,
    Support,
    Vision,
)

TEXT, LONG, CHOICE, DATE, INT, NUMBER, MONEY, REF, REFS, PERSON, RATINGS, MONTH = (
    "text",
    "long",
    "choice",
    "date",
    "int",
    "number",
    "money",
    "ref",
    "refs",
    "person",
    "ratings",
    "month",
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: str
    required: bool = False
    limit: int = 200
    choices: tuple[tuple[str, str], ...] = ()
    ref: str = ""  # the kind a reference points to
    low: int | None = None
    high: int | None = None
    help: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    plural: str  # also the API path segment
    model: type[models.Model]
    action: Action
    fields: tuple[Field, ...]
    title_field: str = "title"

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def field_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    def label_of(self, record: models.Model) -> str:
        return str(getattr(record, self.title_field, "") or record)

    def action_for(self, values: Mapping[str, Any]) -> Action:
        """Which row of the rights table decides: a tactical decision is the PO's call."""
        # A decision names its level; without one it is tactical, as the model defaults.
        if self.name == "decision" and (values.get("level") or DecisionLevel.TACTICAL) == (
            DecisionLevel.TACTICAL
        ):
            return Action.BACKLOG
        return self.action


def _t(name: str, label: str, *, required: bool = False, limit: int = 200) -> Field:
    return Field(name, TEXT, label, required=required, limit=limit)


def _long(name: str, label: str, help: str = "") -> Field:
    return Field(name, LONG, label, limit=20_000, help=help)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "vision",
            "Vision",
            "vision",
            Vision,
            Action.STRATEGY,
            (
                _long("statement", "Vision statement"),
                _long("target_group", "Target group"),
                _long("needs", "Needs"),
                _long("offering", "Product"),
                _long("business_goals", "Business goals"),
            ),
            title_field="statement",
        ),
        Kind(
            "objective",
            "Objective",
            "objectives",
            Objective,
            Action.STRATEGY,
            (
                _t("title", "Title", required=True),
                _long("description", "Description"),
                Field("starts_on", DATE, "Starts on"),
                Field("ends_on", DATE, "Ends on"),
            ),
        ),
        Kind(
            "key_result",
            "Key result",
            "key-results",
            KeyResult,
            Action.STRATEGY,
            (
                Field("objective", REF, "Objective", required=True, ref="objective"),
                _t("title", "Title", required=True),
                _t("unit", "Unit", limit=20),
                Field("baseline", NUMBER, "Baseline"),
                Field("target", NUMBER, "Target", required=True),
                Field(
                    "metric",
                    REF,
                    "Bound metric",
                    ref="metric",
                    help="When bound, the current value follows the metric's latest measurement.",
                ),
            ),
        ),
        Kind(
            "initiative",
            "Initiative",
            "initiatives",
            Initiative,
            Action.ROADMAP,
            (
                _t("title", "Title", required=True),
                _long("problem", "Problem"),
                _long("expected_outcome", "Expected outcome"),
                Field("objectives", REFS, "Objectives served", ref="objective"),
                Field("horizon", CHOICE, "Horizon", choices=tuple(Horizon.choices)),
                Field("status", CHOICE, "Status", choices=tuple(InitiativeStatus.choices)),
                Field("starts_on", DATE, "Starts on"),
                Field("ends_on", DATE, "Ends on"),
                Field("owner", PERSON, "Owner"),
                Field("confidence", INT, "Confidence (%)", low=0, high=100),
                Field("budget", MONEY, "Budget"),
            ),
        ),
        Kind(
            "market_note",
            "Market note",
            "market-notes",
            MarketNote,
            Action.ROADMAP,
            (
                _t("title", "Title", required=True),
                Field("kind", CHOICE, "Kind", choices=tuple(MarketNoteKind.choices)),
                _long("body", "Note"),
                _long("sources", "Sources", help="One link or citation per line."),
            ),
        ),
        Kind(
            "competitor",
            "Competitor",
            "competitors",
            Competitor,
            Action.ROADMAP,
            (
                _t("name", "Name", required=True, limit=120),
                _t("website", "Website", limit=300),
                _long("positioning", "Positioning"),
                _long("pricing", "Pricing"),
                _long("strengths", "Strengths"),
                _long("weaknesses", "Weaknesses"),
            ),
            title_field="name",
        ),
        Kind(
            "capability",
            "Capability",
            "capabilities",
            Capability,
            Action.ROADMAP,
            (
                _t("name", "Capability", required=True, limit=120),
                Field("ours", CHOICE, "Our product", choices=tuple(Support.choices)),
                Field("ratings", RATINGS, "Competitors", choices=tuple(Support.choices)),
                Field("initiative", REF, "Initiative", ref="initiative"),
            ),
            title_field="name",
        ),
        Kind(
            "cost_line",
            "Cost line",
            "cost-lines",
            CostLine,
            Action.ROADMAP,
            (
                Field("initiative", REF, "Initiative", required=True, ref="initiative"),
                Field(
                    "category",
                    CHOICE,
                    "Category",
                    required=True,
                    choices=tuple(CostCategory.choices),
                ),
                Field("period", MONTH, "Month", required=True, help="YYYY-MM"),
                _t("description", "Description"),
                Field("planned", MONEY, "Planned"),
                Field("actual", MONEY, "Actual"),
            ),
            title_field="description",
        ),
        Kind(
            "decision",
            "Decision",
            "decisions",
            Decision,
            Action.STRATEGY,
            (
                _t("title", "Title", required=True),
                Field("level", CHOICE, "Level", choices=tuple(DecisionLevel.choices)),
                _long("context", "Context"),
                _long("options", "Options considered", help="One per line."),
                _long("outcome", "Outcome"),
                Field("decided_on", DATE, "Decided on"),
                _long("evidence", "Evidence", help="Links to research, data or feedback."),
                _t("item_keys", "Backlog items", limit=500),
                Field("initiative", REF, "Initiative", ref="initiative"),
            ),
        ),
    )
}

REFERENCED: dict[str, type[models.Model]] = {
    "objective": Objective,
    "initiative": Initiative,
    "competitor": Competitor,
    "metric": Metric,
}


def kind_named(name: str) -> Kind:
    from tandem.workspace.errors import NotFound

    try:
        return KINDS[name.replace("-", "_")]
    except KeyError:
        raise NotFound(f"No strategy record kind {name!r}.") from None


def kind_by_plural(plural: str) -> Kind:
    from tandem.workspace.errors import NotFound

    for kind in KINDS.values():
        if kind.plural == plural:
            return kind
    raise NotFound(f"No strategy records called {plural!r}.")


# --- values ---------------------------------------------------------------------------


def snapshot(kind: Kind, record: models.Model) -> dict[str, Any]:
    """The record's editable state as JSON-ready values (people by e-mail, links by id)."""
    data: dict[str, Any] = {}
    for field in kind.fields:
        if field.type == REFS:
            ids = sorted(r.pk for r in getattr(record, field.name).all()) if record.pk else []
            data[field.name] = ids
        elif field.type == REF:
            data[field.name] = getattr(record, f"{field.name}_id")
        elif field.type == PERSON:
            user = getattr(record, field.name)
            data[field.name] = user.email if user else None
        else:
            data[field.name] = plain(getattr(record, field.name))
    return data


def plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def clean(
    kind: Kind, product: Product, record: models.Model | None, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """Turn raw values into model values, or raise naming every field that is wrong."""
    from tandem.workspace.errors import ValidationFailed

    errors: dict[str, str] = {}
    unknown = set(changes) - kind.field_names
    for name in sorted(unknown):
        errors[name] = f"is not a field of a {kind.label.lower()}"
    cleaned: dict[str, Any] = {}
    for field in kind.fields:
        if field.name in changes:
            cleaned[field.name] = _clean_value(errors, product, field, changes[field.name])
        elif record is None and field.required:
            errors[field.name] = "is required"
    if "item_keys" in cleaned and "item_keys" not in errors:
        cleaned["item_keys"] = _clean_item_keys(errors, product, cleaned["item_keys"])
    starts = cleaned.get("starts_on", getattr(record, "starts_on", None))
    ends = cleaned.get("ends_on", getattr(record, "ends_on", None))
    if isinstance(starts, dt.date) and isinstance(ends, dt.date) and ends < starts:
        errors["ends_on"] = "must not be before the start"
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _clean_value(errors: dict[str, str], product: Product, field: Field, value: Any) -> Any:
    name = field.name
    empty = value is None or (isinstance(value, str) and not value.strip())
    if field.type in (TEXT, LONG):
        text = "" if value is None else str(value).strip()
        if field.required and not text:
            errors[name] = "is required"
        elif len(text) > field.limit:
            errors[name] = f"must be at most {field.limit} characters"
        return text
    if empty:
        if field.required:
            errors[name] = "is required"
        if field.type == REFS:
            return []
        if field.type == RATINGS:
            return {}
        if field.type == MONEY and name == "planned":
            return Decimal(0)
        if field.type == NUMBER and name == "baseline":
            return 0.0
        return None
    if field.type == CHOICE:
        allowed = [c for c, _ in field.choices]
        if value not in allowed:
            errors[name] = f"must be one of: {', '.join(allowed)}"
        return str(value)
    if field.type in (DATE, MONTH):
        return _clean_date(errors, name, value, month=field.type == MONTH)
    if field.type == INT:
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors[name] = "must be a whole number"
            return None
        too_low = field.low is not None and number < field.low
        too_high = field.high is not None and number > field.high
        if isinstance(value, bool) or too_low or too_high:
            errors[name] = f"must be between {field.low} and {field.high}"
        return number
    if field.type == NUMBER:
        try:
            return float(str(value).replace(",", "."))
        except ValueError:
            errors[name] = "must be a number"
            return None
    if field.type == MONEY:
        try:
            amount = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
        except InvalidOperation:
            errors[name] = "must be an amount"
            return None
        if amount < 0 or amount >= Decimal("1e12"):
            errors[name] = "must be between 0 and 999,999,999,999.99"
        return amount
    if field.type == REF:
        return _reference(errors, product, field, value)
    if field.type == REFS:
        if not isinstance(value, list | tuple):
            errors[name] = "must be a list of ids"
            return []
        return [r for r in (_reference(errors, product, field, v) for v in value) if r is not None]
    if field.type == PERSON:
        user = User.objects.filter(email=str(value).strip().lower()).first()
        if user is None or not Membership.objects.filter(user=user, product=product).exists():
            errors[name] = f"{value} is not a member of {product.key}"
            return None
        return user
    if field.type == RATINGS:
        return _clean_ratings(errors, product, field, value)
    raise AssertionError(field.type)


def _clean_item_keys(errors: dict[str, str], product: Product, text: str) -> str:
    """Backlog keys of this product ("DRN-4 DRN-9"); the backlog sits above, so by form only."""
    keys = []
    for raw in text.replace(",", " ").split():
        prefix, _, number = raw.strip().upper().rpartition("-")
        if prefix != product.key or not number.isdigit():
            errors["item_keys"] = (
                f"{raw} is not an item key of {product.key} (like {product.key}-4)"
            )
            return text
        key = f"{prefix}-{int(number)}"
        if key not in keys:
            keys.append(key)
    return " ".join(keys)


def _clean_date(errors: dict[str, str], name: str, value: Any, *, month: bool) -> dt.date | None:
    if isinstance(value, dt.date):
        return value.replace(day=1) if month else value
    text = str(value).strip()
    try:
        day = dt.date.fromisoformat(f"{text}-01" if month and len(text) == 7 else text)
    except ValueError:
        errors[name] = "must be a month like 2026-03" if month else "must be a date like 2026-03-31"
        return None
    return day.replace(day=1) if month else day


def _reference(
    errors: dict[str, str], product: Product, field: Field, value: Any
) -> models.Model | None:
    model = REFERENCED[field.ref]
    try:
        pk = int(value)
    except (TypeError, ValueError):
        errors[field.name] = "must be an id"
        return None
    found = model._default_manager.filter(pk=pk, product=product, archived_at__isnull=True).first()
    if found is None:
        errors[field.name] = f"{value} is not a live {field.ref} of {product.key}"
    return found


def _clean_ratings(
    errors: dict[str, str], product: Product, field: Field, value: Any
) -> dict[str, str]:
    if not isinstance(value, Mapping):
        errors[field.name] = "must map competitor ids to a support level"
        return {}
    allowed = {c for c, _ in field.choices}
    known = {
        str(pk)
        for pk in Competitor.objects.filter(product=product, archived_at__isnull=True).values_list(
            "pk", flat=True
        )
    }
    ratings: dict[str, str] = {}
    for competitor, support in value.items():
        if str(competitor) not in known:
            errors[field.name] = f"{competitor} is not a live competitor of {product.key}"
        elif support in ("", None):
            continue
        elif support not in allowed:
            errors[field.name] = f"must be one of: {', '.join(sorted(allowed))}"
        else:
            ratings[str(competitor)] = str(support)
    return ratings


def to_model_values(
    kind: Kind, cleaned: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split cleaned values into column values and many-to-many lists."""
    columns = {k: v for k, v in cleaned.items() if kind.field(k).type != REFS}
    many = {k: v for k, v in cleaned.items() if kind.field(k).type == REFS}
    return columns, many
