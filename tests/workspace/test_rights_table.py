"""The rights table in code says what DESIGN.md §2 says, and overrides bend it safely."""

from __future__ import annotations

import pytest

from tandem.workspace.rights import Action, Level, level_for, validate_overrides

ROLES = ("product_manager", "product_owner", "team_member", "stakeholder", "viewer")

# DESIGN.md §2, copied by hand; "—" is written "none". Two rows more (see "figures", "members").
# fmt: off
DESIGN = {
    # action      PM         PO         team       stakeholder  viewer
    "strategy": ("decide",  "propose", "read",    "read",      "read"),  # vision, pricing…
    "roadmap":  ("decide",  "propose", "read",    "read",      "read"),  # initiatives, costs
    "backlog":  ("propose", "decide",  "propose", "read",      "read"),  # order, content
    "sprint":   ("read",    "decide",  "propose", "read",      "read"),  # sprint goal and content
    "accept":   ("none",    "decide",  "none",    "none",      "none"),  # a done item
    "work":     ("edit",    "edit",    "edit",    "comment",   "read"),  # status, tasks, comments
    "feedback": ("edit",    "edit",    "add",     "add",       "read"),  # feedback, ideas, surveys
    # Not in DESIGN.md's table yet: reading revenue, budgets, costs and stakeholder ratings.
    "figures":  ("read",    "read",    "read",    "none",      "none"),
    # Not in DESIGN.md's table yet: who is on the product and its teams.
    "members":  ("decide",  "decide",  "read",    "read",      "read"),
    # Not in DESIGN.md's table yet: webhooks and connected tools, whose secrets they hold.
    "integrations": ("decide", "decide", "none",  "none",      "none"),
    # Not in DESIGN.md's table yet: the wiki's pages.
    "wiki":     ("edit",    "edit",    "edit",    "read",      "read"),
}
# fmt: on

CELLS = [
    pytest.param(action, role, level, id=f"{role} {action}")
    for action, levels in DESIGN.items()
    for role, level in zip(ROLES, levels, strict=True)
]


def test_the_table_covers_every_action() -> None:
    assert set(DESIGN) == {a.value for a in Action}


@pytest.mark.parametrize(("action", "role", "level"), CELLS)
def test_each_role_has_the_level_design_gives_it(action: str, role: str, level: str) -> None:
    assert level_for([role], Action(action)).name.lower() == level


def test_someone_who_is_both_pm_and_po_gets_the_higher_level_of_each() -> None:
    roles = ["product_manager", "product_owner"]
    assert level_for(roles, Action.STRATEGY) == Level.DECIDE
    assert level_for(roles, Action.BACKLOG) == Level.DECIDE


def test_nobody_without_a_role_gets_anything() -> None:
    assert level_for([], Action.WORK) == Level.NONE


def test_an_override_loosens_one_cell() -> None:
    overrides = {"team_member": {"backlog": "decide"}}
    assert level_for(["team_member"], Action.BACKLOG, overrides) == Level.DECIDE
    assert level_for(["team_member"], Action.SPRINT, overrides) == Level.PROPOSE
    assert level_for(["product_manager"], Action.BACKLOG, overrides) == Level.PROPOSE


def test_an_override_tightens_one_cell() -> None:
    overrides = {"stakeholder": {"work": "read"}}
    assert level_for(["stakeholder"], Action.WORK, overrides) == Level.READ


def test_an_override_is_read_in_any_letter_case() -> None:
    assert level_for(["viewer"], Action.WORK, {"viewer": {"work": "Comment"}}) == Level.COMMENT


def test_an_unknown_level_in_the_overrides_falls_back_to_the_default() -> None:
    """A typo must not take every page of the organization down."""
    overrides = {"team_member": {"work": "godmode"}}
    assert level_for(["team_member"], Action.WORK, overrides) == Level.EDIT


def test_valid_overrides_have_no_errors() -> None:
    assert validate_overrides({"team_member": {"backlog": "decide"}}) == {}


def test_bad_overrides_are_named_role_by_role() -> None:
    errors = validate_overrides(
        {"intern": {"work": "edit"}, "viewer": {"wrk": "edit", "work": "godmode"}}
    )
    assert set(errors) == {"intern", "viewer.wrk", "viewer.work"}
