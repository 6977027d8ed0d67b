"""A Jira-compatible REST API (v2 and Agile 1.0) over Tandem's backlog and sprints.

Start here: ``urls.py`` lists every address; ``http.py`` authenticates (Bearer
token, or Basic with e-mail and token as Jira does) and answers errors in Jira's
shape; ``shapes.py`` turns Tandem's records into Jira's JSON; ``jql.py`` compiles
JQL to database conditions; ``issues.py``, ``search.py`` and ``agile.py`` are the
endpoints. Every write goes through the backlog and delivery services, so rights,
audit and versions hold exactly as in Tandem itself.
"""
