"""What the backlog plugs into the apps below it."""

from __future__ import annotations

from tandem.strategy.extensions import register_work_source

from .selectors.initiatives import initiative_work

register_work_source(initiative_work)
