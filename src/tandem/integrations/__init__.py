"""Bringing work in from other tools, taking it out whole, and keeping them connected."""
