"""Check user stories against the Quality User Story framework.

Lucassen, Dalpiaz, van der Werf and Brinkkemper, "Improving agile
requirements: the Quality User Story framework and tool" (Requirements
Engineering, 2016), with its tool AQUSA, list what makes a story good. These
are the criteria a program can check: well-formed, atomic, minimal,
conceptually sound, problem-oriented, unambiguous, full sentence and
estimatable on one story; unique and uniform against the rest of the
backlog. Each finding names its criterion, says what to change and, where a
rule can, offers the story rewritten (an atomic violation as two stories).

The rules favour precision over recall: a check that cries wolf gets turned
off.  benchmarks/story_quality_eval.py measures both against hand labels.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from tandem.core.similarity import TitleDoc, likely_duplicates

from .model import BacklogStory, Criterion, Finding, Template
from .rules import RULES, Story, article_for, template_of

__all__ = [
    "BacklogStory",
    "Criterion",
    "Finding",
    "Template",
    "check_backlog",
    "check_story",
    "compose_story",
    "dominant_template",
    "similar_wants",
]

DuplicateFinder = Callable[[Sequence[BacklogStory]], Iterable[tuple[str, str]]]

# A backlog's usual template needs this many stories, and more than half of them.
MIN_STORIES_FOR_TEMPLATE = 5
DUPLICATE_THRESHOLD = 0.85


def check_story(
    text: str, *, template: Template | None = None, duplicates: Sequence[str] = ()
) -> tuple[Finding, ...]:
    """Check one story; ``template`` is its backlog's usual one, ``duplicates``
    the keys of stories found elsewhere to ask for the same thing."""
    story = Story(text)
    findings = [finding for rule in RULES if (finding := rule(story)) is not None]
    if duplicates:
        findings.append(
            Finding(
                Criterion.UNIQUE,
                f"Asks for the same as {', '.join(duplicates)}; merge them or tell them apart.",
            )
        )
    uniform = _uniform(story, template)
    if uniform is not None:
        findings.append(uniform)
    order = list(Criterion)
    return tuple(sorted(findings, key=lambda finding: order.index(finding.criterion)))


def compose_story(as_a: str, i_want: str, so_that: str = "") -> str:
    """One sentence from an item's story fields, for :func:`check_story`.

    Items keep role, want and reason apart; the checks read a story as its
    writer would say it.  A want stored as "not ..." (quick-add's "I don't
    want") reads back as "I don't want ...".
    """
    role, want, reason = (" ".join(part.split()) for part in (as_a, i_want, so_that))
    indicator = "I want"
    if want.lower().startswith("not "):
        indicator, want = "I don't want", want[4:]
    story = f"As {article_for(role)} {role}, {indicator} {want}"
    return f"{story}, so that {reason}." if reason else f"{story}."


def check_backlog(
    stories: Sequence[BacklogStory], *, find_duplicates: DuplicateFinder | None = None
) -> dict[str, tuple[Finding, ...]]:
    """Check every story of a backlog, against the backlog's own usual template.

    ``find_duplicates`` returns pairs of keys that ask for the same thing; by
    default :func:`similar_wants` (same role, near-identical want). A product
    with embeddings can pass a semantic finder instead.
    """
    template = dominant_template(story.text for story in stories)
    finder = find_duplicates or similar_wants
    twins: defaultdict[str, list[str]] = defaultdict(list)
    for first, second in finder(stories):
        twins[first].append(second)
        twins[second].append(first)
    return {
        story.key: check_story(story.text, template=template, duplicates=twins[story.key])
        for story in stories
    }


def dominant_template(texts: Iterable[str]) -> Template | None:
    """The words most of a backlog's stories use to lead role, means and reason.

    A part with no majority is left empty and never held against a story, and
    so is the reason when most stories give none: a template is a habit of
    the team's, not a rule from outside.
    """
    templates = [template_of(c) for text in texts if (c := Story(text).clauses) is not None]
    if len(templates) < MIN_STORIES_FOR_TEMPLATE:
        return None
    ends = [template.ends for template in templates if template.ends]
    return Template(
        role=_majority(template.role for template in templates),
        means=_majority(template.means for template in templates),
        ends=_majority(ends),
    )


def similar_wants(
    stories: Sequence[BacklogStory], *, threshold: float = DUPLICATE_THRESHOLD
) -> list[tuple[str, str]]:
    """Pairs of stories for the same role whose wants say nearly the same words."""
    by_role: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for story in stories:
        clauses = Story(story.text).clauses
        if clauses is not None:
            by_role[clauses.role.casefold()].append((story.key, clauses.means))
    pairs: list[tuple[str, str]] = []
    for members in by_role.values():
        docs = [TitleDoc(id=index, title=means) for index, (_, means) in enumerate(members)]
        for pair in likely_duplicates(docs, threshold=threshold, limit=len(docs) ** 2):
            pairs.append((members[pair.first_id][0], members[pair.second_id][0]))
    return pairs


def _majority(values: Iterable[str]) -> str:
    counts = Counter(values)
    if not counts:
        return ""
    value, count = counts.most_common(1)[0]
    return value if 2 * count > sum(counts.values()) else ""


def _uniform(story: Story, template: Template | None) -> Finding | None:
    if template is None:
        return None
    clauses = story.clauses
    if clauses is None:
        usual = f'"{template.role} ..., {template.means} ..."'
        return Finding(Criterion.UNIFORM, f"Does not follow this backlog's usual template {usual}.")
    own = template_of(clauses)
    differs = [
        (part, theirs, mine)
        for part, theirs, mine in (
            ("means", template.means, own.means),
            ("reason", template.ends, own.ends),
        )
        if theirs and mine and theirs != mine
    ]
    if not differs:
        return None
    said = "; ".join(f'"{mine}" where this backlog says "{theirs}"' for _, theirs, mine in differs)
    return Finding(
        Criterion.UNIFORM,
        f"Written in another template: {said}.",
        (story.written_with(clauses.means, template=template),),
    )
