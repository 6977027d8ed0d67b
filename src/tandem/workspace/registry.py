"""Every kind of record, declared once.

An app registers each of its record types in ``AppConfig.ready`` (the way
Django's admin reads ``ModelAdmin`` registrations): the model, the row of the
rights table its plain verbs fall under, the schema that validates its input,
who may read which field, its searchable text, its audit verbs and the
proposal operations a decider can carry out. The cross-cutting parts of the
product — the write path, proposals, generic API routes, history, search,
export and webhooks — read this registry and never import an app.

What is truly special about a kind (an item's rank, a decision whose level
changes who decides) stays in the app, as hooks named here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.expressions import OrderBy

from .rights import Action, Level

if TYPE_CHECKING:
    from .access import ProductAccess
    from .fields import Input
    from .models import Proposal

Record = Any  # a model instance of the registered type
Values = Mapping[str, Any]


@dataclass(frozen=True)
class SearchText:
    """What the search index holds for one record."""

    title: str
    body: str = ""
    status: str = ""
    key: str = ""


def text_of(*names: str) -> Callable[[Record], SearchText]:
    """A kind's search text from its fields: the first is the title, the rest the body."""

    def search(record: Record) -> SearchText:
        body = "\n".join(str(getattr(record, name) or "") for name in names[1:])
        return SearchText(title=str(getattr(record, names[0]) or record), body=body)

    return search


@dataclass(frozen=True)
class Operation:
    """How a decider carries out a proposal of one kind of change.

    ``apply`` runs as the decider, inside the accepting transaction, through the
    app's own write functions. ``versioned``: the proposal was made from a
    version of the record, and a record changed since must be looked at again.
    """

    apply: Callable[[ProductAccess, Proposal], Record | None]
    versioned: bool = True
    describe: Callable[[Proposal], str] | None = None
    # What a decline also tells on the record, inside the declining transaction.
    declined: Callable[[ProductAccess, Proposal], None] | None = None


@dataclass(frozen=True)
class Hooks:
    """What is special about a kind's plain writes; every hook is optional.

    * ``prepare(access, record, values, creating)``: adjust the unsaved record
      after the values are set (a rank at the bottom, a decision stamped) or
      refuse it with ``ValidationFailed`` (a rule across fields or records).
    * ``after_save(access, record, values, creating)``: what must follow in the
      same transaction (many-to-many sets, a denormalised count).
    * ``action_for(record, values)``: the row of the rights table that decides
      this write when it depends on the values (a strategic decision is the PM's).
    * ``before_archive(access, record, archived)``: refuse an archive or a restore
      with ``ValidationFailed`` before anything is written (a restore onto a name
      or a day a live record has taken since).
    * ``after_archive(access, record, archived)``: what must follow in the same transaction.
    * ``may_change(access, record)``: someone below the writing level who may still
      change, archive and restore this record (the author of an idea still open).
    """

    prepare: Callable[[ProductAccess, Record, Values, bool], None] | None = None
    after_save: Callable[[ProductAccess, Record, Values, bool], None] | None = None
    action_for: Callable[[Record | None, Values], Action] | None = None
    before_archive: Callable[[ProductAccess, Record, bool], None] | None = None
    after_archive: Callable[[ProductAccess, Record, bool], None] | None = None
    may_change: Callable[[ProductAccess, Record], bool] | None = None


@dataclass(frozen=True)
class RecordApi:
    """Where a type's plain verbs sit in the API, and how it answers.

    ``path`` is the list's path, e.g. ``/products/{product_key}/customers``; the
    record is ``path/{id}``. Without ``out_schema``/``out`` the type answers its
    declared fields (those the caller may not read are null).

    ``rows`` narrows what the list and a record read (joins and counts the answer
    needs, so a list costs a fixed number of queries); ``filters`` is the list's
    query schema (a ``routes.ListFilters`` whose ``narrow`` applies it);
    ``absolute`` names answer fields holding a path of this site, sent as full URLs.
    """

    path: str
    out_schema: type[Any] | None = None
    out: Callable[[ProductAccess, Record], dict[str, Any]] | None = None
    ordering: tuple[str | OrderBy, ...] = ("-updated_at", "-id")
    rows: Callable[[ProductAccess, models.QuerySet[Any]], models.QuerySet[Any]] | None = None
    filters: type[Any] | None = None
    absolute: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordPage:
    """A type's own record page: a template extending ``records/record.html`` and what it adds."""

    template: str
    context: Callable[[ProductAccess, RecordType, Record | None], dict[str, Any]] | None = None


@dataclass(frozen=True)
class RecordType:
    """One kind of record and everything the generic parts need to know of it."""

    name: str  # "initiative": the audit log's object type, a proposal's kind, a search kind
    model: type[models.Model]
    label: str  # "Initiative"
    plural: str  # "initiatives": the API path segment
    action: Action  # the rights table's row for create, change, archive and restore
    # The level that writes directly; below it, *propose* makes a proposal, anything else
    # is refused. Feedback is added by anyone with ADD but changed only with EDIT.
    create_level: Level = Level.EDIT
    schema: type[Input] | None = None  # validates a create; a patch is its partial form
    fields: tuple[str, ...] = ()  # what a person writes: the schema's fields
    readonly: tuple[str, ...] = ()  # what the record also shows but only its verbs change
    title_field: str = "title"
    # Fields only some may read: field → (action, level) the caller needs.
    restricted: Mapping[str, tuple[Action, Level]] = field(default_factory=dict)
    hooks: Hooks = field(default_factory=Hooks)
    operations: Mapping[str, Operation] = field(default_factory=dict)
    api: RecordApi | None = None
    page: RecordPage | None = None
    search: Callable[[Record], SearchText] | None = None
    url: Callable[[Record], str] | None = None
    key: Callable[[Record], str] | None = None  # a human key such as DRN-42
    product_path: str = "product"  # the lookup from a row to its product
    verbs: tuple[str, ...] = ("created", "updated", "archived", "restored")
    singleton: bool = False  # at most one live record per product (the vision board)
    app: str = ""

    def title_of(self, record: Record) -> str:
        return str(getattr(record, self.title_field, "") or record)

    def action_of(self, record: Record | None, values: Values) -> Action:
        if self.hooks.action_for is not None:
            return self.hooks.action_for(record, values)
        return self.action

    def may_change(self, access: ProductAccess, record: Record | None) -> bool:
        """True where the kind lets this caller change a record below the writing level."""
        hook = self.hooks.may_change
        return record is not None and hook is not None and hook(access, record)

    def readable_fields(self, access: ProductAccess) -> frozenset[str]:
        """The fields this caller may read; the rest are left out of what they see."""
        return frozenset(
            name
            for name in self.fields + self.readonly
            if name not in self.restricted or access.can(*self.restricted[name])
        )

    def scoped(self, access: ProductAccess) -> models.QuerySet[Any]:
        """Every row of this type in the caller's product, archived ones included."""
        return self.model._default_manager.filter(**{self.product_path: access.product})


_types: dict[str, RecordType] = {}
_by_model: dict[type[models.Model], RecordType] = {}


def register(record_type: RecordType) -> RecordType:
    """Declare a kind; declaring the same name again (a reloaded app) replaces it."""
    _types[record_type.name] = record_type
    _by_model[record_type.model] = record_type
    return record_type


def record_type(name: str) -> RecordType:
    try:
        return _types[name]
    except KeyError:
        raise LookupError(f"No record type {name!r} is registered.") from None


def type_of(model: type[models.Model]) -> RecordType:
    try:
        return _by_model[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not a registered record type.") from None


def all_types() -> Iterator[RecordType]:
    return iter(sorted(_types.values(), key=lambda t: t.name))


def searchable_types() -> Iterator[RecordType]:
    return (t for t in all_types() if t.search is not None)


_proposal_kinds: dict[str, RecordType] = {}


def register_proposals(record_type: RecordType) -> RecordType:
    """Declare a kind whose verbs are its own (an item, a sprint) but whose proposals wait in
    the one queue: known to proposals only, not to the generic routes, search or export."""
    _proposal_kinds[record_type.name] = record_type
    return record_type


def proposal_type(name: str) -> RecordType:
    """The kind a proposal changes: a registered type, or one declared for proposals only."""
    if name in _proposal_kinds:
        return _proposal_kinds[name]
    return record_type(name)


def proposal_type_names() -> list[str]:
    """Every kind a proposal may change, sorted."""
    return sorted({*_types, *_proposal_kinds})


def operation(type_name: str, operation_name: str) -> Operation:
    operations = proposal_type(type_name).operations
    if operation_name not in operations:
        raise LookupError(f"{type_name} has no proposal operation {operation_name!r}.")
    return operations[operation_name]


def snapshot(record_type: RecordType, record: Record) -> dict[str, Any]:
    """The declared fields as JSON-ready values: ids for references, ISO text for dates."""
    names = record_type.fields + record_type.readonly
    return {name: plain(_value(record, name)) for name in names}


def _value(record: Record, name: str) -> Any:
    model_field = record._meta.get_field(name)
    if model_field.many_to_many:
        if record.pk is None:
            return []
        rows = getattr(record, name).all()
        if model_field.related_model.__name__ == "User":  # people are known by e-mail
            return sorted(person.email for person in rows)
        return sorted(related.pk for related in rows)
    if model_field.is_relation:
        if model_field.related_model is not None and model_field.related_model.__name__ == "User":
            person = getattr(record, name)  # people are known by e-mail across the product
            return person.email if person is not None else None
        return getattr(record, model_field.attname)
    return getattr(record, name)


def plain(value: Any) -> Any:
    """A model value as JSON would hold it."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


# --- search-only sources ------------------------------------------------------------------


@dataclass(frozen=True)
class SearchSource:
    """A kind of text people look for that is not (yet) a record type of its own.

    ``refresh_on`` maps an audit event's object type to the lookup from this model to
    that object's id: a comment is looked at again when its item's events arrive
    (``{"item": "item_id"}``). The first entry also groups the documents, so a row
    removed for real disappears from the index with its group's next event.
    """

    name: str  # the search kind: "comment"
    model: type[models.Model]
    label: str
    search: Callable[[Record], SearchText]
    action: Action
    refresh_on: Mapping[str, str]
    url: Callable[[Record], str] | None = None
    key: Callable[[Record], str] | None = None
    product_path: str = "product"
    restricted: Mapping[str, tuple[Action, Level]] = field(default_factory=dict)


_sources: dict[str, SearchSource] = {}


def register_search(source: SearchSource) -> SearchSource:
    """Add a search-only kind (an item's comments, a retrospective's notes)."""
    _sources[source.name] = source
    return source


def search_sources() -> Iterator[SearchSource]:
    """Every kind the search index holds: searchable record types, then search-only ones."""
    for spec in searchable_types():
        assert spec.search is not None
        yield SearchSource(
            name=spec.name,
            model=spec.model,
            label=spec.label,
            search=spec.search,
            action=spec.action,
            refresh_on={spec.name: "pk"},
            url=spec.url,
            key=spec.key,
            product_path=spec.product_path,
            restricted=spec.restricted,
        )
    yield from sorted(_sources.values(), key=lambda s: s.name)


# --- export declarations ------------------------------------------------------------------


@dataclass(frozen=True)
class ExportKind:
    """A model whose rows belong to a product and travel in its archive.

    Every registered record type is one; apps declare the rest (items, sprints, a
    survey's answers) with :func:`register_export`. ``type_name`` is the name the
    audit log and external ids use for it ("item"); ``generic`` names a pair of
    fields (type name, id) that point at a record of any kind (an event's object).
    """

    model: type[models.Model]
    product_path: str = "product"
    type_name: str = ""
    generic: tuple[str, str] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_exports: dict[type[models.Model], ExportKind] = {}


def register_export(
    model: type[models.Model],
    *,
    product_path: str = "product",
    type_name: str = "",
    generic: tuple[str, str] | None = None,
) -> None:
    name = type_name or re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()
    _exports[model] = ExportKind(model, product_path, name, generic)


def export_kinds() -> list[ExportKind]:
    """Every kind a product's archive holds, in a fixed order."""
    kinds = {t.model: ExportKind(t.model, t.product_path, t.name) for t in _types.values()}
    kinds.update(_exports)
    return sorted(kinds.values(), key=lambda kind: kind.label)
