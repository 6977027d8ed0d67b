"""Operators' view of metrics records in /admin/."""
