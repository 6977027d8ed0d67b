"""A product's whole archive: every kind it holds, as JSON in a zip (docs/archive-format.md)."""
