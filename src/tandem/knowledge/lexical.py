"""Full-text matching on the database in use: SQLite FTS5 or PostgreSQL ``tsvector``.

Both stem English words (porter / the ``english`` configuration), so "batteries" finds
"battery", and treat the last word as a prefix, so a half-typed word already finds.
Matched words come back between ``OPEN`` and ``CLOSE``; :mod:`.search` escapes the text
and turns those into ``<mark>``.

A search costs at most ``CANDIDATES`` scored documents, however many match: the
matches the caller may read are taken newest first (the order the index stores them
in, so no sort), and only the first ``CANDIDATES`` of them are ranked. Below that many
matches — any rare enough word — the ranking is over all of them; a word in a tenth of
a million-item backlog ranks its newest 2,000, in milliseconds rather than a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection

OPEN, CLOSE = "\u27e6", "\u27e7"
_HEADLINE = (
    f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords=28, MinWords=12, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)
CANDIDATES = 2_000
_WORD = re.compile(r"\w+(?:\.\w+)*", re.UNICODE)  # "2.4" stays one word


@dataclass(frozen=True)
class LexicalHit:
    document_id: int
    score: float
    snippet: str  # raw text with OPEN/CLOSE around the matched words


def words(query: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(query) if w.strip("_")][:32]


def _fts5_query(terms: list[str], *, any_word: bool) -> str:
    quoted = [f'"{t}"' for t in terms]
    quoted[-1] += "*"
    return (" OR " if any_word else " ").join(quoted)


def _tsquery(terms: list[str], *, any_word: bool) -> str:
    parts = [*terms[:-1], f"{terms[-1]}:*"]
    return (" | " if any_word else " & ").join(parts)


def match(
    query: str, *, where: str, params: list[Any], limit: int, any_word: bool = False
) -> list[LexicalHit]:
    """Documents matching every word (or any, with ``any_word``), best first.

    ``where`` is an SQL condition on the documents table aliased ``d`` (the caller's
    permissions and filters), with ``params`` for its placeholders.
    """
    terms = words(query)
    if not terms:
        return []
    if connection.vendor != "postgresql":
        return _fts5_match(_fts5_query(terms, any_word=any_word), where, params, limit)
    # PostgreSQL postpones the costly rank and headline past the inner limit by itself.
    sql = f"""
        SELECT c.id, ts_rank_cd(c.search, q) AS score,
               CASE WHEN to_tsvector('english', c.body) @@ q
                    THEN ts_headline('english', c.body, q, '{_HEADLINE}')
                    ELSE ts_headline('english', c.title, q, '{_HEADLINE}') END
        FROM (SELECT d.id, d.search, d.title, d.body
              FROM knowledge_searchdocument d
              WHERE d.search @@ to_tsquery('english', %s) AND ({where})
              ORDER BY d.id DESC LIMIT %s) c,
             to_tsquery('english', %s) q
        ORDER BY score DESC, c.id DESC LIMIT %s"""
    tsquery = _tsquery(terms, any_word=any_word)
    args = [tsquery, *params, CANDIDATES, tsquery, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [LexicalHit(int(i), float(s), str(snip or "")) for i, s, snip in cursor.fetchall()]


# The index's tokenizer (its migration): the snippets' table must cut words the same way.
_FTS5_TOKENIZE = "porter unicode61 remove_diacritics 2"


def _fts5_match(fts_query: str, where: str, params: list[Any], limit: int) -> list[LexicalHit]:
    """Rank first, then cut snippets for the kept rows only, from a table of just them.

    SQLite computes every selected column before it sorts, so a snippet asked for in the
    ranking query is cut for every match. Asked of the index afterwards, it still costs
    the whole match again (a prefix word merges every term it starts, ~200 ms for a
    common one at a million documents); a private FTS5 table holding only the kept rows
    answers the same snippets in under a millisecond.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT id, score FROM (
                SELECT d.id AS id, -bm25(knowledge_search_fts, 4.0, 1.0) AS score
                FROM knowledge_search_fts JOIN knowledge_searchdocument d
                     ON d.id = knowledge_search_fts.rowid
                WHERE knowledge_search_fts MATCH %s AND ({where})
                ORDER BY knowledge_search_fts.rowid DESC LIMIT %s)
            ORDER BY score DESC, id DESC LIMIT %s""",
            [fts_query, *params, CANDIDATES, limit],
        )
        ranked = [(int(i), float(s)) for i, s in cursor.fetchall()]
        if not ranked:
            return []
        cursor.execute(  # temp: this connection's own, never written to the database file
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_snippets "
            f"USING fts5(title, body, tokenize='{_FTS5_TOKENIZE}')"
        )
        cursor.execute("DELETE FROM temp.search_snippets")
        cursor.execute(
            "INSERT INTO temp.search_snippets(rowid, title, body) "
            "SELECT id, title, body FROM knowledge_searchdocument "
            f"WHERE id IN ({', '.join(['%s'] * len(ranked))})",
            [i for i, _ in ranked],
        )
        cursor.execute(
            f"""
            SELECT rowid, snippet(search_snippets, -1, '{OPEN}', '{CLOSE}', ' … ', 24)
            FROM temp.search_snippets WHERE search_snippets MATCH %s""",
            [fts_query],
        )
        snippets = {int(i): str(snip or "") for i, snip in cursor.fetchall()}
    return [LexicalHit(i, score, snippets.get(i, "")) for i, score in ranked]
