"""Operators' view of insights records in /admin/."""
