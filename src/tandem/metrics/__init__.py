"""Metrics, their measurements over time, and experiments."""
