"""Search over everything a person may read: lexical, semantic, and the two fused.

Permissions sit inside the query: only documents of products the caller is a member
of, of kinds their role may read. Restricted fields never reach the index at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tandem.workspace.access import ProductAccess
from tandem.workspace.models import Membership, User
from tandem.workspace.rights import Action, Level

from . import lexical, semantic
from .fusion import reciprocal_rank_fusion
from .index_models import SearchDocument
from .indexing import source_named

MODES = ("hybrid", "lexical", "semantic")


@dataclass(frozen=True)
class Filters:
    product: str = ""  # a product key; empty: every product of the caller
    kinds: tuple[str, ...] = ()
    status: str = ""
    changed_after: dt.date | None = None
    changed_before: dt.date | None = None


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    object_id: int
    key: str
    title: str
    snippet: SafeString
    url: str
    score: float
    product: str
    status: str
    body: str = field(repr=False, default="")


def accesses(user: User, product_key: str = "") -> list[ProductAccess]:
    """The caller's products (or the one named), each with their roles on it."""
    if not user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=user).select_related("product__organization")
    if product_key:
        memberships = memberships.filter(product__key=product_key.upper())
    roles: dict[int, set[str]] = {}
    products = {}
    for membership in memberships:
        roles.setdefault(membership.product_id, set()).add(membership.role)
        products[membership.product_id] = membership.product
    return [
        ProductAccess(user=user, product=products[pid], roles=frozenset(r))
        for pid, r in sorted(roles.items())
    ]


def _readable(access: ProductAccess) -> list[str]:
    return [str(action) for action in Action if access.can(action, Level.READ)]


def _allowed(scopes: list[ProductAccess], filters: Filters) -> tuple[Q, str, list[Any]]:
    """The caller's documents as an ORM condition and as SQL on the alias ``d``."""
    q = Q(pk__in=[])
    sql: list[str] = []
    params: list[Any] = []
    for access in scopes:
        actions = _readable(access)
        q |= Q(product_id=access.product.pk, action__in=actions)
        sql.append(f"(d.product_id = %s AND d.action IN ({', '.join(['%s'] * len(actions))}))")
        params += [access.product.pk, *actions]
    where = f"({' OR '.join(sql) or '1 = 0'})"
    narrow = Q()
    if filters.kinds:
        narrow &= Q(kind__in=filters.kinds)
        where += f" AND d.kind IN ({', '.join(['%s'] * len(filters.kinds))})"
        params += list(filters.kinds)
    if filters.status:
        narrow &= Q(status=filters.status)
        where += " AND d.status = %s"
        params.append(filters.status)
    if filters.changed_after:
        narrow &= Q(changed_at__date__gte=filters.changed_after)
        where += " AND d.changed_at >= %s"
        params.append(dt.datetime.combine(filters.changed_after, dt.time.min, dt.UTC))
    if filters.changed_before:
        narrow &= Q(changed_at__date__lte=filters.changed_before)
        where += " AND d.changed_at < %s"
        end = filters.changed_before + dt.timedelta(days=1)
        params.append(dt.datetime.combine(end, dt.time.min, dt.UTC))
    return q & narrow, where, params


def marked(raw: str) -> SafeString:
    """Escape a snippet, then turn the match markers into ``<mark>``."""
    text = escape(raw).replace(lexical.OPEN, "<mark>").replace(lexical.CLOSE, "</mark>")
    return mark_safe(text)


def _fallback_snippet(document: SearchDocument, query: str) -> str:
    """A few words around the first query word in the body (for semantic-only hits)."""
    text = " ".join((document.body or document.title).split())
    stems = [w[: max(4, len(w) - 2)] for w in lexical.words(query) if len(w) > 2]
    found = [m.start() for s in stems if (m := re.search(re.escape(s), text, re.I))]
    start = max(0, min(found) - 60) if found else 0
    piece = text[start : start + 200]
    for stem in stems:
        piece = re.sub(
            rf"\b({re.escape(stem)}\w*)", rf"{lexical.OPEN}\1{lexical.CLOSE}", piece, flags=re.I
        )
    return ("… " if start else "") + piece + (" …" if start + 200 < len(text) else "")


def _ranked(
    query: str,
    documents: QuerySet[SearchDocument],
    where: str,
    params: list[Any],
    mode: str,
    limit: int,
) -> tuple[list[tuple[int, float]], dict[int, str]]:
    pool = max(limit * 3, 30)
    lexical_hits: list[lexical.LexicalHit] = []
    if mode != "semantic":
        lexical_hits = lexical.match(query, where=where, params=params, limit=pool)
        if not lexical_hits:  # every word found nowhere together: take any word
            lexical_hits = lexical.match(
                query, where=where, params=params, limit=pool, any_word=True
            )
    snippets = {hit.document_id: hit.snippet for hit in lexical_hits}
    if mode == "lexical":
        return [(h.document_id, h.score) for h in lexical_hits[:limit]], snippets
    near = semantic.nearest(query, documents, limit=pool)
    if mode == "semantic":
        return near[:limit], snippets
    fused = reciprocal_rank_fusion([[h.document_id for h in lexical_hits], [i for i, _ in near]])
    return [(int(str(i)), s) for i, s in fused[:limit]], snippets


def search(
    *,
    user: User,
    query: str,
    filters: Filters | None = None,
    mode: str = "hybrid",
    limit: int = 20,
) -> list[Hit]:
    """The caller's best documents for ``query``; snippets are escaped HTML."""
    filters = filters or Filters()
    scopes = accesses(user, filters.product)
    if not query.strip() or not scopes:
        return []
    allowed, where, params = _allowed(scopes, filters)
    documents = SearchDocument.objects.filter(allowed)
    ranked, snippets = _ranked(query, documents, where, params, mode, limit)
    by_id = {
        d.pk: d
        for d in documents.filter(pk__in=[i for i, _ in ranked])
        .select_related("product")
        .defer("vector")
    }
    hits = []
    for document_id, score in ranked:
        document = by_id.get(document_id)
        if document is None:
            continue
        source = source_named(document.kind)
        snippet = snippets.get(document_id) or _fallback_snippet(document, query)
        hits.append(
            Hit(
                kind=document.kind,
                label=source.label if source else document.kind,
                object_id=document.object_id,
                key=document.key,
                title=document.title,
                snippet=marked(snippet),
                url=document.url,
                score=round(score, 4),
                product=document.product.key,
                status=document.status,
                body=document.body,
            )
        )
    return hits


def grouped(hits: list[Hit]) -> list[tuple[str, list[Hit]]]:
    """Hits by kind, the kinds in the order of their best hit."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.label, []).append(hit)
    return list(groups.items())


def item_by_key(*, user: User, key: str) -> Hit | None:
    """Jump straight to an item named by its key (``DRN-42``) among the caller's products."""
    match = re.fullmatch(r"\s*([A-Za-z][A-Za-z0-9]{1,9})-(\d+)\s*", key)
    if not match:
        return None
    scopes = accesses(user, match.group(1))
    if not scopes:
        return None
    allowed, _, _ = _allowed(scopes, Filters())
    document = (
        SearchDocument.objects.filter(allowed, kind="item", key=key.strip().upper())
        .select_related("product")
        .first()
    )
    if document is None:
        return None
    return Hit(
        kind="item",
        label="Item",
        object_id=document.object_id,
        key=document.key,
        title=document.title,
        snippet=marked(document.body[:160]),
        url=document.url,
        score=1.0,
        product=document.product.key,
        status=document.status,
    )
