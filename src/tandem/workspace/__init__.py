"""Organizations, products, members, the rights table and the audit log."""
