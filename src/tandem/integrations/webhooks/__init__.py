"""Outgoing webhooks: a product's audited writes, signed and delivered by the job queue.

Start here: ``events`` (what one may subscribe to), ``services`` (create, change,
archive, redeliver), ``dispatch`` (the audit listener and the fan-out job),
``sending`` (one signed attempt and its back-off), ``addresses`` (never to a
private address), ``github`` (the incoming side: commits and pull requests).
"""
