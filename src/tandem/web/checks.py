"""Deploy checks of our own: ``tandem check --deploy`` catches what would make every page a 500."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import STATICFILES_STORAGE_ALIAS, settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.files.storage import storages

RUN_COLLECTSTATIC = (
    "Run `tandem collectstatic --noinput` (`tandem serve` runs it) and read its errors."
)


@register(Tags.staticfiles, deploy=True)
def static_files_manifest(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """With manifest static files, a page that names a file missing from the manifest is a 500.

    The manifest is missing when collectstatic never ran or failed half-way (a file that
    names another file that is not there), and stale when files were added after it ran.
    """
    # A fresh instance reads the manifest as it is on disk now, not as this process loaded it.
    storage = storages.create_storage(settings.STORAGES[STATICFILES_STORAGE_ALIAS])
    if not isinstance(storage, ManifestFilesMixin):
        return []
    try:
        entries, _ = storage.load_manifest()
    except ValueError as exc:
        return [
            Error(
                f"The static files manifest is unreadable: {exc}",
                hint=RUN_COLLECTSTATIC,
                id="tandem.E001",
            )
        ]
    if not entries:
        return [
            Error(
                f"There is no static files manifest in {storage.location}: every page would "
                "answer 500.",
                hint=RUN_COLLECTSTATIC,
                id="tandem.E001",
            )
        ]
    missing = sorted(
        path
        for finder in get_finders()
        for path, _ in finder.list(["CVS", ".*", "*~"])
        if path.replace("\\", "/") not in entries
    )
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        return [
            Error(
                f"The static files manifest lacks {len(missing)} file(s) the apps ship "
                f"({shown}): pages that use them would answer 500.",
                hint=RUN_COLLECTSTATIC,
                id="tandem.E002",
            )
        ]
    unstored = sorted(name for name in set(entries.values()) if not storage.exists(name))
    if unstored:
        return [
            Error(
                f"The static files manifest names {len(unstored)} file(s) that are not in "
                f"{storage.location} (e.g. {unstored[0]}).",
                hint=RUN_COLLECTSTATIC,
                id="tandem.E003",
            )
        ]
    return []
