"""Operators' view of delivery records in /admin/."""
