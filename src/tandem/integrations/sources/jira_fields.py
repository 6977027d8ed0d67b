"""Which of Jira's custom fields hold story points, sprints, the epic link and the rank.

Custom fields have per-site ids (``customfield_10016``), so a reader finds them:
by an id the person gives, else by the field's name or schema type from the
search's ``names``/``schema`` (``expand=names,schema``) or the site's field list
(``/rest/api/2/field``), else — for sprints and rank only, whose values have an
unmistakable shape — by looking at the values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .jira_sprints import is_sprint_value

SPRINT_TYPE = "com.pyxis.greenhopper.jira:gh-sprint"
EPIC_LINK_TYPE = "com.pyxis.greenhopper.jira:gh-epic-link"
RANK_TYPE = "com.pyxis.greenhopper.jira:gh-lexo-rank"
STORY_POINTS_TYPE = "com.pyxis.greenhopper.jira:jsw-story-points"
STORY_POINTS_NAMES = ("story points", "story point estimate")


@dataclass(frozen=True)
class JiraOptions:
    """Field ids to use instead of finding them (``customfield_10016``)."""

    story_points_field: str = ""
    sprint_field: str = ""
    epic_link_field: str = ""
    rank_field: str = ""


@dataclass
class FieldCatalog:
    """Names and schema types of the custom fields seen so far, and the ids they point to."""

    options: JiraOptions = field(default_factory=JiraOptions)
    names: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    story_points: tuple[str, ...] = ()
    sprint: tuple[str, ...] = ()
    epic_link: tuple[str, ...] = ()
    rank: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._decide()

    def learn_page(self, page: dict[str, Any]) -> None:
        """Take in a search body's ``names`` (id → name) and ``schema`` (id → {custom: type})."""
        names = page.get("names")
        schema = page.get("schema")
        changed = False
        if isinstance(names, dict):
            for key, name in names.items():
                if isinstance(name, str) and self.names.get(key) != name:
                    self.names[key] = name
                    changed = True
        if isinstance(schema, dict):
            for key, entry in schema.items():
                custom = entry.get("custom") if isinstance(entry, dict) else None
                if isinstance(custom, str) and self.types.get(key) != custom:
                    self.types[key] = custom
                    changed = True
        if changed:
            self._decide()

    def learn_field_list(self, fields: list[Any]) -> None:
        """Take in the site's field list: ``[{"id", "name", "schema": {"custom"}}]``."""
        for entry in fields:
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            if isinstance(entry.get("name"), str):
                self.names[entry["id"]] = entry["name"]
            schema = entry.get("schema")
            if isinstance(schema, dict) and isinstance(schema.get("custom"), str):
                self.types[entry["id"]] = schema["custom"]
        self._decide()

    def spot_by_shape(self, fields: dict[str, Any]) -> None:
        """Find the sprint and rank fields from their values when nothing named them."""
        for key, value in fields.items():
            if not key.startswith("customfield_") or value is None:
                continue
            if not self.sprint and is_sprint_value(value):
                self.sprint = (key,)
            elif not self.rank and isinstance(value, str) and _looks_like_lexorank(value):
                self.rank = (key,)

    def _decide(self) -> None:
        options = self.options
        lowered = {key: name.lower() for key, name in self.names.items()}
        self.story_points = _pick(
            options.story_points_field,
            [key for name in STORY_POINTS_NAMES for key, n in lowered.items() if n == name]
            + [key for key, kind in self.types.items() if kind == STORY_POINTS_TYPE],
        )
        self.sprint = (
            _pick(
                options.sprint_field,
                [key for key, kind in self.types.items() if kind == SPRINT_TYPE]
                + [key for key, n in lowered.items() if n == "sprint" and key.startswith("custom")],
            )
            or self.sprint
        )
        self.epic_link = _pick(
            options.epic_link_field,
            [key for key, kind in self.types.items() if kind == EPIC_LINK_TYPE]
            + [key for key, n in lowered.items() if n == "epic link"],
        )
        self.rank = (
            _pick(
                options.rank_field,
                [key for key, kind in self.types.items() if kind == RANK_TYPE]
                + [key for key, n in lowered.items() if n == "rank"],
            )
            or self.rank
        )


def _pick(configured: str, found: list[str]) -> tuple[str, ...]:
    if configured:
        return (configured,)
    return tuple(dict.fromkeys(found))


def _looks_like_lexorank(value: str) -> bool:
    # "0|i0031r:" / "1|hzzzzz:" — a bucket digit, a bar, base-36 digits, a colon.
    return (
        len(value) > 3
        and value[0].isdigit()
        and value[1] == "|"
        and ":" in value
        and value[2:].replace(":", "").isalnum()
    )
