"""Tandem: product management for the Product Manager and the Product Owner."""

__version__ = "0.1.0"
