"""The rights table of DESIGN.md §2: the one place every write asks.

Levels are ordered, so a check is "at least this level". ``PROPOSE`` is the
interesting one: the write is not refused, it becomes a suggestion that the
decider accepts or declines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import IntEnum, StrEnum

from .models import Role


class Action(StrEnum):
    STRATEGY = (
        "strategy"  # vision, objectives, pricing, positioning, go-to-market, strategic decisions
    )
    ROADMAP = "roadmap"  # initiatives, competitor and market notes, metric targets, costs
    BACKLOG = "backlog"  # backlog order, story content, acceptance criteria, tactical decisions
    SPRINT = "sprint"  # sprint goal and content
    ACCEPT = "accept"  # accept or reject a done item
    WORK = "work"  # item status, tasks, estimates, comments, impediments
    FEEDBACK = "feedback"  # feedback, ideas, survey answers
    # Reading confidential figures: revenue, budgets and costs, stakeholder ratings.
    FIGURES = "figures"
    MEMBERS = "members"  # who is on the product and its teams, in which role
    INTEGRATIONS = "integrations"  # webhooks and connected tools, whose secrets they hold
    WIKI = "wiki"  # the product's wiki pages


class Level(IntEnum):
    NONE = 0
    READ = 1
    COMMENT = 2
    ADD = 3
    PROPOSE = 4
    EDIT = 5
    DECIDE = 6


_PM, _PO, _TEAM, _HOLDER, _VIEWER = (
    Role.PRODUCT_MANAGER,
    Role.PRODUCT_OWNER,
    Role.TEAM_MEMBER,
    Role.STAKEHOLDER,
    Role.VIEWER,
)
L = Level

DEFAULT_RIGHTS: Mapping[Action, Mapping[str, Level]] = {
    Action.STRATEGY: {
        _PM: L.DECIDE,
        _PO: L.PROPOSE,
        _TEAM: L.READ,
        _HOLDER: L.READ,
        _VIEWER: L.READ,
    },
    Action.ROADMAP: {
        _PM: L.DECIDE,
        _PO: L.PROPOSE,
        _TEAM: L.READ,
        _HOLDER: L.READ,
        _VIEWER: L.READ,
    },
    Action.BACKLOG: {
        _PM: L.PROPOSE,
        _PO: L.DECIDE,
        _TEAM: L.PROPOSE,
        _HOLDER: L.READ,
        _VIEWER: L.READ,
    },
    Action.SPRINT: {_PM: L.READ, _PO: L.DECIDE, _TEAM: L.PROPOSE, _HOLDER: L.READ, _VIEWER: L.READ},
    Action.ACCEPT: {_PM: L.NONE, _PO: L.DECIDE, _TEAM: L.NONE, _HOLDER: L.NONE, _VIEWER: L.NONE},
    Action.WORK: {_PM: L.EDIT, _PO: L.EDIT, _TEAM: L.EDIT, _HOLDER: L.COMMENT, _VIEWER: L.READ},
    Action.FEEDBACK: {_PM: L.EDIT, _PO: L.EDIT, _TEAM: L.ADD, _HOLDER: L.ADD, _VIEWER: L.READ},
    # Stakeholders and viewers see the product, not what it earns or costs, nor how they
    # themselves are rated; an organization can open it to them with an override.
    Action.FIGURES: {_PM: L.READ, _PO: L.READ, _TEAM: L.READ, _HOLDER: L.NONE, _VIEWER: L.NONE},
    # The two roles that answer for a product decide who works on it.
    Action.MEMBERS: {_PM: L.DECIDE, _PO: L.DECIDE, _TEAM: L.READ, _HOLDER: L.READ, _VIEWER: L.READ},
    Action.INTEGRATIONS: {
        _PM: L.DECIDE,
        _PO: L.DECIDE,
        _TEAM: L.NONE,
        _HOLDER: L.NONE,
        _VIEWER: L.NONE,
    },
    # Shared notes, not decisions: whoever builds the product writes them directly (every
    # version is kept and restorable); stakeholders and viewers read.
    Action.WIKI: {_PM: L.EDIT, _PO: L.EDIT, _TEAM: L.EDIT, _HOLDER: L.READ, _VIEWER: L.READ},
}


def level_for(
    roles: Iterable[str],
    action: Action,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> Level:
    """The highest level any of the person's roles grants; an organization's override wins."""
    best = Level.NONE
    for role in roles:
        level = DEFAULT_RIGHTS[action].get(role, Level.NONE)
        override = str((overrides or {}).get(role, {}).get(action.value, "")).upper()
        # An unknown level (a typo) keeps the default rather than breaking every check.
        level = Level.__members__.get(override, level)
        best = max(best, level)
    return best


def validate_overrides(overrides: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Field-level errors for an organization's overrides, so a typo cannot lock people out."""
    errors: dict[str, str] = {}
    roles = set(Role.values)
    for role, actions in overrides.items():
        if role not in roles:
            errors[role] = f"unknown role; expected one of {', '.join(sorted(roles))}"
            continue
        for action, level in actions.items():
            if action not in Action.__members__.values():
                errors[f"{role}.{action}"] = "unknown action"
            elif level.upper() not in Level.__members__:
                errors[f"{role}.{action}"] = "unknown level"
    return errors
