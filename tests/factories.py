"""Factories for test data: every test builds what it needs, nothing is shared."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from tandem.backlog.models import AcceptanceCriterion, Item, Kind
from tandem.core.ranking import key_between
from tandem.workspace.models import Membership, Organization, Product, Role, User


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-1")

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Org {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


def _product_key(n: int) -> str:
    letters = ""
    n += 26
    while n:
        n, r = divmod(n, 26)
        letters = chr(65 + r) + letters
    return f"P{letters}"


class ProductFactory(DjangoModelFactory[Product]):
    class Meta:
        model = Product

    organization = factory.SubFactory(OrganizationFactory)
    key = factory.Sequence(_product_key)
    name = factory.Sequence(lambda n: f"Product {n}")


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    product = factory.SubFactory(ProductFactory)
    role = Role.TEAM_MEMBER


class ItemFactory(DjangoModelFactory[Item]):
    """A row straight in the table; tests of behaviour create items through the services."""

    class Meta:
        model = Item

    product = factory.SubFactory(ProductFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = Kind.STORY
    title = factory.Sequence(lambda n: f"Story {n}")
    rank = factory.LazyAttribute(
        lambda o: key_between(
            Item.objects.filter(product=o.product)
            .order_by("-rank")
            .values_list("rank", flat=True)
            .first(),
            None,
        )
    )


class CriterionFactory(DjangoModelFactory[AcceptanceCriterion]):
    class Meta:
        model = AcceptanceCriterion

    item = factory.SubFactory(ItemFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "It works"
