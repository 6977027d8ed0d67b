"""Who the source names: members matched by e-mail (else by name), others invited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tandem.integrations.sources import ImportedIssue, ImportedPerson
from tandem.workspace import invitations
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Invitation, Role, User


@dataclass
class People:
    """Each mentioned person's account id, or None when they have none yet."""

    by_identity: dict[str, int | None] = field(default_factory=dict)
    invited: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def user_id(self, person: ImportedPerson | None) -> int | None:
        return None if person is None else self.by_identity.get(person.identity)


def mentioned(issues: Iterable[ImportedIssue]) -> dict[str, ImportedPerson]:
    found: dict[str, ImportedPerson] = {}
    for issue in issues:
        for person in (*issue.assignees, issue.reporter, *(c.author for c in issue.comments)):
            if person is not None and person.identity not in found:
                found[person.identity] = person
    return found


def resolve(
    *, access: ProductAccess, issues: Iterable[ImportedIssue], accept_url: str, invite: bool
) -> People:
    """Match every person; invite (as team members) the addresses nobody here has yet."""
    persons = mentioned(issues)
    emails = {p.email.strip().lower() for p in persons.values() if p.email}
    users = {u.email: u.pk for u in User.objects.filter(email__in=emails).only("pk", "email")}
    named = {
        (u.name or "").strip().lower(): u.pk
        for u in User.objects.filter(memberships__product=access.product).only("pk", "name")
        if u.name
    }
    members = set(
        User.objects.filter(memberships__product=access.product, email__in=emails).values_list(
            "email", flat=True
        )
    )
    people = People()
    already = members | set(
        Invitation.objects.filter(product=access.product, email__in=emails).values_list(
            "email", flat=True
        )
    )
    for identity, person in persons.items():
        email = person.email.strip().lower()
        if email:
            people.by_identity[identity] = users.get(email)
            if email not in already and "@" in email:
                people.invited.append(email)
                already.add(email)
                if invite:
                    invitations.invitation_create(
                        access=access, email=email, role=Role.TEAM_MEMBER, accept_url=accept_url
                    )
            continue
        user_id = named.get(person.name.strip().lower()) or named.get(person.username.lower())
        people.by_identity[identity] = user_id
        if user_id is None:
            people.unmatched.append(person.name or person.username or identity)
    return people
