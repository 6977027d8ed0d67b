"""Who may do what on a product: the rights table applied to one person."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import PermissionDenied
from .models import Product, Role, User
from .rights import Action, Level, level_for


@dataclass(frozen=True)
class ProductAccess:
    """A product as one member sees it: selectors hand this out, services check it."""

    user: User
    product: Product
    roles: frozenset[str]

    def level(self, action: Action) -> Level:
        return level_for(self.roles, action, self.product.organization.rights_overrides)

    def can(self, action: Action, needed: Level) -> bool:
        return self.level(action) >= needed

    def require(self, action: Action, needed: Level) -> Level:
        """The caller's level when it reaches ``needed``; otherwise a clear refusal."""
        level = self.level(action)
        if level < needed:
            raise PermissionDenied(
                f"Your role on {self.product.key} cannot {needed.name.lower()} {action.value}."
            )
        return level

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in Role.values if r in self.roles]

    @property
    def is_product_owner(self) -> bool:
        return Role.PRODUCT_OWNER in self.roles

    @property
    def is_product_manager(self) -> bool:
        return Role.PRODUCT_MANAGER in self.roles
