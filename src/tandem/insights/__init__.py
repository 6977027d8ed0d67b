"""Stakeholders, customers, feedback, ideas and surveys: the evidence behind priorities."""
