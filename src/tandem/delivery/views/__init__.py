"""The delivery pages, one module per area."""
