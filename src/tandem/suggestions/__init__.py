"""Learning from the team's own history: estimate suggestions, similar items, story quality.

Start here. The algorithms live in ``tandem.core`` (``estimates``, ``similar_items``,
``story_quality``) and are measured in benchmarks/README.md; this package puts them in
front of people without ever changing an item by itself:

Modules:

- ``models``: ``ItemNeighbour``, each item's closest items, stored when an item changes.
- ``texts``: an item as the similarity index reads it (title, description, and the
  sentence vector the search index already keeps).
- ``index``: one similarity index per product and process, patched as items change.
- ``neighbours``: the audit listener, the background job that refreshes neighbours,
  the reads of the stored rows, and the check before a new item is saved.
- ``estimates``: a suggested estimate from the product's estimated items.
- ``quality``: Quality User Story findings and the "split into two stories" verb.
- ``api``, ``views``, ``urls``, ``templates/``: ``/api/v1/items/KEY/...``, the
  item-page panel, refinement's card, quick add's warning.

Suggestions are always reads; applying one goes through the backlog's own services
(``item_update`` with the version the person read, ``item_create``), so the rights
table holds for them exactly as for a hand edit.
"""
