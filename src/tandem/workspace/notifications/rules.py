"""Who hears of an audited write, and why; who starts watching because of it.

Never the person who made the change; never someone who is not a member of the
record's product; never about a change to fields the reader may not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..access import ProductAccess
from ..models import Event, Membership, Product, Proposal, Role, User
from ..registry import record_type
from ..rights import Level
from . import mentions, targets
from .models import NotificationReason, Watch, WatchReason

# Writes that tell watchers nothing they would miss: a new place in the backlog or on the
# story map, a vote.
QUIET_VERBS = frozenset(
    {
        "item.moved",
        "item.placed",
        "item.unplaced",
        "idea.voted",
        "idea.unvoted",
        "criterion.checked",
        "test_run.recorded",
    }
)
# What the product's direction is made of: stakeholders follow it without watching.
DIRECTION_TYPES = frozenset({"vision", "initiative", "release", "decision", "objective"})
DIRECTION_VERBS = frozenset({"created", "updated", "moved", "shipped", "archived", "restored"})
# The actor starts watching what they made, proposed or asked about.
_TAKES_PART = {"created": WatchReason.CREATED, "raised": WatchReason.CREATED}
_TAKES_PART_VERBS = {"comment.added": WatchReason.TOOK_PART}


@dataclass
class Plan:
    """What one event leads to: the notifications to write and the watches to start."""

    notify: dict[int, tuple[str, tuple[str, int]]] = field(default_factory=dict)
    watch: dict[tuple[int, tuple[str, int]], str] = field(default_factory=dict)


class Audience:
    """A product's members and what each may read; built once per batch of events."""

    def __init__(self, product: Product) -> None:
        self.product = product
        roles: dict[int, set[str]] = {}
        people: dict[int, User] = {}
        for membership in Membership.objects.filter(product=product).select_related("user"):
            roles.setdefault(membership.user_id, set()).add(membership.role)
            people[membership.user_id] = membership.user
        self.people = people
        self.access = {
            pk: ProductAccess(user=people[pk], product=product, roles=frozenset(r))
            for pk, r in roles.items()
        }
        self.directory = mentions.Directory(p for p in people.values() if p.is_active)

    def stakeholders(self) -> list[int]:
        return [pk for pk, a in self.access.items() if Role.STAKEHOLDER in a.roles]

    def readable(self, user_id: int, event: Event) -> frozenset[str] | None:
        """The record's fields this member may read; None when the kind has no such rule."""
        try:
            spec = record_type(event.object_type)
        except LookupError:
            return None
        access = self.access[user_id]
        declared = set(spec.fields + spec.readonly)
        extra = {name for name in (event.after or {}) if name not in declared}
        return spec.readable_fields(access) | frozenset(extra)

    def may_hear(self, user_id: int, event: Event) -> bool:
        access = self.access.get(user_id)
        if access is None or not access.user.is_active:
            return False
        try:
            spec = record_type(event.object_type)
        except LookupError:
            return True
        if access.level(spec.action) < Level.READ:
            return False
        if not event.verb.endswith(".updated"):
            return True
        readable = self.readable(user_id, event) or frozenset()
        changed = set(event.after or {}) - {"rank", "version", "updated_at"}
        return bool(changed & readable)


def places_of(event: Event) -> list[tuple[str, int]]:
    """The records an event is shown under: a blocker is news on each item it halts."""
    if event.object_type == "impediment" and event.product is not None:
        keys = (event.after or {}).get("items") or []
        ids = targets.ids_of_keys(event.product, "item", keys)
        if ids:
            return [("item", pk) for pk in ids]
    if event.object_id:
        return [(event.object_type, event.object_id)]
    return []


def watchers(
    product: Product, places: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], set[int]]:
    wanted = list(places)
    found: dict[tuple[str, int], set[int]] = {place: set() for place in wanted}
    types = {t for t, _ in wanted}
    ids = {i for _, i in wanted}
    rows = Watch.objects.filter(product=product, object_type__in=types, object_id__in=ids)
    for object_type, object_id, user_id in rows.values_list("object_type", "object_id", "user_id"):
        if (object_type, object_id) in found:
            found[(object_type, object_id)].add(user_id)
    return found


def _mentioned(event: Event, audience: Audience) -> set[int]:
    people: set[int] = set()
    for field_name, names in mentions.new_names_by_field(event).items():
        for person in audience.directory.resolve(names):
            readable = audience.readable(person.pk, event)
            if readable is None or field_name in readable or field_name == "body":
                people.add(person.pk)
    return people


def _assignee(event: Event, audience: Audience) -> int | None:
    email = (event.after or {}).get("assignee")
    if not isinstance(email, str) or not email:
        return None
    found = next((p for p in audience.people.values() if p.email == email.lower()), None)
    return found.pk if found is not None else None


def _proposer(event: Event) -> int | None:
    proposal_id = (event.after or {}).get("proposal")
    if not event.verb.startswith("proposal.") or event.object_type == "item" or not proposal_id:
        return None
    proposal = Proposal.objects.filter(pk=proposal_id, product=event.product).first()
    return proposal.proposed_by_id if proposal is not None else None


def _is_direction(event: Event) -> bool:
    noun, _, action = event.verb.partition(".")
    return noun in DIRECTION_TYPES and action in DIRECTION_VERBS


def plan(event: Event, audience: Audience, watching: dict[tuple[str, int], set[int]]) -> Plan:
    """Everyone who hears of ``event`` (with why) and everyone who starts watching."""
    result = Plan()
    places = places_of(event)
    actor = event.actor_id
    mentioned = _mentioned(event, audience)
    assignee = _assignee(event, audience)
    action = event.verb.partition(".")[2]
    starts = _TAKES_PART_VERBS.get(event.verb) or _TAKES_PART.get(action)
    if action.endswith("_proposed"):
        starts = WatchReason.TOOK_PART
    for place in places:
        if actor is not None and starts is not None:
            result.watch[(actor, place)] = starts
        if assignee is not None:
            result.watch[(assignee, place)] = WatchReason.ASSIGNED
        for person in mentioned:
            result.watch.setdefault((person, place), WatchReason.MENTIONED)
    hearers = _hearers(event, audience, watching, places)
    if assignee is not None:
        hearers.setdefault(assignee, NotificationReason.YOURS)
    for person in mentioned:
        hearers[person] = NotificationReason.MENTIONED
    for person, reason in hearers.items():
        if person != actor and audience.may_hear(person, event):
            result.notify[person] = (reason, _place_for(person, places, watching, event))
    return result


def _hearers(
    event: Event,
    audience: Audience,
    watching: dict[tuple[str, int], set[int]],
    places: list[tuple[str, int]],
) -> dict[int, str]:
    """Who hears of it for watching or following it, and the proposer of what it decided."""
    hearers: dict[int, str] = {}
    if event.verb not in QUIET_VERBS:
        for place in places:
            for person in watching.get(place, set()):
                hearers[person] = NotificationReason.WATCHING
        if _is_direction(event):
            for person in audience.stakeholders():
                hearers.setdefault(person, NotificationReason.FOLLOWING)
    proposer = _proposer(event)
    if proposer is not None:
        hearers[proposer] = NotificationReason.YOURS
    return hearers


def _place_for(
    person: int,
    places: list[tuple[str, int]],
    watching: dict[tuple[str, int], set[int]],
    event: Event,
) -> tuple[str, int]:
    """The record the person hears of it under: one they watch, else the event's first."""
    watched = [place for place in places if person in watching.get(place, set())]
    return (watched or places or [(event.object_type, event.object_id)])[0]
