"""User story mapping: activities left to right, steps under each, the product's stories
under each step in backlog rank, cut by horizontal release slices.

The map is another view of the ranked backlog: a story's place under its step is its
backlog rank, and a move on the map goes through ``services.item_move``, so a
proposer's drag becomes the same move proposal as on the backlog.
"""
