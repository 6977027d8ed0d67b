"""Hooks of the sprint side (see tandem.backlog.extensions)."""
