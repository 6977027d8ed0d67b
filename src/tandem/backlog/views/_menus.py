"""The filter bar's menus: several values per filter, and an "is not" switch for each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tandem.backlog.models import Kind, MoSCoW, Status
from tandem.backlog.selectors import BacklogFilters, EpicChoice
from tandem.workspace.models import User

Choice = tuple[str, str]


@dataclass(frozen=True)
class Option:
    value: str
    text: str
    checked: bool


@dataclass(frozen=True)
class FilterMenu:
    """One filter as the page shows it: its ticked values either shown or left out.

    A saved view or an API-style link may hold both (``status=new&not_status=done``):
    the menu shows the values asked for, and keeps the left-out ones as hidden fields.
    """

    name: str
    label: str
    options: tuple[Option, ...]
    negated: bool
    kept_out: tuple[str, ...]

    @property
    def summary(self) -> str:
        texts = [o.text for o in self.options if o.checked]
        if not texts:
            return "All"
        shown = texts[0] if len(texts) == 1 else f"{texts[0]} +{len(texts) - 1}"
        return f"not {shown}" if self.negated else shown


def _menu(
    name: str, label: str, choices: Iterable[Choice], chosen: Sequence[str], left_out: Sequence[str]
) -> FilterMenu:
    negated = bool(left_out) and not chosen
    ticked = [v.upper() if name == "epic" else v for v in (left_out if negated else chosen)]
    choices = list(choices)
    known = {value for value, _ in choices}
    # A value no longer offered (an archived epic, a former member) stays in force and shown.
    choices += [(value, value) for value in ticked if value not in known]
    return FilterMenu(
        name=name,
        label=label,
        options=tuple(Option(value, text, value in ticked) for value, text in choices),
        negated=negated,
        kept_out=() if negated else tuple(left_out),
    )


def filter_menus(
    filters: BacklogFilters,
    *,
    labels: Sequence[str],
    people: Iterable[User],
    epics: Iterable[EpicChoice],
) -> list[FilterMenu]:
    f = filters
    assignees = [("me", "Me"), ("none", "Unassigned")]
    assignees += [(p.email, p.display_name) for p in people]
    return [
        _menu("kind", "Kind", Kind.choices, f.kind, f.not_kind),
        _menu("status", "Status", Status.choices, f.status, f.not_status),
        _menu("assignee", "Assignee", assignees, f.assignee, f.not_assignee),
        _menu("epic", "Epic", [(e.key, f"{e.key} {e.label}") for e in epics], f.epic, f.not_epic),
        _menu("label", "Label", [(name, name) for name in labels], f.label, f.not_label),
        _menu("moscow", "MoSCoW", MoSCoW.choices, f.moscow, f.not_moscow),
    ]
