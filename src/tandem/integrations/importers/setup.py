"""What importing and the archive plug into other apps, from ``AppConfig.ready``."""

from __future__ import annotations


def install() -> None:
    from tandem.backlog import extensions
    from tandem.workspace.navigation import NavLink, register
    from tandem.workspace.registry import register_export
    from tandem.workspace.rights import Action, Level

    from ..import_models import ExternalRef
    from ..jira_models import SavedFilter
    from ..models import CodeLink
    from . import lookups

    # An imported item is found by the key it had in the other tool.
    extensions.register_key_lookup(lookups.items_by_old_key)
    # Its external ids travel in the product's archive, so the old keys keep working there.
    register_export(ExternalRef, generic=("object_type", "object_id"))
    # A team's saved JQL and the commits linked to its items are its work too; webhooks and
    # the GitHub connection hold secrets of this instance and stay behind.
    register_export(SavedFilter)
    register_export(CodeLink, product_path="item__product")
    register(
        NavLink(
            "Import and export",
            "imports:imports",
            "Settings",
            96,
            needs=(Action.INTEGRATIONS, Level.DECIDE),
        )
    )
