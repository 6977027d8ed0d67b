"""The backlog's filters: several values per filter, negation, done work hidden by default.

One form for the page and the API: a filter named twice matches either value
(``status=new&status=ready``), ``not_<filter>`` leaves its values out
(``not_status=in_progress``). Done and accepted items stay out of the list unless
``show_done`` is set, a status is asked for, a search is typed or a JQL query decides.
Sub-tasks show under their parent, not as rows, unless ``kind=subtask`` asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Q, QuerySet

from tandem.backlog import extensions
from tandem.backlog.models import Item, Kind, MoSCoW, Status
from tandem.core.scoring import QUADRANT_MIDPOINT, Quadrant
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed

# Filters that take several values, each with its ``not_`` twin.
MULTI_FILTERS = ("kind", "status", "label", "assignee", "epic", "moscow")
NEGATED_FILTERS = tuple(f"not_{name}" for name in MULTI_FILTERS)
DONE = (Status.DONE, Status.ACCEPTED)

Values = tuple[str, ...]
NUMBER_MAX = 2_147_483_647  # what the item number column holds


def _values(raw: Any) -> Values:
    """A filter's values from one text, a list of texts or nothing, blanks dropped."""
    if raw is None:
        return ()
    items: Iterable[Any] = [raw] if isinstance(raw, str) else raw
    return tuple(dict.fromkeys(str(v).strip() for v in items if v is not None and str(v).strip()))


@dataclass(frozen=True)
class BacklogFilters:
    kind: Values = ()
    status: Values = ()
    label: Values = ()
    assignee: Values = ()  # e-mails, "me" or "none"
    epic: Values = ()  # epics' keys
    moscow: Values = ()
    not_kind: Values = ()
    not_status: Values = ()
    not_label: Values = ()
    not_assignee: Values = ()
    not_epic: Values = ()
    not_moscow: Values = ()
    ready: bool | None = None
    text: str | None = None
    scored: bool | None = None  # has both value and effort (the matrix's "unscored" link)
    estimated: bool | None = None  # has an estimate (the PO home's "unestimated" figure)
    quadrant: str | None = None  # quick_win, big_bet, fill_in, time_sink
    min_rice: float | None = None
    min_wsjf: float | None = None
    min_value_effort: float | None = None
    archived: bool = False
    show_done: bool = False
    sort: str = "rank"
    jql: str | None = None  # a JQL query; its ORDER BY is left to ``sort``

    def __post_init__(self) -> None:
        # A single text is one value: callers may write ``BacklogFilters(status="new")``.
        for name in (*MULTI_FILTERS, *NEGATED_FILTERS):
            object.__setattr__(self, name, _values(getattr(self, name)))

    @property
    def hides_done(self) -> bool:
        # Asking for a status, a key or a JQL query says what to see: done work included.
        asked = bool(self.status) or bool(self.text) or bool(self.jql and self.jql.strip())
        return not (self.show_done or self.archived or asked)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


def check_choices(filters: BacklogFilters) -> None:
    """A filter value that names nothing is a mistake to report, not an empty page."""
    choices = {"kind": Kind.values, "status": Status.values, "moscow": MoSCoW.values}
    errors: dict[str, str] = {}
    for name, allowed in choices.items():
        for field_name in (name, f"not_{name}"):
            if any(v not in allowed for v in getattr(filters, field_name)):
                errors[field_name] = f"must be one of {', '.join(allowed)}"
    if errors:
        raise ValidationFailed(errors)


def filtered(access: ProductAccess, items: QuerySet[Item], f: BacklogFilters) -> QuerySet[Item]:
    items = _by_choices(items, f)
    items = _by_people_and_epics(access, items, f)
    items = _by_scores(items, f)
    if f.ready is not None:
        items = items.filter(is_ready=f.ready)
    if f.text:
        items = _text_filter(access, items, f.text.strip())
    if f.jql and f.jql.strip():
        items = extensions.filtered_by_query(access, items, f.jql)
    return items


def _by_choices(items: QuerySet[Item], f: BacklogFilters) -> QuerySet[Item]:
    for name, column in (("kind", "kind"), ("status", "status"), ("moscow", "moscow")):
        if getattr(f, name):
            items = items.filter(**{f"{column}__in": getattr(f, name)})
        if getattr(f, f"not_{name}"):
            items = items.exclude(**{f"{column}__in": getattr(f, f"not_{name}")})
    if f.hides_done:
        items = items.exclude(status__in=DONE)
    if Kind.SUBTASK not in f.kind:
        items = items.exclude(kind=Kind.SUBTASK)  # a sub-task shows under its parent
    if f.label:
        tagged = Item.labels.through.objects.filter(label__name__in=f.label)
        items = items.filter(pk__in=tagged.values("item_id"))
    if f.not_label:
        items = items.exclude(labels__name__in=f.not_label)
    return items


def _by_scores(items: QuerySet[Item], f: BacklogFilters) -> QuerySet[Item]:
    if f.scored is not None:
        unscored = Q(value__isnull=True) | Q(effort__isnull=True)
        items = items.exclude(unscored) if f.scored else items.filter(unscored)
    if f.estimated is not None:
        items = items.filter(estimate__isnull=not f.estimated)
    if f.quadrant:
        items = items.filter(_quadrant_condition(f.quadrant))
    for score_field, minimum in (
        ("rice_score", f.min_rice),
        ("wsjf_score", f.min_wsjf),
        ("value_effort_score", f.min_value_effort),
    ):
        if minimum is not None:
            items = items.filter(**{f"{score_field}__gte": minimum})
    return items


def _by_people_and_epics(
    access: ProductAccess, items: QuerySet[Item], f: BacklogFilters
) -> QuerySet[Item]:
    if f.assignee:
        items = items.filter(_assignee_condition(access, f.assignee))
    if f.not_assignee:
        items = items.exclude(_assignee_condition(access, f.not_assignee))
    if f.epic:
        items = items.filter(_epic_condition(access, f.epic, "epic"))
    if f.not_epic:
        # An item without an epic is not in the left-out epics: keep it.
        items = items.exclude(
            _epic_condition(access, f.not_epic, "not_epic") & Q(parent__isnull=False)
        )
    return items


def _assignee_condition(access: ProductAccess, values: Values) -> Q:
    condition = Q(pk__in=[])
    emails = []
    for value in values:
        if value == "none":
            condition |= Q(assignee__isnull=True)
        elif value == "me":
            condition |= Q(assignee=access.user)
        else:
            emails.append(value.lower())
    if emails:
        condition |= Q(assignee__email__in=emails)
    return condition


def _epic_condition(access: ProductAccess, keys: Values, name: str) -> Q:
    numbers = []
    for key in keys:
        prefix, _, number = key.strip().upper().rpartition("-")
        if not prefix or not number.isdigit():
            raise ValidationFailed({name: "must be an epic's key like DRN-3"})
        # Another product's epic, or a number no item has, holds none of these items.
        if prefix == access.product.key and int(number) <= NUMBER_MAX:
            numbers.append(int(number))
    return Q(parent__number__in=numbers, parent__product=access.product)


def _quadrant_condition(name: str) -> Q:
    """The value/effort box of a quadrant, with the same midpoint ``core.scoring`` uses."""
    try:
        quadrant = Quadrant(name)
    except ValueError:
        choices = ", ".join(q.value for q in Quadrant)
        raise ValidationFailed({"quadrant": f"must be one of {choices}"}) from None
    high_value = quadrant in (Quadrant.QUICK_WIN, Quadrant.BIG_BET)
    high_effort = quadrant in (Quadrant.BIG_BET, Quadrant.TIME_SINK)
    value = Q(value__gt=QUADRANT_MIDPOINT) if high_value else Q(value__lte=QUADRANT_MIDPOINT)
    effort = Q(effort__gt=QUADRANT_MIDPOINT) if high_effort else Q(effort__lte=QUADRANT_MIDPOINT)
    return value & effort


def _text_filter(access: ProductAccess, items: QuerySet[Item], text: str) -> QuerySet[Item]:
    """A key finds its item through the unique (product, number) index; words search titles.

    A key matched by an item is answered alone: OR-ing it with the title search
    made the database scan every title of the product to find one row.
    """
    prefix, _, number = text.upper().rpartition("-")
    found = Q(title__icontains=text)
    if prefix == access.product.key and number.isdigit():
        by_key = items.filter(number=int(number))
        if by_key.exists():
            return by_key
    # An imported item answers to the key it had in its old tool (DRN-42 from Jira).
    for lookup in extensions.key_lookups():
        found |= Q(pk__in=lookup(access, text))
    return items.filter(found)
