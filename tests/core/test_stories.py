import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.core.stories import (
    STORY_POINT_SCALE,
    TITLE_MAX_LENGTH,
    Readiness,
    StoryClauses,
    StoryParts,
    definition_of_ready,
    is_valid_estimate,
    parse_quick_add,
    parse_story,
    stories_from_lines,
)

SAFE_WORDS = ("pilot", "drone", "camera", "battery", "longer", "flight", "export", "report")
phrases = st.lists(st.sampled_from(SAFE_WORDS), min_size=1, max_size=6).map(" ".join)


def test_story_point_scale_is_fibonacci() -> None:
    assert STORY_POINT_SCALE == (0, 1, 2, 3, 5, 8, 13, 21)


@pytest.mark.parametrize("points", STORY_POINT_SCALE)
def test_estimates_on_the_scale_are_valid(points: int) -> None:
    assert is_valid_estimate(points)


@pytest.mark.parametrize("points", [-1, 4, 6, 20, 34, 100])
def test_estimates_off_the_scale_are_invalid(points: int) -> None:
    assert not is_valid_estimate(points)


def test_a_boolean_is_not_an_estimate() -> None:
    assert not is_valid_estimate(True)


def test_parse_quick_add_splits_a_classic_story() -> None:
    assert parse_quick_add(
        "As a pilot I want longer flight time so that I can film a whole event"
    ) == StoryParts(
        as_a="pilot",
        i_want="longer flight time",
        so_that="I can film a whole event",
        title="Longer flight time",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "As an admin, I want to export users as CSV, so that I can audit access.",
            StoryParts(
                "admin", "to export users as CSV", "I can audit access", "Export users as CSV"
            ),
        ),
        (
            "as a Pilot i want longer flight time",
            StoryParts("Pilot", "longer flight time", "", "Longer flight time"),
        ),
        (
            "As a videographer I'd like to film in 4K",
            StoryParts("videographer", "to film in 4K", "", "Film in 4K"),
        ),
        (
            "As a user I\u2019d like dark mode",
            StoryParts("user", "dark mode", "", "Dark mode"),
        ),
        (
            "As a new customer I need a password reset link so I can get back in",
            StoryParts(
                "new customer",
                "a password reset link",
                "I can get back in",
                "A password reset link",
            ),
        ),
        (
            "As a user I would like iOS push notifications.",
            StoryParts("user", "iOS push notifications", "", "iOS push notifications"),
        ),
        (
            "  As a   pilot\nI want  longer flight time.  ",
            StoryParts("pilot", "longer flight time", "", "Longer flight time"),
        ),
        (
            "As a team lead, I want: a weekly digest; so that: nobody misses updates.",
            StoryParts("team lead", "a weekly digest", "nobody misses updates", "A weekly digest"),
        ),
        (
            "As a user I want to be able to reset my password so that I don't lose access",
            StoryParts(
                "user",
                "to be able to reset my password",
                "I don't lose access",
                "Reset my password",
            ),
        ),
        (
            "AS AN OPERATOR I WANT ALERTS SO THAT I CAN SLEEP",
            StoryParts("OPERATOR", "ALERTS", "I CAN SLEEP", "ALERTS"),
        ),
        (
            "As an API consumer I want rate-limit headers so we can back off",
            StoryParts(
                "API consumer", "rate-limit headers", "we can back off", "Rate-limit headers"
            ),
        ),
    ],
)
def test_parse_quick_add_understands_common_ways_of_writing_a_story(
    text: str, expected: StoryParts
) -> None:
    assert parse_quick_add(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Fix crash on launch",
        "As a user, I can log in with Google",
        "As a pilot I want",
        "Spike: evaluate map SDKs (as a team we want to know)",
        "As a , I want x",
        "As a pilot I want .",
    ],
)
def test_text_that_is_not_a_story_becomes_the_title(text: str) -> None:
    assert parse_quick_add(text) == StoryParts(as_a="", i_want="", so_that="", title=text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As the owner I want invoices", StoryParts("owner", "invoices", "", "Invoices")),
        (
            "As admin, I want audit logs so I can trace changes",
            StoryParts("admin", "audit logs", "I can trace changes", "Audit logs"),
        ),
        (
            "As an editor, I don't want to lose drafts",
            StoryParts("editor", "not to lose drafts", "", "Not to lose drafts"),
        ),
        (
            "As a clerk, I want monthly exports in order to file taxes",
            StoryParts("clerk", "monthly exports", "in order to file taxes", "Monthly exports"),
        ),
        (
            "As a rider, I want offline maps because signal drops in tunnels.",
            StoryParts(
                "rider",
                "offline maps",
                "because signal drops in tunnels",
                "Offline maps",
            ),
        ),
        (
            "As a publisher, I want reports, so my editor knows the reach",
            StoryParts("publisher", "reports", "my editor knows the reach", "Reports"),
        ),
        (
            "As a researcher, working with data, I want a CSV export",
            StoryParts("researcher, working with data", "a CSV export", "", "A CSV export"),
        ),
    ],
)
def test_parse_quick_add_reads_the_variants_real_backlogs_use(
    text: str, expected: StoryParts
) -> None:
    assert parse_quick_add(text) == expected


def test_parse_story_names_the_words_that_lead_each_part() -> None:
    assert parse_story("As an Admin, I\u2019m able to ban users, So that spam stops.") == (
        StoryClauses(
            role_indicator="as an",
            role="Admin",
            means_indicator="i'm able to",
            means="ban users",
            ends_indicator="so that",
            ends="spam stops",
        )
    )


@pytest.mark.parametrize(
    "text",
    [
        "Auditing & Reporting.",
        "As a tester, would like a dark mode, so that I can work at night",
        "I want dark mode",
    ],
)
def test_parse_story_gives_none_without_a_role_and_a_means(text: str) -> None:
    assert parse_story(text) is None


def test_a_story_split_over_two_lines_reads_as_one() -> None:
    lines = [
        "As a curator, I want the catalogue to sync",
        "both ways with the archive.",
        "",
        "Reporting.",
        "As a user, I want search.",
        "offline too",
    ]
    assert stories_from_lines(lines) == (
        (1, "As a curator, I want the catalogue to sync both ways with the archive."),
        (4, "Reporting."),
        (5, "As a user, I want search."),
        (6, "offline too"),
    )
    assert parse_story(stories_from_lines(lines)[0][1]) is not None


def test_empty_text_gives_an_empty_title() -> None:
    assert parse_quick_add("   ") == StoryParts(as_a="", i_want="", so_that="", title="")


def test_a_dangling_so_that_leaves_the_reason_empty() -> None:
    parts = parse_quick_add("As a pilot I want spare batteries so that")
    assert (parts.i_want, parts.so_that) == ("spare batteries", "")


def test_long_titles_are_cut_at_a_word_with_an_ellipsis() -> None:
    title = parse_quick_add("As a pilot I want " + "longer flight time " * 30).title
    assert len(title) <= TITLE_MAX_LENGTH == 200
    assert title.startswith("Longer flight time longer")
    assert title.endswith(" longer\u2026")


def test_long_non_story_text_is_cut_to_the_title_limit() -> None:
    assert len(parse_quick_add("x" * 500).title) == TITLE_MAX_LENGTH


@given(phrases, phrases, phrases)
def test_a_story_written_from_parts_parses_back_into_them(
    role: str, want: str, reason: str
) -> None:
    parts = parse_quick_add(f"As a {role}, I want {want}, so that {reason}.")
    assert (parts.as_a, parts.i_want, parts.so_that) == (role, want, reason)
    assert parts.title == want[:1].upper() + want[1:]


@given(st.text())
def test_parse_quick_add_never_raises_and_keeps_titles_tidy(text: str) -> None:
    parts = parse_quick_add(text)
    assert len(parts.title) <= TITLE_MAX_LENGTH
    assert parts.title == parts.title.strip()
    assert (parts.as_a == "") == (parts.i_want == "")


def test_a_complete_story_is_ready() -> None:
    assert definition_of_ready(
        is_story=True,
        as_a="pilot",
        i_want="longer flight time",
        so_that="I can film a whole event",
        criteria_count=2,
        estimate=5,
    ) == Readiness(ready=True, missing=())


def test_an_empty_story_lists_everything_missing_in_reading_order() -> None:
    assert definition_of_ready(
        is_story=True, as_a=" ", i_want="", so_that="\t", criteria_count=0, estimate=None
    ) == Readiness(
        ready=False,
        missing=("as a", "i want", "so that", "acceptance criteria", "estimate"),
    )


def test_a_zero_point_estimate_still_counts_as_an_estimate() -> None:
    readiness = definition_of_ready(
        is_story=True, as_a="pilot", i_want="x", so_that="y", criteria_count=1, estimate=0
    )
    assert readiness.ready


def test_other_kinds_of_item_only_need_an_estimate() -> None:
    assert definition_of_ready(
        is_story=False, as_a="", i_want="", so_that="", criteria_count=0, estimate=3
    ) == Readiness(ready=True, missing=())
    assert definition_of_ready(
        is_story=False, as_a="", i_want="", so_that="", criteria_count=0, estimate=None
    ) == Readiness(ready=False, missing=("estimate",))
