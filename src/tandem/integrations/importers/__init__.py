"""Importing other tools' exports into a product (the readers are in ``sources``)."""
