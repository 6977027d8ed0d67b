"""Operators' view of strategy records in /admin/."""
