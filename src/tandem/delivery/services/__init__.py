"""Every write to delivery records: rights, one transaction, an audit event, a version."""
