"""The Product Owner's backlog: items, acceptance criteria, ranking, refinement."""
